import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blank, type GrayImage } from './image';
import {
  findSheet,
  flattenSheet,
  homography,
  isSkewed,
  project,
  reduce,
  warpQuad,
  type Point,
  type Quad,
} from './sheet';

const at = (img: GrayImage, x: number, y: number) => img.gray[y * img.width + x]!;

/** True when (x, y) is inside the convex quad (corners clockwise on screen). */
function inside(q: Quad, x: number, y: number): boolean {
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    if ((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x) < 0) return false;
  }
  return true;
}

/**
 * A photo: a sheet (paper 240, a few dark lines of "text" on it) with the
 * corners `q` on a desk of grey 95, with a shadow growing to the left.
 */
function photo(q: Quad, width = 640, height = 480, shade = 0): GrayImage {
  const img = blank(width, height, 95);
  const h = homography(
    [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 1, y: 1 },
      { x: 0, y: 1 },
    ],
    q,
  )!;
  const inv = homography(q, [
    { x: 0, y: 0 },
    { x: 1, y: 0 },
    { x: 1, y: 1 },
    { x: 0, y: 1 },
  ])!;
  expect(h).not.toBeNull();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = 1 - shade * (1 - x / width);
      if (!inside(q, x + 0.5, y + 0.5)) {
        img.gray[y * width + x] = Math.round(95 * light);
        continue;
      }
      const u = project(inv, x + 0.5, y + 0.5);
      // Text lines: dark bands in the middle of the sheet, broken into words.
      const line = u.y > 0.2 && u.y < 0.8 && (u.y * 20) % 2 < 0.6;
      const word = u.x > 0.15 && u.x < 0.85 && (u.x * 12) % 1 < 0.8;
      img.gray[y * width + x] = Math.round((line && word ? 30 : 240) * light);
    }
  }
  return img;
}

function rotated(cx: number, cy: number, w: number, h: number, deg: number, keystone = 0): Quad {
  const t = (deg * Math.PI) / 180;
  const corners: Point[] = [
    { x: -w / 2 + (keystone * w) / 2, y: -h / 2 },
    { x: w / 2 - (keystone * w) / 2, y: -h / 2 },
    { x: w / 2, y: h / 2 },
    { x: -w / 2, y: h / 2 },
  ];
  return corners.map((p) => ({
    x: cx + p.x * Math.cos(t) - p.y * Math.sin(t),
    y: cy + p.x * Math.sin(t) + p.y * Math.cos(t),
  })) as Quad;
}

describe('homography', () => {
  it('maps each of the four corners exactly onto its partner', () => {
    const point = fc.record({
      x: fc.double({ min: -50, max: 50, noNaN: true }),
      y: fc.double({ min: -50, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, point, point, (a, b, c, d) => {
        const from: Quad = [
          { x: 0, y: 0 },
          { x: 400, y: 0 },
          { x: 400, y: 300 },
          { x: 0, y: 300 },
        ];
        // A convex quad near the rectangle, each corner moved by up to 50 px.
        const to: Quad = [
          { x: 100 + a.x, y: 80 + a.y },
          { x: 520 + b.x, y: 60 + b.y },
          { x: 560 + c.x, y: 400 + c.y },
          { x: 90 + d.x, y: 420 + d.y },
        ];
        const h = homography(from, to)!;
        expect(h).not.toBeNull();
        for (let i = 0; i < 4; i++) {
          const p = project(h, from[i]!.x, from[i]!.y);
          expect(p.x).toBeCloseTo(to[i]!.x, 6);
          expect(p.y).toBeCloseTo(to[i]!.y, 6);
        }
      }),
    );
  });

  it('is the identity between a quad and itself, and null when three corners are on a line', () => {
    const q = rotated(200, 150, 300, 200, 5, 0.05);
    const h = homography(q, q)!;
    const p = project(h, 123.4, 87.6);
    expect(p.x).toBeCloseTo(123.4, 6);
    expect(p.y).toBeCloseTo(87.6, 6);
    const flat: Quad = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 0, y: 1 },
    ];
    expect(homography(flat, q)).toBeNull();
  });
});

