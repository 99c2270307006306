import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFromLocale, type Catalog } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { contentForm } from '../i18n/content-form';
import { BackgroundLanguage } from './language';

const CATALOGS: Partial<Record<Locale, Catalog>> = {
  en: {
    catalogLocale: { message: 'en' },
    menuFill: { message: 'Fill backup code' },
    contentCodesLeft: { message: '{$1, plural, one {# left} other {# left}}' },
    contentUndo: { message: 'Undo' },
    contentOnly: { message: 'Only in English' },
    notForContent: { message: 'Not for pages' },
  },
  de: {
    catalogLocale: { message: 'de' },
    menuFill: { message: 'Back-up-Code eintragen' },
    contentCodesLeft: { message: '{$1, plural, one {# übrig} other {# übrig}}' },
    contentUndo: { message: 'Rückgängig' },
  },
  ar: {
    catalogLocale: { message: 'ar' },
    menuFill: { message: 'إدخال رمز احتياطي' },
    contentCodesLeft: {
      message:
        '{$1, plural, zero {لا رموز} one {رمز واحد} two {رمزان} few {# رموز} many {# رمزًا} other {# رمز}}',
    },
    contentUndo: { message: 'تراجع' },
  },
};

function language(browser: Locale, failing: Locale[] = []) {
  const loads: Locale[] = [];
  const own = sourceFromLocale(CATALOGS[browser]!);
  const en = sourceFromLocale(CATALOGS.en!);
  const bg = new BackgroundLanguage({
    getMessage: (key, subs = []) =>
      (own(key) || en(key)).replace(
        /[\ue001-\ue009]/g,
        (m) => subs[m.charCodeAt(0) - 0xe001] ?? '',
      ),
    browserLanguage: browser === 'en' ? 'en-GB' : browser,
    async loadCatalog(locale) {
      loads.push(locale);
      if (failing.includes(locale) || !CATALOGS[locale]) throw new Error(`no ${locale}`);
      return CATALOGS[locale]!;
    },
  });
  return { bg, loads };
}

describe('BackgroundLanguage', () => {
  it("speaks the browser's language for '' without reading a catalog", async () => {
    const { bg, loads } = language('de');
    const words = await bg.words('');
    expect(words.t('menuFill')).toBe('Back-up-Code eintragen');
    expect([words.locale, words.tag, words.dir]).toEqual(['de', 'de', 'ltr']);
    expect(loads).toEqual([]);
  });

  it('reads a chosen language from the package, once, with English for its gaps', async () => {
    const { bg, loads } = language('de');
    const words = await bg.words('ar');
    expect(words.t('menuFill')).toBe('إدخال رمز احتياطي');
    expect(words.t('contentCodesLeft', 2)).toBe('رمزان');
    expect(words.t('contentOnly')).toBe('Only in English');
    expect([words.tag, words.dir]).toEqual(['ar', 'rtl']);
    await bg.words('ar');
    expect(loads.sort()).toEqual(['ar', 'en']);
  });

  it("stays in the browser's language when the chosen catalog cannot be read", async () => {
    const { bg } = language('en', ['ar']);
    const words = await bg.words('ar');
    expect(words.t('menuFill')).toBe('Fill backup code');
    expect([words.locale, words.tag]).toEqual(['en', 'en-GB']);
    expect((await bg.words('nonsense')).locale).toBe('en');
  });

  it('hands the content script exactly its own messages, named without the prefix, plurals split by category', async () => {
    const { bg } = language('en');
    expect(await bg.contentWords('ar')).toEqual({
      lang: 'ar',
      dir: 'rtl',
      text: {
        CodesLeft: {
          zero: 'لا رموز',
          one: 'رمز واحد',
          two: 'رمزان',
          few: '# رموز',
          many: '# رمزًا',
          other: '# رمز',
        },
        Undo: 'تراجع',
        Only: 'Only in English',
      },
    });
  });
});

describe('contentForm', () => {
  it('keeps plain text with its substitutions, and escapes a dollar sign', () => {
    expect(contentForm(sourceFromLocale({ m: { message: 'Fill $1 ($$2)' } })('m'))).toBe(
      'Fill $1 ($$2)',
    );
  });
  it('folds the text around a plural block into each branch', () => {
    const template = sourceFromLocale({
      m: { message: 'Still {$1, plural, =0 {none} one {# code} other {# codes}} for $2' },
    })('m');
    expect(contentForm(template)).toEqual({
      '=0': 'Still none for $2',
      one: 'Still # code for $2',
      other: 'Still # codes for $2',
    });
  });
  it.each([
    '{$1, plural, other {#}} and {$1, plural, other {#}}',
    '{$2, plural, other {#}}',
    '{$1, plural, other {# {$2, plural, other {#}}}}',
    '#1: {$1, plural, other {#}}',
  ])('refuses what the content script could not show: %s', (message) => {
    expect(() => contentForm(sourceFromLocale({ m: { message } })('m'))).toThrow();
  });
});

describe('every locale’s content messages', () => {
  const dir = join(__dirname, '../../public/_locales');
  it.each(readdirSync(dir))('%s: each can be handed to the content script', (locale) => {
    const catalog = JSON.parse(readFileSync(join(dir, locale, 'messages.json'), 'utf8')) as Catalog;
    const source = sourceFromLocale(catalog);
    for (const key of Object.keys(catalog).filter((k) => k.startsWith('content')))
      expect(() => contentForm(source(key)), key).not.toThrow();
  });
});
