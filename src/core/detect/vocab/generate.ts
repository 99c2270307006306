// Builds the detector's vocabulary (keywords.json) from the per-system term
// files in ./sources (docs/vocabulary.md). Pure: `npm run vocab`
// (scripts/vocab.mjs) reads the files and writes the result, and
// keywords.test.ts checks that the committed keywords.json is what this
// function makes of the committed sources.
//
// What it decides, so that term quality does not depend on every translator:
// - a backup-code term must name a code (contain a word for "code"/"token"
//   of some language) and qualify it (another word: backup, recovery…), must
//   not be a generic code ("verification code") of its language, and must
//   not contain a trap term of its own language (a translation that says
//   "password for recovery" is not a backup code);
// - a trap term that would cancel another language's backup-code term on
//   its own is dropped (it would make real backup-code fields invisible);
// - a language is in the vocabulary when at least two systems name backup
//   codes in it, so no single translation decides a language.
import {
  compile,
  isUnspaced,
  normalize,
  orSplitter,
  splitClauses,
  stemPhrase,
  stemWord,
} from '../text';

/** The lists a language has in keywords.json, in this order. */
export const CATEGORIES = [
  'positive',
  'field',
  'delivery',
  'setup',
  'reset',
  'recoveryContact',
  'codeWords',
  'orWords',
] as const;
export type Category = (typeof CATEGORIES)[number];
/** Categories of sources that are not shipped: `generic` only rejects positives. */
export type SourceCategory = Category | 'generic';
/** Trap categories: another kind of field, or another kind of code. */
export const NEGATIVE_CATEGORIES = [
  'field',
  'delivery',
  'setup',
  'reset',
  'recoveryContact',
] as const;

/** One file of ./sources: the short terms one system's catalogs give per language. */
export interface VocabSource {
  system: string;
  name: string;
  source: { repository: string | null; paths: string[] };
  commit: string | null;
  /** When the catalogs were read one by one at different commits: each file's. */
  fileCommits?: Record<string, string>;
  licence: string;
  extractedBy: string;
  keys?: Record<string, string[]>;
  excluded?: { language: string; category: string; term: string; reason: string }[];
  terms: Record<string, Partial<Record<SourceCategory, string[]>>>;
}

export type LanguageLists = Record<Category, string[]> & {
  /** The systems whose catalogs name backup codes in this language. */
  systems: string[];
};

/** keywords.json */
export interface Vocabulary {
  comment: string;
  sources: { system: string; commit: string | null; licence: string }[];
  languages: Record<string, LanguageLists>;
}

export interface Dropped {
  language: string;
  category: string;
  term: string;
  reason: string;
}

/** Splits at punctuation only. */
const NO_OR = /(?!)/;

/** Languages that reach the vocabulary need backup-code terms from this many systems. */
export const MIN_SYSTEMS = 2;

/**
 * A test for the words for "code" of every language, stemmed down to three
 * letters (`კოდი` → `კოდ`, `koodi` → `kood`, `കോഡ്` without its virama):
 * a spaced term holds a word that starts with one (`kodovi`, `codici`,
 * `كدهاي`) or, for a compound, contains one (`wiederherstellungscode`,
 * `varukood`); Latin two-letter ones must be whole words (`ma`); an unspaced
 * term contains one (`备用码`).
 */
function codeWordTest(codeWords: string[]): (term: string) => string | undefined {
  const unspaced = codeWords.filter(isUnspaced).map((c) => c.replace(/ /g, ''));
  const spaced = codeWords
    .filter((c) => !isUnspaced(c))
    .map((c) => (c.includes(' ') ? c : stemWord(c, 3).replace(/\p{M}+$/u, '')));
  return (term) => {
    if (isUnspaced(term)) return unspaced.find((c) => term.replace(/ /g, '').includes(c));
    const words = term.split(' ');
    return spaced.find((c) =>
      c.includes(' ')
        ? ` ${term} `.includes(` ${c} `)
        : words.some((w) =>
            c.length <= 2 && /^[a-z]+$/.test(c)
              ? w === c
              : w.startsWith(c) || (c.length >= 3 && w.length >= c.length + 3 && w.includes(c)),
          ),
    );
  };
}

