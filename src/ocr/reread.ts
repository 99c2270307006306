/**
 * The close reading: every place that may hold a code (`findCandidates`) is
 * cut out of the picture, enlarged to the text size tesseract reads best,
 * cleaned (a strike line removed) and read again several ways — each way is
 * one picture of all the crops stacked, read in one call with only the
 * code's alphabet allowed. Each character is then taken by vote; any
 * disagreement between the ways marks the code unsure. docs/ocr.md has the
 * ways tried and what each one gained.
 */
import type { OcrShape } from '../core/codes/ocr-correct';
import { rowsOfWords } from '../core/codes/ocr-correct';
import type { CodeAlphabet } from '../core/sites/schema';
import type { OcrEngine } from './engine';
import type { Box, GrayImage } from './image';
import { resample, stack } from './image-geometry';
import { binarize, removeStrike, sauvola, stretch } from './image-levels';
import { toPgm } from './prepare';

export const CHARSETS: Record<CodeAlphabet, string> = {
  digits: '0123456789',
  'hex-lower': '0123456789abcdef',
  'alnum-lower': '0123456789abcdefghijklmnopqrstuvwxyz',
  'alnum-upper': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

/** One way of presenting the crops to the engine. */
export interface ReadWay {
  name: string;
  /** Height in pixels the code's box (ascenders to descenders) is scaled to. */
  height: number;
  /** What is done to the enlarged crop. */
  filter: 'grey' | 'otsu' | 'sauvola';
}

/** The ways every code is read; chosen by measurement (docs/ocr.md). */
export const READ_WAYS: readonly ReadWay[] = [
  { name: 'grey-48', height: 48, filter: 'grey' },
  { name: 'otsu-48', height: 48, filter: 'otsu' },
  { name: 'grey-34', height: 34, filter: 'grey' },
];

/** What one way read in one crop: the characters (alphabet and `-` only) and their confidences. */
export interface WayReading {
  text: string;
  chars: number[];
  /** Which reading it is (`page` or a way's name), for the bench's trace. */
  way?: string;
  /** Votes this reading counts for (1 unless the recognizer is known to be better; see `bench/ocr/page/paddle.ts`). */
  weight?: number;
}

/** A crop of `img` around `box`, enlarged so the box is `height` pixels high, strike line removed. */
export function cropForReading(
  img: GrayImage,
  box: Box,
  way: ReadWay,
): { image: GrayImage; struck: boolean } {
  const h = Math.max(4, box.y1 - box.y0);
  const padX = h * 0.3;
  const padY = h * 0.25;
  const k = way.height / h;
  const crop = resample(
    img,
    { x0: box.x0 - padX, y0: box.y0 - padY, x1: box.x1 + padX, y1: box.y1 + padY },
    k,
  );
  const clean = removeStrike(stretch(crop));
  let out = clean.image;
  if (way.filter === 'otsu') out = binarize(out);
  if (way.filter === 'sauvola') out = sauvola(out, Math.round(way.height * 1.5), 0.25);
  return { image: out, struck: clean.struck };
}

/**
 * Reads every box one way: the crops stacked in one picture, one engine call.
 * Returns per box what was read in its slot (null: nothing, or more than one
 * line there).
 */
export async function readOneWay(
  img: GrayImage,
  boxes: Box[],
  way: ReadWay,
  shape: OcrShape,
  engine: OcrEngine,
): Promise<{ readings: (WayReading | null)[]; struck: boolean[] }> {
  if (boxes.length === 0) return { readings: [], struck: [] };
  const prepared = boxes.map((b) => cropForReading(img, b, way));
  const crops = prepared.map((p) => p.image);
  const { image, tops } = stack(crops, way.height, Math.round(way.height * 0.8));
  const separators = shape.separator === '-' ? '-' : '';
  const lines = await engine.recognize(toPgm(image), {
    charset: CHARSETS[shape.alphabet] + separators,
    layout: 'block',
  });
  const rows = rowsOfWords(lines, 6);
  const readings = crops.map((c, i): WayReading | null => {
    const top = tops[i]!;
    const inSlot = rows.filter((r) => {
      const ys = r.words.map((w) => (w.bbox.y0 + w.bbox.y1) / 2);
      const mid = ys.reduce((a, b) => a + b, 0) / ys.length;
      return mid >= top && mid < top + c.height;
    });
    if (inSlot.length !== 1) return null;
    let text = '';
    const chars: number[] = [];
    for (const w of inSlot[0]!.words) {
      const glyphs = [...w.text];
      glyphs.forEach((g, k) => {
        if (g === '-' || g === ' ') {
          text += g;
          return;
        }
        text += g;
        chars.push(w.symbols.length === glyphs.length ? w.symbols[k]! : w.confidence);
      });
    }
    return { text, chars, way: way.name };
  });
  return { readings, struck: prepared.map((p) => p.struck) };
}

/** The outcome of the vote over the ways' readings of one crop. */
export interface Vote {
  /** The code's characters without separators, or null when no way read one of the shape. */
  bare: string | null;
  /** Per character: the share of fitting ways that read it (0–1) and the best confidence. */
  agreement: number[];
  confidence: number[];
  /** Ways whose reading had the shape's length. */
  fitting: number;
  /** Every way read the same characters. */
  unanimous: boolean;
}

/** The characters of a reading that count: no separators. */
function bareOf(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/**
 * Takes each character by vote among the readings of the shape's length
 * (ties broken by summed confidence). Readings of another length do not vote
 * but break unanimity.
 */
export function vote(readings: (WayReading | null)[], length: number): Vote {
  const fit = readings.filter(
    (r): r is WayReading => r !== null && bareOf(r.text).length === length,
  );
  if (fit.length === 0) {
    return { bare: null, agreement: [], confidence: [], fitting: 0, unanimous: false };
  }
  let bare = '';
  const agreement: number[] = [];
  const confidence: number[] = [];
  for (let k = 0; k < length; k++) {
    const tally = new Map<string, { n: number; conf: number; best: number }>();
    for (const r of fit) {
      const c = bareOf(r.text)[k]!;
      const conf = r.chars.length === length ? r.chars[k]! : 0;
      const t = tally.get(c) ?? { n: 0, conf: 0, best: 0 };
      t.n += r.weight ?? 1;
      t.conf += conf;
      t.best = Math.max(t.best, conf);
      tally.set(c, t);
    }
    let winner = '';
    let w = { n: 0, conf: -1, best: 0 };
    for (const [c, t] of tally) {
      if (t.n > w.n || (t.n === w.n && t.conf > w.conf)) {
        winner = c;
        w = t;
      }
    }
    bare += winner;
    agreement.push(w.n / fit.reduce((a, r) => a + (r.weight ?? 1), 0));
    confidence.push(w.best);
  }
  const unanimous =
    fit.length === readings.length && agreement.every((a) => a === 1) && fit.length > 0;
  return { bare, agreement, confidence, fitting: fit.length, unanimous };
}

/** A reading of a crop from another recognizer (`src/ocr/` may add one), in the same terms. */
export type CropReader = (
  img: GrayImage,
  boxes: Box[],
  shape: OcrShape,
) => Promise<(WayReading | null)[]>;

/** What the close reading made of one candidate. */
export interface CloseReading {
  vote: Vote;
  /** Every reading taken, the first page reading first when it made a code. */
  readings: (WayReading | null)[];
  /** A strike line was found (and removed) across the crop. */
  struck: boolean;
}

/**
 * Reads every candidate closely. The first way reads them all; a candidate
 * whose reading equals the page's own reading of it is settled, and only the
 * others are read the remaining ways (and by `more`, when given), so a clear
 * screenshot costs one extra engine call. Unanimity over every reading taken
 * is what makes a code sure.
 */
export async function readClosely(
  img: GrayImage,
  candidates: { bbox: Box; first: WayReading | null }[],
  shape: OcrShape,
  engine: OcrEngine,
  options: { ways?: readonly ReadWay[]; more?: CropReader; signal?: AbortSignal } = {},
): Promise<CloseReading[]> {
  const ways = options.ways ?? READ_WAYS;
  const all: (WayReading | null)[][] = candidates.map((c) => (c.first ? [c.first] : []));
  const struck = candidates.map(() => false);
  const [head, ...rest] = ways;
  if (head) {
    const r = await readOneWay(
      img,
      candidates.map((c) => c.bbox),
      head,
      shape,
      engine,
    );
    r.readings.forEach((x, i) => all[i]!.push(x));
    r.struck.forEach((s, i) => (struck[i] = s));
  }
  const open = () =>
    candidates
      .map((_, i) => i)
      .filter((i) => {
        const v = vote(all[i]!, shape.length);
        return !(v.unanimous && v.fitting >= 2);
      });
  let todo = open();
  for (const way of rest) {
    if (todo.length === 0) break;
    if (options.signal?.aborted) break;
    const r = await readOneWay(
      img,
      todo.map((i) => candidates[i]!.bbox),
      way,
      shape,
      engine,
    );
    r.readings.forEach((x, k) => all[todo[k]!]!.push(x));
  }
  todo = open();
  if (options.more && todo.length > 0 && !options.signal?.aborted) {
    const r = await options.more(
      img,
      todo.map((i) => candidates[i]!.bbox),
      shape,
    );
    r.forEach((x, k) => all[todo[k]!]!.push(x));
  }
  return candidates.map((_, i) => ({
    vote: vote(all[i]!, shape.length),
    readings: all[i]!,
    struck: struck[i]!,
  }));
}
