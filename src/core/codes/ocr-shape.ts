/**
 * A code's shape (length, alphabet, grouping) and how read characters are made
 * to fit it: the glyph pairs recognizers confuse (O/0, I/l/1, S/5…), mapped
 * only where the shape proves the position holds a digit.
 */
import type { CodeAlphabet, CodeFormat, CodeSeparator } from '../sites/schema';

/** What a code looks like, without the site's other rules. */
export interface CodeShape {
  /** Characters without separators. */
  length: number;
  alphabet: CodeAlphabet;
  /** Display groups (`[4, 4]` for `1234 5678`); `null` when shown as one run. */
  groups: number[] | null;
  separator: CodeSeparator;
}

/** The shape of a site's codes, or null when the registry does not know enough. */
export function shapeOfFormat(format: CodeFormat | null | undefined): CodeShape | null {
  if (!format || !format.length || !format.alphabet) return null;
  const groups =
    format.display && format.display.groups.length > 1 && format.display.separator !== ''
      ? format.display.groups
      : null;
  return {
    length: format.length,
    alphabet: format.alphabet,
    groups,
    separator: groups ? (format.display?.separator ?? '') : '',
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
export function displayCode(bare: string, shape: CodeShape): string {
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
  shape: CodeShape,
): { value: string; corrected: number } | null {
  const bare = read.replace(/[\s\-\u2010-\u2015\u2212_.·]/g, '');
  if (bare.length !== shape.length) return null;
  const mapped = mapToAlphabet(bare, shape.alphabet);
  if (!mapped) return null;
  // A code made mostly of letters read as digits is prose, not a misread code.
  if (mapped.glyphs > Math.max(1, Math.floor(shape.length / 3))) return null;
  return { value: displayCode(mapped.text, shape), corrected: mapped.changed };
}
