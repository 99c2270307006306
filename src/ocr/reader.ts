/**
 * The manager page's image reader: one engine, started on the first picture
 * and kept for the next ones; cancelling a reading stops the engine's worker
 * (tesseract cannot be interrupted mid-page), and the next picture starts a
 * new one. Loaded with `import()` by the manager page only (src/ui/manager/main.tsx),
 * so the popup and the content script never carry the engine.
 */
import { findSiteByDomain } from '../core/sites/registry';
import { startEngine, type OcrEngine } from './engine';
import { readImage, type ImageReading } from './read';

export type ReadStage = 'load' | 'prepare' | 'recognize' | 'check';

export interface ReadImageRequest {
  file: Blob;
  /** The account's domain as typed (the registry gives the code shape), or null. */
  domain: string | null;
  signal: AbortSignal;
  onStage(stage: ReadStage, progress?: number): void;
}

let engine: Promise<OcrEngine> | null = null;

function engineBase(): string {
  // Extension pages live under src/ui/…; the engine's files are at the package root's ocr/.
  return new URL('/ocr/', location.href).href;
}

function abortError(): DOMException {
  return new DOMException('Reading was cancelled.', 'AbortError');
}

/** Reads a picture's codes; rejects with an `AbortError` when `signal` aborts. */
export async function readImageFile(req: ReadImageRequest): Promise<ImageReading> {
  if (req.signal.aborted) throw abortError();
  req.onStage('load', 0);
  engine ??= startEngine({ baseUrl: engineBase() }, (p) => req.onStage('load', p));
  const current = engine;
  current.catch(() => {
    if (engine === current) engine = null;
  });
  const cancelled = new Promise<never>((_, reject) => {
    req.signal.addEventListener(
      'abort',
      () => {
        if (engine === current) engine = null;
        void current.then((e) => e.terminate()).catch(() => {});
        reject(abortError());
      },
      { once: true },
    );
  });
  const run = (async () => {
    const e = await current;
    const site = req.domain ? findSiteByDomain(req.domain) : null;
    return readImage(req.file, {
      engine: e,
      site,
      crops: true,
      signal: req.signal,
      onStage: (s) => req.onStage(s),
    });
  })();
  return Promise.race([run, cancelled]);
}
