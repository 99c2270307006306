import { describe, expect, it } from 'vitest';
import data from './registry.json';
import { compileUrlPattern, validateRegistry, type SiteRule } from './schema';

/** A fresh copy of a valid entry to mutate, so each case changes exactly one thing. */
function validSite(): SiteRule {
  return {
    id: 'example',
    name: 'Example',
    domains: ['example.com'],
    loginHosts: ['login.example.com'],
    challenge: ['login.example.com/2fa/backup*'],
    field: { selectors: ['input#backup'], name: 'backup' },
    sharedWithAppCodes: false,
    appOnlyPaths: ['login.example.com/2fa/app*'],
    format: {
      length: 10,
      alphabet: 'hex-lower',
      display: { groups: [5, 5], separator: '-' },
      fill: { stripSeparators: false, case: 'lower' },
    },
    count: 16,
    regenerateUrl: 'https://example.com/settings/codes',
    singleRecoveryCode: false,
    source: ['https://example.com/help/backup-codes'],
    confidence: 'high',
  };
}

function errorsFor(mutate: (s: Record<string, unknown>) => void): string[] {
  const site = validSite() as unknown as Record<string, unknown>;
  mutate(site);
  const result = validateRegistry({ version: 1, sites: [site] });
  return result.ok ? [] : result.errors;
}

