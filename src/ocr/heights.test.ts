/**
 * Look-alikes settled by where their ink reaches (src/ocr/heights.ts). Codes
 * are drawn in made-up fonts: random metrics (x-height, digit height,
 * ascender, descender — sometimes equal, as hinting makes DejaVu's `l` and
 * `1` at 15 px) and random strokes inside each glyph's envelope, so the
 * properties cover the family, not one font. The recognizer is played by the
 * test: each code is "read" with random members of its look-alike classes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOOK_ALIKES, ambiguousIn, type OcrShape } from '../core/codes/ocr-correct';
import { blank, type GrayImage } from './image';
import { cellsOf, settleLookAlikes } from './heights';
import { readPrepared } from './read';
import { CHARSETS } from './reread';
import { PAGE_HEIGHT, PAGE_WIDTH, misreading, page } from './testing/engine';
import { siteOfShape } from './testing/shapes';

interface Font {
  x: number;
  digit: number;
  ascender: number;
  descender: number;
  width: number;
  seed: number;
}

const X = 'acemnorsuvwxz';
const ASC = 'bdfhklt';

/** Draws `ch` with its baseline at row `base`, left column `left`. */
function drawGlyph(img: GrayImage, ch: string, font: Font, base: number, left: number) {
  const w = font.width;
  let s = (font.seed ^ (ch.codePointAt(0)! * 2654435761)) >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 16) / 65536;
  const ink = (x: number, y: number) => (img.gray[y * img.width + left + x] = 20);
  const top = /[0-9]/.test(ch)
    ? font.digit
    : X.includes(ch) || 'gpqyij'.includes(ch)
      ? font.x
      : ASC.includes(ch)
        ? font.ascender
        : font.digit;
  const descends = 'gjpqy'.includes(ch);
  const stem = 'gq'.includes(ch) ? w - 1 : 1 + Math.floor(rnd() * (w - 2));
  // The body: a stem over its whole height, a base row, strokes at random.
  for (let y = base - top; y < base; y++) {
    ink(stem, y);
    for (let x = 0; x < w; x++) if (rnd() < 0.3) ink(x, y);
  }
  for (let x = 0; x < w; x++) ink(x, base - 1);
  if (descends) {
    // A g ends in a hook to the left (its last two rows), a q in its stem.
    const hook = ch === 'g' ? Math.min(2, font.descender - 1) : 0;
    for (let y = base; y < base + font.descender - hook; y++) ink(stem, y);
    for (let y = base + font.descender - hook; y < base + font.descender; y++)
      for (let x = 0; x < w - 1; x++) ink(x, y);
  }
  if (ch === 'i' || ch === 'j') {
    // A dot two rows above the x-height.
    for (let y = base - font.x - 4; y < base - font.x - 2; y++) ink(stem, y);
  }
}

/** The picture of codes (one per row), and each code's box. */
function drawCodes(codes: string[], font: Font) {
  const pitch = font.width + 3;
  const line = font.ascender + font.descender + 12;
  const img = blank(40 + 12 * pitch, 20 + codes.length * line);
  const boxes = codes.map((code, r) => {
    const base = 14 + font.ascender + r * line;
    [...code].forEach((ch, k) => drawGlyph(img, ch, font, base, 20 + k * pitch));
    return {
      x0: 20,
      y0: base - Math.max(font.ascender, font.digit, font.x + 4),
      x1: 20 + code.length * pitch - 3,
      y1: base + font.descender,
    };
  });
  return { img, boxes };
}

const anyFont = fc
  .record({
    x: fc.integer({ min: 6, max: 14 }),
    up: fc.integer({ min: 0, max: 6 }),
    asc: fc.integer({ min: -1, max: 4 }),
    descender: fc.integer({ min: 0, max: 6 }),
    width: fc.integer({ min: 5, max: 10 }),
    seed: fc.integer(),
  })
  .map(({ x, up, asc, descender, width, seed }) => ({
    x,
    digit: x + up,
    ascender: Math.max(x, x + up + asc),
    descender,
    width,
    seed,
  }));

const alphabet = 'alnum-lower' as const;
const chars = [...CHARSETS[alphabet]];
const ambiguous = ambiguousIn(alphabet);
/** Reference glyphs every picture of codes holds somewhere (a page of ten codes does). */
const REFERENCE_CODES = ['xm34bdpy', 'acen678h', 'ruvw3fkp'];

/** A code as the recognizer might read it: each look-alike replaced by a random member of its class. */
function misreadOf(code: string, picks: number[]): string {
  return [...code]
    .map((ch, k) => {
      if (!ambiguous.has(ch)) return ch;
      const cls = [...LOOK_ALIKES.find((c) => c.includes(ch))!].filter((m) => ambiguous.has(m));
      return cls[picks[k]! % cls.length]!;
    })
    .join('');
}

