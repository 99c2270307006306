// The vocabulary as data (docs/vocabulary.md): every source file is checked
// against its schema, keywords.json must be exactly what `npm run vocab`
// makes of the committed sources, and the shipped lists must keep the
// detector's promises in every language.
import { describe, expect, it } from 'vitest';
import generated from './keywords.json';
import { clauses, keywords, VOCABULARY } from './keywords';
import { isUnspaced, normalize } from './text';
import {
  buildVocabulary,
  CATEGORIES,
  NEGATIVE_CATEGORIES,
  type VocabSource,
} from './vocab/generate';

const files = import.meta.glob<VocabSource>('./vocab/sources/*.json', {
  eager: true,
  import: 'default',
});
const sources = Object.entries(files).map(([path, s]) => ({ path, ...s }));
const SOURCE_CATEGORIES = [...CATEGORIES, 'generic'];

describe('vocabulary sources', () => {
  it('come from at least 20 systems with translation catalogs, plus the team list', () => {
    const systems = sources.filter((s) => s.system !== 'backstop');
    expect(systems.length).toBeGreaterThanOrEqual(20);
    expect(sources.some((s) => s.system === 'backstop')).toBe(true);
  });

  for (const s of sources) {
    it(`${s.path}: names its source, commit and licence, and holds only short terms`, () => {
      expect(s.path).toBe(`./vocab/sources/${s.system}.json`);
      expect(typeof s.name).toBe('string');
      expect(typeof s.licence).toBe('string');
      expect(s.licence.length).toBeGreaterThan(2);
      expect(Array.isArray(s.source.paths)).toBe(true);
      if (s.system === 'backstop') {
        expect(s.extractedBy).toBe('hand-written');
      } else {
        expect(s.source.repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
        expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
        for (const [path, commit] of Object.entries(s.fileCommits ?? {})) {
          expect(path).toMatch(/^[\w./-]+$/);
          expect(commit).toMatch(/^[0-9a-f]{40}$/);
        }
        expect(s.extractedBy).toBe('scripts/vocab/extract.mjs');
        expect(s.source.paths.length).toBeGreaterThan(0);
      }
      for (const [lang, byCat] of Object.entries(s.terms)) {
        expect(lang).toMatch(/^[a-z]{2,3}(?:-Hans|-Hant)?$/);
        for (const [cat, terms] of Object.entries(byCat)) {
          expect(SOURCE_CATEGORIES, `${lang}: unknown category ${cat}`).toContain(cat);
          for (const t of terms as string[]) {
            // As a page shows them: trimmed, no markup or placeholders left.
            expect(t, `${lang}.${cat}`).toBe(t.trim());
            expect(t, `${lang}.${cat}`).not.toMatch(/[<>{}%]/);
            const n = normalize(t);
            expect(n, `${lang}.${cat}: "${t}"`).not.toBe('');
            // Terms, never sentences.
            const size = isUnspaced(n) ? n.replace(/ /g, '').length : n.split(' ').length;
            expect(size, `${lang}.${cat}: "${t}" is too long`).toBeLessThanOrEqual(
              isUnspaced(t) ? 16 : 6,
            );
          }
        }
      }
    });
  }
});

describe('keywords.json', () => {
  it('is up to date with the sources (npm run vocab)', () => {
    const { vocabulary } = buildVocabulary(sources);
    expect(generated).toEqual(JSON.parse(JSON.stringify(vocabulary)));
  });

  it('covers at least 40 languages, right-to-left, CJK, Korean, Hindi and Thai among them', () => {
    const langs = Object.keys(VOCABULARY.languages);
    expect(langs.length).toBeGreaterThanOrEqual(40);
    for (const l of [
      'ar',
      'he',
      'fa',
      'zh-Hans',
      'zh-Hant',
      'ja',
      'ko',
      'hi',
      'th',
      'ru',
      'tr',
      'pl',
    ])
      expect(langs, l).toContain(l);
    for (const [l, lists] of Object.entries(VOCABULARY.languages)) {
      expect(lists.positive.length, `${l} has backup-code terms`).toBeGreaterThan(0);
      expect(lists.systems.length, `${l} has two sources`).toBeGreaterThanOrEqual(2);
    }
  });

  it('finds every backup-code term of every language in running text', () => {
    const { positive } = keywords();
    for (const [l, lists] of Object.entries(VOCABULARY.languages)) {
      for (const p of lists.positive) {
        const [clause] = clauses(`${p} `);
        expect(positive(clause ?? ''), `${l}: ${p}`).toBeDefined();
      }
    }
  });

  it('never lets a trap list cancel a backup-code term on its own, in any language', () => {
    const { fieldNegative, clauseNegatives } = keywords();
    for (const [l, lists] of Object.entries(VOCABULARY.languages)) {
      for (const p of lists.positive) {
        for (const c of clauses(p)) {
          expect(fieldNegative(c), `${l}: field term inside "${p}"`).toBeUndefined();
          for (const [kind, m] of clauseNegatives)
            expect(m(c), `${l}: ${kind} term inside "${p}"`).toBeUndefined();
        }
      }
    }
  });

  it('lets every trap term cancel a backup-code term in the same clause, in every language', () => {
    const { positive, clauseNegatives } = keywords();
    const matcher = Object.fromEntries(clauseNegatives);
    for (const [l, lists] of Object.entries(VOCABULARY.languages)) {
      const p = lists.positive[0] ?? '';
      for (const kind of NEGATIVE_CATEGORIES) {
        if (kind === 'field') continue;
        for (const t of lists[kind]) {
          const [clause] = clauses(`${t} ${p}`);
          expect(positive(clause ?? ''), `${l}: "${p}" after "${t}"`).toBeDefined();
          expect(matcher[kind]?.(clause ?? ''), `${l}: ${kind} "${t}"`).toBeDefined();
        }
      }
    }
  });

  it('records where every list came from', () => {
    const systems = new Set(VOCABULARY.sources.map((s) => s.system));
    for (const s of sources) expect(systems).toContain(s.system);
    for (const lists of Object.values(VOCABULARY.languages))
      for (const s of lists.systems) expect(systems).toContain(s);
  });
});
