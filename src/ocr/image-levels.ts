/**
 * Ink from paper (src/ocr/image.ts has the picture type): global (Otsu) and
 * local (Sauvola) thresholds, a contrast stretch, uneven light divided out,
 * and a used code's strike line removed.
 */
import { clamp, type GrayImage } from './image';

/** Otsu's threshold of the grey levels: the level that best splits ink from paper. */
export function otsuLevel(gray: Uint8Array): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of gray) hist[v]!++;
  const total = gray.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let level = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      level = t;
    }
  }
  return level;
}

/** Black (0) where the pixel is at or below `level`, white (255) elsewhere. */
export function binarize(img: GrayImage, level = otsuLevel(img.gray)): GrayImage {
  const gray = img.gray.map((v) => (v <= level ? 0 : 255));
  return { width: img.width, height: img.height, gray };
}

/** Summed-area tables of values and squares, for window means in O(1). */
function integrals(img: GrayImage) {
  const w = img.width + 1;
  const sum = new Float64Array(w * (img.height + 1));
  const sq = new Float64Array(w * (img.height + 1));
  for (let y = 0; y < img.height; y++) {
    let rs = 0;
    let rq = 0;
    for (let x = 0; x < img.width; x++) {
      const v = img.gray[y * img.width + x]!;
      rs += v;
      rq += v * v;
      sum[(y + 1) * w + x + 1] = sum[y * w + x + 1]! + rs;
      sq[(y + 1) * w + x + 1] = sq[y * w + x + 1]! + rq;
    }
  }
  return (x0: number, y0: number, x1: number, y1: number) => {
    const a = y0 * w + x0;
    const b = y0 * w + x1;
    const c = y1 * w + x0;
    const d = y1 * w + x1;
    const n = (x1 - x0) * (y1 - y0);
    const s = sum[d]! - sum[b]! - sum[c]! + sum[a]!;
    const q = sq[d]! - sq[b]! - sq[c]! + sq[a]!;
    const mean = s / n;
    return { mean, sd: Math.sqrt(Math.max(0, q / n - mean * mean)) };
  };
}

/**
 * Sauvola's local threshold (window `size` pixels, `k` 0.2–0.5): each pixel
 * against the mean and spread of its neighbourhood, so a shadow across a
 * photo does not swallow the text in it.
 */
export function sauvola(img: GrayImage, size: number, k = 0.3): GrayImage {
  const stats = integrals(img);
  const r = Math.max(1, Math.floor(size / 2));
  const gray = new Uint8Array(img.gray.length);
  for (let y = 0; y < img.height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(img.height, y + r + 1);
    for (let x = 0; x < img.width; x++) {
      const { mean, sd } = stats(Math.max(0, x - r), y0, Math.min(img.width, x + r + 1), y1);
      const t = mean * (1 + k * (sd / 128 - 1));
      gray[y * img.width + x] = img.gray[y * img.width + x]! <= t ? 0 : 255;
    }
  }
  return { width: img.width, height: img.height, gray };
}

/** Stretches the levels so the darkest 1% is black and the lightest 1% white. */
export function stretch(img: GrayImage): GrayImage {
  const hist = new Array<number>(256).fill(0);
  for (const v of img.gray) hist[v]!++;
  const cut = img.gray.length * 0.01;
  let lo = 0;
  for (let n = 0; lo < 255 && n + hist[lo]! <= cut; lo++) n += hist[lo]!;
  let hi = 255;
  for (let n = 0; hi > 0 && n + hist[hi]! <= cut; hi--) n += hist[hi]!;
  if (hi - lo < 16) return img;
  const gray = img.gray.map((v) => clamp(Math.round(((v - lo) * 255) / (hi - lo)), 0, 255));
  return { width: img.width, height: img.height, gray };
}

/**
 * Removes a strike-through: a horizontal band of ink crossing most of the
 * width in the middle half of the picture (a code crop). Only the band's
 * pixels that have no ink right above and below it (the glyphs' own strokes
 * cross it) are turned to paper. Returns the picture unchanged when there is
 * no such band.
 */
