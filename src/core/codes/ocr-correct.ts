/**
 * Finds backup codes in what a text recognizer read from a picture, using what
 * Backstop knows about the site's codes (length, alphabet, grouping; from the
 * registry, or inferred from the picture when the site is unknown).
 *
 * Recognizers confuse a few glyph pairs (O/0, I/l/1, S/5, B/8, Z/2, G/6…). When
 * the shape says a position can only hold a digit, an `O` there is a `0`; that
 * is a correction the shape proves. Everything else is reported, not fixed:
 * a token that fits no shape is returned as read and marked unsure, and so is a
 * code the recognizer itself doubted. The person checks each code against its
 * crop of the picture before saving (docs/ocr.md).
 *
 * Pure: no DOM, no engine. `src/ocr/read.ts` feeds it the engine's words.
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

export interface OcrBoxLike {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One word as the recognizer read it. */
export interface OcrWordInput {
  text: string;
  /** 0–100. */
  confidence: number;
  bbox: OcrBoxLike;
  /** Per-character confidences (0–100); may be empty. */
  symbols: number[];
}

export interface OcrLineInput {
  words: OcrWordInput[];
}

export type UnsureReason =
  /** The characters read do not make a code of the expected shape. */
  | 'shape'
  /** The recognizer's confidence in some character was low. */
  | 'confidence'
  /** The code was assembled from pieces the recognizer read apart. */
  | 'regrouped';

/** A code found in the picture. */
export interface OcrCode {
  /** As the site displays it (`1234 5678`), or as read when it fits no shape. */
  value: string;
  /** The characters as the recognizer gave them. */
  read: string;
  /** Characters changed by a shape-proven correction (O→0…). */
  corrected: number;
  unsure: boolean;
  reasons: UnsureReason[];
  /** Union of the words' boxes. */
  bbox: OcrBoxLike;
  /** Lowest character confidence (0–100). */
  confidence: number;
  /** Confidence of each character of the code without separators, when the recognizer gave them. */
  chars: number[] | null;
  /** Index of the line it was read from. */
  line: number;
  /** Text the recognizer read on the same line around the code (for used marks). */
  context: string;
}

export interface FindOptions {
  /** Character confidence below which a code is marked unsure (0–100). */
  minConfidence?: number;
}

const DEFAULT_MIN_CONFIDENCE = 60;

/**
 * Rebuilds rows of text from the recognizer's words: words whose vertical
 * centres fall within half a line height of each other are one row, left to
 * right. Recognizers (tesseract's sparse mode among them) often return the
 * two groups of `1234 5678` as separate lines; the row puts them back side by
 * side. A row also breaks where two words are further apart than
 * `maxGapFactor` line heights: two columns of a sheet stay separate.
 */
export function rowsOfWords(lines: readonly OcrLineInput[], maxGapFactor = 2.5): OcrLineInput[] {
  const words = lines.flatMap((l) => l.words).filter((w) => w.text.trim() !== '');
  const height = (w: OcrWordInput) => Math.max(1, w.bbox.y1 - w.bbox.y0);
  const centre = (w: OcrWordInput) => (w.bbox.y0 + w.bbox.y1) / 2;
  const sorted = [...words].sort((a, b) => centre(a) - centre(b));
  const rows: OcrWordInput[][] = [];
  for (const w of sorted) {
    const row = rows.find((r) => {
      const h = Math.max(height(r[0]!), height(w));
      return Math.abs(centre(r[0]!) - centre(w)) < h * 0.5;
    });
    if (row) row.push(w);
    else rows.push([w]);
  }
  const out: OcrLineInput[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.bbox.x0 - b.bbox.x0);
    let current: OcrWordInput[] = [];
    for (const w of row) {
      const prev = current[current.length - 1];
      if (prev && w.bbox.x0 - prev.bbox.x1 > maxGapFactor * Math.max(height(prev), height(w))) {
        out.push({ words: current });
        current = [];
      }
      current.push(w);
    }
    if (current.length) out.push({ words: current });
  }
  return out;
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
function mapChar(c: string, alphabet: CodeAlphabet): Mapping | null {
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

interface Segment {
  text: string;
  word: number;
  /** The segment was split from the previous one by a separator inside the same word. */
  joined: boolean;
}

const EDGE_JUNK = /^[^0-9A-Za-z|!$]+|[^0-9A-Za-z|!$]+$/g;
const SPLIT = /[-\u2010-\u2015\u2212_·]+/;

function segmentsOf(words: OcrWordInput[]): Segment[] {
  const out: Segment[] = [];
  words.forEach((w, wi) => {
    // A list number glued to the code by the reader ("1.31042952"): the number is not part of it.
    const cleaned = w.text.replace(/^\d{1,2}[.)](?=[0-9A-Za-z]{4})/, '').replace(EDGE_JUNK, '');
    if (!cleaned) return;
    cleaned.split(SPLIT).forEach((part, k) => {
      if (part) out.push({ text: part, word: wi, joined: k > 0 });
    });
  });
  return out;
}

