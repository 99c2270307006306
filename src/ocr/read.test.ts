import { describe, expect, it } from 'vitest';
import { hasTickedBox, isStruckThrough } from './read';
import { fitScale, toGray, toPgm } from './prepare';

/** A white grey image with helpers to draw dark rectangles. */
function canvas(width: number, height: number) {
  const gray = new Uint8Array(width * height).fill(255);
  const fill = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) gray[y * width + x] = 20;
  };
  /** Eight "glyphs": 10 px wide strokes with 6 px gaps, 30 px high, starting at x. */
  const glyphs = (x: number, y: number) => {
    for (let k = 0; k < 8; k++) {
      fill(x + k * 16, y, x + k * 16 + 3, y + 30); // left stem
      fill(x + k * 16 + 7, y, x + k * 16 + 10, y + 30); // right stem
      fill(x + k * 16, y, x + k * 16 + 10, y + 3); // top bar
    }
  };
  return { image: { gray, width, height }, fill, glyphs };
}

const CODE_BOX = { x0: 100, y0: 20, x1: 228, y1: 50 };

describe('used marks seen in the picture', () => {
  it('sees a strike-through, and not plain glyphs', () => {
    const plain = canvas(300, 80);
    plain.glyphs(100, 20);
    expect(isStruckThrough(plain.image, CODE_BOX)).toBe(false);
    const struck = canvas(300, 80);
    struck.glyphs(100, 20);
    struck.fill(98, 34, 228, 37);
    expect(isStruckThrough(struck.image, CODE_BOX)).toBe(true);
  });

  it('sees a ticked box left of the code, and not an empty one', () => {
    const box = (ticked: boolean) => {
      const c = canvas(300, 80);
      c.glyphs(100, 20);
      // A 26 px box with 2 px edges, 40 px left of the code.
      c.fill(34, 22, 60, 24);
      c.fill(34, 46, 60, 48);
      c.fill(34, 22, 36, 48);
      c.fill(58, 22, 60, 48);
      if (ticked) for (let k = 0; k < 14; k++) c.fill(38 + k, 40 - k, 41 + k, 43 - k);
      return c.image;
    };
    expect(hasTickedBox(box(false), CODE_BOX)).toBe(false);
    expect(hasTickedBox(box(true), CODE_BOX)).toBe(true);
    expect(hasTickedBox(canvas(300, 80).image, CODE_BOX)).toBe(false);
  });
});

describe('preparing a picture', () => {
  it('scales big pictures down, and small ones up (at most 3×) when a minimum side is set', () => {
    expect(fitScale(5200, 2000)).toBeCloseTo(0.5);
    expect(fitScale(2200, 1000)).toBe(1);
    expect(fitScale(300, 200)).toBe(1);
    const enlarge = { minSide: 2000, maxSide: 2600 };
    expect(fitScale(1000, 500, enlarge)).toBe(2);
    expect(fitScale(300, 200, enlarge)).toBe(3);
    expect(fitScale(2200, 1000, enlarge)).toBe(1);
  });

  it('inverts dark-mode pictures so text is dark on light', () => {
    const dark = new Uint8ClampedArray([0, 0, 0, 255, 250, 250, 250, 255, 10, 10, 10, 255]);
    expect(toGray(dark, 3)).toEqual({ gray: new Uint8Array([255, 5, 245]), inverted: true });
    const light = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255]);
    expect(toGray(light, 3).inverted).toBe(false);
  });

  it('writes a binary PGM the engine can decode', () => {
    const pgm = toPgm({ width: 2, height: 1, gray: new Uint8Array([7, 9]) });
    expect(new TextDecoder().decode(pgm.slice(0, 11))).toBe('P5\n2 1\n255\n');
    expect([...pgm.slice(11)]).toEqual([7, 9]);
  });
});
