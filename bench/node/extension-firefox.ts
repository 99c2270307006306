/**
 * The built extension's benchmarks in headless Firefox (puppeteer-core over
 * WebDriver BiDi, dist/firefox): the same popup first render, empty extension
 * page and click-to-filled as ./extension.ts does in Chromium, with the same
 * in-page observers and the same samples.
 *
 * What differs, because of Firefox: BiDi cannot open a `moz-extension://` URL
 * in a new tab, so one tab that the extension opened itself (the empty page)
 * is navigated to the page under test for each run (`location.assign`, with
 * the empty page in between), and the popup's observer is a script added to
 * the bench's copy of the popup page (BiDi preload scripts do not run in
 * extension documents). Chromium opens a new tab per run. The
 * inline button is found in its closed shadow root through BiDi's
 * serialization (`closedShadowRoots`), and clicked with the BiDi mouse (a
 * trusted click).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  closedShadowRoots,
  launchFirefox,
  sendFromPage,
  startFixtureServer,
  type FirefoxSession,
} from '../../test/e2e/harness';
import {
  fillMarked,
  fillObserver,
  fillSample,
  readFillMarks,
  resetFillMarks,
  VISIBLE_WAIT_MS,
} from './fill-marks';
import { BENCH_ROUTES, forgetClaimCounts, PASSPHRASE, seedVault, setLanguage } from './bench-vault';
import {
  BLANK,
  FIXTURE_URL,
  HEURISTIC_FIELD,
  HEURISTIC_URL,
  MANAGER,
  POPUP,
  SCREENS,
  copyWithBlankPage,
  offerObserver,
  popupObserver,
  type ExtensionResults,
  type FillSample,
  type OfferBench,
  type OfferSample,
  type PopupSample,
} from './extension';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const OBSERVER = 'bench-popup-observer.js';

/**
 * Puts the popup observer into the copy's popup page, as its first script: a
 * BiDi preload script does not run in Firefox's moz-extension:// documents,
 * so the observer that Chromium gets through addInitScript comes from the
 * page itself here. A classic script in <head> runs before the popup's module
 * script; the selector it waits for is the URL's hash. Only the bench's copy
 * of the build changes.
 */
function addPopupObserver(copy: string): void {
  writeFileSync(
    join(copy, OBSERVER),
    `(${popupObserver.toString()})(decodeURIComponent(location.hash.slice(1)));\n`,
  );
  const html = join(copy, POPUP);
  const page = readFileSync(html, 'utf8');
  if (!page.includes('<head>')) throw new Error(`${POPUP} has no <head>`);
  writeFileSync(html, page.replace('<head>', `<head><script src="/${OBSERVER}"></script>`));
}

/** Navigates the extension tab to `url` and waits until that document has loaded. */
async function navigate(tab: Page, url: string): Promise<void> {
  await tab.evaluate((u) => void location.assign(u), url);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await tab
      .evaluate((u) => location.href === u && document.readyState !== 'loading', url)
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the tab did not load ${url}`);
    await pause(20);
  }
}

async function popupRender(
  session: FirefoxSession,
  tab: Page,
  screen: keyof typeof SCREENS,
  runs: number,
): Promise<PopupSample[]> {
  const { selector, role, name } = SCREENS[screen];
  const samples: PopupSample[] = [];
  for (let i = 0; i < runs; i++) {
    await navigate(tab, `${session.origin}/${BLANK}`);
    await navigate(tab, `${session.origin}/${POPUP}#${encodeURIComponent(selector)}`);
    await tab.waitForFunction(
      () =>
        (window as unknown as { __backstopPopupBench?: { meaningful: number | null } })
          .__backstopPopupBench?.meaningful != null,
      { timeout: 10_000 },
    );
    await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const got = await tab.evaluate(
      () =>
        (
          window as unknown as {
            __backstopPopupBench: PopupSample & { firstChild: number | null };
          }
        ).__backstopPopupBench,
    );
    const named = await tab.$$(`::-p-aria([name="${name}"][role="${role}"])`);
    if (!named.length)
      throw new Error(`the ${screen} popup does not show a ${role} named "${name}"`);
    samples.push({
      firstChild: got.firstChild ?? got.meaningful,
      meaningful: got.meaningful,
      fcp: got.fcp !== null && got.fcp <= got.meaningful ? got.fcp : null,
    });
  }
  return samples;
}

async function blankRender(session: FirefoxSession, tab: Page, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await navigate(tab, `${session.origin}/${POPUP}`);
    await navigate(tab, `${session.origin}/${BLANK}`);
    await tab.waitForFunction(() => document.readyState === 'complete');
    samples.push(
      await tab.evaluate(
        () =>
          (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
            .domContentLoadedEventEnd,
      ),
    );
  }
  return samples;
}