describe('validateRegistry', () => {
  it('accepts a valid entry and the shipped file', () => {
    expect(errorsFor(() => {})).toEqual([]);
    expect(validateRegistry(data).ok).toBe(true);
  });

  it.each<[string, (s: Record<string, unknown>) => void, RegExp]>([
    ['unknown key', (s) => (s.extra = 1), /unknown key "extra"/],
    ['missing key', (s) => delete s.source, /missing "source"/],
    ['bad id', (s) => (s.id = 'Example!'), /\.id/],
    ['empty name', (s) => (s.name = ' '), /\.name/],
    ['no domains', (s) => (s.domains = []), /\.domains/],
    ['uppercase domain', (s) => (s.domains = ['Example.com']), /lowercase ASCII domain/],
    ['domain with scheme', (s) => (s.domains = ['https://example.com']), /lowercase ASCII domain/],
    ['duplicate domain', (s) => (s.domains = ['example.com', 'example.com']), /duplicates/],
    ['unanchored regex', (s) => (s.challenge = ['re:example\\.com/2fa']), /anchored/],
    ['broken regex', (s) => (s.challenge = ['re:^example\\.com/(']), /challenge\[0\]/],
    ['glob without path', (s) => (s.challenge = ['example.com']), /host\/path/],
    [
      'glob outside domains',
      (s) => (s.appOnlyPaths = ['evil.net/2fa/app*']),
      /outside the site's domains/,
    ],
    ['look-alike glob host', (s) => (s.challenge = ['example.com.evil.net/2fa*']), /outside/],
    ['login host outside domains', (s) => (s.loginHosts = ['example.com.evil.net']), /outside/],
    ['login host look-alike', (s) => (s.loginHosts = ['login.examp1e.com']), /outside/],
    ['login host with a path', (s) => (s.loginHosts = ['example.com/login']), /host name/],
    ['login host uppercase', (s) => (s.loginHosts = ['Login.example.com']), /host name/],
    ['login host wildcard', (s) => (s.loginHosts = ['*.example.com']), /host name/],
    ['duplicate login host', (s) => (s.loginHosts = ['a.example.com', 'a.example.com']), /dupl/],
    ['missing login hosts', (s) => delete s.loginHosts, /missing "loginHosts"/],
    [
      'challenge step on a host that is not a login host',
      (s) => (s.challenge = ['docs.example.com/2fa*']),
      /not one of the site's login hosts/,
    ],
    [
      'app-only step outside the default hosts when none are listed',
      (s) => ((s.loginHosts = []), (s.appOnlyPaths = ['login.example.com/2fa/app*'])),
      /not one of the site's login hosts/,
    ],
    [
      'challenge step on any subdomain',
      (s) => (s.challenge = ['*.example.com/2fa*']),
      /not one of the site's login hosts/,
    ],
    ['empty field object', (s) => (s.field = {}), /is empty/],
    ['field with unknown key', (s) => (s.field = { css: 'x' }), /unknown key "css"/],
    ['shared not boolean', (s) => (s.sharedWithAppCodes = 'yes'), /sharedWithAppCodes/],
    ['bad alphabet', (s) => ((s.format as { alphabet: string }).alphabet = 'base64'), /alphabet/],
    ['groups do not add up', (s) => ((s.format as { length: number }).length = 12), /add up to 10/],
    [
      'display without length',
      (s) => ((s.format as { length: null }).length = null),
      /needs a known length/,
    ],
    [
      'groups without separator',
      (s) => ((s.format as { display: unknown }).display = { groups: [5, 5], separator: '' }),
      /visible separator/,
    ],
    [
      'bad fill case',
      (s) => ((s.format as { fill: unknown }).fill = { stripSeparators: false, case: 'title' }),
      /case/,
    ],
    ['count zero', (s) => (s.count = 0), /\.count/],
    [
      'http regenerate URL',
      (s) => (s.regenerateUrl = 'http://example.com/codes'),
      /must use https/,
    ],
    [
      'regenerate URL elsewhere',
      (s) => (s.regenerateUrl = 'https://example.com.evil.net/codes'),
      /outside/,
    ],
    [
      'regenerate URL with userinfo',
      (s) => (s.regenerateUrl = 'https://example.com@evil.net/'),
      /credentials|outside/,
    ],
    ['no source', (s) => (s.source = []), /\.source/],
    ['http source', (s) => (s.source = ['http://example.com/help']), /https URL/],
    ['bad confidence', (s) => (s.confidence = 'certain'), /confidence/],
    ['single code with a set', (s) => (s.singleRecoveryCode = true), /count 1/],
    ['empty notes', (s) => (s.notes = ''), /\.notes/],
    [
      'a code longer than a code can be',
      (s) => ((s.format as { length: number; display: null }).length = 41),
      /length/,
    ],
    ['noBackupCodes false', (s) => (s.noBackupCodes = false), /must be true/],
    ['noBackupCodes with a count', (s) => (s.noBackupCodes = true), /no count or format/],
  ])('rejects %s', (_, mutate, message) => {
    const errors = errorsFor(mutate);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it('accepts a site that issues no backup codes only without codes, shape, challenge or link', () => {
    const none = (s: Record<string, unknown>) => {
      s.noBackupCodes = true;
      s.count = null;
      s.format = {
        length: null,
        alphabet: null,
        display: null,
        fill: s.format && { stripSeparators: false, case: 'as-is' },
      };
      s.challenge = [];
      s.regenerateUrl = null;
    };
    expect(errorsFor(none)).toEqual([]);
    expect(errorsFor((s) => (none(s), (s.challenge = ['login.example.com/2fa*'])))).toEqual([
      expect.stringMatching(/no challenge step/),
    ]);
    expect(errorsFor((s) => (none(s), (s.regenerateUrl = 'https://example.com/x')))).toEqual([
      expect.stringMatching(/no regenerate page/),
    ]);
    expect(errorsFor((s) => (none(s), (s.singleRecoveryCode = true))).join('\n')).toMatch(
      /contradicts singleRecoveryCode/,
    );
  });

  it('rejects duplicate ids and a domain claimed twice', () => {
    const a = validSite();
    const b = validSite();
    const c = {
      ...validSite(),
      id: 'other',
      domains: ['example.org', 'example.com'],
      loginHosts: [],
      challenge: [],
      appOnlyPaths: [],
    };
    const result = validateRegistry({ version: 1, sites: [a, b, c] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.join('\n')).toMatch(/duplicate id "example"/);
      expect(result.errors.join('\n')).toMatch(/example\.com is already claimed/);
    }
  });

  it.each([
    [null],
    [[]],
    ['x'],
    [{ version: 2, sites: [] }],
    [{ version: 1 }],
    [{ version: 1, sites: {} }],
  ])('rejects malformed top level %j', (input) => {
    expect(validateRegistry(input).ok).toBe(false);
  });
});

describe('compileUrlPattern', () => {
  const m = (pattern: string, url: string) => {
    const u = new URL(url);
    return compileUrlPattern(pattern).matches(u.hostname, u.pathname, u.hash);
  };

  it.each([
    [
      'github.com/sessions/two-factor/recovery*',
      'https://github.com/sessions/two-factor/recovery',
      true,
    ],
    [
      'github.com/sessions/two-factor/recovery*',
      'https://github.com/sessions/two-factor/recovery?x=1',
      true,
    ],
    [
      'github.com/sessions/two-factor/recovery*',
      'https://github.com/sessions/two-factor/app',
      false,
    ],
    [
      'github.com/sessions/two-factor/recovery*',
      'https://gist.github.com/sessions/two-factor/recovery',
      false,
    ],
    [
      'github.com/sessions/two-factor/recovery',
      'https://github.com/sessions/two-factor/recovery/x',
      false,
    ],
    ['*.github.com/login', 'https://github.com/login', true],
    ['*.github.com/login', 'https://a.b.github.com/login', true],
    ['*.github.com/login', 'https://evilgithub.com/login', false],
    ['*.github.com/login', 'https://github.com.evil.net/login', false],
    ['github.com/a.b', 'https://github.com/aXb', false], // dots are literal
    ['github.com/*/recovery', 'https://github.com/x/y/recovery', true],
    ['vault.example.com/#/recover*', 'https://vault.example.com/#/recover-2fa', true],
    ['vault.example.com/#/recover*', 'https://vault.example.com/', false],
    ['vault.example.com/', 'https://vault.example.com/#/recover', true], // hash ignored without '#'
    ['re:^(www\\.)?example\\.com/2fa$', 'https://www.example.com/2fa', true],
    ['re:^(www\\.)?example\\.com/2fa$', 'https://evil.net/www.example.com/2fa', false],
  ])('%s vs %s → %s', (pattern, url, expected) => {
    expect(m(pattern, url)).toBe(expected);
  });
});
