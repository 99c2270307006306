/**
 * Checks every translation in public/_locales against the English source and
 * the shared glossary (src/ui/i18n/glossary.json, docs/translating.md): same
 * keys, same substitutions, plural blocks with the categories the language
 * really has, and the sites' own term wherever English says "backup code".
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import glossary from './glossary.json';

interface Entry {
  message: string;
}
type Catalog = Record<string, Entry>;

const LOCALES_DIR = join(__dirname, '../../../public/_locales');
const EXPECTED = [
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
];

const read = (locale: string): Catalog =>
  JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Catalog;

const en = read('en');
const present = readdirSync(LOCALES_DIR).filter((d) => d !== 'en');

/** English keys that are plurals: an old `fooOne` pair, or already a plural block. */
const pluralKeys = new Set(
  Object.keys(en).filter(
    (k) => `${k}One` in en || (en[k]?.message ?? '').startsWith('{$1, plural,'),
  ),
);
/** The `fooOne` halves of old pairs: translations carry one plural key instead. */
const oneHalves = new Set(
  Object.keys(en).filter((k) => k.endsWith('One') && pluralKeys.has(k.slice(0, -3))),
);
const sourceKeys = Object.keys(en).filter((k) => !oneHalves.has(k));

/** English text of a key, both halves of an old pair included. */
const english = (key: string): string =>
  [en[key]?.message ?? '', en[`${key}One`]?.message ?? ''].join(' ');

const substitutions = (text: string): string[] => [...new Set(text.match(/\$[1-9]/g))].sort();

const PLURAL = /^\{\$1, plural,((?:\s*(?:zero|one|two|few|many|other|=\d+)\s*\{[^{}]*\})+)\s*\}$/;

/** The categories a plural block names, or null when the text is not one well-formed block. */
function pluralCategories(text: string): string[] | null {
  const match = PLURAL.exec(text);
  if (!match) return null;
  return [...(match[1] ?? '').matchAll(/(zero|one|two|few|many|other|=\d+)\s*\{/g)].map(
    (m) => m[1] ?? '',
  );
}

const intlTag = (locale: string): string => locale.replace('_', '-');

interface Term {
  singular: string;
  plural: string;
  forms?: string[];
}
interface LanguageTerms {
  backupCode: Term & { source: string };
  recoveryCode: Term;
}
const terms = glossary as unknown as Record<string, LanguageTerms | undefined>;
const termsOf = (locale: string): LanguageTerms => {
  const entry = terms[locale];
  if (!entry) throw new Error(`no glossary entry for ${locale}`);
  return entry;
};
const spellings = (t: Term): string[] =>
  [t.singular, t.plural, ...(t.forms ?? [])].map((s) => s.toLowerCase());

describe('translations', () => {
  it('exist only for the 16 languages of the UI', () => {
    expect(present.filter((l) => !EXPECTED.includes(l))).toEqual([]);
  });

  it('have a glossary entry for every language', () => {
    for (const locale of ['en', ...EXPECTED]) {
      expect(terms[locale]?.backupCode?.source, locale).toBeTruthy();
    }
  });

  describe.each(present)('%s', (locale) => {
    const catalog = read(locale);
    const categories = new Intl.PluralRules(intlTag(locale)).resolvedOptions().pluralCategories;

    it('has every English key and no other', () => {
      expect(Object.keys(catalog).sort()).toEqual([...sourceKeys].sort());
    });

    it('keeps the substitutions of English', () => {
      const wrong = sourceKeys.filter(
        (k) => substitutions(catalog[k]?.message ?? '').join() !== substitutions(english(k)).join(),
      );
      expect(wrong).toEqual([]);
    });

    it('writes plurals as one block with the categories of the language', () => {
      const problems: string[] = [];
      for (const key of sourceKeys) {
        const text = catalog[key]?.message ?? '';
        const found = pluralCategories(text);
        if (pluralKeys.has(key) && !found) problems.push(`${key}: not a plural block`);
        if (!found) {
          if (text.includes('plural,')) problems.push(`${key}: malformed plural block`);
          continue;
        }
        for (const c of found) {
          if (!c.startsWith('=') && !categories.includes(c as Intl.LDMLPluralRule)) {
            problems.push(`${key}: ${c} is not a category of ${locale}`);
          }
        }
        for (const c of categories) if (!found.includes(c)) problems.push(`${key}: no ${c}`);
      }
      expect(problems).toEqual([]);
    });

    it('says "backup code" with the glossary term, never with another', () => {
      const term = spellings(termsOf(locale).backupCode);
      const recovery = spellings(termsOf(locale).recoveryCode);
      const problems = sourceKeys
        .filter((k) => /backup codes?/i.test(english(k)))
        .filter((k) => {
          const text = (catalog[k]?.message ?? '').toLowerCase();
          return !term.some((t) => text.includes(t)) || recovery.some((t) => text.includes(t));
        });
      expect(problems).toEqual([]);
    });

    it('has no bidi control characters (the UI isolates codes itself)', () => {
      const marked = sourceKeys.filter((k) =>
        /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(catalog[k]?.message ?? ''),
      );
      expect(marked).toEqual([]);
    });

    it('fits the store limits for name (75) and description (132)', () => {
      expect([...(catalog.extName?.message ?? '')].length).toBeLessThanOrEqual(75);
      expect([...(catalog.extDescription?.message ?? '')].length).toBeLessThanOrEqual(132);
    });
  });
});
