import { describe, expect, it } from 'vitest';
import {
  binarize,
  blank,
  extendBox,
  flattenLight,
  otsuLevel,
  removeStrike,
  resample,
  rotate,
  sauvola,
  skewAngle,
  stack,
  stretch,
  type GrayImage,
} from './image';

function fill(img: GrayImage, x0: number, y0: number, x1: number, y1: number, v = 20) {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img.gray[y * img.width + x] = v;
}

/** `n` glyph-like shapes (two stems and a top bar, 10×h) every 16 px from (x, y). */
function glyphs(img: GrayImage, x: number, y: number, n: number, h = 30) {
  for (let k = 0; k < n; k++) {
    fill(img, x + k * 16, y, x + k * 16 + 3, y + h);
    fill(img, x + k * 16 + 7, y, x + k * 16 + 10, y + h);
    fill(img, x + k * 16, y, x + k * 16 + 10, y + 3);
  }
}

const at = (img: GrayImage, x: number, y: number) => img.gray[y * img.width + x]!;

describe('resample', () => {
  it('enlarges a box by k, keeping ink where it was and paper around it', () => {
    const img = blank(20, 10);
    fill(img, 5, 3, 8, 7);
    const big = resample(img, { x0: 0, y0: 0, x1: 20, y1: 10 }, 4);
    expect([big.width, big.height]).toEqual([80, 40]);
    expect(at(big, 26, 20)).toBeLessThan(40); // inside the stroke
    expect(at(big, 4, 4)).toBe(255); // paper
    expect(at(big, 70, 35)).toBe(255);
  });

  it('shrinks by averaging, and counts outside the picture as paper', () => {
    const img = blank(4, 4, 0);
    const small = resample(img, { x0: 0, y0: 0, x1: 4, y1: 4 }, 0.5);
    expect([...small.gray]).toEqual([0, 0, 0, 0]);
    const beyond = resample(img, { x0: -4, y0: 0, x1: 4, y1: 4 }, 1);
    expect(at(beyond, 1, 1)).toBe(255);
    expect(at(beyond, 6, 1)).toBe(0);
  });
});

describe('thresholds', () => {
  it("Otsu's level falls between ink and paper", () => {
    const img = blank(10, 10, 230);
    fill(img, 0, 0, 10, 3, 40);
    const level = otsuLevel(img.gray);
    expect(level).toBeGreaterThanOrEqual(40);
    expect(level).toBeLessThan(230);
    const bw = binarize(img);
    expect(at(bw, 5, 1)).toBe(0);
    expect(at(bw, 5, 8)).toBe(255);
  });

  it('Sauvola keeps text inside a shadow that a single level swallows', () => {
    // Left half lit (paper 240, ink 120), right half in shadow (paper 110, ink 20).
    const img = blank(80, 40, 240);
    fill(img, 40, 0, 80, 40, 110);
    fill(img, 10, 15, 30, 20, 120);
    fill(img, 50, 15, 70, 20, 20);
    const global = binarize(img);
    expect(at(global, 60, 5)).toBe(0); // shadowed paper turned to ink
    const local = sauvola(img, 21, 0.3);
    expect(at(local, 20, 17)).toBe(0);
    expect(at(local, 60, 17)).toBe(0);
    expect(at(local, 20, 5)).toBe(255);
    expect(at(local, 60, 5)).toBe(255);
  });

  it('stretch maps the darkest and lightest levels to black and white', () => {
    const img = blank(10, 10, 180);
    fill(img, 0, 0, 10, 5, 90);
    const s = stretch(img);
    expect(at(s, 0, 0)).toBe(0);
    expect(at(s, 0, 9)).toBe(255);
    const flat = blank(5, 5, 128);
    expect(stretch(flat)).toBe(flat);
  });
});

describe('removeStrike', () => {
  it('removes a line through the middle of a code and keeps the glyph stems', () => {
    const img = blank(160, 44);
    glyphs(img, 10, 7, 8);
    fill(img, 8, 21, 140, 24);
    const { image, struck } = removeStrike(img);
    expect(struck).toBe(true);
    expect(at(image, 14, 22)).toBeGreaterThan(200); // between the stems of the first glyph
    expect(at(image, 11, 22)).toBeLessThan(100); // a stem crossing the line stays ink
    expect(at(image, 11, 30)).toBeLessThan(100);
  });

  it('leaves plain glyphs, and an underline below the middle, alone', () => {
    const plain = blank(160, 44);
    glyphs(plain, 10, 7, 8);
    expect(removeStrike(plain)).toEqual({ image: plain, struck: false });
    const underlined = blank(160, 44);
    glyphs(underlined, 10, 5, 8, 28);
    fill(underlined, 8, 38, 140, 40);
    expect(removeStrike(underlined).struck).toBe(false);
  });
});

describe('straightening and light', () => {
  /** Five text lines of glyphs, turned by `deg`. */
  function page(deg: number): GrayImage {
    const img = blank(420, 300);
    for (let row = 0; row < 5; row++) glyphs(img, 40, 30 + row * 50, 20, 20);
    return rotate(img, -deg);
  }

  it('finds the tilt of text lines and rotate() levels them', () => {
    for (const deg of [-6, -2.5, 0, 3, 7]) {
      expect(Math.abs(skewAngle(page(deg)) - deg)).toBeLessThanOrEqual(0.5);
    }
    const level = rotate(page(4), skewAngle(page(4)));
    expect(Math.abs(skewAngle(level))).toBeLessThanOrEqual(0.5);
  });

  it('says 0 when there is too little ink to tell', () => {
    const img = blank(200, 200);
    fill(img, 10, 10, 14, 14);
    expect(skewAngle(img)).toBe(0);
  });

  it('flattenLight makes paper under a shadow white and keeps ink dark', () => {
    const img = blank(200, 100);
    for (let x = 0; x < 200; x++) for (let y = 0; y < 100; y++) img.gray[y * 200 + x] = 240 - x / 2;
    fill(img, 150, 40, 170, 44, 30);
    const flat = flattenLight(img, 25);
    // Paper 90 levels apart before, near-white and within a third of that after.
    expect(at(img, 10, 10) - at(img, 190, 10)).toBe(90);
    expect(at(flat, 10, 10)).toBeGreaterThan(220);
    expect(at(flat, 190, 10)).toBeGreaterThan(220);
    expect(Math.abs(at(flat, 10, 10) - at(flat, 190, 10))).toBeLessThan(30);
    expect(at(flat, 160, 42)).toBeLessThan(80);
  });
});

describe('stack and extendBox', () => {
  it('stacks crops under one another with their tops', () => {
    const a = blank(10, 5, 0);
    const b = blank(20, 8, 0);
    const { image, tops } = stack([a, b], 4, 6);
    expect(tops).toEqual([4, 15]);
    expect([image.width, image.height]).toEqual([28, 27]);
    expect(at(image, 4, 4)).toBe(0);
    expect(at(image, 4, 10)).toBe(255);
    expect(at(image, 23, 22)).toBe(0);
  });

  it('widens a box that caught only part of a code, not over a far column', () => {
    const img = blank(400, 50);
    glyphs(img, 20, 10, 10);
    glyphs(img, 300, 10, 4);
    const part = { x0: 68, y0: 10, x1: 180, y1: 40 };
    const grown = extendBox(img, part);
    expect(grown.x0).toBeLessThanOrEqual(20);
    expect(grown.x1).toBeLessThan(200);
    expect(grown.x1).toBeGreaterThanOrEqual(180);
  });
});
