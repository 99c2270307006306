// Schema and consistency test for keywords.json (data, not code: validated here).
import { describe, expect, it } from 'vitest';
import data from './keywords.json';
import { PACKED_KEYWORDS } from './keywords.packed';
import { flattenKeywords, packedSource, shippedLists } from './testing/pack-keywords';
import { clauses, keywords, normalize, stem, unpackKeywords } from './text';

const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'ja', 'zh-Hans', 'zh-Hant'];
const NEGATIVE_CATEGORIES = ['field', 'delivery', 'setup', 'reset', 'recoveryContact'];

function checkPhraseList(where: string, list: unknown): string[] {
  expect(typeof list, `${where} is a |-separated string`).toBe('string');
  const phrases = (list as string).split('|');
  expect(phrases.length, `${where} is not empty`).toBeGreaterThan(0);
  for (const p of phrases) {
    expect(typeof p, `${where}: ${String(p)} is a string`).toBe('string');
    // Phrases are stored normalized, so matching never depends on how they were typed.
    expect(normalize(p as string), `${where}: "${String(p)}" is normalized`).toBe(p);
    expect((p as string).length, `${where}: empty phrase`).toBeGreaterThan(0);
  }
  expect(new Set(phrases).size, `${where} has no duplicates`).toBe(phrases.length);
  return phrases as string[];
}

function checkLanguages(where: string, value: unknown): string[] {
  expect(value && typeof value === 'object' && !Array.isArray(value), `${where} is an object`).toBe(
    true,
  );
  const byLang = value as Record<string, unknown>;
  for (const lang of LANGUAGES) expect(Object.keys(byLang), where).toContain(lang);
  const all: string[] = [];
  for (const lang of Object.keys(byLang)) {
    expect(LANGUAGES, `${where}: unknown language ${lang}`).toContain(lang);
    all.push(...checkPhraseList(`${where}.${lang}`, byLang[lang]));
  }
  // Matching ignores the language, so a phrase shared by languages is listed once.
  expect(
    all.filter((p, i) => all.indexOf(p) !== i),
    `${where}: repeated phrases`,
  ).toEqual([]);
  return all;
}

const positives = (): string[] => Object.values(data.positive).flatMap((l) => l.split('|'));

describe('keywords.json', () => {
  it('has exactly the known sections', () => {
    expect(Object.keys(data).sort()).toEqual(['codeWords', 'negative', 'orWords', 'positive']);
    expect(Object.keys(data.negative).sort()).toEqual([...NEGATIVE_CATEGORIES].sort());
  });

  it('lists backup-code keywords in every required language', () => {
    checkLanguages('positive', data.positive);
  });

  it('lists every negative category in every required language', () => {
    for (const c of NEGATIVE_CATEGORIES) {
      checkLanguages(`negative.${c}`, (data.negative as Record<string, unknown>)[c]);
    }
  });

  it('has flat code-word and or-word lists', () => {
    checkPhraseList('codeWords', data.codeWords);
    checkPhraseList('orWords', data.orWords);
  });

  it('finds every backup-code keyword in singular and in running text', () => {
    const { positive } = keywords();
    for (const p of positives()) {
      const [clause] = clauses(`Please enter ${p} here`);
      expect(positive(clause ?? ''), p).toBeDefined();
    }
  });

  it('never lets a negative list cancel a backup-code keyword on its own', () => {
    const { fieldNegative, clauseNegatives } = keywords();
    for (const p of positives()) {
      for (const c of clauses(p)) {
        expect(fieldNegative(c), `field negative inside "${p}"`).toBeUndefined();
        for (const [kind, m] of clauseNegatives) expect(m(c), `${kind} in "${p}"`).toBeUndefined();
      }
    }
  });

  it('stays small enough for the content-script budget', () => {
    expect(new TextEncoder().encode(JSON.stringify(data)).length).toBeLessThan(9000);
  });
});

describe('keywords.packed.ts (what the content script ships)', () => {
  it('decodes to exactly the lists of keywords.json, stemmed', () => {
    const lists = flattenKeywords(data);
    expect(lists).toHaveLength(8);
    const shipped = unpackKeywords(PACKED_KEYWORDS);
    expect(shipped).toEqual(shippedLists(data));
    // Every phrase is there, stemmed as the matcher stems text; "or" words stay as they are.
    expect(shipped.map((l) => l.split('|').length)).toEqual(lists.map((l) => l.split('|').length));
    expect(shipped[0]!.split('|')).toContain(stem('codigos de recuperacion'));
    expect(shipped[7]).toBe(data.orWords);
    // Not a tautology: the packed copy is a different, smaller string.
    expect(PACKED_KEYWORDS.lists.length).toBeLessThan(lists.join('\n').length * 0.75);
  });

  it('is up to date with keywords.json (regenerate with vitest -u)', async () => {
    await expect(packedSource(data)).toMatchFileSnapshot('./keywords.packed.ts');
  });
});
