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
  findCandidates,
  inferShape,
  lookAlikeAt,
  rowsOfWords,
  ocrShapeOf,
  type CodeCandidate,
  type OcrShape,
  type OcrCode,
  type UnsureReason,
} from '../core/codes/ocr-correct';
import { shapeOfSite } from '../core/codes/shape';
import type { SiteRule } from '../core/sites/schema';
import type { OcrBox, OcrEngine } from './engine';
import { glyphDoubts } from './glyphs';
import { settleLookAlikes } from './heights';
import { extendBox } from './image-geometry';
import { levelsIn } from './image-levels';
import { prepareImage, toPgm, type PreparedImage } from './prepare';
import { readClosely, type CloseReading, type CropReader, type WayReading } from './reread';

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
  shape: OcrShape | null;
  shapeFrom: 'site' | 'picture' | null;
  /**
   * Places laid out like a code that no close reading could read as one: shown
   * to the person with their crop, never counted or saved as codes unless the
   * person types them in.
   */
  doubtful: DoubtfulLine[];
  /** Lines of text the engine saw (0: a blank picture or no text at all). */
  lines: number;
  /** The picture was a photo of a sheet, read warped upright (`sheet.ts`). */
  sheet?: boolean;
  width: number;
  height: number;
}

export interface DoubtfulLine {
  /** What the closest reading saw there (not a code of the shape). */
  text: string;
  bbox: OcrBox;
  crop: string | null;
}

export interface ReadOptions {
  engine: OcrEngine;
  /** The site the Website field names, when the registry knows it. */
  site: SiteRule | null;
  crops: boolean;
  signal?: AbortSignal;
  onStage?: (stage: 'prepare' | 'recognize' | 'check') => void;
  /** A second recognizer for the crops the engine's readings disagree on. */
  more?: CropReader;
  /**
   * Called once per candidate with every reading taken of it: how the bench
   * (`--trace`) shows why a code came out as it did. Nothing depends on it.
   */
  onTrace?: (trace: CandidateTrace) => void;
}

