// `npm run ocr-bench`: renders the OCR corpus and reads every image with the
// extension's own pipeline in headless Chromium. See docs/ocr.md.
//
//   node scripts/ocr-bench.mjs                 full corpus (a few minutes on 2 cores)
//   node scripts/ocr-bench.mjs --sample        the small fixed CI sample (test/fixtures/ocr/)
//   node scripts/ocr-bench.mjs --layout=github only one layout of the full corpus
//   node scripts/ocr-bench.mjs --write-sample  re-render test/fixtures/ocr/ (commit the result)
//   node scripts/ocr-bench.mjs --corpus=DIR    render the full corpus into DIR once, then reuse it
//   node scripts/ocr-bench.mjs --only=TEXT     only images whose file name contains TEXT
//   node scripts/ocr-bench.mjs --raw           print the engine's words instead of scoring
//   node scripts/ocr-bench.mjs --trace         print every reading of each code not read exactly
//   node scripts/ocr-bench.mjs --trace-json=F  the same for every candidate, as JSON lines in F
//   node scripts/ocr-bench.mjs --paddle        also read with PP-OCR's recognizer (not shipped; docs/ocr.md)
//
// Like scripts/bench.mjs it only prepares: builds dist/chrome when missing,
// bundles the bench page (bench/ocr/page/, importing the real src/ocr/) and the
// Node side (bench/ocr/run.ts) with vite into a temp dir, then runs the latter.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildBenchPage,
  buildTarget,
  importNodeBench,
  inBenchTemp,
  root,
} from './bench-runner.mjs';

const options = {
  sample: false,
  writeSample: false,
  layout: null,
  raw: false,
  corpus: null,
  only: null,
  paddle: false,
  trace: false,
  traceJson: null,
};
for (const a of process.argv.slice(2)) {
  if (a === '--sample') options.sample = true;
  else if (a === '--write-sample') options.writeSample = true;
  else if (a === '--raw') options.raw = true;
  else if (a === '--paddle') options.paddle = true;
  else if (a === '--trace') options.trace = true;
  else if (a.startsWith('--trace-json=')) options.traceJson = a.slice('--trace-json='.length);
  else if (a.startsWith('--layout=')) options.layout = a.slice('--layout='.length);
  else if (a.startsWith('--corpus=')) options.corpus = a.slice('--corpus='.length);
  else if (a.startsWith('--only=')) options.only = a.slice('--only='.length);
  else {
    console.error(`ocr-bench: unknown option ${a} (see the top of scripts/ocr-bench.mjs)`);
    process.exit(2);
  }
}
const dist = join(root, 'dist', 'chrome');
if (!existsSync(join(dist, 'ocr', 'worker.min.js'))) buildTarget('ocr-bench', 'chrome');

await inBenchTemp('ocr-bench', async (temp) => {
  await buildBenchPage(join(root, 'bench', 'ocr', 'page'), join(temp, 'pages'));
  // The same engine files the extension ships.
  cpSync(join(dist, 'ocr'), join(temp, 'pages', 'ocr'), { recursive: true });
  if (options.paddle) {
    // PP-OCR's recognition model, measured but not shipped (docs/ocr.md): from the dev dependency.
    const models = join(root, 'node_modules', '@gutenye', 'ocr-models', 'assets');
    cpSync(
      join(models, 'ch_PP-OCRv4_rec_infer.onnx'),
      join(temp, 'pages', 'ocr', 'ppocr-rec.onnx'),
    );
    cpSync(join(models, 'ppocr_keys_v1.txt'), join(temp, 'pages', 'ocr', 'ppocr-keys.txt'));
  }
  const { runOcrBench } = await importNodeBench('bench/ocr/run.ts', join(temp, 'node'));
  return runOcrBench({
    repoRoot: root,
    pagesDir: join(temp, 'pages'),
    corpusDir: join(temp, 'corpus'),
    ...options,
  });
});
