/**
 * The image reading pipeline, one path from a picture to the text the code
 * parser reads: prepare (decode, scale, grey) → recognize (engine worker) →
 * find codes of the site's shape (`core/codes/ocr-correct.ts`) → used marks
 * seen in the picture (struck through, ticked, "used") → a crop of each code.
 *
 * The result's `text` goes through `parseCodes` like pasted text; nothing is
 * saved from here.
 */
import {
  displayCode,
  findCodes,
  inferShape,
  rowsOfWords,
  shapeOfFormat,
  type CodeShape,
  type OcrCode,
  type UnsureReason,
} from '../core/codes/ocr-correct';
import type { SiteRule } from '../core/sites/schema';
import type { CodeAlphabet } from '../core/sites/schema';
import type { OcrBox, OcrEngine } from './engine';
import { prepareImage, toPgm, type PreparedImage } from './prepare';

export interface ImageCode extends OcrCode {
  used: boolean;
  /** How the picture marks it used, when it does. */
  usedMark: 'strike' | 'tick' | 'text' | null;
  /** The part of the picture the code was read from (a PNG data URL), when crops were asked for. */
  crop: string | null;
}

export interface ImageReading {
  codes: ImageCode[];
  /** One code per line, `(used)` after spent ones: what goes to the parser and the text box. */
  text: string;
  /** The shape the codes were read with, and where it came from. */
  shape: CodeShape | null;
  shapeFrom: 'site' | 'picture' | null;
  /** Lines of text the engine saw (0: a blank picture or no text at all). */
  lines: number;
  width: number;
  height: number;
}

export interface ReadOptions {
  engine: OcrEngine;
  /** The site the Website field names, when the registry knows it. */
  site: SiteRule | null;
  crops: boolean;
  signal?: AbortSignal;
  onStage?: (stage: 'prepare' | 'recognize' | 'check') => void;
}

function checkAbort(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new DOMException('Reading was cancelled.', 'AbortError');
}

const USED_WORDS =
  /\b(used|benutzt|verwendet|utilis[ée]|usad[oa]|utilizzat[oa]|gebruikt|u[żz]yt[ya]|использован)\b|[✓✔☑✗✘]/iu;

interface GrayImage {
  gray: Uint8Array;
  width: number;
  height: number;
}

/** Halfway between the darkest and the lightest pixel in the box: what counts as ink there. */
function inkLevel(img: GrayImage, x0: number, y0: number, x1: number, y1: number): number | null {
  let lo = 255;
  let hi = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = img.gray[y * img.width + x]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi - lo < 40 ? null : (lo + hi) / 2;
}

function clampBox(img: GrayImage, b: OcrBox) {
  return {
    x0: Math.max(0, Math.floor(b.x0)),
    x1: Math.min(img.width - 1, Math.ceil(b.x1)),
    y0: Math.max(0, Math.floor(b.y0)),
    y1: Math.min(img.height - 1, Math.ceil(b.y1)),
  };
}

/**
 * A line through the middle of the code: some row in the middle band of its
 * box is one unbroken run of ink over most of the code's width. Glyph rows are
 * broken between the characters; a strike-through is not.
 */
export function isStruckThrough(img: GrayImage, box: OcrBox): boolean {
  const { x0, x1, y0, y1 } = clampBox(img, box);
  const h = y1 - y0;
  const w = x1 - x0;
  if (h < 4 || w < 8) return false;
  const ink = inkLevel(img, x0, y0, x1, y1);
  if (ink === null) return false;
  const gapAllowed = Math.max(1, Math.round(h * 0.06));
  for (let y = y0 + Math.floor(h * 0.25); y <= y0 + Math.ceil(h * 0.8); y++) {
    let best = 0;
    let run = 0;
    let gap = 0;
    for (let x = x0; x <= x1; x++) {
      if (img.gray[y * img.width + x]! < ink) {
        run += gap + 1;
        gap = 0;
      } else if (run > 0 && gap < gapAllowed) {
        gap++;
      } else {
        run = 0;
        gap = 0;
      }
      if (run > best) best = run;
    }
    if (best >= w * 0.6) return true;
  }
  return false;
}

/**
 * A ticked box to the left of the code (Google's printable sheet, a checklist
 * the person ticked): two vertical edges about a line height apart within a
 * few line heights of the code, with ink inside them. An empty box is not a
 * used mark.
 */
