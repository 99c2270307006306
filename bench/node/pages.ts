/**
 * The in-page measurements: the real vault (`bench/page/vault.ts`: KDF,
 * unlock -> list, claim) and field detection (`bench/page/scan.ts`) in a
 * headless Chromium or Firefox page served from the built bench pages.
 */
import { launchChromium, launchFirefox } from '../../test/e2e/harness';
import type { BrowserName } from '../../test/e2e/harness';
import type { KdfResult, ScanResult, SeedResult, UnlockResult, ClaimResult } from '../page/api';
import { BUDGET, SCAN_ELEMENTS, VAULT, failed, timing, type Metric, type Runs } from './metrics';
import { serveDirectory } from './static-server';
import { summarize } from './stats';

export interface PageResults {
  userAgent: string;
  kdf?: KdfResult;
  seed?: SeedResult;
  unlock?: UnlockResult;
  claim?: ClaimResult;
  scan?: ScanResult;
  noInputs?: ScanResult;
}

/** What the measurements need of a page; Playwright's and Puppeteer's pages both have it. */
interface BenchPage {
  goto(url: string): Promise<unknown>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  waitForFunction(fn: () => unknown): Promise<unknown>;
}

/** A page in a fresh headless browser without any extension. */
async function openPage(
  browser: BrowserName,
): Promise<{ page: BenchPage; close(): Promise<void> }> {
  if (browser === 'chromium') {
    const session = await launchChromium({ extensionDir: false });
    const page = await session.context.newPage();
    return { page: page as unknown as BenchPage, close: () => session.close() };
  }
  const session = await launchFirefox({ extensionDir: false });
  const page = await session.browser.newPage();
  return { page: page as unknown as BenchPage, close: () => session.close() };
}

