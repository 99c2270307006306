import { describe, expect, it } from 'vitest';
import type { CodeShape } from '../core/codes/ocr-correct';
import type { OcrEngine, OcrLine, RecognizeOptions } from './engine';
import { blank, type GrayImage } from './image';
import { cropForReading, readClosely, READ_WAYS, vote, type WayReading } from './reread';

const DISCORD: CodeShape = { length: 8, alphabet: 'alnum-lower', groups: [4, 4], separator: '-' };
const r = (text: string, conf = 90, weight?: number): WayReading => ({
  text,
  chars: [...text.replace(/-/g, '')].map(() => conf),
  ...(weight ? { weight } : {}),
});

describe('vote', () => {
  it('is unanimous and sure only when every reading says the same', () => {
    const v = vote([r('abcd-ef12'), r('abcdef12'), r('abcd-ef12')], 8);
    expect(v).toMatchObject({ bare: 'abcdef12', fitting: 3, unanimous: true });
  });

  it('takes each character by majority and says where the readings disagreed', () => {
    const v = vote([r('abcd-efl2'), r('abcd-ef12'), r('abcd-ef12')], 8);
    expect(v.bare).toBe('abcdef12');
    expect(v.unanimous).toBe(false);
    expect(v.agreement[6]).toBeCloseTo(2 / 3);
    expect(v.agreement[0]).toBe(1);
  });

  it('breaks a tie by confidence, and lets a weighted reading outvote one', () => {
    expect(vote([r('abcdefl2', 30), r('abcdef12', 95)], 8).bare).toBe('abcdef12');
    expect(vote([r('abcdefl2', 99), r('abcdef12', 50, 2)], 8).bare).toBe('abcdef12');
  });

  it('readings of another length or none do not vote but break unanimity', () => {
    const v = vote([r('abcdef12'), r('abcdef1'), null], 8);
    expect(v).toMatchObject({ bare: 'abcdef12', fitting: 1, unanimous: false });
    expect(vote([r('abc'), null], 8).bare).toBeNull();
  });
});

describe('cropForReading', () => {
  it('enlarges the box to the way’s height and removes a strike line', () => {
    const img = blank(200, 40);
    for (let k = 0; k < 8; k++) {
      for (let y = 12; y < 28; y++) {
        for (let x = 20 + k * 12; x < 22 + k * 12; x++) img.gray[y * 200 + x] = 10;
        for (let x = 26 + k * 12; x < 28 + k * 12; x++) img.gray[y * 200 + x] = 10;
      }
    }
    for (let x = 18; x < 118; x++) img.gray[20 * 200 + x] = 10;
    const box = { x0: 20, y0: 12, x1: 116, y1: 28 };
    const way = READ_WAYS[0]!;
    const { image, struck } = cropForReading(img, box, way);
    expect(struck).toBe(true);
    expect(image.height).toBe(Math.round(16 * 1.5 * (way.height / 16)));
    const plain = blank(200, 40);
    expect(cropForReading(plain, box, way).struck).toBe(false);
  });
});

/** An engine that reads each stacked slot as the next text of `script` for that call. */
function scripted(script: string[][]): { engine: OcrEngine; calls: RecognizeOptions[] } {
  const calls: RecognizeOptions[] = [];
  const engine: OcrEngine = {
    async recognize(image, options = {}) {
      const texts = script[calls.length] ?? [];
      calls.push(options);
      // The slots are stacked top to bottom in a binary PGM (`toPgm`): its header gives the size.
      if (!(image instanceof Uint8Array)) throw new Error('expected the PGM bytes');
      const header = new TextDecoder().decode(image.slice(0, 20)).split(/\s+/);
      const width = Number(header[1]);
      const height = Number(header[2]);
      const slot = height / Math.max(1, texts.length);
      return texts.map((t, i): OcrLine => {
        const bbox = {
          x0: 10,
          y0: i * slot + slot * 0.3,
          x1: width - 10,
          y1: i * slot + slot * 0.6,
        };
        return {
          bbox,
          words: [{ text: t, confidence: 90, bbox, symbols: [...t].map(() => 90) }],
        };
      });
    },
    async terminate() {},
  };
  return { engine, calls };
}

describe('readClosely', () => {
  const img: GrayImage = blank(300, 100);
  const boxes = [
    { x0: 10, y0: 10, x1: 110, y1: 30 },
    { x0: 10, y0: 60, x1: 110, y1: 80 },
  ];

  it('settles a crop the first close reading confirms, and reads only the others again', async () => {
    const { engine, calls } = scripted([['abcd-ef12', 'wxyz-9871'], ['wxyz-9876'], ['wxyz-9876']]);
    const out = await readClosely(
      img,
      [
        { bbox: boxes[0]!, first: r('abcdef12') },
        { bbox: boxes[1]!, first: r('wxyz9876') },
      ],
      DISCORD,
      engine,
    );
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.layout === 'block' && c.charset?.includes('-'))).toBe(true);
    expect(out[0]!.vote).toMatchObject({ bare: 'abcdef12', unanimous: true });
    expect(out[1]!.vote.bare).toBe('wxyz9876');
    expect(out[1]!.vote.unanimous).toBe(false);
  });

  it('asks the extra recognizer only about crops still in doubt', async () => {
    const { engine } = scripted([['abcd-ef12', 'wxyz-9871'], ['wxyz-9870'], ['wxyz-9872']]);
    const asked: number[] = [];
    const out = await readClosely(
      img,
      [
        { bbox: boxes[0]!, first: r('abcdef12') },
        { bbox: boxes[1]!, first: null },
      ],
      DISCORD,
      engine,
      {
        more: async (_img, bs) => {
          asked.push(bs.length);
          return bs.map(() => r('wxyz9876', 95, 2));
        },
      },
    );
    expect(asked).toEqual([1]);
    expect(out[1]!.vote.bare).toBe('wxyz9876');
    expect(out[1]!.vote.unanimous).toBe(false);
  });
});