export function hasTickedBox(img: GrayImage, box: OcrBox): boolean {
  const code = clampBox(img, box);
  const h = code.y1 - code.y0;
  if (h < 6) return false;
  const ink = inkLevel(img, code.x0, code.y0, code.x1, code.y1);
  if (ink === null) return false;
  const yc = (code.y0 + code.y1) / 2;
  const top = Math.max(0, Math.floor(yc - 0.9 * h));
  const bottom = Math.min(img.height - 1, Math.ceil(yc + 0.9 * h));
  const left = Math.max(0, Math.floor(code.x0 - 6 * h));
  const dark = (x: number, y: number) => img.gray[y * img.width + x]! < ink;
  // Columns holding a vertical stroke at least 60% of the text height.
  const edges: number[] = [];
  for (let x = code.x0 - 1; x >= left; x--) {
    let run = 0;
    let best = 0;
    for (let y = top; y <= bottom; y++) {
      run = dark(x, y) ? run + 1 : 0;
      if (run > best) best = run;
    }
    if (best >= 0.6 * h) edges.push(x);
  }
  // The nearest pair of edge clusters whose distance makes a square of about the text height.
  const clusters: { x0: number; x1: number }[] = [];
  for (const x of edges) {
    const last = clusters[clusters.length - 1];
    if (last && last.x0 - x <= 2) last.x0 = x;
    else clusters.push({ x0: x, x1: x });
  }
  for (let k = 0; k + 1 < clusters.length; k++) {
    const right = clusters[k]!;
    const leftEdge = clusters[k + 1]!;
    const width = right.x0 - leftEdge.x1;
    if (width < 0.5 * h || width > 1.8 * h) continue;
    const ix0 = leftEdge.x1 + Math.ceil(width * 0.3);
    const ix1 = right.x0 - Math.ceil(width * 0.3);
    const iy0 = Math.floor(yc - width * 0.2);
    const iy1 = Math.ceil(yc + width * 0.2);
    let inkInside = 0;
    let all = 0;
    for (let y = Math.max(top, iy0); y <= Math.min(bottom, iy1); y++) {
      for (let x = ix0; x <= ix1; x++) {
        all++;
        if (dark(x, y)) inkInside++;
      }
    }
    return all > 0 && inkInside / all > 0.1;
  }
  return false;
}

function cropOf(img: PreparedImage, b: OcrBox): string {
  const pad = Math.max(4, Math.round((b.y1 - b.y0) * 0.4));
  const x0 = Math.max(0, Math.floor(b.x0 - pad));
  const y0 = Math.max(0, Math.floor(b.y0 - pad));
  const x1 = Math.min(img.width, Math.ceil(b.x1 + pad));
  const y1 = Math.min(img.height, Math.ceil(b.y1 + pad));
  const c = document.createElement('canvas');
  c.width = x1 - x0;
  c.height = y1 - y0;
  const ctx = c.getContext('2d');
  if (!ctx) return '';
  ctx.drawImage(img.color as CanvasImageSource, x0, y0, c.width, c.height, 0, 0, c.width, c.height);
  return c.toDataURL('image/png');
}

