/**
 * One picture, one font: every `0` in a screenshot is drawn from the same
 * glyph, and so is every `e`. tesseract reads a small `0` as `e` (or `9` as
 * `d`, `8` as `d`) in one code and right in the next, agreeing with itself
 * in every way of reading (docs/ocr.md, "Glyphs compared within the
 * picture"). So each character of each code is cut out and compared with
 * the other characters of the picture: a glyph that looks more like the
 * glyphs read as another character than like any read as its own is a
 * character to check. The picture decides, not the recognizer's guess.
 *
 * It only adds doubt, never changes a character. Codes whose glyphs cannot
 * be told apart by columns of paper (letters touching, noise) are left out
 * of the comparison, not doubted. Pure: no DOM, no engine.
 */
import { clamp, type Box, type GrayImage } from './image';
import { levelsIn } from './image-levels';

/** A code as the comparison needs it: where it is and what was read, separators included. */
export interface GlyphCode {
  bbox: Box;
  /** As displayed (`abcd-ef01`): separators take a glyph's place, spaces do not. */
  display: string;
}

/** Sample grid of one glyph: enough to tell `0` from `e` at 15 px, cheap for hundreds. */
const GRID_W = 10;
const GRID_H = 16;

/**
 * How much nearer a glyph of another character must be than the nearest of
 * its own before the character is doubted (correlation, 0–1). Measured on the
 * bench: see docs/ocr.md.
 */
export const GLYPH_MARGIN = 0.02;

/** Columns of the box holding ink, grouped into runs: one run a glyph in a monospace code. */
export function glyphRuns(
  img: GrayImage,
  box: Box,
): { runs: [number, number][]; lo: number; hi: number } {
  const x0 = clamp(Math.floor(box.x0) - 1, 0, img.width - 1);
  const x1 = clamp(Math.ceil(box.x1) + 1, 0, img.width - 1);
  const y0 = clamp(Math.floor(box.y0), 0, img.height - 1);
  const y1 = clamp(Math.ceil(box.y1), 0, img.height - 1);
  const { lo, hi } = levelsIn(img, x0, y0, x1, y1);
  const runs: [number, number][] = [];
  if (hi - lo < 40) return { runs, lo, hi };
  const ink = (lo + hi) / 2;
  let start = -1;
  for (let x = x0; x <= x1 + 1; x++) {
    let dark = false;
    if (x <= x1) {
      for (let y = y0; y <= y1 && !dark; y++) dark = img.gray[y * img.width + x]! < ink;
    }
    if (dark && start < 0) start = x;
    if (!dark && start >= 0) {
      runs.push([start, x - 1]);
      start = -1;
    }
  }
  return { runs, lo, hi };
}

/**
 * The glyph in columns `run`, centred on its ink, in the frame `top`–`top+height`
 * shared by the picture's codes (so `e` and `0` keep their different heights),
 * as a zero-mean unit vector.
 */
function glyphVector(
  img: GrayImage,
  run: [number, number],
  top: number,
  height: number,
  lo: number,
  hi: number,
): Float32Array {
  const y0 = Math.floor(top);
  const y1 = Math.ceil(top + height);
  let sum = 0;
  let sx = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = run[0]; x <= run[1]; x++) {
      if (y < 0 || y >= img.height) continue;
      const d = hi - img.gray[y * img.width + x]!;
      if (d > 0) {
        sum += d;
        sx += d * x;
      }
    }
  }
  const cx = sum > 0 ? sx / sum : (run[0] + run[1]) / 2;
  const span = height * 0.7;
  const v = new Float32Array(GRID_W * GRID_H);
  const at = (x: number, y: number) => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const fx = x - xi;
    const fy = y - yi;
    const px = (a: number, b: number) =>
      a < 0 || b < 0 || a >= img.width || b >= img.height ? hi : img.gray[b * img.width + a]!;
    const top0 = px(xi, yi) * (1 - fx) + px(xi + 1, yi) * fx;
    const bot0 = px(xi, yi + 1) * (1 - fx) + px(xi + 1, yi + 1) * fx;
    return top0 * (1 - fy) + bot0 * fy;
  };
  let mean = 0;
  for (let gy = 0; gy < GRID_H; gy++) {
    for (let gx = 0; gx < GRID_W; gx++) {
      const x = cx - span / 2 + ((gx + 0.5) * span) / GRID_W;
      const y = top + ((gy + 0.5) * height) / GRID_H;
      const d = clamp((hi - at(x, y)) / (hi - lo), 0, 1);
      v[gy * GRID_W + gx] = d;
      mean += d;
    }
  }
  mean /= v.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = v[i]! - mean;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

function correlation(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Per code, the positions (in the code without separators) whose glyph looks
 * more like a glyph read as another character than like every glyph read as
 * its own. Empty for a code whose glyphs could not be cut apart.
 */
export function glyphDoubts(img: GrayImage, codes: GlyphCode[], margin = GLYPH_MARGIN): number[][] {
  const heights = codes.map((c) => c.bbox.y1 - c.bbox.y0).sort((a, b) => a - b);
  const height = heights[Math.floor(heights.length / 2)] ?? 0;
  const out: number[][] = codes.map(() => []);
  if (height < 4) return out;
  const glyphs: { code: number; pos: number; ch: string; v: Float32Array }[] = [];
  codes.forEach((c, ci) => {
    const chars = [...c.display].filter((ch) => ch !== ' ');
    const { runs, lo, hi } = glyphRuns(img, c.bbox);
    if (runs.length !== chars.length) return;
    let pos = 0;
    chars.forEach((ch, k) => {
      if (ch === '-') return;
      glyphs.push({ code: ci, pos, ch, v: glyphVector(img, runs[k]!, c.bbox.y0, height, lo, hi) });
      pos++;
    });
  });
  for (const g of glyphs) {
    let own = -Infinity;
    let other = -Infinity;
    for (const h of glyphs) {
      if (h === g) continue;
      const r = correlation(g.v, h.v);
      if (h.ch === g.ch) own = Math.max(own, r);
      else other = Math.max(other, r);
    }
    // With no other glyph read as the same character, only a near copy of another one is evidence.
    const doubt = own === -Infinity ? other > 0.97 : other > own + margin;
    if (doubt) out[g.code]!.push(g.pos);
  }
  return out;
}
