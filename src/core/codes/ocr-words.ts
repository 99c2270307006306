/**
 * What a text recognizer gives for a picture, as the code finder reads it:
 * words with boxes and confidences, put back into rows, and the characters
 * that edge a word or split it into runs.
 */

export interface OcrBoxLike {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One word as the recognizer read it. */
export interface OcrWordInput {
  text: string;
  /** 0–100. */
  confidence: number;
  bbox: OcrBoxLike;
  /** Per-character confidences (0–100); may be empty. */
  symbols: number[];
}

export interface OcrLineInput {
  words: OcrWordInput[];
}

/** Decoration around a word: anything but letters, digits and the glyphs read for digits. */
export const EDGE_JUNK = /^[^0-9A-Za-z|!$]+|[^0-9A-Za-z|!$]+$/g;
/** Separators inside a word: dashes, underscores, middle dots. */
export const SPLIT = /[-\u2010-\u2015\u2212_·]+/;

/**
 * Rebuilds rows of text from the recognizer's words: words whose vertical
 * centres fall within half a line height of each other are one row, left to
 * right. Recognizers (tesseract's sparse mode among them) often return the
 * two groups of `1234 5678` as separate lines; the row puts them back side by
 * side. A row also breaks where two words are further apart than
 * `maxGapFactor` line heights: two columns of a sheet stay separate.
 */
export function rowsOfWords(lines: readonly OcrLineInput[], maxGapFactor = 2.5): OcrLineInput[] {
  const words = lines.flatMap((l) => l.words).filter((w) => w.text.trim() !== '');
  const height = (w: OcrWordInput) => Math.max(1, w.bbox.y1 - w.bbox.y0);
  const centre = (w: OcrWordInput) => (w.bbox.y0 + w.bbox.y1) / 2;
  const sorted = [...words].sort((a, b) => centre(a) - centre(b));
  const rows: OcrWordInput[][] = [];
  for (const w of sorted) {
    const row = rows.find((r) => {
      const h = Math.max(height(r[0]!), height(w));
      return Math.abs(centre(r[0]!) - centre(w)) < h * 0.5;
    });
    if (row) row.push(w);
    else rows.push([w]);
  }
  const out: OcrLineInput[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.bbox.x0 - b.bbox.x0);
    let current: OcrWordInput[] = [];
    for (const w of row) {
      const prev = current[current.length - 1];
      if (prev && w.bbox.x0 - prev.bbox.x1 > maxGapFactor * Math.max(height(prev), height(w))) {
        out.push({ words: current });
        current = [];
      }
      current.push(w);
    }
    if (current.length) out.push({ words: current });
  }
  return out;
}
