// Text normalization and keyword matching shared by collect and qualify.
//
// keywords.json holds phrases already in normalized form (see normalize below),
// `|`-separated per language. The content script ships them packed
// (keywords.packed.ts, generated from the JSON by testing/pack-keywords.ts):
// matching ignores the language (a page's lang attribute is often wrong or
// missing), so a phrase used by several languages is listed once, under the
// first of en, de, fr, es, pt, it, nl, ja, zh-Hans, zh-Hant that uses it.
import { PACKED_KEYWORDS } from './keywords.packed';

/** Negative categories that describe *another kind of code* rather than another kind of field. */
export type ClauseNegative = 'delivery' | 'setup' | 'reset' | 'recoveryContact';

/** The keyword lists in the order keywords.packed.ts stores them. */
export const KEYWORD_LISTS = [
  'positive',
  'field',
  'delivery',
  'setup',
  'reset',
  'recoveryContact',
  'codeWords',
  'orWords',
] as const;

/** One `|`-separated string per entry of KEYWORD_LISTS. */
type Strings<T> = { -readonly [I in keyof T]: string };
export type KeywordLists = Strings<typeof KEYWORD_LISTS>;

/** Keyword lists as shipped: `words` is the dictionary, `lists` the coded lists (see TOKENS). */
export interface Packed {
  /** Comma-separated; word i replaces TOKENS[i]. */
  words: string;
  /** The lists of KEYWORD_LISTS, newline-separated, with tokens for dictionary words. */
  lists: string;
}

/** Characters that never occur in normalized keywords; each stands for one dictionary word. */
export const TOKENS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ013456789!#%&*+-/;<=>?@^_{}~()[].:';

/** Decodes `Packed` into the `|`-separated lists of KEYWORD_LISTS. */
export function unpackKeywords({ words, lists }: Packed): KeywordLists {
  const dict = words.split(',');
  // A word may contain earlier tokens, so expand the latest first.
  for (let i = dict.length; i--;) lists = lists.split(TOKENS[i] ?? '').join(dict[i]);
  return lists.split('\n') as unknown as KeywordLists;
}

/**
 * Lower case, Latin diacritics removed (`código` → `codigo`), camelCase and
 * punctuation turned into single spaces (`backupCodePin` → `backup code pin`).
 * CJK text passes through apart from width folding (NFKC).
 */
export function normalize(s: string): string {
  return s
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

const LATIN = /[a-z\d]/;
const isLatin = (p: string) => LATIN.test(p);
const unspaced = (p: string) => p.replace(/ /g, '');

/**
 * A crude stemmer for matching only, applied alike to text and keywords:
 * drops a plural `s` and then a final vowel from longer Latin words, so
 * `codes`/`code`, `códigos`/`código` and Italian `codici`/`codice` meet.
 */
export function stem(norm: string): string {
  return norm
    .split(' ')
    .map((w) => (/^[a-z]{4,}$/.test(w) ? w.replace(/s$/, '').replace(/(?<=.{4})[aeiou]$/, '') : w))
    .join(' ');
}

/**
 * A phrase list compiled for matching: the first phrase (stemmed) found in a
 * clause from `clauses`, or undefined.
 */
export type Matcher = (clause: string) => string | undefined;

/**
 * Compiles a `|`-separated phrase list. Latin phrases match at a word start
 * (so German compounds match: `wiederherstellungscode` in
 * `wiederherstellungscodes`); phrases of three characters or fewer must be
 * whole words (`tel` must not match `tell`). CJK phrases match anywhere,
 * spaces ignored. With `glued`, longer Latin phrases also match with spaces
 * removed, for attribute values like `recoverycode`. One regular expression
 * per kind keeps a scan to a few native calls. Phrases are normalized
 * (keywords.test.ts checks it), so they hold no regex syntax to escape.
 */
export function compile(list: string, glued = false): Matcher {
  const stems = list.split('|');
  const latin = stems.filter(isLatin);
  const words = new RegExp(` (?:${latin.map((p) => (p.length > 3 ? p : p + '(?= )')).join('|')})`);
  const squeezed = [
    ...stems.filter((p) => !isLatin(p)).map(unspaced),
    ...(glued ? latin.map(unspaced).filter((p) => p.length > 6) : []),
  ];
  const cjk = squeezed.length ? new RegExp(squeezed.join('|')) : undefined;
  return (text) => (words.exec(` ${text} `) ?? cjk?.exec(unspaced(text)))?.[0].trim();
}

export interface Keywords {
  positive: Matcher;
  fieldNegative: Matcher;
  codeWords: Matcher;
  clauseNegatives: [ClauseNegative, Matcher][];
  /** Splits a normalized clause (with a space at each end) at "or" words. */
  or: RegExp;
}

let compiled: Keywords | undefined;

/**
 * The compiled keyword lists, built on first use: a page without text inputs
 * never pays for decoding or compiling them (docs/design.md §6).
 */
export function keywords(): Keywords {
  if (compiled) return compiled;
  const [positive, field, delivery, setup, reset, contact, code, or] =
    unpackKeywords(PACKED_KEYWORDS);
  const ors = or.split('|');
  compiled = {
    positive: compile(positive, true),
    fieldNegative: compile(field),
    codeWords: compile(code),
    clauseNegatives: [
      ['delivery', compile(delivery)],
      ['setup', compile(setup)],
      ['reset', compile(reset)],
      ['recoveryContact', compile(contact)],
    ],
    or: new RegExp(
      ` (?:${ors.filter(isLatin).join('|')}) |${ors.filter((w) => !isLatin(w)).join('|')}`,
    ),
  };
  return compiled;
}

/**
 * Splits raw text into normalized clauses. Clause boundaries are punctuation
 * and the word "or" in each language, so "Enter the code we sent to your
 * phone, or one of your backup codes" yields a delivery clause and a separate
 * backup-code clause: a negative only cancels a positive in the same clause.
 */
export function clauses(raw: string): string[] {
  const out: string[] = [];
  const or = keywords().or;
  for (const part of raw.split(/[.!?;:,()[\]|•·。！？；：、，（）\n]+/)) {
    const norm = normalize(part);
    if (!norm) continue;
    for (const c of ` ${norm} `.split(or)) {
      const t = c.trim();
      if (t) out.push(stem(t));
    }
  }
  return out;
}