export async function measurePages(
  pagesDir: string,
  runs: Runs,
  log: (s: string) => void,
  browser: BrowserName,
): Promise<{ metrics: Metric[]; raw: PageResults }> {
  const metrics: Metric[] = [];
  const server = await serveDirectory(pagesDir);
  let opened: { page: BenchPage; close(): Promise<void> } | undefined;
  const raw: PageResults = { userAgent: '' };
  try {
    opened = await openPage(browser);
    const { page } = opened;
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => window.backstopVaultBench !== undefined);
    raw.userAgent = await page.evaluate(() => navigator.userAgent);
    if (!(await page.evaluate(() => window.isSecureContext && window.crossOriginIsolated))) {
      throw new Error('the bench page is not a cross-origin-isolated secure context');
    }

    log(`${browser}: page: calibrating PBKDF2 and timing deriveKek (${runs.kdf} runs)`);
    const kdf = await page.evaluate((n) => window.backstopVaultBench!.kdf(n), runs.kdf);
    raw.kdf = kdf;
    metrics.push({
      id: 'kdf.iterations',
      label: 'PBKDF2 iterations (calibrateIterations)',
      unit: 'iterations',
      value: kdf.iterations,
      status: 'INFO',
      note: `target ~300 ms, floor 600,000, cap 2,000,000; calibration took ${kdf.calibrationMs.toFixed(0)} ms`,
    });
    metrics.push(timing('kdf.derive', 'deriveKek at that count', kdf.samples));

    log(`${browser}: page: seeding ${VAULT.accounts} accounts x ${VAULT.codesPerAccount} codes`);
    const seed = await page.evaluate((o) => window.backstopVaultBench!.seed(o), {
      iterations: kdf.iterations,
      ...VAULT,
    });
    raw.seed = seed;

    log(`${browser}: page: unlock + summaries (${runs.unlock} runs)`);
    try {
      const unlock = await page.evaluate(
        ([n, expected]) => window.backstopVaultBench!.unlock(n, expected),
        [runs.unlock, VAULT.accounts] as const,
      );
      raw.unlock = unlock;
      const overhead = unlock.total.map((t, i) => t - unlock.kdf[i]!);
      const kdfMedian = summarize(unlock.kdf).median;
      const total = timing(
        'unlock.total',
        `Unlock -> list, ${VAULT.accounts} x ${VAULT.codesPerAccount}`,
        unlock.total,
        kdfMedian + BUDGET.unlockOverheadMs,
        `budget = KDF median ${kdfMedian.toFixed(0)} ms + ${BUDGET.unlockOverheadMs} ms`,
      );
      const over = timing(
        'unlock.overhead',
        '  overhead = total - KDF',
        overhead,
        BUDGET.unlockOverheadMs,
      );
      over.note =
        `${((summarize(overhead).median / kdfMedian) * 100).toFixed(0)}% of the KDF time; ` +
        `for comparison, a full read of every record (not needed for the list) ${summarize(unlock.idbRead).median.toFixed(0)} ms (measured apart); ` +
        `${(seed.storedChars / 1024 / 1024).toFixed(1)} MB of ciphertext`;
      metrics.push(total, timing('unlock.kdf', '  KDF part (PBKDF2 deriveKey)', unlock.kdf), over);
    } catch (e) {
      metrics.push(failed('unlock.total', 'Unlock -> list', e));
    }

    log(`${browser}: page: claimNextCode (${runs.claim} runs)`);
    try {
      const claim = await page.evaluate(
        ([n, origin]) => window.backstopVaultBench!.claim(n, origin),
        [runs.claim, 'https://github.com'] as const,
      );
      raw.claim = claim;
      if (claim.distinctCodes !== runs.claim) throw new Error('a code was handed out twice');
      metrics.push(
        timing(
          'claim',
          `claimNextCode, ${VAULT.accounts} accounts`,
          claim.samples,
          undefined,
          `index read ${summarize(claim.listWarm).median.toFixed(1)} ms; ` +
            `part of the ${BUDGET.fillMs} ms click-to-filled budget`,
        ),
      );
    } catch (e) {
      metrics.push(failed('claim', 'claimNextCode', e));
    }

    for (const kind of ['form', 'none'] as const) {
      const label =
        kind === 'form'
          ? `Page scan (pre-filter + contexts), ${SCAN_ELEMENTS} el.`
          : `hasTextInputs, ${SCAN_ELEMENTS} el., no text input`;
      log(`${browser}: page: ${label} (${runs.scan} runs)`);
      try {
        await page.goto(`${server.origin}/scan.html`);
        await page.waitForFunction(() => window.backstopScanBench !== undefined);
        await page.evaluate(([k, n]) => window.backstopScanBench!.build(k, n), [
          kind,
          SCAN_ELEMENTS,
        ] as const);
        // Let layout and style settle, as at document_idle when the content script runs.
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))),
        );
        const r = await page.evaluate(([k, n]) => window.backstopScanBench!.run(k, n), [
          kind,
          runs.scan,
        ] as const);
        if (kind === 'form') {
          raw.scan = r;
          const ok = r.found[0] === 'recovery_code';
          const m = timing(
            'scan.fields',
            label,
            r.samples,
            BUDGET.scanMs,
            `first call ${r.first.toFixed(2)} ms; ${r.inputs} inputs, ${r.candidates} candidates sent to the background; found [${r.found.join(', ')}]`,
          );
          if (!ok) {
            m.status = 'ERROR';
            m.note = `the detector did not put #recovery_code first (found [${r.found.join(', ')}]); ${m.note}`;
          }
          metrics.push(m);
          metrics.push(
            timing(
              'scan.qualify',
              `Qualify its ${r.candidates} candidates (background)`,
              r.qualifySamples,
              undefined,
              'qualifyField with the full vocabulary, what the background does for page.qualify; not on the page’s thread',
            ),
          );
        } else {
          raw.noInputs = r;
          const m = timing(
            'scan.none',
            label,
            r.samples,
            undefined,
            `first call ${r.first.toFixed(3)} ms; ${r.inputs} non-text inputs; the cheap pre-check`,
          );
          if (r.hasTextInputs) {
            m.status = 'ERROR';
            m.note = `hasTextInputs said yes on a page without text inputs; ${m.note}`;
          }
          metrics.push(m);
        }
      } catch (e) {
        metrics.push(failed(kind === 'form' ? 'scan.fields' : 'scan.none', label, e));
      }
    }
  } finally {
    await opened?.close();
    await server.close();
  }
  return { metrics, raw };
}
