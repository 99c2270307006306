// Text normalization and keyword matching shared by collect and qualify.
//
// keywords.json holds phrases already in normalized form (see normalize below),
// `|`-separated per language to keep the content script small. Matching
// ignores the language (a page's lang attribute is often wrong or missing), so
// a phrase used by several languages is listed once, under the first of
// en, de, fr, es, pt, it, nl, ja, zh-Hans, zh-Hant that uses it.
import data from './keywords.json';

/** One category of keywords.json: language → `|`-separated phrases. */
export type KeywordLists = Record<string, string>;

/** Negative categories that describe *another kind of code* rather than another kind of field. */
export type ClauseNegative = 'delivery' | 'setup' | 'reset' | 'recoveryContact';

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

/** A phrase list compiled for matching against normalized text. */
export interface Matcher {
  /** The first phrase (stemmed) found in `text` (a clause from `clauses`), or undefined. */
  find(text: string): string | undefined;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (list: string[]) =>
  list.length ? new RegExp(list.map(esc).join('|')) : undefined;

/**
 * Latin phrases match at a word start (so German compounds match:
 * `wiederherstellungscode` in `wiederherstellungscodes`); phrases of three
 * characters or fewer must be whole words (`tel` must not match `tell`). CJK
 * phrases match anywhere, spaces ignored. With `glued`, longer Latin phrases
 * also match with spaces removed, for attribute values like `recoverycode`.
 * One regular expression per kind keeps a scan to a few native calls.
 */
export function compile(lists: KeywordLists, glued = false): Matcher {
  const stems = Object.values(lists).flatMap((l) => l.split('|').map(stem));
  const latin = stems.filter((p) => LATIN.test(p));
  const words = new RegExp(
    ` (?:${latin.map((p) => esc(p) + (p.length <= 3 ? '(?= )' : '')).join('|')})`,
  );
  const squeezed = alternation([
    ...stems.filter((p) => !LATIN.test(p)).map((p) => p.replace(/ /g, '')),
    ...(glued ? latin.map((p) => p.replace(/ /g, '')).filter((p) => p.length > 6) : []),
  ]);
  return {
    find(text) {
      const m = words.exec(` ${text} `) ?? squeezed?.exec(text.replace(/ /g, ''));
      return m?.[0].trim();
    },
  };
}

export const positive = compile(data.positive, true);
export const fieldNegative = compile(data.negative.field);
export const codeWords = compile({ all: data.codeWords });
export const clauseNegatives: [ClauseNegative, Matcher][] = (
  ['delivery', 'setup', 'reset', 'recoveryContact'] as const
).map((k) => [k, compile(data.negative[k])]);

const or = data.orWords.split('|');
const orWords = or.filter((w) => LATIN.test(w));
const orCjk = or.filter((w) => !LATIN.test(w));
const OR_SPLIT = new RegExp(` (?:${orWords.join('|')}) |${orCjk.join('|')}`);

/**
 * Splits raw text into normalized clauses. Clause boundaries are punctuation
 * and the word "or" in each language, so "Enter the code we sent to your
 * phone, or one of your backup codes" yields a delivery clause and a separate
 * backup-code clause: a negative only cancels a positive in the same clause.
 */
export function clauses(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[.!?;:,()[\]|•·。！？；：、，（）\n]+/)) {
    const norm = normalize(part);
    if (!norm) continue;
    for (const c of ` ${norm} `.split(OR_SPLIT)) {
      const t = c.trim();
      if (t) out.push(stem(t));
    }
  }
  return out;
}
