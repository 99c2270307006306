/**
 * Grey pictures (one byte per pixel, text dark on light) and the pure
 * operations that give the engine each code the way it reads best, in three
 * files: this one (the picture and its boxes), `image-geometry.ts` (cut out,
 * enlarge with a sharp filter, straighten, stack, widen a box) and
 * `image-levels.ts` (ink from paper: thresholds two ways, contrast, light,
 * the strike line of a used code). A photographed sheet is warped upright
 * and its light flattened in `sheet.ts` (which uses `flattenLight`);
 * `skewAngle`/`rotate` are tested but not in the pipeline: on a photo they
 * measure the desk, not the text (docs/ocr.md, "Photos of a sheet"). No DOM,
 * no engine: `src/ocr/image.test.ts` draws pixels and checks each one.
 */

export interface GrayImage {
  width: number;
  height: number;
  gray: Uint8Array;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function blank(width: number, height: number, value = 255): GrayImage {
  return { width, height, gray: new Uint8Array(width * height).fill(value) };
}

/** `v` kept within `lo`–`hi` (a grey level within 0–255, a tile index within the grid). */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
