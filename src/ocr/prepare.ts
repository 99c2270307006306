/**
 * Turns a picked, dropped or pasted image into what the engine reads: checks
 * that it is an image Backstop takes (PNG, JPEG, WebP, within the limits of
 * `IMAGE_LIMITS`), decodes it with the browser's own decoder, scales it so text
 * has the size the engine reads best, and makes it dark-on-light grey (dark
 * mode screenshots are inverted). Runs in the manager page; nothing of the
 * image is stored anywhere.
 */
import { BackstopError } from '../core/errors';
import { flattenSheet, warpQuad, type Quad } from './sheet';

export const IMAGE_LIMITS = {
  /** Larger files are refused before decoding (a 12 MP photo as JPEG is 3–8 MB). */
  maxBytes: 25 * 1024 * 1024,
  /** Larger pictures are refused: 40 megapixels decode to 160 MB. */
  maxPixels: 40_000_000,
  /** Pictures are scaled down so their longer side is at most this many pixels before reading. */
  maxSide: 2600,
  /**
   * Pictures smaller than this are enlarged (at most 3×). 0: never. Measured
   * on the corpus (docs/ocr.md): enlarging DPR-1 screenshots towards 2000 px
   * made the reader 3× slower and no more accurate, so it is off.
   */
  minSide: 0,
} as const;

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** The image as the engine will read it. */
export interface PreparedImage {
  width: number;
  height: number;
  /** One byte of luminance per pixel, text dark on light. */
  gray: Uint8Array;
  /** The same picture in colour at the same size, for the crops shown to the person. */
  color: OffscreenCanvas | HTMLCanvasElement;
  /** Prepared pixels per pixel of the original picture. */
  scale: number;
  /** The picture was white-on-dark and has been inverted. */
  inverted: boolean;
  /**
   * A photo of a tilted or keystoned sheet: where the sheet was (corners in the
   * scaled picture's pixels). `gray` and `color` are then the sheet warped
   * upright, its light flattened (`flattenSheet` in `sheet.ts`).
   */
  sheet?: Quad;
}

function sniffType(head: Uint8Array): (typeof IMAGE_TYPES)[number] | null {
  const at = (i: number) => head[i] ?? -1;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return 'image/png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (
    at(0) === 0x52 &&
    at(1) === 0x49 &&
    at(2) === 0x46 &&
    at(3) === 0x46 &&
    at(8) === 0x57 &&
    at(9) === 0x45 &&
    at(10) === 0x42 &&
    at(11) === 0x50
  ) {
    return 'image/webp';
  }
  return null;
}

/** Reads the first bytes of a file to tell what it really is (the name and the browser's type can lie). */
export async function imageTypeOf(file: Blob): Promise<(typeof IMAGE_TYPES)[number] | null> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return sniffType(head);
}

/** True when a file should go to the image reader rather than the text parser. */
export function looksLikeImage(file: Blob & { name?: string }): boolean {
  return (
    file.type.startsWith('image/') ||
    /\.(png|jpe?g|webp|gif|bmp|heic|heif|avif)$/i.test(file.name ?? '')
  );
}

/** An `image-error` whose `detail` names the UI message (`errImage…` in messages.json) and its values. */
function imageError(key: string, message: string, ...subs: (string | number)[]): BackstopError {
  return new BackstopError('image-error', message, { key, subs });
}

function canvas(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

function context2d(c: OffscreenCanvas | HTMLCanvasElement) {
  const ctx = c.getContext('2d', { willReadFrequently: true }) as
    OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw imageError('errImageDamaged', 'This browser cannot draw the picture.');
  return ctx;
}

/** The scale that brings the longer side into [minSide, maxSide], enlarging at most 3×. */
export function fitScale(
  width: number,
  height: number,
  limits: { minSide: number; maxSide: number } = IMAGE_LIMITS,
): number {
  const side = Math.max(width, height);
  if (side > limits.maxSide) return limits.maxSide / side;
  if (side < limits.minSide) return Math.min(3, limits.minSide / side);
  return 1;
}

/**
 * Decodes and prepares an image. Throws a `BackstopError` with code
 * `image-error` and a message for the person on anything it will not read.
 */
export async function prepareImage(file: Blob): Promise<PreparedImage> {
  if (file.size === 0) throw imageError('errImageEmpty', 'The file is empty.');
  if (file.size > IMAGE_LIMITS.maxBytes) {
    const mb = Math.ceil(file.size / 1024 / 1024);
    const max = IMAGE_LIMITS.maxBytes / 1024 / 1024;
    throw imageError(
      'errImageTooLarge',
      `The picture is ${mb} MB; the limit is ${max} MB.`,
      mb,
      max,
    );
  }
  const type = await imageTypeOf(file);
  if (!type) throw imageError('errImageType', 'This is not a PNG, JPEG or WebP picture.');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw imageError('errImageDamaged', 'The picture is damaged and cannot be opened.');
  }
  try {
    const { width: w0, height: h0 } = bitmap;
    if (w0 < 8 || h0 < 8) throw imageError('errImageTooSmall', 'The picture is too small to read.');
    if (w0 * h0 > IMAGE_LIMITS.maxPixels) {
      const mp = Math.round((w0 * h0) / 1e6);
      const max = IMAGE_LIMITS.maxPixels / 1e6;
      throw imageError(
        'errImageTooManyPixels',
        `The picture is ${mp} megapixels; Backstop reads pictures up to ${max} megapixels.`,
        mp,
        max,
      );
    }
    const scale = fitScale(w0, h0);
    const width = Math.max(1, Math.round(w0 * scale));
    const height = Math.max(1, Math.round(h0 * scale));
    const color = canvas(width, height);
    const ctx = context2d(color);
    ctx.imageSmoothingQuality = 'high';
    // Transparent screenshots: compose on white, as the person saw them.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const { gray, inverted } = toGray(rgba, width * height);
    const flat = inverted ? null : flattenSheet({ width, height, gray });
    if (flat) {
      // The colour copy (the crops shown to the person) is warped alike, so boxes match.
      const { image, quad } = flat;
      const sheetColor = canvas(image.width, image.height);
      const pixels = warpQuad({ width, height, data: rgba }, 4, quad, image.width, image.height);
      context2d(sheetColor).putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
      return { ...image, color: sheetColor, scale, inverted, sheet: quad };
    }
    return { width, height, gray, color, scale, inverted };
  } finally {
    bitmap.close();
  }
}

/** Luminance (Rec. 601), inverted when most of the picture is dark (dark mode). */
export function toGray(
  rgba: Uint8ClampedArray,
  pixels: number,
): { gray: Uint8Array; inverted: boolean } {
  const gray = new Uint8Array(pixels);
  let sum = 0;
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    const y = (rgba[j]! * 299 + rgba[j + 1]! * 587 + rgba[j + 2]! * 114) / 1000;
    gray[i] = y;
    sum += y;
  }
  const inverted = sum / pixels < 110;
  if (inverted) for (let i = 0; i < pixels; i++) gray[i] = 255 - gray[i]!;
  return { gray, inverted };
}

/** A binary PGM (P5) of the grey image: the engine decodes it without a PNG round trip. */
export function toPgm(img: Pick<PreparedImage, 'width' | 'height' | 'gray'>): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.gray.length);
  out.set(header, 0);
  out.set(img.gray, header.length);
  return out;
}
