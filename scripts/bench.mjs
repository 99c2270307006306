// `npm run bench`: measures the budgets of docs/design.md §6 in headless Chromium and Firefox.
// See docs/benchmarks.md.
//
//   node scripts/bench.mjs            full run (~2-3 minutes on 2 cores)
//   node scripts/bench.mjs --quick    a few runs each: checks that the bench works
//   node scripts/bench.mjs --build    rebuild dist/ first
//   node scripts/bench.mjs --browser=firefox   one browser only (chromium or firefox)
//
// This file only prepares: it builds dist/ when missing, bundles the
// bench pages (bench/page/, which import the real src/ code) and the Node side
// (bench/node/run.ts, which uses the e2e harness) with vite into a temp dir,
// then runs the latter. Exit code 1 when a measurement could not be made.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
let browsers = ['chromium', 'firefox'];
for (const a of args) {
  const only = /^--browser=(chromium|firefox)$/.exec(a)?.[1];
  if (only) browsers = [only];
  else if (!['--quick', '--build'].includes(a)) {
    console.error(
      `bench: unknown option ${a} (expected --quick, --build or --browser=chromium|firefox)`,
    );
    process.exit(2);
  }
}
const dists = { chromium: join(root, 'dist', 'chrome'), firefox: join(root, 'dist', 'firefox') };

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((e) => newestMtime(join(path, e))));
}

for (const browser of browsers) {
  const dist = dists[browser];
  const target = browser === 'chromium' ? 'chrome' : 'firefox';
  if (args.has('--build') || !existsSync(join(dist, 'manifest.json'))) {
    console.log(`bench: building dist/${target}`);
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), target], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else {
    const sources = Math.max(
      ...['src', 'public', 'manifest.json', 'vite.config.ts'].map((p) =>
        newestMtime(join(root, p)),
      ),
    );
    if (sources > statSync(join(dist, 'manifest.json')).mtimeMs) {
      console.warn(
        `bench: dist/${target} is older than the sources; sizes, popup and fill use the OLD build (--build rebuilds).`,
      );
    }
  }
}

// Inside node_modules so the Node bundle resolves playwright-core and friends.
const cacheDir = join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const temp = mkdtempSync(join(cacheDir, 'backstop-bench-'));
let code;
try {
  const quiet = { configFile: false, logLevel: 'warn', clearScreen: false };
  // The pages run the real src/ code, minified like the extension's own bundles.
  await build({
    ...quiet,
    root: join(root, 'bench', 'page'),
    base: './',
    define: { 'import.meta.env.VITE_TARGET': JSON.stringify('chrome') },
    build: {
      outDir: join(temp, 'pages'),
      emptyOutDir: true,
      target: 'chrome120',
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 5000,
      rollupOptions: {
        input: {
          index: join(root, 'bench', 'page', 'index.html'),
          scan: join(root, 'bench', 'page', 'scan.html'),
        },
      },
    },
  });
  // The Node side is TypeScript (it shares the e2e harness); bundle it for Node.
  await build({
    ...quiet,
    root,
    build: {
      ssr: join(root, 'bench', 'node', 'run.ts'),
      outDir: join(temp, 'node'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { entryFileNames: 'run.mjs', format: 'es' } },
    },
  });
  const { runBench } = await import(pathToFileURL(join(temp, 'node', 'run.mjs')).href);
  code = await runBench({
    repoRoot: root,
    extensionDirs: dists,
    browsers,
    pagesDir: join(temp, 'pages'),
    resultsFile: join(root, 'bench', 'results.json'),
    quick: args.has('--quick'),
  });
} finally {
  if (!process.env.BACKSTOP_BENCH_KEEP) rmSync(temp, { recursive: true, force: true });
}
process.exit(code);
