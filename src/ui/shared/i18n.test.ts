import { describe, expect, it } from 'vitest';
import locale from '../../../public/_locales/en/messages.json';
import {
  ARG_MARKS,
  formatDate,
  readable,
  setMessageSource,
  sourceFromLocale,
  t,
  uiLanguage,
} from './i18n';

describe('t', () => {
  it('reads the installed source, in its language, and shows the key for a gap', () => {
    setMessageSource(
      sourceFromLocale({
        left: { message: '{$1, plural, one {# kod} few {# kody} other {# kodów}}' },
      }),
      'pl',
    );
    try {
      expect(uiLanguage()).toBe('pl');
      expect(t('left', 3)).toBe('3 kody');
      expect(t('absent')).toBe('absent');
    } finally {
      setMessageSource(sourceFromLocale(locale));
    }
  });

  it('gets templates back from a getMessage-style source through ARG_MARKS', () => {
    // What browser.i18n.getMessage does: named placeholders, then $1…$9 from the substitutions.
    const getMessage = (key: string, subs: string[]) =>
      key === 'x'
        ? 'Hi $1, {$2, plural, one {# code} other {# codes}}'.replace(
            /\$(\d)/g,
            (_, d: string) => subs[Number(d) - 1]!,
          )
        : '';
    setMessageSource((key) => getMessage(key, ARG_MARKS));
    try {
      expect(readable(getMessage('x', ARG_MARKS))).toBe(
        'Hi $1, {$2, plural, one {# code} other {# codes}}',
      );
      expect(t('x', 'Ann', 1)).toBe('Hi Ann, 1 code');
      expect(t('x', 'Ann', 2)).toBe('Hi Ann, 2 codes');
    } finally {
      setMessageSource(sourceFromLocale(locale));
    }
  });
});

describe('formatDate', () => {
  it('writes dates the way the UI language does', () => {
    const noonUtc = Date.UTC(2025, 0, 5, 12, 0);
    try {
      setMessageSource(sourceFromLocale(locale), 'de');
      expect(formatDate(noonUtc)).toContain('05.01.2025');
      setMessageSource(sourceFromLocale(locale), 'ja');
      expect(formatDate(noonUtc)).toContain('2025/01/05');
      setMessageSource(sourceFromLocale(locale), 'en-US');
      expect(formatDate(noonUtc)).toContain('Jan 5, 2025');
    } finally {
      setMessageSource(sourceFromLocale(locale));
    }
  });
});
