/**
 * A photo of a printed sheet made flat again, before the engine reads it: the
 * sheet's four corners are found in the photo (paper is the largest bright
 * region against a darker desk), the quadrilateral is warped to an upright
 * rectangle (a perspective transform, so rotation and keystone go in one step)
 * and the uneven light over it is divided out. tesseract's page reading boxes
 * almost no line of a sheet tilted by a few degrees and shaded from one side;
 * it reads the same sheet flat like a screenshot (docs/ocr.md, "Photos of a
 * sheet").
 *
 * Pure functions, image in, image out (src/ocr/sheet.test.ts): no DOM, no
 * engine. `prepare.ts` calls `flattenSheet` on pictures that show a tilted or
 * keystoned sheet; a screenshot (no sheet, or one already upright) is left as
 * it was.
 */
import { type GrayImage } from './image';
import { flattenLight, otsuLevel } from './image-levels';

export interface Point {
  x: number;
  y: number;
}

/** Corners in order: top left, top right, bottom right, bottom left. */
export type Quad = [Point, Point, Point, Point];

/** A 3×3 projective transform, row by row, the last entry 1. */
export type Homography = [number, number, number, number, number, number, number, number, number];

/** Solves `a·x = b` (n×n, row-major) by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r]!;
      const f = row[c]! / pivot[c]!;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) row[k] = row[k]! - f * pivot[k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * The projective transform taking each of the four `from` points to the
 * matching `to` point: the eight unknowns of
 * `x' = (h0 x + h1 y + h2) / (h6 x + h7 y + 1)`, `y' = (h3 x + h4 y + h5) / (h6 x + h7 y + 1)`
 * from two equations per corner. Null when three points are on one line.
 */
export function homography(from: Quad, to: Quad): Homography | null {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(a, b);
  if (!h || h.some((v) => !Number.isFinite(v))) return null;
  return [...h, 1] as Homography;
}

/** Where `h` takes the point (x, y). */
export function project(h: Homography, x: number, y: number): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return { x: (h[0] * x + h[1] * y + h[2]) / w, y: (h[3] * x + h[4] * y + h[5]) / w };
}

/**
 * Pixels (`channels` bytes each: 1 grey, 4 RGBA) of the quadrilateral `quad`
 * of a picture, warped to an upright `width`×`height` rectangle with bilinear
 * sampling. Pixel centres are at half-integers: the rectangle's corners
 * (0,0)…(width,height) land exactly on the quad's corners. What falls outside
 * the picture is `fill`.
 */
export function warpQuad(
  src: { width: number; height: number; data: ArrayLike<number> },
  channels: number,
  quad: Quad,
  width: number,
  height: number,
  fill = 255,
): Uint8ClampedArray<ArrayBuffer> {
  const rect: Quad = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
  const out = new Uint8ClampedArray(width * height * channels);
  const h = homography(rect, quad);
  if (!h) return out.fill(fill);
  const { width: sw, height: sh, data } = src;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h;
  for (let y = 0; y < height; y++) {
    const v = y + 0.5;
    for (let x = 0; x < width; x++) {
      const u = x + 0.5;
      const q = 1 / (h6 * u + h7 * v + h8);
      const sx = (h0 * u + h1 * v + h2) * q - 0.5;
      const sy = (h3 * u + h4 * v + h5) * q - 0.5;
      const fx = Math.floor(sx);
      const fy = Math.floor(sy);
      const o = (y * width + x) * channels;
      if (fx < -1 || fy < -1 || fx >= sw || fy >= sh) {
        for (let c = 0; c < channels; c++) out[o + c] = fill;
        continue;
      }
      const tx = sx - fx;
      const ty = sy - fy;
      // Edge pixels repeat: a sample half a pixel outside the picture takes the border's value.
      const x0 = Math.max(0, fx);
      const x1 = Math.min(sw - 1, fx + 1);
      const y0 = Math.max(0, fy);
      const y1 = Math.min(sh - 1, fy + 1);
      const i00 = (y0 * sw + x0) * channels;
      const i01 = (y0 * sw + x1) * channels;
      const i10 = (y1 * sw + x0) * channels;
      const i11 = (y1 * sw + x1) * channels;
      for (let c = 0; c < channels; c++) {
        const top = data[i00 + c]! * (1 - tx) + data[i01 + c]! * tx;
        const bottom = data[i10 + c]! * (1 - tx) + data[i11 + c]! * tx;
        out[o + c] = Math.round(top * (1 - ty) + bottom * ty);
      }
    }
  }
  return out;
}

