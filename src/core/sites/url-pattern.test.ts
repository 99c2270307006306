import { describe, expect, it } from 'vitest';
import { compileUrlPattern } from './url-pattern';

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