export function removeStrike(img: GrayImage): { image: GrayImage; struck: boolean } {
  const { width, height } = img;
  const level = otsuLevel(img.gray);
  const ink = (x: number, y: number) => img.gray[y * width + x]! <= level;
  // Rows whose longest ink run (gaps of a pixel or two bridged) spans most of the inked width.
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink(x, y)) {
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  const span = right - left + 1;
  if (span < 8) return { image: img, struck: false };
  const gap = Math.max(1, Math.round(height / 40));
  const rows: number[] = [];
  for (let y = Math.floor(height * 0.25); y < Math.ceil(height * 0.75); y++) {
    let best = 0;
    let run = 0;
    let miss = 0;
    for (let x = left; x <= right; x++) {
      if (ink(x, y)) {
        run += miss + 1;
        miss = 0;
      } else if (run > 0 && miss < gap) miss++;
      else {
        run = 0;
        miss = 0;
      }
      if (run > best) best = run;
    }
    if (best >= span * 0.75) rows.push(y);
  }
  if (rows.length === 0 || rows.length > height / 6) return { image: img, struck: false };
  const top = rows[0]!;
  const bottom = rows[rows.length - 1]!;
  if (bottom - top + 1 > rows.length + 1) return { image: img, struck: false };
  const gray = img.gray.slice();
  const above = Math.max(0, top - 2);
  const below = Math.min(height - 1, bottom + 2);
  for (let x = left; x <= right; x++) {
    const a = img.gray[above * width + x]!;
    const b = img.gray[below * width + x]!;
    const stroke = a <= level && b <= level;
    for (let y = top - 1; y <= bottom + 1; y++) {
      if (y < 0 || y >= height) continue;
      // A glyph stroke runs through: fill with what is above and below; else paper.
      gray[y * width + x] = stroke ? Math.round((a + b) / 2) : Math.max(a, b, level + 1);
    }
  }
  return { image: { width, height, gray }, struck: true };
}

/**
 * Divides out uneven light: the paper's brightness is estimated as the
 * brightest pixel of each `cell`-sized tile (ink never fills a tile),
 * smoothed across tiles, and every pixel is scaled so paper becomes white.
 * A shadow falling across a photographed sheet then no longer darkens the
 * codes in it.
 */
export function flattenLight(img: GrayImage, cell: number): GrayImage {
  const { width, height } = img;
  const cols = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const tile = new Float64Array(cols * rows);
  for (let ty = 0; ty < rows; ty++) {
    for (let tx = 0; tx < cols; tx++) {
      // The 95th percentile rather than the maximum: one bright speck is not paper.
      const hist = new Array<number>(256).fill(0);
      let n = 0;
      for (let y = ty * cell; y < Math.min(height, (ty + 1) * cell); y++) {
        for (let x = tx * cell; x < Math.min(width, (tx + 1) * cell); x++) {
          hist[img.gray[y * width + x]!]!++;
          n++;
        }
      }
      let v = 255;
      for (let acc = 0; v > 0; v--) {
        acc += hist[v]!;
        if (acc >= n * 0.05) break;
      }
      tile[ty * cols + tx] = Math.max(v, 1);
    }
  }
  // Smooth the tile grid (3×3 mean, twice) so tile edges leave no seams.
  let grid = tile;
  for (let pass = 0; pass < 2; pass++) {
    const next = new Float64Array(grid.length);
    for (let ty = 0; ty < rows; ty++) {
      for (let tx = 0; tx < cols; tx++) {
        let s = 0;
        let n = 0;
        for (let j = -1; j <= 1; j++) {
          for (let i = -1; i <= 1; i++) {
            const x = tx + i;
            const y = ty + j;
            if (x < 0 || y < 0 || x >= cols || y >= rows) continue;
            s += grid[y * cols + x]!;
            n++;
          }
        }
        next[ty * cols + tx] = s / n;
      }
    }
    grid = next;
  }
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = clamp((y + 0.5) / cell - 0.5, 0, rows - 1);
    const y0 = Math.floor(gy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = clamp((x + 0.5) / cell - 0.5, 0, cols - 1);
      const x0 = Math.floor(gx);
      const x1 = Math.min(cols - 1, x0 + 1);
      const fx = gx - x0;
      const bg =
        (grid[y0 * cols + x0]! * (1 - fx) + grid[y0 * cols + x1]! * fx) * (1 - fy) +
        (grid[y1 * cols + x0]! * (1 - fx) + grid[y1 * cols + x1]! * fx) * fy;
      gray[y * width + x] = clamp(Math.round((img.gray[y * width + x]! * 255) / bg), 0, 255);
    }
  }
  return { width, height, gray };
}

/** The darkest and the lightest pixel in the box `x0..x1` × `y0..y1` (inclusive, inside the image). */
export function levelsIn(
  img: GrayImage,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): { lo: number; hi: number } {
  let lo = 255;
  let hi = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = img.gray[y * img.width + x]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return { lo, hi };
}

/** How uneven the paper is: the spread (max − min) of the tile brightness, 0–255. */
export function lightSpread(img: GrayImage, cell: number): number {
  let lo = 255;
  let hi = 0;
  for (let y = 0; y + cell <= img.height; y += cell) {
    for (let x = 0; x + cell <= img.width; x += cell) {
      let m = 0;
      for (let j = 0; j < cell; j += 2) {
        for (let i = 0; i < cell; i += 2) m = Math.max(m, img.gray[(y + j) * img.width + x + i]!);
      }
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
    }
  }
  return hi >= lo ? hi - lo : 0;
}