describe('warpQuad', () => {
  it('takes the quad of the picture to an upright rectangle, corners to corners', () => {
    // A picture whose value is its x (grey) and an upright quad: warping it is a crop.
    const src = { width: 100, height: 50, data: new Uint8Array(100 * 50) };
    for (let y = 0; y < 50; y++) for (let x = 0; x < 100; x++) src.data[y * 100 + x] = x * 2;
    const quad: Quad = [
      { x: 10, y: 5 },
      { x: 60, y: 5 },
      { x: 60, y: 45 },
      { x: 10, y: 45 },
    ];
    const out = warpQuad(src, 1, quad, 50, 40);
    expect(out[0]).toBe(20);
    expect(out[49]).toBe(118);
    expect(out[39 * 50 + 25]).toBe(70);
  });

  it('straightens a rotated, keystoned sheet: its text lines come out level', () => {
    const q = rotated(320, 240, 400, 300, -6, 0.06);
    const img = photo(q);
    const flat = flattenSheet(img)!;
    expect(flat).not.toBeNull();
    // Each text line's ink lies as high on its left as on its right: the lines are level.
    const { image } = flat;
    const centre = (x0: number, x1: number, y0: number, y1: number) => {
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const ink = 255 - at(image, x, y);
          sum += ink * y;
          n += ink;
        }
      }
      return sum / n;
    };
    const w = image.width;
    const h = image.height;
    for (const band of [0.2, 0.5, 0.7]) {
      const y0 = Math.round(h * (band - 0.04));
      const y1 = Math.round(h * (band + 0.07));
      const left = centre(Math.round(w * 0.2), Math.round(w * 0.35), y0, y1);
      const right = centre(Math.round(w * 0.65), Math.round(w * 0.8), y0, y1);
      expect(Math.abs(left - right)).toBeLessThan(0.5);
      // …and where it was on the sheet (the line from 0.2 to 0.23 of its height, less the inset).
      expect(Math.abs(left / h - (band + 0.015))).toBeLessThan(0.01);
    }
  });
});

describe('reduce', () => {
  it('takes the mean of each block, the last blocks cut short', () => {
    const img = blank(5, 3, 0);
    img.gray.set([10, 20, 30, 40, 50, 10, 20, 30, 40, 50, 100, 100, 100, 100, 100]);
    const small = reduce(img, 2);
    expect([small.width, small.height]).toEqual([3, 2]);
    expect([...small.gray]).toEqual([15, 35, 50, 100, 100, 100]);
    expect(reduce(img, 1)).toBe(img);
  });
});

describe('findSheet', () => {
  it('finds a rotated and keystoned sheet within a few pixels of its corners', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -9, max: 9, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        (deg, keystone, shade) => {
          const q = rotated(330, 250, 420, 320, deg, keystone);
          const found = findSheet(photo(q, 660, 500, shade));
          expect(found).not.toBeNull();
          for (let i = 0; i < 4; i++) {
            expect(Math.hypot(found![i]!.x - q[i]!.x, found![i]!.y - q[i]!.y)).toBeLessThan(1);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('finds nothing in a picture without a desk, and leaves an upright card alone', () => {
    // A page filling the picture (a screenshot, a scan): no sheet edge to find.
    const page = blank(400, 300, 245);
    for (let y = 100; y < 110; y++) for (let x = 50; x < 350; x++) page.gray[y * 400 + x] = 20;
    expect(findSheet(page)).toBeNull();
    expect(flattenSheet(page)).toBeNull();
    // A light card on a grey screen, upright: found, but not skewed, so not warped.
    const card = photo(
      [
        { x: 100, y: 80 },
        { x: 540, y: 80 },
        { x: 540, y: 400 },
        { x: 100, y: 400 },
      ],
      640,
      480,
    );
    const found = findSheet(card)!;
    expect(found).not.toBeNull();
    expect(isSkewed(found)).toBe(false);
    expect(flattenSheet(card)).toBeNull();
  });
});

describe('flattenSheet light', () => {
  it('leaves a uniform sheet uniform', () => {
    const q = rotated(320, 240, 420, 320, 4, 0.03);
    const img = blank(640, 480, 90);
    for (let y = 0; y < 480; y++) {
      for (let x = 0; x < 640; x++) if (inside(q, x + 0.5, y + 0.5)) img.gray[y * 640 + x] = 235;
    }
    const flat = flattenSheet(img)!;
    expect(flat).not.toBeNull();
    let lo = 255;
    let hi = 0;
    for (const v of flat.image.gray) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(hi - lo).toBeLessThanOrEqual(4);
  });

  it('makes a sheet under a shadow evenly white and keeps its text dark', () => {
    const q = rotated(320, 240, 420, 320, -3, 0.02);
    const flat = flattenSheet(photo(q, 640, 480, 0.45))!;
    expect(flat).not.toBeNull();
    const { image } = flat;
    // Paper near the shadowed left edge and the lit right edge (outside the text's columns).
    const left = at(image, Math.round(image.width * 0.05), Math.round(image.height * 0.5));
    const right = at(image, Math.round(image.width * 0.95), Math.round(image.height * 0.5));
    expect(Math.abs(left - right)).toBeLessThanOrEqual(12);
    expect(left).toBeGreaterThan(220);
    let darkest = 255;
    for (let x = 0; x < image.width; x++) {
      darkest = Math.min(darkest, at(image, x, Math.round(image.height * 0.5)));
    }
    expect(darkest).toBeLessThan(90);
  });
});