/** What the pipeline saw of one candidate, for the bench's `--trace`. */
export interface CandidateTrace {
  /** What the page reading saw there. */
  read: string;
  readings: (WayReading | null)[];
  /** The code made of it (null: it went to `doubtful`). */
  code: OcrCode | null;
  /** What `settleLookAlikes` measured of its look-alikes, or why it measured nothing (`--trace-json`). */
  seen?: string[];
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
  const { lo, hi } = levelsIn(img, x0, y0, x1, y1);
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

/** The first (page) reading of a candidate as one vote, when it made a code of the shape. */
function firstVote(c: CodeCandidate, shape: OcrShape): WayReading | null {
  if (!c.first || c.first.reasons.includes('shape')) return null;
  const bare = c.first.value.replace(/[\s-]/g, '');
  if (bare.length !== shape.length) return null;
  return { text: bare, chars: c.first.chars ?? [], way: 'page' };
}

/** A candidate read shorter than its shape, its box widened over the ink that continues it. */
function grown(img: PreparedImage, c: CodeCandidate, shape: OcrShape): CodeCandidate {
  if (c.first || c.read.replace(/[^0-9A-Za-z]/g, '').length >= shape.length) return c;
  return { ...c, bbox: extendBox(img, c.bbox) };
}

/** A code from the close reading of a candidate, or null when it read no code of the shape. */
function codeOf(c: CodeCandidate, r: CloseReading, shape: OcrShape): OcrCode | null {
  if (!r.vote.bare) {
    // No close reading fits; the page's own reading may (a crop the engine could not read).
    if (!c.first || c.first.reasons.includes('shape')) return null;
    const doubtAt = lookAlikeAt(c.first.value.replace(/[\s-]/g, ''), shape.alphabet);
    const reasons: UnsureReason[] = [...c.first.reasons, 'confidence'];
    if (doubtAt.length > 0) reasons.push('look-alike');
    return {
      ...c.first,
      unsure: true,
      reasons: [...new Set(reasons)],
      ...(doubtAt.length ? { doubtAt } : {}),
    };
  }
  const agreed = r.vote.unanimous && r.vote.fitting >= 2;
  // Readings agree on look-alikes even when wrong: those are the person's to check.
  const doubtAt = lookAlikeAt(r.vote.bare, shape.alphabet);
  const confidence = Math.min(...r.vote.confidence);
  const reasons: UnsureReason[] = [];
  if (!agreed) reasons.push('confidence');
  if (doubtAt.length > 0) reasons.push('look-alike');
  return {
    value: displayCode(r.vote.bare, shape),
    read: c.read,
    corrected: 0,
    unsure: reasons.length > 0,
    reasons,
    bbox: c.bbox,
    confidence: Number.isFinite(confidence) ? confidence : 0,
    chars: r.vote.confidence,
    line: c.line,
    context: c.context,
    ...(doubtAt.length ? { doubtAt } : {}),
  };
}

/** Reads the backup codes in a picture. Throws `image-error` with a message for the person. */
export async function readImage(file: Blob, opts: ReadOptions): Promise<ImageReading> {
  opts.onStage?.('prepare');
  const img = await prepareImage(file);
  checkAbort(opts.signal);
  return readPrepared(img, opts);
}

/** The pipeline after decoding: also what the bench runs on pictures it prepared itself. */
export async function readPrepared(img: PreparedImage, opts: ReadOptions): Promise<ImageReading> {
  opts.onStage?.('recognize');
  const lines = rowsOfWords(await opts.engine.recognize(toPgm(img)));
  checkAbort(opts.signal);
  opts.onStage?.('check');
  let shape = ocrShapeOf(opts.site ? shapeOfSite(opts.site) : null);
  let shapeFrom: ImageReading['shapeFrom'] = shape ? 'site' : null;
  if (!shape) {
    shape = inferShape(lines);
    if (shape) shapeFrom = 'picture';
  }
  const candidates = shape ? findCandidates(lines, shape).map((c) => grown(img, c, shape!)) : [];
  const close = shape
    ? await readClosely(
        img,
        candidates.map((c) => ({ bbox: c.bbox, first: firstVote(c, shape!) })),
        shape,
        opts.engine,
        { signal: opts.signal, ...(opts.more ? { more: opts.more } : {}) },
      )
    : [];
  checkAbort(opts.signal);
  const found: { code: OcrCode; struck: boolean; trace: CandidateTrace }[] = [];
  const doubtful: DoubtfulLine[] = [];
  candidates.forEach((c, i) => {
    const r = close[i]!;
    const code = codeOf(c, r, shape!);
    const trace: CandidateTrace = { read: c.read, readings: r.readings, code };
    opts.onTrace?.(trace);
    if (code) found.push({ code, struck: r.struck, trace });
    else {
      const best = r.readings.find((x) => x && x.text) ?? null;
      doubtful.push({
        text: best?.text ?? c.read,
        bbox: c.bbox,
        crop: opts.crops ? cropOf(img, c.bbox) : null,
      });
    }
  });
  // Look-alikes told apart by where their ink reaches (src/ocr/heights.ts):
  // only where the picture rules out every other member of the class.
  const settled = found.length
    ? settleLookAlikes(
        img,
        found.map(({ code, struck }) => ({
          bbox: code.bbox,
          display: code.value,
          struck: struck || isStruckThrough(img, code.bbox),
        })),
        shape!.alphabet,
      )
    : [];
  found.forEach((f, i) => {
    const s = settled[i]!;
    if (s.seen) f.trace.seen = s.seen;
    if (s.settled.length === 0) return;
    const before = f.code.value.replace(/[\s-]/g, '');
    const changed = [...s.bare].filter((ch, k) => ch !== before[k]).length;
    const doubtAt = (f.code.doubtAt ?? []).filter((k) => !s.settled.includes(k));
    const reasons = f.code.reasons.filter((r) => r !== 'look-alike' || doubtAt.length > 0);
    const { doubtAt: _, ...rest } = f.code;
    f.code = {
      ...rest,
      value: displayCode(s.bare, shape!),
      corrected: f.code.corrected + changed,
      unsure: reasons.length > 0,
      reasons,
      ...(doubtAt.length ? { doubtAt } : {}),
    };
    f.trace.code = f.code;
  });
  // Glyphs of one picture share one font: a character drawn like another read
  // elsewhere in the picture is the person's to check (src/ocr/glyphs.ts).
  const glyphs = glyphDoubts(
    img,
    found.map(({ code }) => ({ bbox: code.bbox, display: code.value })),
  );
  found.forEach((f, i) => {
    const at = glyphs[i]!;
    if (at.length === 0) return;
    const doubtAt = [...new Set([...(f.code.doubtAt ?? []), ...at])].sort((a, b) => a - b);
    const reasons: UnsureReason[] = [...new Set<UnsureReason>([...f.code.reasons, 'look-alike'])];
    f.code = { ...f.code, unsure: true, reasons, doubtAt };
    f.trace.code = f.code;
  });
  const marks = found.map(({ code: c, struck }): ImageCode['usedMark'] => {
    if (struck || isStruckThrough(img, c.bbox)) return 'strike';
    if (hasTickedBox(img, c.bbox)) return 'tick';
    if (USED_WORDS.test(c.context)) return /[✓✔☑]/u.test(c.context) ? 'tick' : 'text';
    return null;
  });
  // Marks seen in the pixels on more than half the codes are more likely the
  // picture (a photo's shadows, a skewed page) than the person's pen: drop
  // them; the person can still tick "Used" (docs/ocr.md). Words stay.
  const drawn = marks.filter((m) => m === 'strike' || m === 'tick').length;
  const trustDrawn = drawn * 2 <= found.length;
  const codes: ImageCode[] = found.map(({ code: c }, i) => {
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
    doubtful,
    text,
    shape,
    shapeFrom,
    lines: lines.length,
    ...(img.sheet ? { sheet: true } : {}),
    width: img.width,
    height: img.height,
  };
}
