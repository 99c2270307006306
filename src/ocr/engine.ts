/**
 * The recognition engine: tesseract.js 7 (LSTM only, English "best_int"
 * data), chosen by measurement in docs/ocr.md. Everything it needs ships in the
 * extension under `ocr/` (see `vite.config.ts`, `ocrAssets`) and is loaded by
 * extension URL: no CDN, no blob-URL worker, no cache in IndexedDB. Tesseract
 * runs in its own dedicated worker, started from the page that reads the image
 * (the manager page), never from the popup or a content script.
 */
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  /** 0–100, the engine's own estimate. */
  confidence: number;
  bbox: OcrBox;
  /** Per-character confidences (0–100), in order, when the engine gives them. */
  symbols: number[];
}

export interface OcrLine {
  words: OcrWord[];
  bbox: OcrBox;
}

/** Where the engine's files are, as URLs the page may load. */
export interface EngineAssets {
  /** Directory URL ending in `/` holding `worker.min.js`, the core scripts and `eng.traineddata.gz`. */
  baseUrl: string;
}

export interface RecognizeOptions {
  /** Only these characters may be read (the code's alphabet and separators). */
  charset?: string;
  /** `page`: find text anywhere (columns, blocks); `block`: one uniform block of lines; `line`: one line. */
  layout?: 'page' | 'block' | 'line';
}

export interface OcrEngine {
  /** Lines of words found in an encoded image (PNG, JPEG, PGM…); coordinates in its pixels. */
  recognize(image: Uint8Array | Blob, options?: RecognizeOptions): Promise<OcrLine[]>;
  terminate(): Promise<void>;
}

/** True when the browser runs WebAssembly SIMD (every Chrome ≥ 91 and Firefox ≥ 89; checked, not assumed). */
function wasmSimd(): boolean {
  // The smallest module using a v128 instruction (i8x16.splat of an i32.const 0).
  const probe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253,
    15, 253, 98, 11,
  ]);
  try {
    return WebAssembly.validate(probe);
  } catch {
    return false;
  }
}

/**
 * Starts the engine: one tesseract worker with the English LSTM model. `onLoad`
 * reports loading progress (0–1). Rejects with the engine's own message when a
 * file is missing or WebAssembly is refused (a CSP without `wasm-unsafe-eval`).
 */
export async function startEngine(
  assets: EngineAssets,
  onLoad?: (progress: number) => void,
): Promise<OcrEngine> {
  // Only the SIMD build ships (vite.config.ts): every supported browser has SIMD.
  if (!wasmSimd()) {
    throw new Error('This browser does not run WebAssembly SIMD, which the picture reader needs.');
  }
  const core = 'tesseract-core-simd-lstm.wasm.js';
  const worker: Worker = await createWorker(
    'eng',
    OEM.LSTM_ONLY,
    {
      workerPath: `${assets.baseUrl}worker.min.js`,
      corePath: `${assets.baseUrl}${core}`,
      langPath: assets.baseUrl.replace(/\/$/, ''),
      workerBlobURL: false,
      gzip: true,
      // The model is part of the package; keeping a second copy in IndexedDB would only cost space.
      cacheMethod: 'none',
      logger: (m) => {
        if (onLoad && m.status.startsWith('load')) onLoad(m.progress);
      },
      errorHandler: () => {},
    },
    ENGINE_INIT,
  );
  return engineOf(worker);
}

/**
 * Parameters tesseract only takes when it starts. Backup codes are random
 * strings: English word lists only pull a reading towards words (`cb6bf` read
 * as `ch6bf`), so they are not loaded (docs/ocr.md, "What was tried").
 */
export const ENGINE_INIT = {
  load_system_dawg: '0',
  load_freq_dawg: '0',
} as const;

const PAGE_MODES = {
  page: PSM.SPARSE_TEXT,
  block: PSM.SINGLE_BLOCK,
  line: PSM.SINGLE_LINE,
} as const;

/** The `OcrEngine` of a started tesseract.js worker (also used by the bench in Node). */
export function engineOf(worker: Worker): OcrEngine {
  let current = '';
  return {
    async recognize(image, options = {}) {
      const key = `${options.layout ?? 'page'}|${options.charset ?? ''}`;
      if (key !== current) {
        await worker.setParameters({
          // A page: codes in columns and blocks among other text, so find text
          // anywhere. A block: the code crops stacked by the pipeline.
          tessedit_pageseg_mode: PAGE_MODES[options.layout ?? 'page'],
          tessedit_char_whitelist: options.charset ?? '',
        });
        current = key;
      }
      // tesseract.js reads a Uint8Array as encoded image bytes (its typings only name Node's Buffer).
      const input = image as unknown as Blob;
      const { data } = await worker.recognize(input, {}, { blocks: true, text: false });
      const lines: OcrLine[] = [];
      for (const block of data.blocks ?? []) {
        for (const para of block.paragraphs) {
          for (const line of para.lines) {
            lines.push({
              bbox: line.bbox,
              words: line.words.map((w) => ({
                text: w.text,
                confidence: w.confidence,
                bbox: w.bbox,
                symbols: w.symbols.map((s) => s.confidence),
              })),
            });
          }
        }
      }
      return lines;
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