/** Twice the signed area of a polygon (positive when clockwise on screen, y down). */
function area2(points: Point[]): number {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    s += a.x * b.y - b.x * a.y;
  }
  return s;
}

/** The convex hull of `points` (Andrew's monotone chain), clockwise on screen. */
function convexHull(points: Point[]): Point[] {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (p.length < 3) return p;
  const cross = (o: Point, a: Point, b: Point) =>
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0)
      lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0)
      upper.pop();
    upper.push(q);
  }
  lower.pop();
  upper.pop();
  return [...lower, ...upper];
}

/** The straight line best through `points` (total least squares), as a point on it and a unit direction. */
function fitLine(points: Point[]): { p: Point; d: Point } | null {
  if (points.length < 2) return null;
  let mx = 0;
  let my = 0;
  for (const q of points) {
    mx += q.x;
    my += q.y;
  }
  mx /= points.length;
  my /= points.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const q of points) {
    sxx += (q.x - mx) ** 2;
    syy += (q.y - my) ** 2;
    sxy += (q.x - mx) * (q.y - my);
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { p: { x: mx, y: my }, d: { x: Math.cos(angle), y: Math.sin(angle) } };
}

function intersect(a: { p: Point; d: Point }, b: { p: Point; d: Point }): Point | null {
  const det = a.d.x * b.d.y - a.d.y * b.d.x;
  if (Math.abs(det) < 1e-9) return null;
  const t = ((b.p.x - a.p.x) * b.d.y - (b.p.y - a.p.y) * b.d.x) / det;
  return { x: a.p.x + t * a.d.x, y: a.p.y + t * a.d.y };
}

/**
 * `img` reduced `n` times: each pixel the mean of an `n`×`n` block (the last
 * row and column of blocks may be cut short). One pass over the picture; it
 * runs on every picture read, screenshots included, so it is kept cheap.
 */
export function reduce(img: GrayImage, n: number): GrayImage {
  if (n <= 1) return img;
  const { width, height, gray } = img;
  const w = Math.ceil(width / n);
  const h = Math.ceil(height / n);
  const sum = new Float64Array(w * h);
  const count = new Float64Array(w * h);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / n) * w;
    const from = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + Math.floor(x / n);
      sum[i] = sum[i]! + gray[from + x]!;
      count[i] = count[i]! + 1;
    }
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(sum[i]! / count[i]!);
  return { width: w, height: h, gray: out };
}

/** The longest side of the reduced copy `findSheet` works on. */
const SEARCH_SIDE = 480;

/**
 * The four corners of the paper sheet in a photo, in the picture's pixels, or
 * null when there is none to find: the largest connected region brighter than
 * Otsu's level (paper against a darker desk), its convex hull's four extreme
 * corners, each edge then fitted as a line through the region's border between
 * them and the corners taken where the lines meet; then made exact in the full
 * picture (`refineCorners`). A region that is no
 * quadrilateral (its hull fills the quad by less than 96%), covers less than a
 * fifth of the picture, has a corner angle off a right angle by more than 30°,
 * or is the whole picture (no desk around it) gives null.
 */
