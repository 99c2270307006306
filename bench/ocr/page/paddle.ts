/**
 * A second recognizer for the close reading: PaddleOCR's PP-OCRv4 text-line
 * recognition model (ONNX on onnxruntime-web), used only on the code crops
 * tesseract's readings disagree on. No detection model and no OpenCV:
 * tesseract already found where the codes are. Measured by the bench
 * (`--paddle`, whose worker is `bench/ocr/page/paddle-worker.ts`) and not
 * shipped: docs/ocr.md has the numbers that kept it out.
 *
 * This file is the pure part: a crop becomes the model's input tensor, and
 * the model's per-step character probabilities become text, decoded with only
 * the code's alphabet allowed (greedy CTC).
 */
import type { CodeShape } from '../../../src/core/codes/ocr-correct';
import { removeStrike, resample, type Box, type GrayImage } from '../../../src/ocr/image';
import { CHARSETS, type CropReader, type WayReading } from '../../../src/ocr/reread';

/** The model's input height; widths vary (a multiple of 8 is not needed by the model). */
export const PADDLE_HEIGHT = 48;
/** Longest crop width fed to the model (a 25-character code at 48 px is about 700). */
const MAX_WIDTH = 1600;

export interface Tensor {
  data: Float32Array;
  dims: number[];
}

/** Runs the recognition model on a batch `[n, 3, 48, w]`; returns its output `[n, steps, classes]`. */
export type RunModel = (input: Tensor) => Promise<Tensor>;

/**
 * The crops as one input batch: each box cut out with a margin, scaled to the
 * model's height (bicubic), its strike line removed, grey copied to the three
 * channels and normalised to [-1, 1]; narrower crops are padded with 0 as the
 * model was trained.
 */
export function cropsTensor(img: GrayImage, boxes: Box[]): Tensor {
  const crops = boxes.map((b) => {
    const h = Math.max(4, b.y1 - b.y0);
    const pad = h * 0.25;
    const box = { x0: b.x0 - pad, y0: b.y0 - pad, x1: b.x1 + pad, y1: b.y1 + pad };
    const k = PADDLE_HEIGHT / (box.y1 - box.y0);
    const wide = Math.min(MAX_WIDTH, Math.round((box.x1 - box.x0) * k));
    const crop = resample(img, { ...box, x1: box.x0 + wide / k }, k);
    return removeStrike(crop).image;
  });
  const width = Math.max(8, ...crops.map((c) => c.width));
  const plane = PADDLE_HEIGHT * width;
  const data = new Float32Array(crops.length * 3 * plane);
  crops.forEach((c, n) => {
    for (let y = 0; y < PADDLE_HEIGHT && y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const v = c.gray[y * c.width + x]! / 127.5 - 1;
        const at = n * 3 * plane + y * width + x;
        data[at] = v;
        data[at + plane] = v;
        data[at + 2 * plane] = v;
      }
    }
  });
  return { data, dims: [crops.length, 3, PADDLE_HEIGHT, width] };
}

/**
 * Greedy CTC decoding of the model's output with only `allowed` characters
 * (and the blank) taking part: at each step the likeliest allowed class; runs
 * of one class make one character; its confidence (0–100) is the highest
 * probability it had in its run. `dictionary[0]` is the blank.
 */
export function decodeAllowed(output: Tensor, dictionary: string[], allowed: string): WayReading[] {
  const [n = 0, steps = 0, classes = 0] = output.dims;
  const ids = [0];
  for (const ch of allowed) {
    const i = dictionary.indexOf(ch);
    if (i > 0) ids.push(i);
  }
  const out: WayReading[] = [];
  for (let b = 0; b < n; b++) {
    let text = '';
    const chars: number[] = [];
    let prev = 0;
    for (let t = 0; t < steps; t++) {
      const row = (b * steps + t) * classes;
      let best = 0;
      let p = -1;
      for (const id of ids) {
        const v = output.data[row + id]!;
        if (v > p) {
          p = v;
          best = id;
        }
      }
      if (best !== 0 && best !== prev) {
        text += dictionary[best]!;
        chars.push(Math.round(p * 100));
      } else if (best !== 0 && best === prev) {
        chars[chars.length - 1] = Math.max(chars[chars.length - 1]!, Math.round(p * 100));
      }
      prev = best;
    }
    // Measured on the corpus (docs/ocr.md): where tesseract's readings of a
    // crop disagree, this model is right more often than two of them together.
    out.push({ text, chars: chars.filter((_, k) => text[k] !== '-'), weight: 2 });
  }
  return out;
}

/** The dictionary of the model: the blank, one character per line of its key file, and a space. */
export function dictionaryOf(keys: string): string[] {
  const lines = keys.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}

/** A `CropReader` that reads crops with the recognition model, in batches of `batch`. */
export function paddleReader(run: RunModel, dictionary: string[], batch = 8): CropReader {
  return async (img: GrayImage, boxes: Box[], shape: CodeShape) => {
    const allowed = CHARSETS[shape.alphabet] + (shape.separator === '-' ? '-' : '');
    const out: (WayReading | null)[] = [];
    for (let i = 0; i < boxes.length; i += batch) {
      const part = boxes.slice(i, i + batch);
      const result = await run(cropsTensor(img, part));
      out.push(...decodeAllowed(result, dictionary, allowed));
    }
    return out;
  };
}
