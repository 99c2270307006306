import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intlTag, LANGUAGE_NAMES, localeDir, localeTag, LOCALES, matchLocale } from './locales';

describe('locales', () => {
  it('are exactly the folders in public/_locales', () => {
    const folders = readdirSync(join(__dirname, '../../public/_locales')).sort();
    // Until every translation is in, the folders are a subset of the list; then the same list.
    expect(LOCALES.filter((l) => folders.includes(l))).toEqual(
      [...folders].sort((a, b) => LOCALES.indexOf(a as never) - LOCALES.indexOf(b as never)),
    );
  });

  it('each have a name in their own language and a tag Intl knows', () => {
    for (const l of LOCALES) {
      expect(LANGUAGE_NAMES[l]).toBeTruthy();
      expect(Intl.getCanonicalLocales(localeTag(l))).toEqual([localeTag(l)]);
    }
  });

  it('write Arabic and Hebrew right to left, the others left to right', () => {
    expect(LOCALES.filter((l) => localeDir(l) === 'rtl')).toEqual(['ar', 'he']);
  });
});

describe('matchLocale', () => {
  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de_CH', 'de'],
    ['fr-CA', 'fr'],
    ['es-419', 'es'],
    ['pt-BR', 'pt_BR'],
    ['pt-PT', 'pt_BR'],
    ['pt', 'pt_BR'],
    ['zh-CN', 'zh_CN'],
    ['zh', 'zh_CN'],
    ['zh-SG', 'zh_CN'],
    ['zh-Hans-HK', 'zh_CN'],
    ['zh-TW', 'zh_TW'],
    ['zh-HK', 'zh_TW'],
    ['zh-MO', 'zh_TW'],
    ['zh-Hant', 'zh_TW'],
    ['ja-JP', 'ja'],
    ['ko-KR', 'ko'],
    ['ar-EG', 'ar'],
    ['ar', 'ar'],
    ['he-IL', 'he'],
    ['iw', 'he'], // the old code for Hebrew, still sent by some systems
    ['uk-UA', 'uk'],
    ['tr-TR', 'tr'],
    ['cs-CZ', 'en'],
    ['', 'en'],
    ['not a tag', 'en'],
  ])('%j → %s', (tag, locale) => expect(matchLocale(tag)).toBe(locale));
});

describe('intlTag', () => {
  it("uses the browser's own tag for its own language, the locale's otherwise", () => {
    expect(intlTag('en', 'en-GB')).toBe('en-GB');
    expect(intlTag('de', 'de-CH')).toBe('de-CH');
    expect(intlTag('de', 'en-GB')).toBe('de');
    expect(intlTag('zh_TW', 'zh-CN')).toBe('zh-TW');
    expect(intlTag('pt_BR', 'pt_PT')).toBe('pt-PT');
  });
});
