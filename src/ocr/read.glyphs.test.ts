/**
 * Glyphs compared within the picture (src/ocr/glyphs.ts): a recognizer that
 * reads one `0` of a picture as `e`, the same way in every reading, with full
 * confidence, must not make a sure code of it when the picture's own `0`s
 * and `e`s show the glyph is a `0`. Drawn with a made-up font (one random
 * bitmap per character, as one screenshot uses one font) over every
 * registry shape and random ones, every alphabet, every pair of characters,
 * not only the pairs the bench met (`0/e`, `9/d`, `8/d`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayCode, lookAlikeAt } from '../core/codes/ocr-correct';
import { glyphDoubts } from './glyphs';
import { blank } from './image';
import { readPrepared } from './read';
import { anyOcrShape, siteOfShape } from './testing/shapes';
import { CHARSETS } from './reread';
import { PAGE_HEIGHT, PAGE_WIDTH, misreading, page } from './testing/engine';

/** One 8×16 bitmap per character, every column inked (glyphs apart, none split): a font. */
function fontOf(seed: number): (ch: string) => boolean[][] {
  const cache = new Map<string, boolean[][]>();
  return (ch) => {
    let bits = cache.get(ch);
    if (!bits) {
      let s = (seed ^ (ch.codePointAt(0)! * 2654435761)) >>> 0;
      const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 16) & 1;
      bits = Array.from({ length: 16 }, (_, y) =>
        Array.from({ length: 8 }, () => (ch === '-' ? y >= 7 && y <= 8 : next() === 1)),
      );
      for (let x = 0; x < 8; x++) bits[7]![x] = true;
      cache.set(ch, bits);
    }
    return bits;
  };
}

/** The page with `display` drawn where the fake engine says it reads it (x = 20 + 12·k, y = 40–60). */
function drawn(display: string, font: (ch: string) => boolean[][]) {
  const img = blank(PAGE_WIDTH, PAGE_HEIGHT);
  [...display].forEach((ch, k) => {
    if (ch === ' ') return;
    const bits = font(ch);
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 8; x++)
        if (bits[y]![x]) img.gray[(42 + y) * PAGE_WIDTH + 22 + 12 * k + x] = 20;
  });
  return page(img.gray);
}

const anyShape = anyOcrShape(['digits', 'hex-lower', 'alnum-lower', 'alnum-upper', 'alnum'], 5);

/**
 * A code of the shape holding `shown` at least twice and `read` at least
 * twice, and the position of one `shown` to misread as `read`.
 */
const misreadCase = anyShape.chain((shape) => {
  const chars = [...CHARSETS[shape.alphabet]];
  return fc
    .record({
      shape: fc.constant(shape),
      pair: fc
        .tuple(fc.constantFrom(...chars), fc.constantFrom(...chars))
        .filter(([a, b]) => a !== b),
      rest: fc.array(fc.constantFrom(...chars), {
        minLength: shape.length,
        maxLength: shape.length,
      }),
      order: fc.array(fc.nat(), { minLength: shape.length, maxLength: shape.length }),
      which: fc.nat(),
      seed: fc.integer(),
    })
    .map(({ shape, pair: [shown, read], rest, order, which, seed }) => {
      const slots = [...Array(shape.length).keys()].sort((i, j) => order[i]! - order[j]! || i - j);
      const truth = [...rest];
      truth[slots[0]!] = shown;
      truth[slots[1]!] = shown;
      truth[slots[2]!] = read;
      truth[slots[3]!] = read;
      const at = truth.map((c, i) => (c === shown ? i : -1)).filter((i) => i >= 0)[
        which % truth.filter((c) => c === shown).length
      ]!;
      const misread = [...truth];
      misread[at] = read;
      return { shape, truth: truth.join(''), misread: misread.join(''), at, seed };
    });
});

describe('glyphs compared within the picture', () => {
  it('a character read as another, alike in every reading, is never sure', async () => {
    await fc.assert(
      fc.asyncProperty(misreadCase, async ({ shape, truth, misread, at, seed }) => {
        const reading = await readPrepared(drawn(displayCode(truth, shape), fontOf(seed)), {
          engine: misreading(displayCode(misread, shape)),
          site: siteOfShape(shape),
          crops: false,
        });
        expect(reading.codes).toHaveLength(1);
        const code = reading.codes[0]!;
        expect(code.value).toBe(displayCode(misread, shape));
        expect(code.unsure).toBe(true);
        expect(code.doubtAt).toContain(at);
      }),
      { numRuns: 150 },
    );
  });

  it('a code read right is doubted only where its alphabet has look-alikes', async () => {
    await fc.assert(
      fc.asyncProperty(misreadCase, async ({ shape, truth, seed }) => {
        const reading = await readPrepared(drawn(displayCode(truth, shape), fontOf(seed)), {
          engine: misreading(displayCode(truth, shape)),
          site: siteOfShape(shape),
          crops: false,
        });
        expect(reading.codes).toHaveLength(1);
        const code = reading.codes[0]!;
        // Look-alikes stay doubted unless their heights settle them (src/ocr/heights.ts),
        // which never changes a character read right.
        const lookAlikes = lookAlikeAt(truth, shape.alphabet);
        expect(code.value).toBe(displayCode(truth, shape));
        for (const at of code.doubtAt ?? []) expect(lookAlikes).toContain(at);
        expect(code.unsure).toBe((code.doubtAt ?? []).length > 0);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves out codes whose glyphs touch: no columns of paper, no comparison', () => {
    const img = blank(200, 40);
    // Eight glyphs run together into one inked band, read as "0e0e0e0e".
    for (let y = 10; y < 26; y++) for (let x = 20; x < 116; x++) img.gray[y * 200 + x] = 20;
    const doubts = glyphDoubts(img, [
      { bbox: { x0: 20, y0: 8, x1: 116, y1: 28 }, display: '0e0e0e0e' },
    ]);
    expect(doubts).toEqual([[]]);
  });
});
