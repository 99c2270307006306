/**
 * The package's catalogs as the translation tests read them: the folder
 * `public/_locales/` and one `messages.json` per locale of src/i18n/locales.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../../i18n/format';
import { LOCALES, type Locale } from '../../../i18n/locales';

export const LOCALES_DIR = join(__dirname, '../../../../public/_locales');

/** `public/_locales/<locale>/messages.json`, parsed. */
export function readCatalog(locale: Locale): Catalog {
  return JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Catalog;
}

/** Every locale but the English source. */
export const TRANSLATIONS = LOCALES.filter((l) => l !== 'en');
