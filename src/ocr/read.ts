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
  findCodes,
  inferShape,
  shapeOfFormat,
  type CodeShape,
  type OcrCode,
} from '../core/codes/ocr-correct';
import type { SiteRule } from '../core/sites/schema';
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

/**
 * A horizontal line through the middle of the code's box, longer than any
 * glyph row: a strike-through. Looks at rows in the middle band of the box and
 * asks whether one is dark across nearly its whole width.
 */
export function isStruckThrough(
  img: Pick<PreparedImage, 'gray' | 'width' | 'height'>,
  b: OcrBox,
): boolean {
  const x0 = Math.max(0, Math.floor(b.x0));
  const x1 = Math.min(img.width - 1, Math.ceil(b.x1));
  const y0 = Math.max(0, Math.floor(b.y0));
  const y1 = Math.min(img.height - 1, Math.ceil(b.y1));
  const h = y1 - y0;
  const w = x1 - x0;
  if (h < 4 || w < 8) return false;
  // Ink threshold: halfway between the darkest and the lightest pixel in the box.
  let lo = 255;
  let hi = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = img.gray[y * img.width + x]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi - lo < 40) return false;
  const ink = (lo + hi) / 2;
  for (let y = y0 + Math.floor(h * 0.3); y <= y0 + Math.ceil(h * 0.75); y++) {
    let dark = 0;
    for (let x = x0; x <= x1; x++) if (img.gray[y * img.width + x]! < ink) dark++;
    if (dark / (w + 1) > 0.85) return true;
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

/** Reads the backup codes in a picture. Throws `image-error` with a message for the person. */
export async function readImage(file: Blob, opts: ReadOptions): Promise<ImageReading> {
  opts.onStage?.('prepare');
  const img = await prepareImage(file);
  checkAbort(opts.signal);
  opts.onStage?.('recognize');
  const lines = await opts.engine.recognize(toPgm(img));
  checkAbort(opts.signal);
  opts.onStage?.('check');
  let shape = shapeOfFormat(opts.site?.format);
  let shapeFrom: ImageReading['shapeFrom'] = shape ? 'site' : null;
  if (!shape) {
    shape = inferShape(lines);
    if (shape) shapeFrom = 'picture';
  }
  const found = shape ? findCodes(lines, shape) : [];
  const codes: ImageCode[] = found.map((c) => {
    let usedMark: ImageCode['usedMark'] = null;
    if (isStruckThrough(img, c.bbox)) usedMark = 'strike';
    else if (USED_WORDS.test(c.context)) usedMark = /[✓✔☑]/u.test(c.context) ? 'tick' : 'text';
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
