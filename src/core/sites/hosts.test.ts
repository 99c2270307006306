import { describe, expect, it } from 'vitest';
import { getDomain } from 'tldts';
import { isBackstopError } from '../errors';
import { registrableDomain } from './domain';
import {
  defaultLoginHosts,
  fillDecisionFor,
  hostRuleFor,
  normalizePinnedHosts,
  type FillTarget,
} from './hosts';
import { allSites, findSiteByDomain } from './registry';
import { privateSuffixRules } from './testing/psl-private';

const frame = (url: string) => ({ url, sandboxed: false });
const allowed = (url: string, target: FillTarget) => fillDecisionFor(frame(url), target).allowed;
const account = (...domains: string[]): FillTarget => ({ domains });

/**
 * Hosts on a registry site's own registrable domain that serve what its
 * users write (documents, forms, blogs, shops, wikis, pastes) or are not
 * where it signs in. A page there asking for "your Google backup code" must
 * get nothing. docs/sites.md lists the same families.
 */
const USER_CONTENT: [domain: string, url: string][] = [
  ['google.com', 'https://docs.google.com/forms/d/e/1FAIpQL/viewform'],
  ['google.com', 'https://docs.google.com/document/d/1x/edit'],
  ['google.com', 'https://sites.google.com/view/backup-codes'],
  ['google.com', 'https://script.google.com/macros/s/AKfy/exec'],
  ['google.com', 'https://drive.google.com/file/d/1x/view'],
  ['google.com', 'https://groups.google.com/g/some-group'],
  ['google.com', 'https://www.google.com/search?q=backup+code'],
  ['wordpress.com', 'https://attacker.wordpress.com/verify'],
  ['wordpress.com', 'https://a.b.wordpress.com/'],
  ['tumblr.com', 'https://someone.tumblr.com/post/1'],
  ['github.com', 'https://gist.github.com/someone/abc'],
  ['github.com', 'https://education.github.com/'],
  ['live.com', 'https://onedrive.live.com/edit?id=1'],
  ['zoho.com', 'https://forms.zoho.com/someone/form/Verify'],
  ['dropbox.com', 'https://paper.dropbox.com/doc/x'],
  ['squarespace.com', 'https://someone.squarespace.com/'],
  ['slack.com', 'https://someteam.slack.com/'],
  ['wikipedia.org', 'https://en.wikipedia.org/wiki/Backup_code'],
  ['zoom.us', 'https://company.zoom.us/j/1'],
  ['sentry.io', 'https://someorg.sentry.io/issues/'],
  ['atlassian.com', 'https://community.atlassian.com/t5/x'],
  ['microsoft.com', 'https://learn.microsoft.com/answers/questions/1'],
  ['apple.com', 'https://discussions.apple.com/thread/1'],
];

/** User content on its own registrable domain (the private section): never the platform's. */
const PRIVATE_HOSTS: [domain: string, url: string][] = [
  ['github.com', 'https://someone.github.io/'],
  ['github.com', 'https://raw.githubusercontent.com/x/y/main/a.html'],
  ['gitlab.com', 'https://someone.gitlab.io/'],
  ['google.com', 'https://someone.blogspot.com/'],
  ['google.com', 'https://someone.appspot.com/'],
  ['bitbucket.org', 'https://someone.bitbucket.io/'],
  ['shopify.com', 'https://someone.myshopify.com/'],
  ['netlify.com', 'https://someone.netlify.app/'],
  ['vercel.com', 'https://someone.vercel.app/'],
  ['cloudflare.com', 'https://someone.pages.dev/'],
  ['heroku.com', 'https://someone.herokuapp.com/'],
  ['huggingface.co', 'https://someone.hf.space/'],
  ['codeberg.org', 'https://someone.codeberg.page/'],
];

