// What `npm run bench` (scripts/bench.mjs) and `npm run ocr-bench`
// (scripts/ocr-bench.mjs) share: building a dist/ target, bundling a bench
// page that imports the real src/ code, and bundling and running the Node side
// from a temp dir that is removed afterwards (kept with BACKSTOP_BENCH_KEEP=1).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

export const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = { configFile: false, logLevel: 'warn', clearScreen: false };

/** Runs scripts/build.mjs for `target` (chrome or firefox); exits with its code when it fails. */
export function buildTarget(name, target) {
  console.log(`${name}: building dist/${target}`);
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), target], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** A bench page folder built into `outDir`, minified like the extension's own bundles. */
export async function buildBenchPage(pageRoot, outDir, input) {
  await build({
    ...quiet,
    root: pageRoot,
    base: './',
    define: { 'import.meta.env.VITE_TARGET': JSON.stringify('chrome') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome120',
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 5000,
      ...(input ? { rollupOptions: { input } } : {}),
    },
  });
}

/**
 * Runs `run(temp)` with a fresh temp dir inside node_modules (so a Node bundle
 * there resolves playwright-core and friends), removes the dir after, and
 * exits with the code `run` returns.
 */
export async function inBenchTemp(name, run) {
  const cacheDir = join(root, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const temp = mkdtempSync(join(cacheDir, `backstop-${name}-`));
  let code;
  try {
    code = await run(temp);
  } finally {
    if (!process.env.BACKSTOP_BENCH_KEEP) rmSync(temp, { recursive: true, force: true });
    else console.log(`${name}: kept ${temp}`);
  }
  process.exit(code);
}

/** The Node side (TypeScript; it shares the e2e harness) bundled for Node into `outDir` and imported. */
export async function importNodeBench(entry, outDir) {
  await build({
    ...quiet,
    root,
    build: {
      ssr: join(root, entry),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { entryFileNames: 'run.mjs', format: 'es' } },
    },
  });
  return import(pathToFileURL(join(outDir, 'run.mjs')).href);
}