export function findSheet(img: GrayImage): Quad | null {
  // Block n of the reduced copy covers pixels n·b … n·b + b - 1 of the picture.
  const b = Math.max(1, Math.ceil(Math.max(img.width, img.height) / SEARCH_SIDE));
  const small = reduce(img, b);
  const { width: w, height: h, gray } = small;
  const level = otsuLevel(gray);
  // Paper must be clearly brighter than the rest: a flat picture has no desk.
  let dark = 0;
  let darkSum = 0;
  let lightSum = 0;
  for (const v of gray) {
    if (v > level) lightSum += v;
    else {
      dark++;
      darkSum += v;
    }
  }
  const light = gray.length - dark;
  if (dark === 0 || light === 0 || lightSum / light - darkSum / dark < 50) return null;
  // The largest 4-connected bright region.
  const label = new Int32Array(w * h);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  const queue = new Int32Array(w * h);
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || gray[start]! <= level) continue;
    next++;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    label[start] = next;
    while (head < tail) {
      const i = queue[head++]!;
      const x = i % w;
      for (let k = 0; k < 4; k++) {
        const j =
          k === 0
            ? x > 0
              ? i - 1
              : -1
            : k === 1
              ? x < w - 1
                ? i + 1
                : -1
              : k === 2
                ? i - w
                : i + w;
        if (j < 0 || j >= w * h || label[j] !== 0 || gray[j]! <= level) continue;
        label[j] = next;
        queue[tail++] = j;
      }
    }
    if (tail > bestSize) {
      bestSize = tail;
      best = next;
    }
  }
  if (bestSize < w * h * 0.2) return null;
  // Its outline: the first and last pixel of each row and each column (holes, the text, do not matter).
  const border: Point[] = [];
  for (let y = 0; y < h; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (label[y * w + x] !== best) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first >= 0) border.push({ x: first, y: y + 0.5 }, { x: last + 1, y: y + 0.5 });
  }
  for (let x = 0; x < w; x++) {
    let first = -1;
    let last = -1;
    for (let y = 0; y < h; y++) {
      if (label[y * w + x] !== best) continue;
      if (first < 0) first = y;
      last = y;
    }
    if (first >= 0) border.push({ x: x + 0.5, y: first }, { x: x + 0.5, y: last + 1 });
  }
  const hull = convexHull(border);
  if (hull.length < 4) return null;
  // The extreme hull points towards each corner of the picture (tilts well under 45°).
  const pick = (score: (p: Point) => number) =>
    hull.reduce((a, b) => (score(b) > score(a) ? b : a));
  const rough: Quad = [
    pick((p) => -p.x - p.y),
    pick((p) => p.x - p.y),
    pick((p) => p.x + p.y),
    pick((p) => -p.x + p.y),
  ];
  // Each edge as a line through the border points near it, away from the corners.
  const lines = rough.map((a, i) => {
    const b = rough[(i + 1) % 4]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len < 4) return null;
    const ux = (b.x - a.x) / len;
    const uy = (b.y - a.y) / len;
    const near = border.filter((p) => {
      const t = (p.x - a.x) * ux + (p.y - a.y) * uy;
      const d = Math.abs(-(p.x - a.x) * uy + (p.y - a.y) * ux);
      return t > len * 0.1 && t < len * 0.9 && d < 2.5;
    });
    return near.length >= 8 ? fitLine(near) : null;
  });
  const corners: Point[] = [];
  for (let i = 0; i < 4; i++) {
    const a = lines[(i + 3) % 4];
    const b = lines[i];
    const p = a && b ? intersect(a, b) : null;
    corners.push(p ?? rough[i]!);
  }
  const quadArea = area2(corners) / 2;
  const hullArea = area2(hull) / 2;
  if (quadArea <= 0 || hullArea / quadArea < 0.96 || quadArea / hullArea < 0.96) return null;
  if (quadArea > w * h * 0.97) return null;
  for (let i = 0; i < 4; i++) {
    const p = corners[i]!;
    const a = corners[(i + 3) % 4]!;
    const b = corners[(i + 1) % 4]!;
    const cos =
      ((a.x - p.x) * (b.x - p.x) + (a.y - p.y) * (b.y - p.y)) /
      (Math.hypot(a.x - p.x, a.y - p.y) * Math.hypot(b.x - p.x, b.y - p.y));
    if (Math.abs(cos) > Math.sin(Math.PI / 6)) return null;
  }
  return refineCorners(img, corners.map((p) => ({ x: p.x * b, y: p.y * b })) as Quad, 2 * b + 2);
}

