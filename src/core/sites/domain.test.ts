import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import {
  domainsMatch,
  fillDecision,
  normalizeWebsiteInput,
  registrableDomain,
  type FillDenialReason,
} from './domain';

describe('registrableDomain', () => {
  it.each([
    ['github.com', 'github.com'],
    ['https://www.github.com/login', 'github.com'],
    ['WWW.GitHub.COM.', 'github.com'],
    ['  github.com  ', 'github.com'],
    ['github.com:8443', 'github.com'],
    ['github.com/sessions/two-factor', 'github.com'],
    ['http://gist.github.com/', 'github.com'],
    ['accounts.google.com', 'google.com'],
    ['foo.bar.co.uk', 'bar.co.uk'],
    ['https://www.amazon.co.jp/ap/signin', 'amazon.co.jp'],
    // Private section of the public-suffix list: each user site is its own domain.
    ['alice.github.io', 'alice.github.io'],
    ['https://pages.alice.github.io/x', 'alice.github.io'],
    ['myapp.herokuapp.com', 'myapp.herokuapp.com'],
    // Unicode input comes back in punycode, never folded to a look-alike.
    ['bücher.de', 'xn--bcher-kva.de'],
    ['іnstagram.com', 'xn--nstagram-shh.com'],
    ['xn--nstagram-shh.com', 'xn--nstagram-shh.com'],
    // IPs return themselves, canonicalized by the URL parser.
    ['127.0.0.1', '127.0.0.1'],
    ['http://127.0.0.1:8080/login', '127.0.0.1'],
    ['192.168.1.20', '192.168.1.20'],
    ['[::1]', '[::1]'],
    ['::1', '[::1]'],
    ['http://[::1]:3000/', '[::1]'],
    ['2001:db8::1', '[2001:db8::1]'],
    ['localhost', 'localhost'],
    ['http://localhost:5173/2fa', 'localhost'],
    ['LOCALHOST.', 'localhost'],
  ])('%s → %s', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['garbage'],
    ['intranet'],
    ['co.uk'],
    ['com'],
    ['github.io'],
    ['a..b.com'],
    ['github.com..'],
    ['-github.com'],
    ['git_hub.com'],
    ['git hub.com'],
    ['github.com\\evil.net'],
    ['https://instagram.com@evil.net/'],
    ['user:pass@github.com'],
    ['instagram.com@evil.net'],
    ['data:text/html,<input>'],
    ['blob:https://github.com/6b3c0a52-0000-4000-8000-000000000000'],
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['about:blank'],
    ['mailto:me@github.com'],
    ['ftp://github.com/'],
    ['chrome-extension://abcdefghijklmnop/popup.html'],
    ['https:github.com'],
    ['https://'],
    ['http://[::1'],
  ])('rejects %j', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });
});

