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
import { correctCode, mapToAlphabet, type OcrShape } from './ocr-shape';
import {
  EDGE_JUNK,
  SPLIT,
  type OcrBoxLike,
  type OcrLineInput,
  type OcrWordInput,
} from './ocr-words';

// The parts: what the recognizer gives (ocr-words.ts), a code's shape and the
// corrections it proves (ocr-shape.ts), the shape guessed when the site is
// unknown (ocr-infer.ts). `src/ocr/read.ts` takes all of it from here.
export { findCandidates, type CodeCandidate } from './ocr-candidates';
export { inferShape } from './ocr-infer';
export {
  ambiguousIn,
  correctCode,
  displayCode,
  lookAlikeAt,
  LOOK_ALIKES,
  mapToAlphabet,
  ocrShapeOf,
  type OcrShape,
} from './ocr-shape';
export { rowsOfWords, type OcrBoxLike, type OcrLineInput, type OcrWordInput } from './ocr-words';

export type UnsureReason =
  /** The characters read do not make a code of the expected shape. */
  | 'shape'
  /** The recognizer's confidence in some character was low. */
  | 'confidence'
  /** The code was assembled from pieces the recognizer read apart. */
  | 'regrouped'
  /**
   * It holds a character the site's alphabet shares with a look-alike (`1`/`l`,
   * `O`/`0`…): the recognizer reads those alike with full confidence, so only
   * the person can tell them apart (`lookAlikeAt` in `ocr-shape.ts`).
   */
  | 'look-alike';

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
  /** Positions (in the code without separators) the person should check: look-alike characters. */
  doubtAt?: number[];
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

interface Segment {
  text: string;
  word: number;
  /** The segment was split from the previous one by a separator inside the same word. */
  joined: boolean;
}

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

export function unionBox(boxes: OcrBoxLike[]): OcrBoxLike {
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
function mappable(s: Segment, shape: OcrShape): boolean {
  return mapToAlphabet(s.text, shape.alphabet) !== null;
}

/**
 * Finds the codes of `shape` in recognized lines. Codes come out in reading
 * order (line by line, left to right).
 */
export function findCodes(
  lines: readonly OcrLineInput[],
  shape: OcrShape,
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
