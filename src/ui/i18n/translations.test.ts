/**
 * Checks every translation in public/_locales against the English source and
 * the shared glossary (src/ui/i18n/glossary.json, docs/translating.md): same
 * keys, same substitutions, plural blocks with the categories the language
 * really has, and the sites' own term wherever English says "backup code".
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage, sourceFromLocale, type MessagePart } from '../../i18n/format';
import { LOCALES, localeTag, type Locale } from '../../i18n/locales';
import { LOCALES_DIR, readCatalog, TRANSLATIONS as translations } from './testing/catalogs';
import glossary from './glossary.json';

interface Entry {
  message: string;
}
type Catalog = Record<string, Entry>;

const read = readCatalog as (locale: Locale) => Catalog;
const en = read('en');

const sourceKeys = Object.keys(en);

interface Shape {
  /** Every substitution the message uses, as a selector or in the text. */
  args: Set<number>;
  /** Each plural block: its selector and the branch names it has. */
  blocks: { selector: number; branches: string[] }[];
}

/** What a message is made of, after the same parser the UI uses (throws if malformed). */
function shape(message: string): Shape {
  const template = sourceFromLocale({ k: { message } })('k');
  const out: Shape = { args: new Set(), blocks: [] };
  const walk = (parts: MessagePart[]): void => {
    for (const part of parts) {
      if (typeof part === 'string' || 'hash' in part) continue;
      if ('arg' in part) out.args.add(part.arg);
      else {
        out.args.add(part.plural);
        out.blocks.push({ selector: part.plural, branches: [...part.branches.keys()] });
        for (const branch of part.branches.values()) walk(branch);
      }
    }
  };
  walk(parseMessage(template));
  return out;
}

const english = (key: string): string => en[key]?.message ?? '';
const sorted = (set: Set<number>): number[] => [...set].sort();

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
  it('exist for exactly the languages of the UI, and nothing else', () => {
    expect(translations).toHaveLength(16);
    expect(readdirSync(LOCALES_DIR).sort()).toEqual([...LOCALES].sort());
  });

  it('have a glossary entry for every language', () => {
    for (const locale of LOCALES) {
      expect(terms[locale]?.backupCode?.source, locale).toBeTruthy();
    }
  });

  describe.each(translations)('%s', (locale) => {
    const catalog = read(locale);
    const categories = new Intl.PluralRules(localeTag(locale)).resolvedOptions().pluralCategories;

    it('has every English key and no other', () => {
      expect(Object.keys(catalog).sort()).toEqual([...sourceKeys].sort());
    });

    it('keeps the substitutions of English', () => {
      const wrong = sourceKeys.filter((k) => {
        const mine = shape(catalog[k]?.message ?? '').args;
        return sorted(mine).join() !== sorted(shape(english(k)).args).join();
      });
      expect(wrong).toEqual([]);
    });

    it('decides every count English decides, with all the plural categories of the language', () => {
      const problems: string[] = [];
      for (const key of sourceKeys) {
        let mine: Shape;
        try {
          mine = shape(catalog[key]?.message ?? '');
        } catch (e) {
          problems.push(`${key}: ${(e as Error).message}`);
          continue;
        }
        for (const { selector } of shape(english(key)).blocks) {
          if (!mine.blocks.some((b) => b.selector === selector)) {
            problems.push(`${key}: no plural block on $${selector}`);
          }
        }
        for (const { selector, branches } of mine.blocks) {
          for (const b of branches) {
            if (!b.startsWith('=') && !categories.includes(b as Intl.LDMLPluralRule)) {
              problems.push(`${key}: $${selector} has ${b}, not a category of ${locale}`);
            }
          }
          for (const c of categories) {
            if (!branches.includes(c)) problems.push(`${key}: $${selector} has no ${c}`);
          }
        }
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

    it("fits the store limits for name (45, the packager's) and description (132)", () => {
      expect([...(catalog.extName?.message ?? '')].length).toBeLessThanOrEqual(45);
      expect([...(catalog.extDescription?.message ?? '')].length).toBeLessThanOrEqual(132);
    });
  });
});