/**
 * `term` says which code: a word beside the word for "code" (backup,
 * recovery…), or a compound longer than the word for "code" it contains.
 */
function qualifies(term: string, isCode: (t: string) => string | undefined): boolean {
  if (isUnspaced(term)) {
    const code = isCode(term) ?? '';
    return term.replace(/ /g, '').length >= code.length + 2;
  }
  return term.split(' ').some((w) => {
    const code = isCode(w);
    return code ? w.length >= code.length + 4 : w.length >= 3;
  });
}

export function buildVocabulary(sources: readonly VocabSource[]): {
  vocabulary: Vocabulary;
  dropped: Dropped[];
  excludedLanguages: { language: string; systems: string[] }[];
} {
  const dropped: Dropped[] = [];
  // language -> category -> term -> systems
  const raw = new Map<string, Map<SourceCategory, Map<string, Set<string>>>>();
  for (const src of [...sources].sort((a, b) => (a.system < b.system ? -1 : 1))) {
    for (const [lang, byCat] of Object.entries(src.terms)) {
      for (const [cat, list] of Object.entries(byCat) as [SourceCategory, string[]][]) {
        for (const t of list) {
          const term = cat === 'orWords' ? t.trim() : normalize(t);
          if (!term) continue;
          // Page text is cut into clauses at punctuation before it is matched:
          // a term with a full stop or colon inside ("ელ. ფოსტა", "TOTP:tä")
          // could never match as a whole.
          if (cat !== 'orWords' && splitClauses(t, NO_OR).length > 1) {
            dropped.push({
              language: lang,
              category: cat,
              term,
              reason: 'is cut in two by punctuation',
            });
            continue;
          }
          const cats = raw.get(lang) ?? new Map<SourceCategory, Map<string, Set<string>>>();
          raw.set(lang, cats);
          const terms = cats.get(cat) ?? new Map<string, Set<string>>();
          cats.set(cat, terms);
          const systems = terms.get(term) ?? new Set<string>();
          terms.set(term, systems);
          systems.add(src.system);
        }
      }
    }
  }
  const termsOf = (lang: string, cat: SourceCategory) => [
    ...(raw.get(lang)?.get(cat)?.keys() ?? []),
  ];
  const allOf = (cat: SourceCategory) => [...raw.keys()].flatMap((l) => termsOf(l, cat));

  const isCode = codeWordTest(allOf('codeWords'));

  // 0. Trap terms that are only the word for "code" in their own language
  // ("κωδικός" is also short for password in Greek) would hide every code
  // field: dropped. "QR code" or "密码" (password) say more and stay.
  const negatives = new Map<string, Map<string, string[]>>(); // lang -> category -> terms
  for (const lang of raw.keys()) {
    const own = new Set(termsOf(lang, 'codeWords'));
    const ownTest = codeWordTest([...own]);
    const onlyCode = (t: string) =>
      isUnspaced(t)
        ? own.has(t)
        : t.split(' ').every((w) => ownTest(w) && w.length <= (ownTest(w)?.length ?? 0) + 2);
    const byCat = new Map<string, string[]>();
    for (const cat of NEGATIVE_CATEGORIES) {
      byCat.set(
        cat,
        termsOf(lang, cat).filter((term) => {
          if (!onlyCode(term)) return true;
          dropped.push({
            language: lang,
            category: cat,
            term,
            reason: 'is only its language\'s word for "code"',
          });
          return false;
        }),
      );
    }
    negatives.set(lang, byCat);
  }
  const negativeMatchers = new Map(
    [...negatives].map(([lang, byCat]) => [
      lang,
      NEGATIVE_CATEGORIES.map((c) => [c, compile((byCat.get(c) ?? []).map(stemPhrase))] as const),
    ]),
  );

  // 1. Backup-code terms that hold up.
  const positives = new Map<string, Map<string, Set<string>>>(); // lang -> term -> systems
  for (const lang of raw.keys()) {
    const generic = termsOf(lang, 'generic');
    const kept = new Map<string, Set<string>>();
    for (const [term, systems] of raw.get(lang)?.get('positive') ?? []) {
      const drop = (reason: string) =>
        dropped.push({ language: lang, category: 'positive', term, reason });
      if (!isCode(term)) {
        drop('names no code (no word for "code" or "token")');
        continue;
      }
      if (!qualifies(term, isCode)) {
        drop('is only a word for "code"');
        continue;
      }
      const self = compile([stemPhrase(term)]);
      const g = generic.find((x) => x === term || self(x));
      if (g) {
        drop(`is no more than the generic "${g}"`);
        continue;
      }
      const trap = negativeMatchers
        .get(lang)
        ?.map(([c, m]) => [c, m(term)] as const)
        .find(([, m]) => m);
      if (trap) {
        drop(`contains the ${trap[0]} term "${trap[1]}" of its own language`);
        continue;
      }
      kept.set(term, systems);
    }
    positives.set(lang, kept);
  }

  // 2. Languages with enough independent sources.
  const included: string[] = [];
  const excludedLanguages: { language: string; systems: string[] }[] = [];
  for (const [lang, terms] of [...positives].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const systems = [...new Set([...terms.values()].flatMap((s) => [...s]))].sort();
    if (systems.length >= MIN_SYSTEMS) included.push(lang);
    else if (systems.length) excludedLanguages.push({ language: lang, systems });
  }

  // 3. Trap terms of included languages that never cancel a backup-code term
  // alone, and terms that survive clause splitting: a phrase holding another
  // language's "or" (Galician "esqueceu o contrasinal", where Spanish "o" is
  // "or") is cut in two before it is matched, so it could never match.
  const allPositives = included.flatMap((l) => [...(positives.get(l)?.keys() ?? [])]);
  const or = orSplitter(included.flatMap((l) => termsOf(l, 'orWords')));
  const whole = (lang: string, cat: string) => (term: string) => {
    const parts = splitClauses(term, or);
    if (parts.length === 1 && parts[0] === term) return true;
    dropped.push({ language: lang, category: cat, term, reason: 'is cut in two by an "or" word' });
    return false;
  };
  const languages: Record<string, LanguageLists> = {};
  for (const lang of included) {
    const lists = { systems: [] as string[] } as unknown as LanguageLists;
    const pos = positives.get(lang) ?? new Map<string, Set<string>>();
    lists.systems = [...new Set([...pos.values()].flatMap((s) => [...s]))].sort();
    for (const cat of CATEGORIES) {
      const negative = (NEGATIVE_CATEGORIES as readonly string[]).includes(cat);
      let terms =
        cat === 'positive'
          ? [...pos.keys()]
          : negative
            ? (negatives.get(lang)?.get(cat) ?? [])
            : termsOf(lang, cat);
      if (negative) {
        terms = terms.filter((term) => {
          const m = compile([stemPhrase(term)]);
          const hit = allPositives.find((p) => m(p));
          if (hit) {
            dropped.push({
              language: lang,
              category: cat,
              term,
              reason: `would cancel the backup-code term "${hit}" on its own`,
            });
          }
          return !hit;
        });
      }
      if (cat !== 'orWords' && cat !== 'codeWords') terms = terms.filter(whole(lang, cat));
      const shipped = cat === 'orWords' ? terms : terms.map(stemPhrase);
      lists[cat] = [...new Set(shipped)].sort();
    }
    languages[lang] = lists;
  }

  return {
    vocabulary: {
      comment:
        'Generated by `npm run vocab` from src/core/detect/vocab/sources/*.json; do not edit (docs/vocabulary.md).',
      sources: [...sources]
        .sort((a, b) => (a.system < b.system ? -1 : 1))
        .map(({ system, commit, licence }) => ({ system, commit, licence })),
      languages,
    },
    dropped,
    excludedLanguages,
  };
}
