/**
 * Bench only (`npm run ocr-bench -- --paddle`): starts PP-OCR's recognition
 * model in its worker (`paddle-worker.ts`) and gives the pipeline a
 * `CropReader` over it. Measured and not shipped in the extension: it missed
 * the time budget and would quadruple the package (docs/ocr.md).
 */
import { dictionaryOf, paddleReader, type RunModel } from './paddle';
import type { PaddleRequest, PaddleResponse } from './paddle-worker';
import type { CropReader } from '../../../src/ocr/reread';

export interface PaddleEngine {
  read: CropReader;
  terminate(): void;
}

type Pending = { resolve(r: PaddleResponse & { ok: true }): void; reject(e: Error): void };

/** Loads the model in its worker; rejects with the worker's message when it cannot. */
export async function startPaddle(baseUrl: string): Promise<PaddleEngine> {
  const worker = new Worker(new URL('./paddle-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let next = 1;
  let dead: Error | null = null;
  const fail = (e: Error) => {
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.onmessage = (e: MessageEvent<PaddleResponse>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (e.data.ok) p.resolve(e.data);
    else p.reject(new Error(e.data.error));
  };
  worker.onerror = (e) => fail(new Error(e.message || 'The recognition worker failed.'));
  type Request =
    | Omit<Extract<PaddleRequest, { kind: 'load' }>, 'id'>
    | Omit<Extract<PaddleRequest, { kind: 'run' }>, 'id'>;
  const ask = (req: Request, transfer: Transferable[] = []) =>
    new Promise<PaddleResponse & { ok: true }>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } as PaddleRequest, transfer);
    });
  try {
    const loaded = await ask({ kind: 'load', baseUrl });
    const dictionary = dictionaryOf(loaded.keys ?? '');
    const run: RunModel = async (input) => {
      const r = await ask({ kind: 'run', data: input.data, dims: input.dims }, [input.data.buffer]);
      return { data: r.data!, dims: r.dims! };
    };
    return {
      read: paddleReader(run, dictionary),
      terminate: () => {
        fail(new Error('The recognition worker was stopped.'));
        worker.terminate();
      },
    };
  } catch (err) {
    worker.terminate();
    throw err;
  }
}
