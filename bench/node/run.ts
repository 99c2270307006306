/**
 * `npm run bench`: measures the budgets of docs/design.md §6 in headless
 * Chromium and Firefox and prints medians against them, one row per browser. `scripts/bench.mjs` builds this file and
 * the bench pages, then calls `runBench`. See docs/benchmarks.md.
 *
 * The parts: metrics.ts (metrics and budgets), pages.ts (in-page vault and
 * scan measurements), extension.ts (popup and fill in the built extension),
 * report.ts (the printed table); this file runs them and writes the results.
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BrowserName } from '../../test/e2e/harness';
import { benchExtension, type ExtensionResults } from './extension';
import { benchExtensionFirefox } from './extension-firefox';
import { BUDGET, KB, failed, runsFor, size, timing, type Metric } from './metrics';
import { measurePages, type PageResults } from './pages';
import { printSummary, printTable } from './report';
import { contentScriptAssets, pageAssets, readManifest, type BundleSize } from './sizes';
import { summarize } from './stats';

export interface BenchOptions {
  repoRoot: string;
  /** `dist/chrome` and `dist/firefox`. */
  extensionDirs: Record<BrowserName, string>;
  /** The browsers to measure in (both by default). */
  browsers: BrowserName[];
  /** Built bench pages (index.html, scan.html and their scripts). */
  pagesDir: string;
  /** Where results.json goes. */
  resultsFile: string;
  /** Fewer runs, for checking that the bench itself works. */
  quick: boolean;
}

function describeFiles(b: BundleSize): string {
  const files = b.files.map((f) => `${f.file} ${(f.gzip / KB).toFixed(1)}`).join(', ');
  const dynamic = b.dynamic.length
    ? `; loaded on demand, not counted: ${b.dynamic.join(', ')}`
    : '';
  return `${(b.bytes / KB).toFixed(1)} KB raw; gzip per file: ${files}${dynamic}`;
}

/** Static sizes of the built extension. */
function measureSizes(dir: string): Metric[] {
  const out: Metric[] = [];
  try {
    const popupHtml = readManifest(dir).action?.default_popup;
    if (!popupHtml) throw new Error('the manifest has no action.default_popup');
    const popup = pageAssets(dir, popupHtml);
    out.push(
      size(
        'popup.gzip',
        'Popup JS+CSS, gzipped',
        popup.gzip,
        BUDGET.popupGzipBytes,
        describeFiles(popup),
      ),
    );
  } catch (e) {
    out.push(failed('popup.gzip', 'Popup JS+CSS, gzipped', e));
  }
  try {
    const cs = contentScriptAssets(dir);
    const empty = cs.bytes === 0 ? ' — the content script is EMPTY in this build' : '';
    out.push(
      size(
        'content.size',
        'Content script, minified',
        cs.bytes,
        BUDGET.contentScriptBytes,
        `${cs.files.map((f) => f.file).join(', ')}; ${(cs.gzip / KB).toFixed(1)} KB gzipped${empty}`,
      ),
    );
  } catch (e) {
    out.push(failed('content.size', 'Content script, minified', e));
  }
  return out;
}

function extensionMetrics(r: ExtensionResults): Metric[] {
  const out: Metric[] = [];
  const blank = summarize(r.popup.blank).median;
  out.push(
    timing(
      'popup.blank',
      'Empty extension page (browser only)',
      r.popup.blank,
      undefined,
      'nav start -> DOMContentLoaded of a page with no script or style, in a copy of the build: what opening any extension page costs on this machine',
    ),
  );
  for (const screen of ['locked', 'unlocked', 'unlockedArabic'] as const) {
    const samples = r.popup[screen];
    const fcp = samples.map((s) => s.fcp).filter((x): x is number => x !== null);
    const first = summarize(samples.map((s) => s.firstChild)).median;
    const meaningful = summarize(samples.map((s) => s.meaningful)).median;
    out.push(
      timing(
        `popup.render.${screen}`,
        `Popup first render, ${screen === 'unlockedArabic' ? 'unlocked, Language set to Arabic (catalog kept by an earlier page)' : screen}`,
        samples.map((s) => s.meaningful),
        BUDGET.popupRenderMs,
        `nav start -> ${screen === 'locked' ? 'Unlock button' : 'first account row'}; #app first child ${first.toFixed(0)} ms` +
          (fcp.length ? `; FCP ${summarize(fcp).median.toFixed(0)} ms` : '') +
          `; an empty extension page takes ${blank.toFixed(0)} ms, so Backstop's share is about ${(meaningful - blank).toFixed(0)} ms`,
      ),
    );
  }
  if (r.fill.pending) {
    out.push({
      id: 'fill',
      label: 'Click -> filled',
      unit: 'ms',
      budget: BUDGET.fillMs,
      status: 'PENDING',
      note: r.fill.pending,
    });
  } else {
    const m = timing(
      'fill',
      'Click -> filled',
      r.fill.samples.map((s) => s.fromClick),
      BUDGET.fillMs,
      `from pointerdown: ${summarize(r.fill.samples.map((s) => s.fromPointerdown)).median.toFixed(1)} ms`,
    );
    out.push(m);
  }
  if (r.offer.pending) {
    out.push({
      id: 'offer',
      label: 'Focus -> offer',
      unit: 'ms',
      budget: BUDGET.offerMs,
      status: 'ERROR',
      note: r.offer.pending,
    });
  } else {
    out.push(
      timing(
        'offer',
        'Focus -> offer',
        r.offer.warm.map((s) => s.fromFocus),
        BUDGET.offerMs,
        'trusted focus on a field no site rule knows -> "Fill backup code" in the page (page.fieldFound round trip; page.qualify happened at load)',
      ),
    );
    const cold = r.offer.cold;
    out.push(
      Array.isArray(cold)
        ? timing(
            'offer.cold',
            'Focus -> offer, worker asleep',
            cold.map((s) => s.fromFocus),
            undefined,
            'service worker stopped before the page loads, field clicked at DOMContentLoaded: waking the worker, page.siteHint, page.qualify and page.fieldFound',
          )
        : {
            id: 'offer.cold',
            label: 'Focus -> offer, worker asleep',
            unit: 'ms',
            status: 'INFO',
            note: cold.notMeasured,
          },
    );
  }
  return out;
}

