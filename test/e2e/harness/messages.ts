/**
 * The extension's own words in a given language, for tests that drive a
 * translated UI by its accessible names (docs/i18n.md): read from the same
 * `public/_locales` the build ships and formatted by the same code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMessage, parseCatalog, sourceFromLocale } from '../../../src/i18n/format';
import { localeDir, localeTag, type Locale } from '../../../src/i18n/locales';
import { REPO_ROOT } from './env';

export interface Messages {
  locale: Locale;
  /** BCP 47 tag: what `<html lang>` and `Intl` use. */
  tag: string;
  dir: 'ltr' | 'rtl';
  /** The message `key` as the UI shows it, plural blocks decided, `subs` filled in. */
  m(key: string, ...subs: (string | number)[]): string;
}

export function messagesFor(locale: Locale): Messages {
  const catalog = parseCatalog(
    JSON.parse(readFileSync(join(REPO_ROOT, 'public/_locales', locale, 'messages.json'), 'utf8')),
  );
  const source = sourceFromLocale(catalog);
  const tag = localeTag(locale);
  return {
    locale,
    tag,
    dir: localeDir(locale),
    m(key, ...subs) {
      const template = source(key);
      if (!template) throw new Error(`_locales/${locale} has no message "${key}"`);
      return formatMessage(template, subs, tag);
    },
  };
}
