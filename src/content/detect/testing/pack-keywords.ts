// Test-time only: turns keywords.json into the compact form the content
// script ships (keywords.packed.ts). keywords.json stays the data people
// edit and review; keywords.test.ts checks that the packed copy decodes to
// exactly its lists and is up to date (`npx vitest run -u
// src/content/detect/keywords.test.ts` rewrites it).
//
// Why: the lists are most of the detector's weight, and the content script
// runs in every frame with a 20 KB budget (docs/design.md §6). Languages are dropped
// (matching ignores them), and repeated substrings ("codigo de ", "recupera",
// "コード") become one-character tokens, each defined once in a dictionary.
// Decoding is a few string replacements (`unpackKeywords` in ../text.ts).
import {
  KEYWORD_LISTS,
  stem,
  TOKENS,
  unpackKeywords,
  type ClauseNegative,
  type Packed,
} from '../text';

/** The shape of keywords.json (checked by keywords.test.ts). */
export interface KeywordData {
  positive: Record<string, string>;
  negative: Record<ClauseNegative | 'field', Record<string, string>>;
  codeWords: string;
  orWords: string;
}

/**
 * One `|`-separated list per entry of `KEYWORD_LISTS`, languages concatenated
 * in file order (the order a phrase wins a tie in the matcher).
 */
export function flattenKeywords(data: KeywordData): string[] {
  const join = (byLang: Record<string, string>) => Object.values(byLang).join('|');
  return KEYWORD_LISTS.map((k) =>
    k === 'positive'
      ? join(data.positive)
      : k === 'codeWords' || k === 'orWords'
        ? data[k]
        : join(data.negative[k]),
  );
}

/**
 * The lists as the matcher uses them: phrases stemmed (done here once rather
 * than in every frame), except the "or" words, which split unstemmed text.
 */
export function shippedLists(data: KeywordData): string[] {
  return flattenKeywords(data).map((list, i) =>
    KEYWORD_LISTS[i] === 'orWords' ? list : list.split('|').map(stem).join('|'),
  );
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * Greedy dictionary coding: repeatedly replaces the substring whose
 * replacement saves the most bytes by the next free token. Deterministic (ties
 * go to the shorter, then the earlier substring), so the packed file only
 * changes when the data does.
 */
export function packKeywords(lists: string[]): Packed {
  let body = lists.join('\n');
  for (const t of TOKENS) {
    if (body.includes(t)) throw new Error(`keyword data contains the token character "${t}"`);
  }
  const words: string[] = [];
  for (const token of TOKENS) {
    // Count every substring once (overlaps included) to shortlist, then rank
    // the shortlist by the exact saving.
    const counts = new Map<string, number>();
    for (let i = 0; i < body.length; i++) {
      for (let len = 2; len <= 32 && i + len <= body.length; len++) {
        const sub = body.slice(i, i + len);
        if (sub.includes('\n')) break;
        counts.set(sub, (counts.get(sub) ?? 0) + 1);
      }
    }
    const gain = (sub: string, uses: number) => uses * (bytes(sub) - 1) - bytes(sub) - 1;
    const candidates: { sub: string; rough: number }[] = [];
    for (const [sub, n] of counts) {
      const rough = n > 1 ? gain(sub, n) : 0;
      if (rough > 0) candidates.push({ sub, rough });
    }
    const shortlist = candidates
      .sort((a, b) => b.rough - a.rough || a.sub.length - b.sub.length || (a.sub < b.sub ? -1 : 1))
      .slice(0, 40);
    let best = '';
    let bestGain = 0;
    for (const { sub } of shortlist) {
      // Each use shrinks to one byte; the dictionary costs the word plus a separator.
      const g = gain(sub, body.split(sub).length - 1);
      if (g > bestGain) {
        bestGain = g;
        best = sub;
      }
    }
    if (!best) break;
    words.push(best);
    body = body.split(best).join(token);
  }
  const packed = { words: words.join(','), lists: body };
  const back = unpackKeywords(packed);
  if (back.join('\n') !== lists.join('\n')) throw new Error('keyword packing does not round-trip');
  return packed;
}

/** The source of keywords.packed.ts for `data`, formatted the way prettier leaves it. */
export function packedSource(data: KeywordData): string {
  const { words, lists } = packKeywords(shippedLists(data));
  const str = (s: string) => `'${s.replace(/\n/g, '\\n')}'`;
  return [
    '// Generated from keywords.json by testing/pack-keywords.ts; do not edit.',
    '// Regenerate: npx vitest run -u src/content/detect/keywords.test.ts',
    "import type { Packed } from './text';",
    '',
    'export const PACKED_KEYWORDS: Packed = {',
    `  words:\n    ${str(words)},`,
    `  lists:\n    ${str(lists)},`,
    '};',
    '',
  ].join('\n');
}
