import { describe, expect, it } from 'vitest';
import type { CodeShape } from '../../src/core/codes/ocr-correct';
import { blank } from '../../src/ocr/image';
import {
  cropsTensor,
  decodeAllowed,
  dictionaryOf,
  PADDLE_HEIGHT,
  paddleReader,
  type Tensor,
} from '../../bench/ocr/page/paddle';

const DICT = dictionaryOf('a\nb\nc\n1\nl\n-\nX\n');

/** A model output of one batch item whose steps pick the given classes (with their probability). */
function output(steps: [number, number][][]): Tensor {
  const classes = DICT.length;
  const n = steps.length;
  const len = Math.max(...steps.map((s) => s.length));
  const data = new Float32Array(n * len * classes);
  steps.forEach((item, b) =>
    item.forEach(([best, p], t) => {
      const row = (b * len + t) * classes;
      data.fill((1 - p) / (classes - 1), row, row + classes);
      data[row + best] = p;
    }),
  );
  return { data, dims: [n, len, classes] };
}

describe('PP-OCR decoding', () => {
  it('reads the key file as blank, one character per line, then space', () => {
    expect(DICT).toEqual(['', 'a', 'b', 'c', '1', 'l', '-', 'X', ' ']);
  });

  it('collapses runs, drops blanks and keeps the highest probability of a run', () => {
    const [r] = decodeAllowed(
      output([
        [
          [1, 0.6],
          [1, 0.9],
          [0, 0.9],
          [1, 0.8],
          [6, 0.9],
          [2, 0.7],
        ],
      ]),
      DICT,
      'ab-',
    );
    expect(r).toMatchObject({ text: 'aa-b', chars: [90, 80, 70] });
  });

  it('only lets the allowed characters win: a disallowed best class yields the likeliest allowed', () => {
    const out = output([[[7, 0.9]]]); // `X` best; among allowed, all tie at (1-p)/(n-1)
    out.data[4] = 0.08; // `1` a little likelier than the others
    const [r] = decodeAllowed(out, DICT, '1l');
    expect(r!.text).toBe('1');
  });

  it('builds a [n, 3, 48, w] tensor in [-1, 1], padded with 0', () => {
    const img = blank(200, 40);
    for (let x = 20; x < 60; x++) for (let y = 15; y < 25; y++) img.gray[y * 200 + x] = 0;
    const t = cropsTensor(img, [
      { x0: 20, y0: 15, x1: 60, y1: 25 },
      { x0: 20, y0: 15, x1: 40, y1: 25 },
    ]);
    expect(t.dims.slice(0, 3)).toEqual([2, 3, PADDLE_HEIGHT]);
    const w = t.dims[3]!;
    const plane = PADDLE_HEIGHT * w;
    expect(Math.min(...t.data)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...t.data)).toBeLessThanOrEqual(1);
    // The middle row of the first crop has ink (−1) and the three channels are equal.
    const mid = 24 * w + Math.round(w / 2);
    expect(t.data[mid]).toBeLessThan(-0.5);
    expect(t.data[mid + plane]).toBe(t.data[mid]);
    // The narrower second crop is padded with 0 at its right end.
    expect(t.data[3 * plane + 24 * w + w - 1]).toBe(0);
  });

  it('reads crops in batches through the model with the shape’s alphabet', async () => {
    const shape: CodeShape = { length: 2, alphabet: 'digits', groups: null, separator: '' };
    const sizes: number[] = [];
    const read = paddleReader(
      async (input) => {
        sizes.push(input.dims[0]!);
        return output(Array.from({ length: input.dims[0]! }, () => [[4, 0.9] as [number, number]]));
      },
      DICT,
      2,
    );
    const box = { x0: 0, y0: 0, x1: 20, y1: 10 };
    const out = await read(blank(40, 20), [box, box, box], shape);
    expect(sizes).toEqual([2, 1]);
    expect(out.map((r) => r?.text)).toEqual(['1', '1', '1']);
  });
});