const anyCodes = fc.array(
  fc.array(fc.constantFrom(...chars), { minLength: 8, maxLength: 8 }).map((c) => c.join('')),
  { minLength: 1, maxLength: 6 },
);
const anyPicks = fc.array(fc.nat(), { minLength: 8, maxLength: 8 });

describe('look-alikes settled by heights measured within the picture', () => {
  it('never settles a character to anything but what the picture shows, in any font', () => {
    fc.assert(
      fc.property(
        anyFont,
        anyCodes,
        fc.array(anyPicks, { minLength: 9, maxLength: 9 }),
        (font, own, picks) => {
          const truth = [...REFERENCE_CODES, ...own];
          const { img, boxes } = drawCodes(truth, font);
          const read = truth.map((t, i) => misreadOf(t, picks[i]!));
          const out = settleLookAlikes(
            img,
            read.map((display, i) => ({ bbox: boxes[i]!, display })),
            alphabet,
          );
          out.forEach((o, i) => {
            [...o.bare].forEach((ch, k) => {
              if (o.settled.includes(k)) expect(ch).toBe(truth[i]![k]);
              else expect(ch).toBe(read[i]![k]);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('settles 0/o, 5/s, 2/z and 9/g/q wherever the font draws them apart', () => {
    const apart = anyFont.filter((f) => f.digit - f.x >= 3 && f.descender >= 3);
    const pairs = ['0o', '5s', '2z', '9g', '9q', 'gq'];
    fc.assert(
      fc.property(
        apart,
        fc.constantFrom(...pairs),
        fc.boolean(),
        fc.array(fc.constantFrom(...'acemnruvwx3467'), { minLength: 7, maxLength: 7 }),
        fc.nat({ max: 7 }),
        (font, pair, flip, rest, at) => {
          const [shown, read] = flip ? [pair[1]!, pair[0]!] : [pair[0]!, pair[1]!];
          const truth = [...rest];
          truth.splice(at, 0, shown);
          const code = truth.join('');
          const misread = [...code];
          misread[at] = read;
          const codes = [...REFERENCE_CODES, code];
          const { img, boxes } = drawCodes(codes, font);
          const out = settleLookAlikes(
            img,
            codes.map((c, i) => ({
              bbox: boxes[i]!,
              display: i === codes.length - 1 ? misread.join('') : c,
            })),
            alphabet,
          );
          const last = out[out.length - 1]!;
          expect(last.bare).toBe(code);
          expect(last.settled).toContain(at);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells i from 1 and l by its dot, and leaves 1/l alone where they stand equally tall', () => {
    const font: Font = { x: 9, digit: 12, ascender: 12, descender: 4, width: 7, seed: 7 };
    const codes = [...REFERENCE_CODES, 'ai1lxm3e'];
    const { img, boxes } = drawCodes(codes, font);
    const out = settleLookAlikes(
      img,
      codes.map((c, i) => ({ bbox: boxes[i]!, display: i === 3 ? 'a11ixm3e' : c })),
      alphabet,
    );
    expect(out[3]!.bare).toBe('ai1ixm3e');
    expect(out[3]!.settled).toEqual([1]);
  });

  it('cuts touching glyphs at the middle of their monospace cells, and only then', () => {
    expect(
      cellsOf(
        [
          [0, 8],
          [10, 28],
        ],
        3,
      ),
    ).toEqual([
      [0, 8],
      [13, 16],
      [22, 25],
    ]);
    // A run that does not cover whole cells: not a monospace code, nothing cut.
    expect(
      cellsOf(
        [
          [0, 3],
          [5, 20],
        ],
        3,
      ),
    ).toBeNull();
  });

  it('in the pipeline: a look-alike every reading agrees on is corrected from the picture', async () => {
    // The fake engine reads its line at x = 20 + 12·k, y = 40–60; the glyphs are drawn there.
    const shape: OcrShape = { alphabet, length: 16, groups: null, separator: '' };
    const truth = 'xm34bdpyacen7o8h';
    for (const [shown, read] of [
      ['o', '0'],
      ['0', 'o'],
    ]) {
      const code = truth.replace('o', shown!);
      const font: Font = { x: 8, digit: 11, ascender: 12, descender: 3, width: 7, seed: 11 };
      const img = blank(PAGE_WIDTH, PAGE_HEIGHT);
      [...code].forEach((ch, k) => drawGlyph(img, ch, font, 56, 22 + 12 * k));
      const reading = await readPrepared(page(img.gray), {
        engine: misreading(code.replace(shown!, read!)),
        site: siteOfShape(shape),
        crops: false,
      });
      expect(reading.codes).toHaveLength(1);
      expect(reading.codes[0]!.value).toBe(code);
      expect(reading.codes[0]!.doubtAt ?? []).not.toContain(13);
    }
  });
});
