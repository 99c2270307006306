/**
 * The languages Backstop speaks: one `public/_locales/<locale>/messages.json`
 * each (docs/i18n.md). Pure data and matching, shared by the pages, the
 * background and the tests. Names and directions are data (`languages.json`),
 * read by `scripts/recover-page.mjs` (the recovery page) too.
 */
import languages from './languages.json';

/** The `_locales` folder names, English (the source) first. */
export const LOCALES = [
  'en',
  'de',
  'fr',
  'es',
  'pt_BR',
  'it',
  'nl',
  'pl',
  'ru',
  'uk',
  'tr',
  'ja',
  'ko',
  'zh_CN',
  'zh_TW',
  'ar',
  'he',
] as const;

export type Locale = (typeof LOCALES)[number];

/** The language setting: a locale, or '' for "the browser's language". */
export type LanguageChoice = Locale | '';

/**
 * Each language's name in that language, for the Language setting: someone who
 * cannot read the current UI still finds their own language in the list.
 */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = Object.fromEntries(
  LOCALES.map((l) => [l, languages[l].name]),
) as Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isLanguageChoice(value: unknown): value is LanguageChoice {
  return value === '' || isLocale(value);
}

/** The BCP 47 tag of a locale folder (`pt_BR` → `pt-BR`), for `lang` and `Intl`. */
export function localeTag(locale: Locale): string {
  return locale.replace('_', '-');
}

/** Writing direction of a locale, for `dir` on the page. */
export function localeDir(locale: Locale): 'ltr' | 'rtl' {
  return languages[locale].dir === 'rtl' ? 'rtl' : 'ltr';
}

/**
 * The locale that serves a BCP 47 tag (a browser's language, `navigator.language`):
 * the exact locale, Chinese by script (Traditional for Hant, TW, HK and MO),
 * any Portuguese as Brazilian, else the language alone; English when none fits.
 */
export function matchLocale(tag: string): Locale {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag.replace(/_/g, '-'));
  } catch {
    return 'en';
  }
  const exact = `${locale.language}_${locale.region ?? ''}`;
  if (isLocale(exact)) return exact;
  if (locale.language === 'zh') {
    let script = locale.script;
    try {
      script ??= locale.maximize().script;
    } catch {
      // No likely-subtags data: Simplified is the larger audience.
    }
    return script === 'Hant' ? 'zh_TW' : 'zh_CN';
  }
  if (locale.language === 'pt') return 'pt_BR';
  return isLocale(locale.language) ? locale.language : 'en';
}

/**
 * The tag `Intl` should use for `locale` when the browser's language is
 * `browserTag`: the browser's own tag when it is the same language (en-GB
 * dates for a British English browser), the locale's tag otherwise.
 */
export function intlTag(locale: Locale, browserTag: string): string {
  return matchLocale(browserTag) === locale ? browserTag.replace(/_/g, '-') : localeTag(locale);
}
