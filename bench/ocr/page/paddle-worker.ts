/**
 * Bench only: PP-OCR's recognition model's worker (docs/ocr.md), on
 * onnxruntime-web's WebAssembly build, one thread, as the extension would run
 * it. The bench page sends it batches of code crops (`paddle-client.ts`).
 */
import * as ort from 'onnxruntime-web/wasm';

export type PaddleRequest =
  | { kind: 'load'; id: number; baseUrl: string }
  | { kind: 'run'; id: number; data: Float32Array; dims: number[] };

export type PaddleResponse =
  | { id: number; ok: true; keys?: string; data?: Float32Array; dims?: number[] }
  | { id: number; ok: false; error: string };

let session: ort.InferenceSession | null = null;

async function load(baseUrl: string): Promise<string> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  // The runtime's .wasm is found next to this worker's script (vite emits it there).
  const [model, keys] = await Promise.all([
    fetch(`${baseUrl}ppocr-rec.onnx`).then((r) => {
      if (!r.ok) throw new Error(`ppocr-rec.onnx: ${r.status}`);
      return r.arrayBuffer();
    }),
    fetch(`${baseUrl}ppocr-keys.txt`).then((r) => {
      if (!r.ok) throw new Error(`ppocr-keys.txt: ${r.status}`);
      return r.text();
    }),
  ]);
  session = await ort.InferenceSession.create(new Uint8Array(model), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  return keys;
}

async function run(data: Float32Array, dims: number[]) {
  if (!session) throw new Error('The recognition model is not loaded.');
  const input = new ort.Tensor('float32', data, dims);
  const out = await session.run({ [session.inputNames[0]!]: input });
  const t = out[session.outputNames[0]!]!;
  return { data: t.data as Float32Array, dims: [...t.dims] };
}

self.onmessage = async (e: MessageEvent<PaddleRequest>) => {
  const req = e.data;
  const post = (r: PaddleResponse, transfer: Transferable[] = []) =>
    (self as unknown as Worker).postMessage(r, transfer);
  try {
    if (req.kind === 'load') post({ id: req.id, ok: true, keys: await load(req.baseUrl) });
    else {
      const r = await run(req.data, req.dims);
      post({ id: req.id, ok: true, data: r.data, dims: r.dims }, [r.data.buffer]);
    }
  } catch (err) {
    post({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
