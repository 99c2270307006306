/**
 * The OCR bench page: runs the extension's own image pipeline (`src/ocr/`)
 * on corpus images that `run.ts` hands it by URL, with the engine files
 * copied from the built extension (`dist/chrome/ocr/`).
 */
import { readImage, type CandidateTrace, type ImageReading } from '../../../src/ocr/read';
import { startEngine, type OcrEngine, type OcrLine } from '../../../src/ocr/engine';
import { startPaddle, type PaddleEngine } from './paddle-client';
import { prepareImage, toPgm } from '../../../src/ocr/prepare';
import { allSites } from '../../../src/core/sites/registry';

export interface PageReading {
  ms: number;
  reading: ImageReading;
  /** Every candidate's readings (`--trace`). */
  trace: CandidateTrace[];
}

let engine: Promise<OcrEngine> | null = null;
let paddle: Promise<PaddleEngine> | null = null;
/**
 * `?paddle=1` (`--paddle`): PP-OCR's recognizer settles the crops tesseract's
 * readings disagree on. Measured, not shipped (docs/ocr.md).
 */
const withMore = new URLSearchParams(location.search).get('paddle') === '1';

function getEngine(): Promise<OcrEngine> {
  engine ??= startEngine({ baseUrl: new URL('./ocr/', location.href).href });
  return engine;
}

function getPaddle(): Promise<PaddleEngine> {
  paddle ??= startPaddle(new URL('./ocr/', location.href).href);
  return paddle;
}

async function fetchBlob(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.blob();
}

const api = {
  async warm(): Promise<number> {
    const t0 = performance.now();
    await Promise.all([getEngine(), withMore ? getPaddle() : null]);
    return performance.now() - t0;
  },
  /** The engine's raw lines, for tuning. */
  async raw(url: string): Promise<OcrLine[]> {
    const img = await prepareImage(await fetchBlob(url));
    return (await getEngine()).recognize(toPgm(img));
  },
  /** The whole pipeline, as the manager page runs it, timed from file to reading. */
  async read(url: string, siteId: string | null): Promise<PageReading> {
    const blob = await fetchBlob(url);
    const eng = await getEngine();
    const more = withMore ? (await getPaddle()).read : undefined;
    const site = siteId ? (allSites().find((s) => s.id === siteId) ?? null) : null;
    const trace: CandidateTrace[] = [];
    const t0 = performance.now();
    const reading = await readImage(blob, {
      engine: eng,
      site,
      crops: false,
      onTrace: (t) => trace.push(t),
      ...(more ? { more } : {}),
    });
    return { ms: performance.now() - t0, reading, trace };
  },
};

(globalThis as unknown as { ocrBench: typeof api }).ocrBench = api;
