/**
 * Places in a picture that may hold a code, for the close second reading
 * (`src/ocr/reread.ts`): every code the first reading found, and every word
 * laid out like a code of the shape but misread too badly to be one. Pure.
 */
import type { CodeAlphabet } from '../sites/schema';
import { findCodes, unionBox, type OcrCode } from './ocr-correct';
import { mapChar, type CodeShape } from './ocr-shape';
import { EDGE_JUNK, type OcrBoxLike, type OcrLineInput } from './ocr-words';
/** A place in the picture that may hold a code, to be read again closely (`src/ocr/reread.ts`). */
export interface CodeCandidate {
  bbox: OcrBoxLike;
  /** The first reading when it already made a code of the shape (sure or not). */
  first: OcrCode | null;
  /** What the first reading saw there. */
  read: string;
  line: number;
  context: string;
}

/** Characters of `text` that belong to the alphabet once case and classic confusions are allowed. */
function inAlphabet(text: string, alphabet: CodeAlphabet): number {
  let n = 0;
  for (const c of text) if (mapChar(c, alphabet)) n++;
  return n;
}

/**
 * Every code the first reading found, and every other word that is laid out
 * like a code of `shape` but was misread too badly to be one (`cb6bf` read as
 * `ch6bf`, a `0` read as `@`): about the code's length (±3 characters), mostly
 * characters of the alphabet, and — for alphabets with letters — holding a
 * digit or the shape's dash, so prose ("account") is not one. The second,
 * closer reading decides what each one is; a candidate it cannot read as a
 * code is never offered as one.
 */
export function findCandidates(lines: readonly OcrLineInput[], shape: CodeShape): CodeCandidate[] {
  const out: CodeCandidate[] = [];
  lines.forEach((line, li) => {
    const found = findCodes([line], shape).map((c) => ({ ...c, line: li }));
    const usedWords = new Set<number>();
    for (const c of found) {
      line.words.forEach((w, wi) => {
        if (w.bbox.x0 >= c.bbox.x0 - 1 && w.bbox.x1 <= c.bbox.x1 + 1) usedWords.add(wi);
      });
      out.push({ bbox: c.bbox, first: c, read: c.read, line: li, context: c.context });
    }
    const groups = shape.separator === ' ' && shape.groups ? shape.groups.length : 1;
    const context = found[0]?.context ?? line.words.map((w) => w.text).join(' ');
    for (let i = 0; i < line.words.length; i++) {
      if (usedWords.has(i)) continue;
      // A space-grouped code is several words side by side; others are one word.
      for (let n = groups; n >= 1; n--) {
        const words = line.words.slice(i, i + n);
        if (words.length < n || words.some((_, k) => usedWords.has(i + k))) continue;
        const text = words
          .map((w) => w.text.replace(/^\d{1,2}[.)](?=\S{4})/, '').replace(EDGE_JUNK, ''))
          .join('');
        // Times, dates, amounts and ranges are not codes however they read:
        // `9:41`, `12/03/2026`, `10.45`, and a dash where the shape has none.
        if (/[:/,]|\d\.\d/.test(text)) continue;
        if (shape.separator !== '-' && /\S[-\u2010-\u2015\u2212]\S/.test(text)) continue;
        // More dashes than the shape has groups: a date (`2026-12-03`), not a code.
        const dashes = text.match(/[-\u2010-\u2015\u2212]/g)?.length ?? 0;
        if (shape.groups && dashes > shape.groups.length - 1) continue;
        // A digits code misread has a letter here and there, never a word.
        if (shape.alphabet === 'digits' && /[A-Za-z]{3}/.test(text)) continue;
        const bare = text.replace(/[\s\-\u2010-\u2015\u2212_.·]/g, '');
        if (Math.abs(bare.length - shape.length) > 3) continue;
        if (inAlphabet(bare, shape.alphabet) < bare.length * 0.7) continue;
        // Dashed like the shape: its groups' lengths exactly, so a hyphenated
        // word (`one-time`, `e-mail`) is not taken for a digit-less code.
        const parts = text.replace(/[\u2010-\u2015\u2212]/g, '-').split('-');
        const dash =
          shape.separator === '-' &&
          parts.length > 1 &&
          (shape.groups
            ? parts.length === shape.groups.length &&
              parts.every((p, k) => p.length === shape.groups![k])
            : parts.every((p) => p.length >= 2));
        if (shape.alphabet !== 'digits' && shape.alphabet !== 'hex-lower') {
          if (!/[0-9]/.test(bare) && !dash) continue;
        }
        if (shape.separator === '-' && shape.groups && !dash && !/[0-9]/.test(bare)) continue;
        out.push({
          bbox: unionBox(words.map((w) => w.bbox)),
          first: null,
          read: words.map((w) => w.text).join(' '),
          line: li,
          context,
        });
        for (let k = 0; k < n; k++) usedWords.add(i + k);
        break;
      }
    }
  });
  return out.sort((a, b) => a.line - b.line || a.bbox.x0 - b.bbox.x0);
}