describe('registry sites fill only on their login hosts', () => {
  it.each(USER_CONTENT)('%s account: nothing on %s', (domain, url) => {
    const decision = fillDecisionFor(frame(url), account(domain));
    expect(decision).toMatchObject({ allowed: false, reason: 'not-login-host' });
    // Only because of the host: the domain itself is the account's.
    expect(registrableDomain(url)).toBe(domain);
  });

  it.each(PRIVATE_HOSTS)('%s account: nothing on %s (its own site)', (domain, url) => {
    expect(fillDecisionFor(frame(url), account(domain))).toMatchObject({
      allowed: false,
      reason: 'domain-mismatch',
    });
  });

  it.each([
    ['google.com', 'https://accounts.google.com.evil.net/v3/signin/challenge/bc'],
    ['google.com', 'https://accounts-google.com/v3/signin/challenge/bc'],
    ['google.com', 'https://accounts.googIe.com/'],
    ['google.com', 'https://xn--ccounts-4ya.google.com/'], // àccounts: not the login host
    ['github.com', 'https://github.com.evil.net/sessions/two-factor/recovery'],
    ['wordpress.com', 'https://wordpress.com.attacker.net/log-in/backup'],
    ['wordpress.com', 'http://wordpress.com/log-in/backup'],
  ])('%s account: nothing on the look-alike %s', (domain, url) => {
    expect(allowed(url, account(domain))).toBe(false);
  });

  it('every login host of every registry site still fills, with a trailing dot and any port', () => {
    let checked = 0;
    for (const site of allSites()) {
      const hosts = site.loginHosts.length ? site.loginHosts : defaultLoginHosts(site.domains);
      for (const host of hosts) {
        const domain = registrableDomain(host)!;
        for (const url of [`https://${host}/login`, `https://${host.toUpperCase()}.:8443/x`]) {
          expect(allowed(url, account(domain)), `${site.id}: ${url}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('every known challenge step is on a login host, so it fills', () => {
    const urls: Record<string, string> = {
      google: 'https://accounts.google.com/v3/signin/challenge/bc?TL=1',
      github: 'https://github.com/sessions/two-factor/recovery',
      instagram: 'https://www.instagram.com/accounts/login/two_factor?next=%2F',
      facebook: 'https://m.facebook.com/checkpoint/?next',
      wordpress: 'https://wordpress.com/log-in/backup',
      mozilla: 'https://accounts.firefox.com/signin_recovery_code',
      bitwarden: 'https://vault.bitwarden.eu/#/recover-2fa',
      x: 'https://twitter.com/account/login_verification',
    };
    for (const [id, url] of Object.entries(urls)) {
      const site = allSites().find((s) => s.id === id)!;
      expect(allowed(url, account(...site.domains)), url).toBe(true);
    }
  });

  it('a registry site whose login hosts are unknown fills on the bare domain and www. only', () => {
    const slack = findSiteByDomain('slack.com')!;
    expect(slack.loginHosts).toEqual([]);
    expect(hostRuleFor(account('slack.com'), 'slack.com')).toEqual({
      kind: 'login',
      site: 'Slack',
      hosts: ['slack.com', 'www.slack.com'],
      known: false,
    });
    expect(allowed('https://slack.com/signin', account('slack.com'))).toBe(true);
    expect(allowed('https://www.slack.com/signin', account('slack.com'))).toBe(true);
    expect(allowed('https://someteam.slack.com/', account('slack.com'))).toBe(false);
  });

  it('the refusal names the site and the hosts it fills on', () => {
    expect(
      fillDecisionFor(frame('https://docs.google.com/forms/d/x'), account('google.com')),
    ).toEqual({
      allowed: false,
      reason: 'not-login-host',
      domain: 'google.com',
      rule: { kind: 'login', site: 'Google', hosts: ['accounts.google.com'], known: true },
    });
  });

  it('an account with a registry domain and another domain: each domain follows its own rule', () => {
    const both = account('google.com', 'acme.example');
    expect(allowed('https://accounts.google.com/', both)).toBe(true);
    expect(allowed('https://docs.google.com/', both)).toBe(false);
    expect(allowed('https://login.acme.example/', both)).toBe(true);
  });

  it('any host of a domain no registry site names still fills (the person chose it)', () => {
    for (const url of [
      'https://acme.example/',
      'https://login.acme.example/2fa',
      'https://a.b.acme.example/',
    ]) {
      expect(allowed(url, account('acme.example')), url).toBe(true);
    }
  });
});

describe('pinned hosts', () => {
  it('fill on exactly the pinned hosts, also where the registry would not, and nowhere else', () => {
    const pinned: FillTarget = { domains: ['slack.com'], hosts: ['someteam.slack.com'] };
    expect(allowed('https://someteam.slack.com/', pinned)).toBe(true);
    expect(allowed('https://slack.com/signin', pinned)).toBe(false);
    expect(allowed('https://other.slack.com/', pinned)).toBe(false);
    const narrow: FillTarget = { domains: ['acme.example'], hosts: ['login.acme.example'] };
    expect(allowed('https://login.acme.example/2fa', narrow)).toBe(true);
    expect(allowed('https://acme.example/2fa', narrow)).toBe(false);
    expect(allowed('https://blog.acme.example/', narrow)).toBe(false);
    // A pin never widens past the account's domains, nor past https.
    const foreign: FillTarget = { domains: ['acme.example'], hosts: ['evil.example'] };
    expect(allowed('https://evil.example/', foreign)).toBe(false);
    expect(allowed('http://login.acme.example/', narrow)).toBe(false);
  });

  it('are normalized from what a person types, within the account’s domains', () => {
    expect(
      normalizePinnedHosts(
        [' Accounts.Google.com ', 'https://accounts.google.com/signin', '', 'MY.Acme.example.'],
        ['google.com', 'acme.example'],
      ),
    ).toEqual(['accounts.google.com', 'my.acme.example']);
  });

  it.each([
    ['evil.example', /not on google\.com/],
    ['accounts.google.com.evil.net', /not on google\.com/],
    ['javascript:alert(1)', /not a host name/],
    ['has space.google.com', /not a host name/],
    ['https://user@accounts.google.com/', /not a host name/],
    ['co.uk', /not on google\.com/],
  ])('refuses %s', (input, message) => {
    let error: unknown;
    try {
      normalizePinnedHosts([input], ['google.com']);
    } catch (e) {
      error = e;
    }
    expect(isBackstopError(error, 'invalid-input')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses more than 20', () => {
    const many = Array.from({ length: 21 }, (_, i) => `h${i}.acme.example`);
    expect(() => normalizePinnedHosts(many, ['acme.example'])).toThrow(/at most 20/);
  });
});

describe('the public-suffix list’s private section', () => {
  const rules = privateSuffixRules();

  it('is read in full from tldts', () => {
    expect(rules.length).toBeGreaterThan(2000);
    for (const known of ['github.io', 'blogspot.com', 'myshopify.com', 'netlify.app', 'pages.dev'])
      expect(rules).toContain(known);
  });

  it('a host under any private rule never fills for an account of the domain it sits on', () => {
    let checked = 0;
    for (const rule of rules) {
      const suffix = rule.replace(/^[*!]\./, '');
      const host = `someone.${rule.startsWith('*.') ? 'x.' : ''}${suffix}`;
      // The domain the host would belong to without the private section.
      const icann = getDomain(host, { allowPrivateDomains: false });
      if (!icann || icann === registrableDomain(host)) continue;
      expect(allowed(`https://${host}/`, account(icann)), `${host} for ${icann}`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('no registry login host lies on a user’s own site of the private section', () => {
    for (const site of allSites()) {
      for (const host of site.loginHosts) {
        expect(site.domains, `${site.id}: ${host}`).toContain(registrableDomain(host));
      }
    }
  });
});