/** Backstop's "Fill backup code" button in its closed shadow root: its centre, or null. */
async function fillButton(page: Page): Promise<{ x: number; y: number } | null> {
  for (const root of await closedShadowRoots(page)) {
    for (const button of await root.$$('button')) {
      const label = await button.evaluate((el) => el.getAttribute('aria-label'));
      const box = label === 'Fill backup code' ? await button.boundingBox() : null;
      if (box) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
  }
  return null;
}

async function clickToFilled(
  session: FirefoxSession,
  control: Parameters<typeof forgetClaimCounts>[0],
  runs: number,
  codes: ReadonlySet<string>,
): Promise<{ samples: FillSample[]; pending: string | null }> {
  const samples: FillSample[] = [];
  const page = await session.browser.newPage();
  try {
    await page.evaluateOnNewDocument(fillObserver);
    for (let i = 0; i < runs; i++) {
      await forgetClaimCounts(control);
      await page.goto(FIXTURE_URL);
      await page.click('#recovery_code');
      let point: { x: number; y: number } | null = null;
      for (const deadline = Date.now() + 8_000; !point && Date.now() < deadline;)
        point = (await fillButton(page)) ?? (await pause(100), null);
      if (!point) {
        if (i === 0) {
          return {
            samples,
            pending:
              'no inline "Fill backup code" button appeared next to the focused field within 8 s',
          };
        }
        throw new Error(`run ${i + 1}: the inline button did not appear`);
      }
      // Without this wait the guard refuses the click and no value ever arrives.
      await pause(VISIBLE_WAIT_MS);
      await page.evaluate(resetFillMarks);
      await page.mouse.click(point.x, point.y);
      await page.waitForFunction(fillMarked, { timeout: 5_000 });
      const got = await page.evaluate(readFillMarks);
      const filled = await page.$eval('#recovery_code', (el) => (el as HTMLInputElement).value);
      samples.push(fillSample(i + 1, got, filled, codes));
    }
    return { samples, pending: null };
  } finally {
    await page.close();
  }
}

/** Trusted focus on a field no site rule knows -> Backstop's button host in the page. */
async function focusToOffer(
  session: FirefoxSession,
  runs: number,
): Promise<OfferSample[] | string> {
  const samples: OfferSample[] = [];
  const page = await session.browser.newPage();
  try {
    await page.evaluateOnNewDocument(offerObserver);
    for (let i = 0; i < runs; i++) {
      await page.goto(HEURISTIC_URL);
      // Let the content script (document_idle) scan and the background qualify.
      await pause(500);
      await page.click(HEURISTIC_FIELD);
      try {
        await page.waitForFunction(
          () =>
            (window as unknown as { __backstopOfferBench: OfferBench }).__backstopOfferBench
              .host !== null,
          { timeout: 8_000 },
        );
      } catch {
        return `run ${i + 1}: no inline button appeared on ${HEURISTIC_URL} within 8 s of focusing the field`;
      }
      const got = await page.evaluate(
        () => (window as unknown as { __backstopOfferBench: OfferBench }).__backstopOfferBench,
      );
      if (got.focus === null || got.host === null) return `run ${i + 1}: no focus event was seen`;
      samples.push({ fromFocus: got.host - got.focus });
    }
    return samples;
  } finally {
    await page.close();
  }
}

export async function benchExtensionFirefox(options: {
  extensionDir: string;
  fixturePages: string;
  popupRuns: number;
  fillRuns: number;
  log: (line: string) => void;
}): Promise<ExtensionResults> {
  const { log } = options;
  const server = await startFixtureServer({ root: options.fixturePages, routes: BENCH_ROUTES });
  let session: FirefoxSession | undefined;
  const copy = mkdtempSync(join(tmpdir(), 'backstop-bench-ext-'));
  try {
    copyWithBlankPage(options.extensionDir, copy);
    addPopupObserver(copy);
    session = await launchFirefox({ extensionDir: copy, fixtures: server });
    // The extension opens its manager on install; BiDi cannot open extension pages itself.
    const control = await session.waitForExtensionPage(MANAGER);
    const userAgent = await control.evaluate(() => navigator.userAgent);

    log('firefox: extension: creating a vault with 3 accounts');
    const codes = await seedVault(
      (name, payload) => sendFromPage(control, name, payload),
      options.fillRuns,
    );

    const tab = await session.openExtensionPage(BLANK);
    await tab.setViewport({ width: 360, height: 600 });

    log(`firefox: extension: empty extension page (${options.popupRuns} runs)`);
    const blank = await blankRender(session, tab, options.popupRuns);

    await sendFromPage(control, 'vault.lock');
    log(`firefox: extension: popup first render, locked (${options.popupRuns} runs)`);
    const locked = await popupRender(session, tab, 'locked', options.popupRuns);

    await sendFromPage(control, 'vault.unlock', { passphrase: PASSPHRASE });
    log(`firefox: extension: popup first render, unlocked (${options.popupRuns} runs)`);
    const unlocked = await popupRender(session, tab, 'unlocked', options.popupRuns);

    await setLanguage(control, 'ar');
    log(`firefox: extension: popup first render, unlocked, in Arabic (${options.popupRuns} runs)`);
    const unlockedArabic = await popupRender(session, tab, 'unlockedArabic', options.popupRuns);
    await setLanguage(control, '');

    log(`firefox: extension: click-to-filled on ${FIXTURE_URL} (${options.fillRuns} runs)`);
    const fill = await clickToFilled(session, control, options.fillRuns, new Set(codes));

    log(`firefox: extension: focus-to-offer on ${HEURISTIC_URL} (${options.fillRuns} runs)`);
    const warm = await focusToOffer(session, options.fillRuns);
    return {
      extensionId: session.addonId,
      userAgent,
      popup: { locked, unlocked, unlockedArabic, blank },
      fill,
      offer:
        typeof warm === 'string'
          ? { warm: [], cold: [], pending: warm }
          : {
              warm,
              // Firefox suspends an idle event page after a pref'd timeout; WebDriver BiDi has no
              // command to suspend it now, as CDP's ServiceWorker.stopAllWorkers does in Chromium.
              cold: { notMeasured: 'not measured in Firefox: BiDi cannot suspend the event page' },
              pending: null,
            },
    };
  } finally {
    await session?.close();
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  }
}
