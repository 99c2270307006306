// @vitest-environment jsdom
// jsdom only so that every CSS selector in the data can be compiled by a real selector engine.
import { getDomain } from 'tldts';
import { describe, expect, it } from 'vitest';
import { registrableDomain } from './domain';
import data from './registry.json';
import {
  allSites,
  challengeRuleForUrl,
  createSiteIndex,
  findSiteByDomain,
  findSiteForUrl,
  isAppOnlyStep,
  suggestSites,
} from './registry';
import { compileUrlPattern, globHost, validateRegistry } from './schema';

describe('registry.json', () => {
  const result = validateRegistry(data);

  it('passes the strict schema', () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  const sites = result.ok ? result.registry.sites : [];

  it('has at least 60 sites with unique ids', () => {
    expect(sites.length).toBeGreaterThanOrEqual(60);
    expect(new Set(sites.map((s) => s.id)).size).toBe(sites.length);
  });

  it.each(sites.map((s) => [s.id, s] as const))(
    '%s: domains are registrable domains (public-suffix aware)',
    (_, s) => {
      for (const d of s.domains) {
        // Both with and without the private section: a registry domain must never be
        // a shared suffix such as github.io, or its codes would reach other people's sites.
        expect(getDomain(d), d).toBe(d);
        expect(getDomain(d, { allowPrivateDomains: true }), d).toBe(d);
        expect(registrableDomain(d), d).toBe(d);
      }
    },
  );

  it.each(sites.map((s) => [s.id, s] as const))(
    '%s: sources, patterns, selectors and links hold up',
    (_, s) => {
      expect(s.source.length).toBeGreaterThan(0);
      for (const src of s.source) expect(new URL(src).protocol).toBe('https:');

      for (const p of [...s.challenge, ...s.appOnlyPaths]) {
        expect(() => compileUrlPattern(p), p).not.toThrow();
        const host = globHost(p);
        if (host !== null) expect(s.domains, p).toContain(registrableDomain(host));
      }
      // A step cannot be both where backup codes go and where they must never go.
      for (const c of s.challenge) expect(s.appOnlyPaths).not.toContain(c);

      for (const sel of s.field?.selectors ?? []) {
        expect(() => document.querySelector(sel), sel).not.toThrow();
      }

      if (s.regenerateUrl !== null) {
        const url = new URL(s.regenerateUrl);
        expect(url.protocol).toBe('https:');
        expect(s.domains).toContain(registrableDomain(url.hostname));
      }

      if (s.singleRecoveryCode) expect([1, null]).toContain(s.count);
      if (s.format.display && s.format.length !== null) {
        expect(s.format.display.groups.reduce((a, b) => a + b, 0)).toBe(s.format.length);
      }
    },
  );

  it('records the facts the extension depends on', () => {
    const github = sites.find((s) => s.id === 'github');
    expect(github?.sharedWithAppCodes).toBe(false);
    expect(github?.appOnlyPaths).toContain('github.com/sessions/two-factor/app*');
    const google = sites.find((s) => s.id === 'google');
    expect(google?.domains).toEqual(['google.com']);
    // Amazon (and AWS, within amazon.com) issue no backup codes: the rule says so, and never fills.
    const amazon = sites.find((s) => s.domains.includes('amazon.com'));
    expect(amazon?.noBackupCodes).toBe(true);
    expect(amazon?.challenge).toEqual([]);
    for (const id of ['microsoft', 'apple']) {
      expect(sites.find((s) => s.id === id)?.singleRecoveryCode).toBe(true);
    }
  });
});

describe('lookups', () => {
  it('findSiteByDomain matches registrable domains exactly', () => {
    expect(findSiteByDomain('github.com')?.id).toBe('github');
    expect(findSiteByDomain('GitHub.COM.')?.id).toBe('github');
    expect(findSiteByDomain('twitter.com')?.id).toBe('x');
    expect(findSiteByDomain('zoho.com.au')?.id).toBe('zoho');
    expect(findSiteByDomain('www.github.com')).toBeNull();
    expect(findSiteByDomain('github.io')).toBeNull();
    expect(findSiteByDomain('example.org')).toBeNull();
    expect(findSiteByDomain('')).toBeNull();
  });

  it.each([
    ['https://github.com/login', 'github'],
    ['https://gist.github.com/', 'github'],
    ['https://accounts.google.com/v3/signin/challenge/bc?TL=x', 'google'],
    ['https://WWW.INSTAGRAM.COM./accounts/login/', 'instagram'],
    ['http://localhost/', null],
    ['https://github.com.evil.net/login', null],
    ['https://evilgithub.com/', null],
    ['https://evil.net/github.com/login', null],
    ['https://github.com@evil.net/', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
  ])('findSiteForUrl(%s) → %s', (url, id) => {
    expect(findSiteForUrl(url)?.id ?? null).toBe(id);
  });

  it.each([
    ['https://github.com/sessions/two-factor/app', true],
    ['https://github.com/sessions/two-factor/app?return_to=%2F', true],
    ['https://github.com/sessions/two-factor/recovery', false],
    ['https://accounts.google.com/v3/signin/challenge/totp?TL=x', true],
    ['https://accounts.google.com/v3/signin/challenge/bc', false],
    ['https://pypi.org/account/two-factor/?next=/', true],
    ['https://evil.net/sessions/two-factor/app', false],
    ['https://gitlab.com/users/sign_in', false],
    ['garbage', false],
  ])('isAppOnlyStep(%s) → %s', (url, expected) => {
    expect(isAppOnlyStep(url)).toBe(expected);
  });

  it.each([
    [
      'https://github.com/sessions/two-factor/recovery',
      'github',
      'github.com/sessions/two-factor/recovery*',
    ],
    [
      'https://accounts.google.com/v3/signin/challenge/bc?TL=abc',
      'google',
      'accounts.google.com/v3/signin/challenge/bc*',
    ],
    [
      'https://www.instagram.com/accounts/login/two_factor?next=%2F',
      'instagram',
      'www.instagram.com/accounts/login/two_factor*',
    ],
    ['https://gitlab.com/users/sign_in', 'gitlab', 'gitlab.com/users/sign_in*'],
    [
      'https://vault.bitwarden.com/#/recover-2fa',
      'bitwarden',
      'vault.bitwarden.com/#/recover-2fa*',
    ],
    ['https://pypi.org/account/recovery-code/?next=/', 'pypi', 'pypi.org/account/recovery-code/*'],
  ])('challengeRuleForUrl(%s) → %s', (url, id, pattern) => {
    const match = challengeRuleForUrl(url);
    expect(match?.site.id).toBe(id);
    expect(match?.pattern).toBe(pattern);
  });

  it.each([
    'https://github.com/sessions/two-factor/app',
    'https://github.com/login',
    'https://instagram.com/accounts/login/two_factor', // rule names www. only
    'https://vault.bitwarden.com/',
    'https://evil.net/github.com/sessions/two-factor/recovery',
    'https://github.com.evil.net/sessions/two-factor/recovery',
    'http//github.com/sessions/two-factor/recovery',
    'data:text/html,github.com/sessions/two-factor/recovery',
  ])('challengeRuleForUrl(%s) → null', (url) => {
    expect(challengeRuleForUrl(url)).toBeNull();
  });

  it('suggestSites ranks by name, then domain, then word prefix', () => {
    expect(suggestSites('github').map((s) => s.id)).toEqual(['github']);
    expect(suggestSites('Git').map((s) => s.id)).toEqual(['github', 'gitlab']);
    expect(suggestSites('https://www.github.com/login').map((s) => s.id)).toEqual(['github']);
    expect(suggestSites('twitter.com').map((s) => s.id)).toEqual(['x']);
    expect(suggestSites('zoho.eu').map((s) => s.id)).toEqual(['zoho']);
    expect(suggestSites('bitbucket').map((s) => s.id)).toEqual(['bitbucket', 'atlassian']);
    expect(suggestSites('x')[0]?.id).toBe('x');
    expect(suggestSites('g', 3)).toHaveLength(3);
    expect(suggestSites('', 5)).toEqual([]);
    expect(suggestSites('   ')).toEqual([]);
    expect(suggestSites('github', 0)).toEqual([]);
    expect(suggestSites('zzzz-no-such-site')).toEqual([]);
  });

  it('an app-only step wins over a challenge pattern that also matches it', () => {
    const registry = validateRegistry({
      version: 1,
      sites: [
        {
          id: 'overlap',
          name: 'Overlap',
          domains: ['example.com'],
          loginHosts: ['example.com'],
          challenge: ['example.com/2fa/*'],
          field: null,
          sharedWithAppCodes: false,
          appOnlyPaths: ['example.com/2fa/app*'],
          format: {
            length: null,
            alphabet: null,
            display: null,
            fill: { stripSeparators: false, case: 'as-is' },
          },
          count: null,
          regenerateUrl: null,
          singleRecoveryCode: false,
          source: ['https://example.com/help'],
          confidence: 'low',
        },
      ],
    });
    if (!registry.ok) throw new Error(registry.errors.join('\n'));
    const idx = createSiteIndex(registry.registry);
    expect(idx.challengeRuleForUrl('https://example.com/2fa/recovery')?.pattern).toBe(
      'example.com/2fa/*',
    );
    expect(idx.challengeRuleForUrl('https://example.com/2fa/app')).toBeNull();
    expect(idx.isAppOnlyStep('https://www.example.com/2fa/app')).toBe(false); // pattern names example.com only
    expect(idx.isAppOnlyStep('https://example.com/2fa/app?x')).toBe(true);
  });

  it('allSites exposes every rule', () => {
    expect(allSites().length).toBe((data as { sites: unknown[] }).sites.length);
  });
});
