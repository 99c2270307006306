import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';

/**
 * Two vite builds per browser, run by `scripts/build.mjs` into `dist/<target>`
 * (`VITE_TARGET=chrome|firefox`):
 *
 * 1. the extension (crxjs): background, content script, manager page;
 * 2. `BACKSTOP_PART=popup`: the toolbar popup on its own, so everything it
 *    needs to show its first screen is one script and one stylesheet. Sharing
 *    chunks with the manager page cost the popup two more module files, and
 *    each file is a measurable part of its first-render budget (docs/design.md §6,
 *    docs/benchmarks.md). build.mjs then puts `action.default_popup` back
 *    into the generated manifest.
 *
 * `manifest.json` at the repository root is the single source; the few keys
 * that differ between browsers are rewritten here so neither build carries
 * keys its browser warns about.
 */
type Target = 'chrome' | 'firefox';

const root = fileURLToPath(new URL('.', import.meta.url));

function readTarget(): Target {
  const raw = process.env.VITE_TARGET ?? 'chrome';
  if (raw !== 'chrome' && raw !== 'firefox') {
    throw new Error(`VITE_TARGET must be "chrome" or "firefox", got "${raw}".`);
  }
  // Vite exposes VITE_* variables of the process as import.meta.env; make the
  // default visible too, so `IS_FIREFOX` in src/platform/browser.ts is never undefined.
  process.env.VITE_TARGET = raw;
  return raw;
}

interface SourceManifest {
  version: string;
  background: { service_worker: string; type: 'module' };
  permissions: string[];
  minimum_chrome_version?: string;
  browser_specific_settings?: unknown;
  [key: string]: unknown;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
}

/** The manifest for one browser, with the version taken from package.json. */
export function manifestFor(target: Target): ManifestV3Export {
  const source = readJson<SourceManifest>('./manifest.json');
  // The popup is built apart (see above); build.mjs restores this key.
  const action = { ...(source.action as Record<string, unknown>) };
  delete action.default_popup;
  source.action = action;
  const { version } = readJson<{ version: string }>('./package.json');
  const { background, permissions, minimum_chrome_version, browser_specific_settings, ...shared } =
    source;

  if (target === 'chrome') {
    return {
      ...shared,
      version,
      minimum_chrome_version,
      background: { service_worker: background.service_worker, type: 'module' },
      permissions,
    } as ManifestV3Export;
  }

  // Firefox: no service workers for extensions; an event page runs the same
  // module (`background.scripts` + `type: module`, Firefox 112+).
  // Permissions stay as they are: Firefox grants `browser.contextMenus` for the
  // `contextMenus` permission (an alias of `menus`), and the code uses that
  // one name in both browsers; with only `menus`, `browser.contextMenus` is
  // undefined in Firefox.
  return {
    ...shared,
    version,
    background: { scripts: [background.service_worker], type: 'module' },
    // `offscreen` is Chrome's: Firefox's event page clears the clipboard itself.
    permissions: permissions.filter((p) => p !== 'offscreen'),
    browser_specific_settings,
  } as unknown as ManifestV3Export;
}

/**
 * The OCR engine's files (docs/ocr.md), copied as they are published into
 * `ocr/` of the package and loaded from there by extension URL
 * (`src/ocr/engine.ts`): tesseract's worker script, its WebAssembly core in
 * the SIMD build and the plain one (browsers without SIMD), and the English
 * LSTM model. Nothing is fetched at run time.
 */
export const OCR_ASSETS: Record<string, string> = {
  'ocr/worker.min.js': 'tesseract.js/dist/worker.min.js',
  'ocr/tesseract-core-simd-lstm.wasm.js': 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js',
  'ocr/eng.traineddata.gz': '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
};

function resolvePackageFile(spec: string): string {
  const require = createRequire(import.meta.url);
  const [scope, name, ...rest] = spec.startsWith('@') ? spec.split('/') : ['', ...spec.split('/')];
  const pkg = scope ? `${scope}/${name}` : name!;
  return join(dirname(require.resolve(`${pkg}/package.json`)), ...rest);
}

function ocrAssets(): Plugin {
  return {
    name: 'backstop-ocr-assets',
    apply: 'build',
    enforce: 'pre',
    // tesseract.js reads its own package.json for two version numbers; bundle
    // only those, not its scripts (which name a localhost dev server that
    // build.mjs rightly refuses to ship).
    load(id) {
      if (!/[\\/]tesseract\.js[\\/]package\.json$/.test(id)) return null;
      const pkg = JSON.parse(readFileSync(id, 'utf8')) as {
        version: string;
        dependencies: Record<string, string>;
      };
      return JSON.stringify({
        version: pkg.version,
        dependencies: { 'tesseract.js-core': pkg.dependencies['tesseract.js-core'] },
      });
    },
    generateBundle() {
      for (const [fileName, spec] of Object.entries(OCR_ASSETS)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(resolvePackageFile(spec)) });
      }
    },
  };
}

export default defineConfig(() => {
  const target = readTarget();
  // Production output only, for both builds: no source maps (they would have
  // to be listed as web-accessible resources) and no inlined dev-server
  // client. Extension pages load from the package; no CDN, no preload
  // polyfill injecting inline scripts (the extension CSP forbids them anyway).
  const build = {
    outDir: `dist/${target}`,
    sourcemap: false,
    target: target === 'chrome' ? 'chrome120' : 'firefox140',
    modulePreload: { polyfill: false },
  };
  const define = { 'import.meta.env.VITE_TARGET': JSON.stringify(target) };
  if (process.env.BACKSTOP_PART === 'popup') {
    return {
      root,
      build: {
        ...build,
        // Runs after the extension build, into the same directory.
        emptyOutDir: false,
        rollupOptions: { input: { popup: 'src/ui/popup/index.html' } },
      },
      define,
      plugins: [preact()],
    };
  }
  return {
    root,
    build: {
      ...build,
      emptyOutDir: true,
      chunkSizeWarningLimit: 200,
      // Chrome's offscreen document that clears the clipboard (src/platform/clipboard-clear.ts);
      // no page of the manifest names it, so it is an input of its own.
      rollupOptions: {
        input: (target === 'chrome'
          ? { offscreen: 'src/platform/offscreen/clipboard.html' }
          : {}) as Record<string, string>,
      },
    },
    define,
    plugins: [
      preact(),
      ocrAssets(),
      crx({
        manifest: manifestFor(target),
        browser: target,
        // The content script is built as one self-contained IIFE: no module
        // loader, so nothing has to be web-accessible and pages cannot probe
        // for the extension's files.
        contentScripts: { standaloneFiles: ['src/content/index.ts'] },
      }),
    ],
  };
});
