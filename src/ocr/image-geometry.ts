/**
 * Where the pixels go (src/ocr/image.ts has the picture type): a part cut out
 * and scaled, a tilted photo's angle and its rotation, crops stacked into one
 * picture, and a box widened over the ink the engine left out.
 */
import { blank, clamp, type Box, type GrayImage } from './image';
import { otsuLevel } from './image-levels';

/** Catmull-Rom weights: sharper than bilinear, no ringing worth the name on text. */
function cubic(t: number): [number, number, number, number] {
  const t2 = t * t;
  const t3 = t2 * t;
  return [
    (-t3 + 2 * t2 - t) / 2,
    (3 * t3 - 5 * t2 + 2) / 2,
    (-3 * t3 + 4 * t2 + t) / 2,
    (t3 - t2) / 2,
  ];
}

/**
 * The part `box` of `img` (in its pixels, fractions allowed) scaled by `k`:
 * bicubic when enlarging, the mean of the covered pixels when shrinking (a
 * photo's large text). Outside the picture counts as white.
 */
export function resample(img: GrayImage, box: Box, k: number): GrayImage {
  const w = Math.max(1, Math.round((box.x1 - box.x0) * k));
  const h = Math.max(1, Math.round((box.y1 - box.y0) * k));
  const out = new Uint8Array(w * h);
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= img.width || y >= img.height ? 255 : img.gray[y * img.width + x]!;
  if (k < 1) {
    const step = 1 / k;
    for (let y = 0; y < h; y++) {
      const sy0 = box.y0 + y * step;
      for (let x = 0; x < w; x++) {
        const sx0 = box.x0 + x * step;
        let sum = 0;
        let n = 0;
        for (let sy = Math.floor(sy0); sy < Math.ceil(sy0 + step); sy++) {
          for (let sx = Math.floor(sx0); sx < Math.ceil(sx0 + step); sx++) {
            sum += at(sx, sy);
            n++;
          }
        }
        out[y * w + x] = Math.round(sum / n);
      }
    }
    return { width: w, height: h, gray: out };
  }
  for (let y = 0; y < h; y++) {
    const sy = box.y0 + (y + 0.5) / k - 0.5;
    const fy = Math.floor(sy);
    const wy = cubic(sy - fy);
    for (let x = 0; x < w; x++) {
      const sx = box.x0 + (x + 0.5) / k - 0.5;
      const fx = Math.floor(sx);
      const wx = cubic(sx - fx);
      let v = 0;
      for (let j = 0; j < 4; j++) {
        let row = 0;
        for (let i = 0; i < 4; i++) row += wx[i]! * at(fx - 1 + i, fy - 1 + j);
        v += wy[j]! * row;
      }
      out[y * w + x] = clamp(Math.round(v), 0, 255);
    }
  }
  return { width: w, height: h, gray: out };
}

/**
 * The angle (degrees, clockwise positive as drawn) by which the text lines
 * of `img` are tilted, between -`maxDeg` and `maxDeg`: the rotation whose
 * horizontal projection of the ink is the most peaked (lines fall into rows).
 * Works on a reduced copy; 0 when there is too little ink to tell.
 */
export function skewAngle(img: GrayImage, maxDeg = 10): number {
  const k = Math.min(1, 800 / Math.max(img.width, img.height));
  const small = k < 1 ? resample(img, { x0: 0, y0: 0, x1: img.width, y1: img.height }, k) : img;
  const level = otsuLevel(small.gray);
  const points: number[] = [];
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      if (small.gray[y * small.width + x]! <= level) points.push(x, y);
    }
  }
  if (points.length < 200 || points.length / 2 > small.width * small.height * 0.5) return 0;
  const score = (deg: number) => {
    const t = (deg * Math.PI) / 180;
    const sin = Math.sin(t);
    const cos = Math.cos(t);
    const bins = new Map<number, number>();
    for (let i = 0; i < points.length; i += 2) {
      const row = Math.round(points[i + 1]! * cos - points[i]! * sin);
      bins.set(row, (bins.get(row) ?? 0) + 1);
    }
    let s = 0;
    for (const n of bins.values()) s += n * n;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let d = -maxDeg; d <= maxDeg; d += 0.5) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  for (let d = best - 0.4; d <= best + 0.4; d += 0.1) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  return Math.round(best * 10) / 10;
}