const CHARSETS: Record<CodeAlphabet, string> = {
  digits: '0123456789',
  'hex-lower': '0123456789abcdef',
  'alnum-lower': '0123456789abcdefghijklmnopqrstuvwxyz',
  'alnum-upper': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

/** Height in pixels each code crop is scaled to for the second reading. */
const SLOT_TEXT_HEIGHT = 44;

/**
 * The second reading: every code found in the first one is cut out, scaled to
 * one text height and stacked into a small picture, which the engine reads
 * again allowed only the characters of the code's alphabet. A `€` or an `h`
 * can then not be read in a hex code; the engine picks the likeliest allowed
 * character instead. Returns, per code, what the second reading made of it.
 */
async function rereadCodes(
  img: PreparedImage,
  codes: OcrCode[],
  shape: CodeShape,
  engine: OcrEngine,
): Promise<(OcrCode | null)[]> {
  if (codes.length === 0) return [];
  const slots = codes.map((c) => {
    const h = Math.max(4, c.bbox.y1 - c.bbox.y0);
    const pad = h * 0.35;
    const x0 = Math.max(0, Math.floor(c.bbox.x0 - pad));
    const y0 = Math.max(0, Math.floor(c.bbox.y0 - pad));
    const x1 = Math.min(img.width, Math.ceil(c.bbox.x1 + pad));
    const y1 = Math.min(img.height, Math.ceil(c.bbox.y1 + pad));
    const k = SLOT_TEXT_HEIGHT / h;
    return { x0, y0, x1, y1, k, w: Math.round((x1 - x0) * k), h: Math.round((y1 - y0) * k) };
  });
  const margin = SLOT_TEXT_HEIGHT;
  const width = Math.max(...slots.map((s) => s.w)) + 2 * margin;
  const tops: number[] = [];
  let height = margin;
  for (const s of slots) {
    tops.push(height);
    height += s.h + SLOT_TEXT_HEIGHT;
  }
  height += margin - SLOT_TEXT_HEIGHT;
  const gray = new Uint8Array(width * height).fill(255);
  slots.forEach((s, i) => {
    // Bilinear resampling of the grey crop into its slot.
    for (let y = 0; y < s.h; y++) {
      const sy = s.y0 + y / s.k;
      const fy = Math.min(img.height - 1, Math.floor(sy));
      const cy = Math.min(img.height - 1, fy + 1);
      const ty = sy - fy;
      for (let x = 0; x < s.w; x++) {
        const sx = s.x0 + x / s.k;
        const fx = Math.min(img.width - 1, Math.floor(sx));
        const cx = Math.min(img.width - 1, fx + 1);
        const tx = sx - fx;
        const a = img.gray[fy * img.width + fx]!;
        const b = img.gray[fy * img.width + cx]!;
        const c = img.gray[cy * img.width + fx]!;
        const d = img.gray[cy * img.width + cx]!;
        const v = (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
        gray[(tops[i]! + y) * width + margin + x] = v;
      }
    }
  });
  const separators = shape.separator === '-' ? '-' : '';
  const lines = await engine.recognize(toPgm({ width, height, gray }), {
    charset: CHARSETS[shape.alphabet] + separators,
    layout: 'block',
  });
  const rows = rowsOfWords(lines, 6);
  return slots.map((s, i) => {
    const top = tops[i]!;
    const inSlot = rows.filter((r) => {
      const ys = r.words.map((w) => (w.bbox.y0 + w.bbox.y1) / 2);
      const mid = ys.reduce((a, b) => a + b, 0) / ys.length;
      return mid >= top && mid < top + s.h;
    });
    if (inSlot.length !== 1) return null;
    const found = findCodes(inSlot, shape);
    return found.length === 1 ? found[0]! : null;
  });
}

/**
 * First and second reading together. Where both give every character's
 * confidence, each character is taken from the reading that was surer of it;
 * otherwise the second reading (alphabet-restricted) wins when it fits the
 * shape. Any disagreement between the two marks the code unsure.
 */
export function reconcile(
  first: OcrCode,
  second: OcrCode | null,
  shape: CodeShape,
  minConfidence = 60,
): OcrCode {
  if (!second || second.reasons.includes('shape')) return first;
  if (first.reasons.includes('shape'))
    return { ...second, line: first.line, context: first.context, bbox: first.bbox };
  const a = first.value.replace(/[\s-]/g, '');
  const b = second.value.replace(/[\s-]/g, '');
  const agree = a === b;
  let bare = b;
  let chars = second.chars;
  if (!agree && first.chars && second.chars && a.length === b.length) {
    bare = '';
    chars = [];
    for (let k = 0; k < a.length; k++) {
      const useFirst = first.chars[k]! > second.chars[k]!;
      bare += useFirst ? a[k] : b[k];
      chars.push(useFirst ? first.chars[k]! : second.chars[k]!);
    }
  }
  const confidence = agree
    ? Math.max(first.confidence, second.confidence)
    : Math.min(...(chars ?? [second.confidence]));
  const reasons: UnsureReason[] = first.reasons.filter((r) => r === 'regrouped');
  if (!agree || confidence < minConfidence) reasons.push('confidence');
  return {
    ...first,
    value: displayCode(bare, shape),
    corrected: Math.max(first.corrected, second.corrected),
    confidence,
    chars,
    unsure: reasons.length > 0,
    reasons,
  };
}

/** Reads the backup codes in a picture. Throws `image-error` with a message for the person. */
export async function readImage(file: Blob, opts: ReadOptions): Promise<ImageReading> {
  opts.onStage?.('prepare');
  const img = await prepareImage(file);
  checkAbort(opts.signal);
  opts.onStage?.('recognize');
  const lines = rowsOfWords(await opts.engine.recognize(toPgm(img)));
  checkAbort(opts.signal);
  opts.onStage?.('check');
  let shape = shapeOfFormat(opts.site?.format);
  let shapeFrom: ImageReading['shapeFrom'] = shape ? 'site' : null;
  if (!shape) {
    shape = inferShape(lines);
    if (shape) shapeFrom = 'picture';
  }
  const first = shape ? findCodes(lines, shape) : [];
  const second = shape ? await rereadCodes(img, first, shape, opts.engine) : [];
  checkAbort(opts.signal);
  const found = first.map((c, i) => reconcile(c, second[i] ?? null, shape!));
  const marks = found.map((c): ImageCode['usedMark'] => {
    if (isStruckThrough(img, c.bbox)) return 'strike';
    if (hasTickedBox(img, c.bbox)) return 'tick';
    if (USED_WORDS.test(c.context)) return /[✓✔☑]/u.test(c.context) ? 'tick' : 'text';
    return null;
  });
  // Marks seen in the pixels on more than half the codes are more likely the
  // picture (a photo's shadows, a skewed page) than the person's pen: drop
  // them; the person can still tick "Used" (docs/ocr.md). Words stay.
  const drawn = marks.filter((m) => m === 'strike' || m === 'tick').length;
  const trustDrawn = drawn * 2 <= found.length;
  const codes: ImageCode[] = found.map((c, i) => {
    const mark = marks[i] ?? null;
    const usedMark = mark === 'text' || trustDrawn ? mark : null;
    return {
      ...c,
      used: usedMark !== null,
      usedMark,
      crop: opts.crops ? cropOf(img, c.bbox) : null,
    };
  });
  const text = codes.map((c) => (c.used ? `${c.value} (used)` : c.value)).join('\n');
  return {
    codes,
    text,
    shape,
    shapeFrom,
    lines: lines.length,
    width: img.width,
    height: img.height,
  };
}
