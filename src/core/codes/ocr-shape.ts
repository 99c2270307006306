/**
 * A code's shape (length, alphabet, grouping) and how read characters are made
 * to fit it: the glyph pairs recognizers confuse (O/0, I/l/1, S/5…), mapped
 * only where the shape proves the position holds a digit.
 */
import type { CodeAlphabet, CodeSeparator } from '../sites/schema';
import type { CodeShape } from './shape';

/**
 * The part of a code shape that correcting a read code needs: length and
 * alphabet both known, the grouping only where a separator shows it. Made
 * from a site's `CodeShape` (read from the registry by `shapeOfSite` in
 * shape.ts) or inferred from the picture (ocr-infer.ts).
 */
export interface OcrShape {
  /** Characters without separators. */
  length: number;
  alphabet: CodeAlphabet;
  /** Display groups (`[4, 4]` for `1234 5678`); `null` when shown as one run. */
  groups: number[] | null;
  separator: CodeSeparator;
}

/** What of a site's shape the recognizer can correct to, or null when it knows too little. */
export function ocrShapeOf(shape: CodeShape | null): OcrShape | null {
  if (!shape || !shape.length || !shape.alphabet) return null;
  const groups = shape.groups && shape.separator ? shape.groups : null;
  return {
    length: shape.length,
    alphabet: shape.alphabet,
    groups,
    separator: groups ? (shape.separator ?? '') : '',
  };
}

/** Glyphs recognizers produce for each digit. */
const AS_DIGIT: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  U: '0',
  I: '1',
  l: '1',
  i: '1',
  '|': '1',
  '!': '1',
  L: '1',
  Z: '2',
  z: '2',
  S: '5',
  s: '5',
  $: '5',
  B: '8',
  G: '6',
  b: '6',
  g: '9',
  q: '9',
  T: '7',
  A: '4',
};

const DIGITS = /^[0-9]$/;

/** How a read character maps into the alphabet: as it is, by case only, or by a glyph confusion. */
type Mapping = { ch: string; change: 'none' | 'case' | 'glyph' };

/** Maps one read character into the alphabet; null when no known confusion does. */
export function mapChar(c: string, alphabet: CodeAlphabet): Mapping | null {
  const glyph = (): Mapping | null => {
    const d = AS_DIGIT[c];
    return d ? { ch: d, change: 'glyph' } : null;
  };
  switch (alphabet) {
    case 'digits':
      return DIGITS.test(c) ? { ch: c, change: 'none' } : glyph();
    case 'hex-lower':
      if (/^[0-9a-f]$/.test(c)) return { ch: c, change: 'none' };
      if (/^[A-F]$/.test(c)) return { ch: c.toLowerCase(), change: 'case' };
      return glyph();
    case 'alnum-lower':
      if (/^[0-9a-z]$/.test(c)) return { ch: c, change: 'none' };
      if (/^[A-Z]$/.test(c)) return { ch: c.toLowerCase(), change: 'case' };
      return c === '|' || c === '!' ? { ch: '1', change: 'glyph' } : null;
    case 'alnum-upper':
      if (/^[0-9A-Z]$/.test(c)) return { ch: c, change: 'none' };
      if (/^[a-z]$/.test(c)) return { ch: c.toUpperCase(), change: 'case' };
      return c === '|' || c === '!' ? { ch: '1', change: 'glyph' } : null;
    case 'alnum':
      return /^[0-9A-Za-z]$/.test(c) ? { ch: c, change: 'none' } : null;
  }
}

/**
 * The run mapped into the alphabet, or null when some character cannot be.
 * `changed` counts every changed character, `glyphs` those read as another glyph.
 */
export function mapToAlphabet(
  run: string,
  alphabet: CodeAlphabet,
): { text: string; changed: number; glyphs: number } | null {
  let text = '';
  let changed = 0;
  let glyphs = 0;
  for (const c of run) {
    const m = mapChar(c, alphabet);
    if (!m) return null;
    text += m.ch;
    if (m.change !== 'none') changed++;
    if (m.change === 'glyph') glyphs++;
  }
  return { text, changed, glyphs };
}

/** Puts the separators of the shape back: `12345678` → `1234 5678`. */
export function displayCode(bare: string, shape: OcrShape): string {
  if (!shape.groups) return bare;
  const parts: string[] = [];
  let at = 0;
  for (const g of shape.groups) {
    parts.push(bare.slice(at, at + g));
    at += g;
  }
  if (at < bare.length) parts.push(bare.slice(at));
  return parts.filter(Boolean).join(shape.separator);
}

/**
 * Corrects one candidate (separators allowed) to the shape. Returns null when
 * it cannot be made to fit: then the caller shows it as read, unsure.
 */
export function correctCode(
  read: string,
  shape: OcrShape,
): { value: string; corrected: number } | null {
  const bare = read.replace(/[\s\-\u2010-\u2015\u2212_.·]/g, '');
  if (bare.length !== shape.length) return null;
  const mapped = mapToAlphabet(bare, shape.alphabet);
  if (!mapped) return null;
  // A code made mostly of letters read as digits is prose, not a misread code.
  if (mapped.glyphs > Math.max(1, Math.floor(shape.length / 3))) return null;
  return { value: displayCode(mapped.text, shape), corrected: mapped.changed };
}

/**
 * Glyphs that look alike in the fonts sites use. Measured on the bench
 * (docs/ocr.md, "Look-alike characters"): tesseract reads `l` as `1`, `q` as
 * `g` or Microsoft's `O` as `0` with 97–99 % confidence, as often as it reads
 * them right, and every way of reading agrees on the wrong one. No vote or
 * confidence tells them apart, so where the alphabet holds two of a class
 * such a character is never "sure".
 */
export const LOOK_ALIKES: readonly string[] = ['0OoQD', '1Iilj|', '5Ss', '8B', '2Zz', '6G', '9gq'];

const ALPHABET_RE: Record<CodeAlphabet, RegExp> = {
  digits: /^[0-9]$/,
  'hex-lower': /^[0-9a-f]$/,
  'alnum-lower': /^[0-9a-z]$/,
  'alnum-upper': /^[0-9A-Z]$/,
  alnum: /^[0-9A-Za-z]$/,
};

const ambiguousCache = new Map<CodeAlphabet, Set<string>>();

/** The characters of the alphabet that share a look-alike class with another of its characters. */
export function ambiguousIn(alphabet: CodeAlphabet): ReadonlySet<string> {
  let set = ambiguousCache.get(alphabet);
  if (!set) {
    set = new Set<string>();
    for (const cls of LOOK_ALIKES) {
      const members = [...cls].filter((c) => ALPHABET_RE[alphabet].test(c));
      if (members.length >= 2) for (const c of members) set.add(c);
    }
    ambiguousCache.set(alphabet, set);
  }
  return set;
}

/**
 * Positions in a code (without separators) holding a character the alphabet
 * shares with a look-alike: what the person must check against the picture.
 * Empty for digits and lowercase hex, whose alphabets hold one of each class.
 */
export function lookAlikeAt(bare: string, alphabet: CodeAlphabet): number[] {
  const set = ambiguousIn(alphabet);
  const at: number[] = [];
  [...bare].forEach((c, i) => {
    if (set.has(c)) at.push(i);
  });
  return at;
}