describe('normalizeWebsiteInput', () => {
  it.each([
    ['github.com', 'github.com'],
    ['https://github.com/settings/auth/recovery-codes', 'github.com'],
    ['  WWW.Instagram.com/accounts/login/  ', 'instagram.com'],
    ['mail.proton.me', 'proton.me'],
    ['localhost:8080', 'localhost'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeWebsiteInput(input)).toBe(expected);
  });

  it.each([
    ['', /Enter the website/],
    ['   ', /Enter the website/],
    ['co.uk', /shared by many unrelated sites/],
    ['github.io', /shared by many unrelated sites/],
    ['garbage', /not a complete domain/],
    ['javascript:alert(1)', /web address/],
    ['ftp://github.com', /web address/],
    ['me@github.com', /without a user name/],
    ['https://instagram.com@evil.net/', /without a user name/],
    ['not a domain', /not a valid domain/],
  ])('rejects %j with invalid-input', (input, message) => {
    let thrown: unknown;
    try {
      normalizeWebsiteInput(input);
    } catch (e) {
      thrown = e;
    }
    expect(isBackstopError(thrown, 'invalid-input')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('domainsMatch', () => {
  it.each([
    ['github.com', 'https://www.github.com/login', true],
    ['GITHUB.com.', 'gist.github.com', true],
    ['accounts.google.com', 'mail.google.com', true],
    ['github.com', 'github.io', false],
    ['alice.github.io', 'bob.github.io', false],
    ['instagram.com', 'instagram.com.evil.net', false],
    ['instagram.com', 'xn--nstagram-shh.com', false],
    ['garbage', 'garbage', false],
    ['', '', false],
    ['127.0.0.1', 'http://127.0.0.1:3000', true],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(domainsMatch(a, b)).toBe(expected);
    expect(domainsMatch(b, a)).toBe(expected);
  });
});

describe('fillDecision', () => {
  const IG = ['instagram.com'];
  const allow = (url: string, domains: string[] = IG, topUrl?: string) =>
    fillDecision({ url, sandboxed: false, ...(topUrl ? { topUrl } : {}) }, domains);

  it.each([
    ['https://instagram.com/accounts/login/two_factor', IG, 'instagram.com'],
    ['https://www.instagram.com/accounts/login/two_factor?next=%2F', IG, 'instagram.com'],
    ['https://m.instagram.com/', IG, 'instagram.com'],
    ['https://WWW.INSTAGRAM.COM./x', IG, 'instagram.com'],
    // Port does not change the registrable domain; https on any port is accepted.
    ['https://instagram.com:8443/login', IG, 'instagram.com'],
    ['https://github.com/sessions/two-factor/recovery', ['gitlab.com', 'github.com'], 'github.com'],
    // Account domains are normalized defensively (a stored URL or subdomain still works).
    ['https://github.com/x', ['https://www.github.com/'], 'github.com'],
    ['https://alice.github.io/login', ['alice.github.io'], 'alice.github.io'],
    // Loopback: http tolerated for local development.
    ['http://localhost:3000/2fa', ['localhost'], 'localhost'],
    ['http://127.0.0.1:8080/', ['127.0.0.1'], '127.0.0.1'],
    ['http://[::1]:8080/', ['[::1]'], '[::1]'],
    ['https://localhost/', ['localhost'], 'localhost'],
    ['https://192.0.2.10/login', ['192.0.2.10'], '192.0.2.10'],
    ['https://xn--bcher-kva.de/', ['bücher.de'], 'xn--bcher-kva.de'],
  ])('allows %s for %j', (url, domains, domain) => {
    expect(allow(url, domains)).toEqual({ allowed: true, domain });
  });

  const denied: [string, string[], FillDenialReason][] = [
    // Look-alikes.
    ['https://instagram.com.evil.net/accounts/login/two_factor', IG, 'domain-mismatch'],
    ['https://1nstagram.com/', IG, 'domain-mismatch'],
    ['https://xn--nstagram-shh.com/', IG, 'domain-mismatch'], // Cyrillic і
    ['https://іnstagram.com/', IG, 'domain-mismatch'], // same, typed in Unicode
    ['https://instagram.co/', IG, 'domain-mismatch'],
    ['https://instagram.com-login.net/', IG, 'domain-mismatch'],
    ['https://evil.com/instagram.com', IG, 'domain-mismatch'],
    ['https://evil.com/?u=https://instagram.com/', IG, 'domain-mismatch'],
    ['https://evil.com/#instagram.com', IG, 'domain-mismatch'],
    ['https://myinstagram.com/', IG, 'domain-mismatch'],
    ['https://bob.github.io/', ['alice.github.io'], 'domain-mismatch'],
    ['https://github.io/', ['alice.github.io'], 'domain-mismatch'],
    // IP addresses never match a domain account, and vice versa.
    ['https://157.240.1.174/', IG, 'domain-mismatch'],
    ['https://127.0.0.1/', IG, 'domain-mismatch'],
    ['https://instagram.com/', ['157.240.1.174'], 'domain-mismatch'],
    ['http://localhost/', IG, 'domain-mismatch'],
    ['http://127.0.0.2/', ['127.0.0.1'], 'domain-mismatch'],
    ['https://instagram.com/', [], 'domain-mismatch'],
    ['https://instagram.com/', ['garbage', 'co.uk', ''], 'domain-mismatch'],
    // Userinfo and non-web schemes.
    ['https://instagram.com@evil.net/', IG, 'invalid-url'],
    ['https://user:pw@instagram.com/', IG, 'invalid-url'],
    ['data:text/html,<input name=verificationCode>', IG, 'invalid-url'],
    ['blob:https://instagram.com/4f2c7a10-0000-4000-8000-000000000000', IG, 'invalid-url'],
    ['javascript:void(0)', IG, 'invalid-url'],
    ['file:///home/me/instagram.com/login.html', IG, 'invalid-url'],
    ['about:blank', IG, 'invalid-url'],
    ['about:srcdoc', IG, 'invalid-url'],
    ['ftp://instagram.com/', IG, 'invalid-url'],
    ['not a url', IG, 'invalid-url'],
    ['', IG, 'invalid-url'],
    // Plain http outside loopback.
    ['http://instagram.com/accounts/login/two_factor', IG, 'insecure'],
    ['http://www.instagram.com:443/', IG, 'insecure'],
    ['http://192.168.1.20/', ['192.168.1.20'], 'insecure'],
    ['http://10.0.0.1/', ['10.0.0.1'], 'insecure'],
    ['http://app.localhost/', ['localhost'], 'insecure'],
  ];
  it.each(denied)('denies %s for %j (%s)', (url, domains, reason) => {
    expect(allow(url, domains)).toEqual({ allowed: false, reason });
  });

  it('never fills into a sandboxed frame, even on the right domain', () => {
    expect(fillDecision({ url: 'https://www.instagram.com/', sandboxed: true }, IG)).toEqual({
      allowed: false,
      reason: 'sandboxed',
    });
    expect(fillDecision({ url: 'http://localhost/', sandboxed: true }, ['localhost'])).toEqual({
      allowed: false,
      reason: 'sandboxed',
    });
  });

  it('judges a cross-origin frame by its own URL, never by the top page', () => {
    // A foreign frame inside the right site is refused…
    expect(allow('https://ads.example.net/widget', IG, 'https://www.instagram.com/')).toEqual({
      allowed: false,
      reason: 'domain-mismatch',
    });
    // …and the site's own frame inside a foreign page is judged on its own origin.
    expect(
      allow('https://www.instagram.com/accounts/login/two_factor', IG, 'https://evil.net/'),
    ).toEqual({
      allowed: true,
      domain: 'instagram.com',
    });
    // A same-site subdomain frame is fine.
    expect(
      allow('https://accountscenter.instagram.com/x', IG, 'https://www.instagram.com/'),
    ).toEqual({
      allowed: true,
      domain: 'instagram.com',
    });
  });
});