/**
 * `img` turned by `deg` degrees (positive: clockwise lines become level) about
 * its centre, the same size; what comes in from outside is white.
 */
export function rotate(img: GrayImage, deg: number): GrayImage {
  const { width, height } = img;
  const t = (-deg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = width / 2;
  const cy = height / 2;
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      // Where this pixel comes from in the tilted picture (bilinear).
      const sx = cx + dx * cos + dy * sin;
      const sy = cy - dx * sin + dy * cos;
      const fx = Math.floor(sx);
      const fy = Math.floor(sy);
      if (fx < 0 || fy < 0 || fx + 1 >= width || fy + 1 >= height) {
        gray[y * width + x] = 255;
        continue;
      }
      const tx = sx - fx;
      const ty = sy - fy;
      const i = fy * width + fx;
      const v =
        (img.gray[i]! * (1 - tx) + img.gray[i + 1]! * tx) * (1 - ty) +
        (img.gray[i + width]! * (1 - tx) + img.gray[i + width + 1]! * tx) * ty;
      gray[y * width + x] = Math.round(v);
    }
  }
  return { width, height, gray };
}

/** Stacks pictures one under another, left-aligned with a margin, on white. Returns the tops. */
export function stack(
  parts: GrayImage[],
  margin: number,
  gap: number,
): { image: GrayImage; tops: number[] } {
  const width = Math.max(1, ...parts.map((p) => p.width)) + 2 * margin;
  const tops: number[] = [];
  let height = margin;
  for (const p of parts) {
    tops.push(height);
    height += p.height + gap;
  }
  height += margin - gap;
  const out = blank(width, Math.max(1, height));
  parts.forEach((p, i) => {
    for (let y = 0; y < p.height; y++) {
      out.gray.set(
        p.gray.subarray(y * p.width, (y + 1) * p.width),
        (tops[i]! + y) * width + margin,
      );
    }
  });
  return { image: out, tops };
}

/**
 * `box` widened over the ink that continues it on either side (gaps up to
 * half the box's height bridged, at most `maxGrow` times its width in all):
 * the engine sometimes boxes only part of a code (`c5f-931c7` of
 * `05c5f-931c7`).
 */
export function extendBox(img: GrayImage, box: Box, maxGrow = 0.6): Box {
  const y0 = Math.max(0, Math.floor(box.y0));
  const y1 = Math.min(img.height - 1, Math.ceil(box.y1));
  const h = y1 - y0 + 1;
  if (h < 4) return box;
  const x0 = Math.max(0, Math.floor(box.x0));
  const x1 = Math.min(img.width - 1, Math.ceil(box.x1));
  const band: number[] = [];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) band.push(img.gray[y * img.width + x]!);
  }
  const level = otsuLevel(Uint8Array.from(band));
  const inked = (x: number) => {
    for (let y = y0 + 1; y < y1; y++) if (img.gray[y * img.width + x]! <= level) return true;
    return false;
  };
  const budget = Math.round((x1 - x0) * maxGrow);
  const gapMax = Math.max(2, Math.round(h * 0.5));
  const grow = (from: number, step: 1 | -1): number => {
    let edge = from;
    let gap = 0;
    for (let x = from + step, n = 0; x >= 0 && x < img.width && n < budget; x += step, n++) {
      if (inked(x)) {
        edge = x;
        gap = 0;
      } else if (++gap > gapMax) break;
    }
    return edge;
  };
  return { x0: grow(x0, -1), y0: box.y0, x1: grow(x1, 1) + 1, y1: box.y1 };
}