export async function runBench(options: BenchOptions): Promise<number> {
  const log = (s: string) => console.log(s);
  const started = Date.now();
  const runs = runsFor(options.quick);
  const metrics: Metric[] = [];
  const loadBefore = loadavg()[0]!;
  if (loadBefore > cpus().length) {
    log(
      `bench: load average ${loadBefore.toFixed(1)} on ${cpus().length} CPUs: other work is running; expect inflated times.`,
    );
  }

  const raw: Partial<Record<BrowserName, PageResults & { extension: ExtensionResults | null }>> =
    {};
  for (const browser of options.browsers) {
    const tagged = (ms: Metric[]) => ms.map((m) => ({ ...m, browser }));
    const dir = options.extensionDirs[browser];
    metrics.push(...tagged(measureSizes(dir)));
    const pages = await measurePages(options.pagesDir, runs, log, browser);
    metrics.push(...tagged(pages.metrics));

    let extension: ExtensionResults | null = null;
    try {
      extension = await (browser === 'chromium' ? benchExtension : benchExtensionFirefox)({
        extensionDir: dir,
        fixturePages: join(options.repoRoot, 'test', 'fixtures', 'pages'),
        popupRuns: runs.popup,
        fillRuns: runs.fill,
        log,
      });
      metrics.push(...tagged(extensionMetrics(extension)));
    } catch (e) {
      metrics.push(
        ...tagged([failed('popup.render.locked', 'Popup first render / click -> filled', e)]),
      );
    }
    raw[browser] = { ...pages.raw, extension };
  }

  // Each line, then its browsers next to each other.
  const order = ['kdf', 'unlock', 'claim', 'fill', 'offer', 'scan', 'content', 'popup'];
  const rank = (m: Metric) => order.findIndex((p) => m.id.startsWith(p));
  const ids = [...new Set(metrics.map((m) => m.id))];
  metrics.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      ids.indexOf(a.id) - ids.indexOf(b.id) ||
      options.browsers.indexOf(a.browser!) - options.browsers.indexOf(b.browser!),
  );

  printTable(metrics, log);
  log('');
  printSummary(metrics, options.browsers, log);
  const seconds = (Date.now() - started) / 1000;
  const loadAfter = loadavg()[0]!;
  log(
    `\nbench: ${seconds.toFixed(0)} s; 1-min load average ${loadBefore.toFixed(1)} before, ` +
      `${loadAfter.toFixed(1)} after (${cpus().length} CPUs); results in ${options.resultsFile}`,
  );

  // Formatted like the rest of the repository, so `npm run lint` accepts the file.
  const prettierOptions = (await resolveConfig(options.resultsFile)) ?? {};
  const json = JSON.stringify(
    {
      date: new Date().toISOString(),
      quick: options.quick,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        userAgents: Object.fromEntries(
          Object.entries(raw).map(([b, r]) => [b, r.extension?.userAgent ?? r.userAgent]),
        ),
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      budgets: BUDGET,
      runs,
      seconds,
      metrics,
      raw,
    },
    // Microseconds are below the noise; keep the file readable.
    (_key, v: unknown) =>
      typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v,
    2,
  );
  writeFileSync(options.resultsFile, await format(json, { ...prettierOptions, parser: 'json' }));
  return metrics.some((m) => m.status === 'ERROR') ? 1 : 0;
}