/** Bilinear grey level at (x, y), pixel centres at half-integers, edges repeated. */
function sample(img: GrayImage, x: number, y: number): number {
  const sx = Math.min(img.width - 1, Math.max(0, x - 0.5));
  const sy = Math.min(img.height - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const tx = sx - x0;
  const ty = sy - y0;
  const g = img.gray;
  const top = g[y0 * img.width + x0]! * (1 - tx) + g[y0 * img.width + x1]! * tx;
  const bottom = g[y1 * img.width + x0]! * (1 - tx) + g[y1 * img.width + x1]! * tx;
  return top * (1 - ty) + bottom * ty;
}

/**
 * The corners of `quad` (found on a reduced copy) made exact in the full
 * picture: across each edge, at 48 places along it, the point where the grey
 * level crosses halfway from the paper inside to the desk outside (within
 * `reach` pixels of the rough edge); a line through them (refitted without
 * points more than 1.5 px off), and the corners where the lines meet. An edge
 * with too few clear crossings keeps its rough line.
 */
export function refineCorners(img: GrayImage, quad: Quad, reach: number): Quad {
  const lines = quad.map((a, i) => {
    const b = quad[(i + 1) % 4]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const u = { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
    // Outwards: corners run clockwise on screen, so the desk is on the left of a→b.
    const n = { x: u.y, y: -u.x };
    const rough = { p: a, d: u };
    const points: Point[] = [];
    for (let k = 0; k < 48; k++) {
      const t = len * (0.12 + (0.76 * k) / 47);
      const px = a.x + u.x * t;
      const py = a.y + u.y * t;
      const steps = Math.ceil(reach * 2);
      const profile: number[] = [];
      for (let j = -steps; j <= steps; j++) {
        profile.push(sample(img, px + (n.x * j) / 2, py + (n.y * j) / 2));
      }
      const q = Math.max(1, Math.floor(steps / 2));
      const paper = profile.slice(0, q).reduce((x, y) => x + y, 0) / q;
      const desk = profile.slice(-q).reduce((x, y) => x + y, 0) / q;
      if (paper - desk < 30) continue;
      const mid = (paper + desk) / 2;
      // The crossing from paper to desk nearest the rough edge.
      let best: number | null = null;
      for (let j = 0; j + 1 < profile.length; j++) {
        const v0 = profile[j]!;
        const v1 = profile[j + 1]!;
        if (v0 < mid || v1 >= mid) continue;
        const s = (j + (v0 - mid) / (v0 - v1) - steps) / 2;
        if (best === null || Math.abs(s) < Math.abs(best)) best = s;
      }
      if (best !== null) points.push({ x: px + n.x * best, y: py + n.y * best });
    }
    if (points.length < 12) return rough;
    const first = fitLine(points);
    if (!first) return rough;
    const off = (p: Point) =>
      Math.abs((p.x - first.p.x) * first.d.y - (p.y - first.p.y) * first.d.x);
    const kept = points.filter((p) => off(p) <= 1.5);
    return (kept.length >= 12 ? fitLine(kept) : first) ?? rough;
  });
  return quad.map((c, i) => intersect(lines[(i + 3) % 4]!, lines[i]!) ?? c) as Quad;
}

/** The size of the upright rectangle a quad is warped to: its longer opposite edges. */
export function sheetSize(quad: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);
  const [tl, tr, br, bl] = quad;
  return {
    width: Math.max(1, Math.round(Math.max(d(tl, tr), d(bl, br)))),
    height: Math.max(1, Math.round(Math.max(d(tl, bl), d(tr, br)))),
  };
}

/**
 * True when the quad is tilted or keystoned by more than `tolerance` pixels
 * at some corner: an upright rectangle (a light card in a screenshot, a scan)
 * gains nothing from being warped and is left as it was.
 */
export function isSkewed(quad: Quad, tolerance = 2): boolean {
  const [tl, tr, br, bl] = quad;
  return (
    Math.abs(tl.y - tr.y) > tolerance ||
    Math.abs(bl.y - br.y) > tolerance ||
    Math.abs(tl.x - bl.x) > tolerance ||
    Math.abs(tr.x - br.x) > tolerance
  );
}

/** A quad moved inwards by `f` of its size on each side (a desk sliver left at an edge is not read). */
export function insetQuad(quad: Quad, f: number): Quad {
  const h = homography(
    [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 1, y: 1 },
      { x: 0, y: 1 },
    ],
    quad,
  );
  if (!h) return quad;
  return [project(h, f, f), project(h, 1 - f, f), project(h, 1 - f, 1 - f), project(h, f, 1 - f)];
}

/** How much of each side of a found sheet is cut off before warping. */
const INSET = 0.006;

export interface FlatSheet {
  /** The sheet upright, its light flattened: what the engine reads. */
  image: GrayImage;
  /** Where the sheet was in the picture (inset), for warping the colour copy alike. */
  quad: Quad;
}

/**
 * The sheet in a photo, upright and evenly lit, or null when the picture
 * shows no tilted or keystoned sheet (screenshots, scans, a photo filled by
 * the page): then the picture is read as it is.
 */
export function flattenSheet(img: GrayImage): FlatSheet | null {
  const found = findSheet(img);
  if (!found || !isSkewed(found)) return null;
  const quad = insetQuad(found, INSET);
  const { width, height } = sheetSize(quad);
  const gray = Uint8Array.from(
    warpQuad({ width: img.width, height: img.height, data: img.gray }, 1, quad, width, height),
  );
  const cell = Math.max(24, Math.round(Math.max(width, height) / 24));
  return { image: flattenLight({ width, height, gray }, cell), quad };
}