function unionBox(boxes: OcrBoxLike[]): OcrBoxLike {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** Part of a word's box, for a code split out of a run-together word. */
function sliceBox(b: OcrBoxLike, from: number, to: number, total: number): OcrBoxLike {
  const w = b.x1 - b.x0;
  return { x0: b.x0 + (w * from) / total, y0: b.y0, x1: b.x0 + (w * to) / total, y1: b.y1 };
}

const NOT_CODE_CHAR = /[\s\-\u2010-\u2015\u2212_.·,:;()[\]{}'"*•]/;

/** Per-character confidences of the code characters in these words, if they add up to `length`. */
function charConfidences(words: OcrWordInput[], length: number): number[] | null {
  const out: number[] = [];
  for (const w of words) {
    const chars = [...w.text];
    if (w.symbols.length !== chars.length) return null;
    chars.forEach((c, k) => {
      if (!NOT_CODE_CHAR.test(c)) out.push(w.symbols[k]!);
    });
  }
  return out.length === length ? out : null;
}

function minConfidence(words: OcrWordInput[]): number {
  let min = 100;
  for (const w of words) {
    min = Math.min(min, w.confidence);
    for (const s of w.symbols) min = Math.min(min, s);
  }
  return min;
}

/**
 * Letters-only candidates in a line of other words are words, not codes: a
 * code of an alphabet with letters and digits almost always holds a digit.
 */
function proseAround(segs: Segment[], from: number, to: number): boolean {
  return segs.filter((s, k) => (k < from || k > to) && /[A-Za-z]{2}/.test(s.text)).length >= 2;
}

/** True when a segment can start a code of this shape (some of its characters map into the alphabet). */
function mappable(s: Segment, shape: CodeShape): boolean {
  return mapToAlphabet(s.text, shape.alphabet) !== null;
}

/**
 * Finds the codes of `shape` in recognized lines. Codes come out in reading
 * order (line by line, left to right).
 */
export function findCodes(
  lines: readonly OcrLineInput[],
  shape: CodeShape,
  options: FindOptions = {},
): OcrCode[] {
  const minConf = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const codes: OcrCode[] = [];
  lines.forEach((line, li) => {
    const segs = segmentsOf(line.words);
    const taken = new Set<number>();
    const found: { from: number; to: number; code: Omit<OcrCode, 'context'> }[] = [];
    const emit = (from: number, to: number, code: Omit<OcrCode, 'context'>) => {
      for (let k = from; k <= to; k++) taken.add(k);
      found.push({ from, to, code });
    };
    const wordsOf = (from: number, to: number) => {
      const idx = new Set<number>();
      for (let k = from; k <= to; k++) idx.add(segs[k]!.word);
      return [...idx].map((i) => line.words[i]!);
    };
    const maxPieces = shape.groups ? shape.groups.length : 2;
    let i = 0;
    while (i < segs.length) {
      const s = segs[i]!;
      if (!mappable(s, shape)) {
        i++;
        continue;
      }
      // 1. Consecutive pieces that add up to one code (as displayed, or split by the reader).
      let matched = false;
      let len = 0;
      for (let j = i; j < segs.length && j < i + maxPieces; j++) {
        if (!mappable(segs[j]!, shape)) break;
        len += segs[j]!.text.length;
        if (len > shape.length) break;
        if (len === shape.length) {
          const pieces = segs.slice(i, j + 1);
          const read = pieces.map((p) => p.text).join(shape.separator || '');
          const fixed = correctCode(read, shape);
          if (!fixed) break;
          // Groups shown with a dash are read as one word (`abcd-ef12`); two words
          // side by side are two words of prose ("each code"), not one code.
          if (shape.separator === '-' && pieces.some((p, k) => k > 0 && !p.joined)) break;
          if (!/[0-9]/.test(fixed.value) && proseAround(segs, i, j)) break;
          const words = wordsOf(i, j);
          const asDisplayed =
            pieces.length === 1 ||
            (shape.groups !== null &&
              pieces.length === shape.groups.length &&
              pieces.every((p, k) => p.text.length === shape.groups![k]));
          const confidence = minConfidence(words);
          const reasons: UnsureReason[] = [];
          if (confidence < minConf) reasons.push('confidence');
          if (!asDisplayed) reasons.push('regrouped');
          emit(i, j, {
            value: fixed.value,
            read: words.map((w) => w.text).join(' '),
            corrected: fixed.corrected,
            unsure: reasons.length > 0,
            reasons,
            bbox: unionBox(words.map((w) => w.bbox)),
            confidence,
            chars: charConfidences(words, shape.length),
            line: li,
          });
          i = j + 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      // 2. One piece holding several codes: columns the reader ran together.
      const k = s.text.length / shape.length;
      if (Number.isInteger(k) && k >= 2 && k <= 4) {
        const word = line.words[s.word]!;
        const parts: { value: string; corrected: number }[] = [];
        for (let p = 0; p < k; p++) {
          const fixed = correctCode(s.text.slice(p * shape.length, (p + 1) * shape.length), shape);
          if (!fixed) break;
          parts.push(fixed);
        }
        if (parts.length === k) {
          const confidence = minConfidence([word]);
          parts.forEach((fixed, p) => {
            const reasons: UnsureReason[] = ['regrouped'];
            if (confidence < minConf) reasons.push('confidence');
            found.push({
              from: i,
              to: i,
              code: {
                value: fixed.value,
                read: s.text.slice(p * shape.length, (p + 1) * shape.length),
                corrected: fixed.corrected,
                unsure: true,
                reasons,
                bbox: sliceBox(word.bbox, p, p + 1, k),
                confidence,
                chars: null,
                line: li,
              },
            });
          });
          taken.add(i);
          i++;
          continue;
        }
      }
      // 3. Nearly a code: pieces laid out like the shape's groups, one character off
      //    in a group (or two in an ungrouped code). Shown as read, unsure, so the
      //    person compares it with the picture.
      const groups = shape.groups ?? [shape.length];
      const pieces = segs.slice(i, i + groups.length);
      const near =
        pieces.length === groups.length &&
        !(shape.separator === '-' && pieces.some((p, k) => k > 0 && !p.joined)) &&
        pieces.every((p, k) => {
          const m = mapToAlphabet(p.text, shape.alphabet);
          const slack = shape.groups ? 1 : 2;
          return (
            m !== null &&
            m.glyphs <= Math.max(1, Math.floor(p.text.length / 3)) &&
            Math.abs(p.text.length - groups[k]!) <= slack
          );
        }) &&
        /[0-9]/.test(pieces.map((p) => p.text).join(''));
      if (near) {
        const j = i + groups.length;
        const words = wordsOf(i, j - 1);
        emit(i, j - 1, {
          value: pieces.map((p) => p.text).join(shape.separator || ''),
          read: words.map((w) => w.text).join(' '),
          corrected: 0,
          unsure: true,
          reasons: ['shape'],
          bbox: unionBox(words.map((w) => w.bbox)),
          confidence: minConfidence(words),
          chars: null,
          line: li,
        });
        i = j;
        continue;
      }
      i++;
    }
    const context = segs
      .filter((_, k) => !taken.has(k))
      .map((s) => s.text)
      .join(' ');
    for (const f of found) codes.push({ ...f.code, context });
  });
  return codes;
}

/** The character class of a run, most specific first. */
function alphabetOf(run: string): CodeAlphabet | null {
  if (/^[0-9]+$/.test(run)) return 'digits';
  if (/^[0-9a-f]+$/.test(run)) return 'hex-lower';
  if (/^[0-9a-z]+$/.test(run)) return 'alnum-lower';
  if (/^[0-9A-Z]+$/.test(run)) return 'alnum-upper';
  if (/^[0-9A-Za-z]+$/.test(run)) return 'alnum';
  return null;
}

const WIDER: Record<CodeAlphabet, CodeAlphabet[]> = {
  digits: ['digits'],
  'hex-lower': ['digits', 'hex-lower'],
  'alnum-lower': ['digits', 'hex-lower', 'alnum-lower'],
  'alnum-upper': ['digits', 'alnum-upper'],
  alnum: ['digits', 'hex-lower', 'alnum-lower', 'alnum-upper', 'alnum'],
};

/**
 * When the site is unknown: the shape most code-like lines of the picture
 * share (at least two, or one line holding nothing else when it is the only
 * one). A code-like run has 6–32 characters of letters and digits with at
 * least two digits, as one word or as groups joined by `-` or spaces.
 */
export function inferShape(lines: readonly OcrLineInput[]): CodeShape | null {
  const votes = new Map<string, { shape: CodeShape; n: number }>();
  for (const line of lines) {
    const seen = new Set<string>();
    for (const w of line.words) {
      const text = w.text.replace(EDGE_JUNK, '');
      const parts = text.split(SPLIT).filter(Boolean);
      const bare = parts.join('');
      if (bare.length < 6 || bare.length > 32) continue;
      if ((bare.match(/[0-9]/g) ?? []).length < 2) continue;
      const alphabet = alphabetOf(bare);
      if (!alphabet) continue;
      const groups = parts.length > 1 ? parts.map((p) => p.length) : null;
      const shape: CodeShape = {
        length: bare.length,
        alphabet,
        groups,
        separator: groups ? '-' : '',
      };
      const key = `${shape.length}/${groups?.join(',') ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const v = votes.get(key);
      if (v) {
        v.n++;
        // The widest alphabet seen wins: `1234abcd` and `5678ef01` are both hex.
        if (
          !WIDER[alphabet].includes(v.shape.alphabet) ||
          WIDER[v.shape.alphabet].includes(alphabet)
        ) {
          if (WIDER[alphabet].length > WIDER[v.shape.alphabet].length) v.shape.alphabet = alphabet;
        }
      } else votes.set(key, { shape, n: 1 });
    }
    // Two words of 3–6 digits side by side (`1234 5678`): a grouped numeric code.
    const digitWords = line.words.map((w) => w.text.replace(EDGE_JUNK, ''));
    for (let k = 0; k + 1 < digitWords.length; k++) {
      const a = digitWords[k]!;
      const b = digitWords[k + 1]!;
      if (/^[0-9]{3,6}$/.test(a) && /^[0-9]{3,6}$/.test(b)) {
        const shape: CodeShape = {
          length: a.length + b.length,
          alphabet: 'digits',
          groups: [a.length, b.length],
          separator: ' ',
        };
        const key = `${shape.length}/${a.length},${b.length}/ `;
        if (seen.has(key)) continue;
        seen.add(key);
        const v = votes.get(key);
        if (v) v.n++;
        else votes.set(key, { shape, n: 1 });
        k++;
      }
    }
  }
  let best: { shape: CodeShape; n: number } | null = null;
  for (const v of votes.values()) if (!best || v.n > best.n) best = v;
  if (!best) return null;
  if (best.n >= 2 || votes.size === 1) return best.shape;
  return null;
}
