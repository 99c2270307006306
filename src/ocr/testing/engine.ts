/**
 * Test helper: an engine that reads one line of text wherever it is asked,
 * the same way on the page and in every close reading (a recognizer sure of
 * its misreading), and the page it reads it on. The line sits at
 * `x = 20 + 12·k`, `y = 40–60`: tests that draw glyphs draw them there.
 */
import type { OcrEngine, OcrLine } from '../engine';
import type { PreparedImage } from '../prepare';

export const PAGE_WIDTH = 900;
export const PAGE_HEIGHT = 100;

/** An engine that reads `text` on the page and in every stacked crop, sure of every character. */
export function misreading(text: string): OcrEngine {
  return {
    async recognize(image, options = {}) {
      if (!(image instanceof Uint8Array)) throw new Error('expected the PGM bytes');
      const header = new TextDecoder().decode(image.slice(0, 20)).split(/\s+/);
      const width = Number(header[1]);
      const height = Number(header[2]);
      const words = (y0: number, y1: number) => {
        let x = 20;
        return text.split(' ').map((w) => {
          const bbox = { x0: x, y0, x1: x + w.length * 12, y1 };
          x = bbox.x1 + 12;
          return { text: w, confidence: 99, bbox, symbols: [...w].map(() => 99) };
        });
      };
      // The page: one line with the code. A block: the one stacked crop.
      const line: OcrLine =
        options.layout === 'block'
          ? { bbox: { x0: 5, y0: height * 0.3, x1: width - 5, y1: height * 0.6 }, words: [] }
          : { bbox: { x0: 20, y0: 40, x1: 20 + text.length * 12, y1: 60 }, words: [] };
      line.words =
        options.layout === 'block'
          ? words(height * 0.3, height * 0.6).map((w) => ({
              ...w,
              bbox: { ...w.bbox, x1: Math.min(w.bbox.x1, width - 5) },
            }))
          : words(40, 60);
      return [line];
    },
    async terminate() {},
  };
}

export function page(gray?: Uint8Array): PreparedImage {
  const width = PAGE_WIDTH;
  const height = PAGE_HEIGHT;
  return {
    width,
    height,
    gray: gray ?? new Uint8Array(width * height).fill(255),
    color: null as unknown as PreparedImage['color'],
    scale: 1,
    inverted: false,
  };
}
