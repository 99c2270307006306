/**
 * One way to drive autofill end to end in both browsers, so every autofill
 * test is written once and runs in Chromium (playwright-core, CDP for the
 * closed shadow roots) and in Firefox (puppeteer-core over WebDriver BiDi,
 * Firefox's accessibility tree for the closed shadow roots). See
 * docs/testing.md, _Autofill in both browsers_.
 *
 * `useAutofill(browser, options)` starts the fixture server and the browser
 * with the built extension before a file's tests, creates a vault with the
 * given accounts through the real protocol, and closes everything after them:
 * one browser per file, a new tab per test.
 */
import type { ElementHandle, Frame as PFrame, Page as PPage } from 'puppeteer-core';
import type { Frame, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Account } from '../../../src/core/types';
import type { CodeEntry } from '../../../src/messages';
import { launchChromium, type ChromiumSession } from '../harness/chromium';
import {
  closedShadowRoots as closedRoots,
  launchFirefox,
  type FirefoxSession,
} from '../harness/firefox';
import {
  startFixtureServer,
  type FixtureServer,
  type LoggedRequest,
  type Route,
} from '../harness/fixture-server';
import { sendFromPage } from '../harness/protocol';
import { MIN_VISIBLE_MS } from '../../../src/content/visibility';
import { backstopButtons, inContentScript, toastText } from './cdp';
import { forceFillIn, forgetClosedTabs, readReportedFrames } from './in-extension';
import { pause, poll } from './poll';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

export const PASSPHRASE = 'correct horse battery staple 42';

/** Backstop's inline button or toast button as the test found it. */
export interface Control {
  x: number;
  y: number;
  /** Its whole text ("Fill backup code14 left"). */
  text: string;
}

/** One tab. `frame` is a CSS selector of an iframe of the page: the call then works inside it. */
export interface TestPage {
  /** `location.href` of the page (or of the frame). */
  href(frame?: string): Promise<string>;
  /** A trusted click at the centre of the element (the mouse, as a person). */
  click(selector: string, frame?: string): Promise<void>;
  /** A trusted click at viewport coordinates. */
  clickAt(x: number, y: number): Promise<void>;
  /** A trusted key press in the focused element. */
  press(key: string): Promise<void>;
  value(selector: string, frame?: string): Promise<string>;
  /** Waits until the field is not empty and returns its value. */
  waitForValue(selector: string, frame?: string): Promise<string>;
  /** Runs `fn` in the page (its main world); `fn` must be self-contained, `arg` serializable. */
  evaluate<T, A = undefined>(fn: (arg: A) => T, arg?: A): Promise<T>;
  /** Backstop's buttons named `name` in closed shadow roots, frames included. */
  buttons(name: string): Promise<Control[]>;
  /** Waits for Backstop's button named `name` and returns it. */
  waitForButton(name: string, timeoutMs?: number): Promise<Control>;
  /** The text of Backstop's toast (its role=status element), if one is shown. */
  toast(): Promise<string | null>;
  waitForUrl(test: (href: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Closes the tab, as a person would (no beforeunload prompt). */
  close(): Promise<void>;
  /**
   * Runs `expression` in Backstop's content script world of the top frame, as
   * a compromised renderer would (its messages carry the page's real sender).
   * Chromium only (DevTools); Firefox throws.
   */
  inContentScript<T>(expression: string): Promise<T>;
}

export interface AutofillBrowser {
  readonly name: BrowserName;
  /** Opens `url` in a new tab; other web tabs are closed first (a forced fill reaches only this one). */
  open(url: string): Promise<TestPage>;
  /** A message to the background from the extension's manager page. */
  bg<T>(name: string, payload?: unknown): Promise<T>;
  /**
   * What the keyboard command, context menu and popup do: the background asks
   * every frame of every tab to fill (`content.fill`). Returns the answers.
   */
  forceFill(): Promise<unknown[]>;
  /** Origins of the frames whose content script reported a backup-code field (storage.session `fields` keeps only those). */
  reportedFrames(): Promise<string[]>;
  requests(): LoggedRequest[];
  /**
   * Chromium: stops the extension's service worker (the next event starts it
   * again). Firefox's event page cannot be stopped from a test: it throws.
   */
  stopBackground(): Promise<void>;
}

export interface AccountSpec {
  site: string;
  domains: string[];
  /** The codes text as pasted, or the list itself. */
  codesText?: string;
  codes?: CodeEntry[];
  /** Mark every code used after adding (an account with nothing left). */
  allUsed?: boolean;
}

/**
 * A click counts only once the button has been visible for MIN_VISIBLE_MS
 * (src/content/visibility.ts, the clickjacking guard): found, it is returned
 * after that time, as a person's click would come.
 */
async function visibleLongEnough(control: Control): Promise<Control> {
  await pause(MIN_VISIBLE_MS + 300);
  return control;
}

/** What each browser's page object reads; the waits on those readings are shared (`withWaits`). */
type PageReadings = Omit<TestPage, 'waitForValue' | 'waitForButton' | 'waitForUrl'>;

/**
 * The page's waits, one definition for both browsers: each polls one of the
 * page's own readings. A button counts once it has a place on the screen
 * (a finite centre), then after the clickjacking guard's time.
 */
function withWaits(page: PageReadings): TestPage {
  return {
    ...page,
    waitForValue: (selector, frame) =>
      poll(
        () => page.value(selector, frame),
        (v) => v !== '',
        `a value in ${selector}`,
      ),
    waitForButton: async (name, timeoutMs = 10_000) =>
      visibleLongEnough(
        (await poll(
          async () => (await page.buttons(name)).find((b) => Number.isFinite(b.x)),
          (b) => b !== undefined,
          `Backstop's "${name}" button`,
          timeoutMs,
        )) as Control,
      ),
    async waitForUrl(test, timeoutMs = 15_000) {
      await poll(() => page.href(), test, 'the URL', timeoutMs);
    },
  };
}

// ---------------------------------------------------------------- Chromium

function chromiumPage(page: Page): TestPage {
  const frameOf = async (frame?: string): Promise<Page | Frame> => {
    if (!frame) return page;
    const handle = await page.waitForSelector(frame);
    const f = await handle.contentFrame();
    if (!f) throw new Error(`${frame} has no frame`);
    return f;
  };
  const self: PageReadings = {
    href: async (frame) => (await frameOf(frame)).evaluate(() => location.href),
    async click(selector, frame) {
      const scope = frame ? page.frameLocator(frame) : page;
      await scope.locator(selector).click();
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    press: (key) => page.keyboard.press(key),
    async value(selector, frame) {
      return (await frameOf(frame)).locator(selector).inputValue();
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
    async buttons(name) {
      return (await backstopButtons(page, name)).filter((b) => b.closed);
    },
    toast: () => toastText(page),
    close: () => page.close(),
    inContentScript: (expression) => inContentScript(page, expression),
  };
  return withWaits(self);
}

async function chromiumBrowser(
  server: FixtureServer,
): Promise<{ browser: AutofillBrowser; close(): Promise<void> }> {
  const session: ChromiumSession = await launchChromium({ fixtures: server });
  const manager = await session.openExtensionPage('src/ui/manager/index.html');
  const worker = (): Promise<Worker> => session.serviceWorker();
  const browser: AutofillBrowser = {
    name: 'chromium',
    async open(url) {
      for (const p of session.context.pages()) if (p !== manager) await p.close();
      await forgetClosedTabs(manager);
      const page = await session.context.newPage();
      await page.goto(url);
      return chromiumPage(page);
    },
    bg: (name, payload) => sendFromPage(manager, name, payload),
    async forceFill() {
      return (await worker()).evaluate(forceFillIn, false);
    },
    reportedFrames: () => manager.evaluate(readReportedFrames),
    requests: () => server.requests,
    stopBackground: () => session.stopServiceWorkers(),
  };
  return { browser, close: () => session.close() };
}

// ---------------------------------------------------------------- Firefox

function firefoxPage(page: PPage): TestPage {
  const frameOf = async (frame?: string): Promise<PPage | PFrame> => {
    if (!frame) return page;
    const handle = await page.waitForSelector(frame);
    const f = await handle?.contentFrame();
    if (!f) throw new Error(`${frame} has no frame`);
    return f;
  };
  const control = async (handle: ElementHandle): Promise<Control | null> => {
    const box = await handle.boundingBox();
    const text = await handle.evaluate((el) => el.textContent ?? '');
    return box ? { x: box.x + box.width / 2, y: box.y + box.height / 2, text } : null;
  };
  const self: PageReadings = {
    href: async (frame) => (await frameOf(frame)).evaluate(() => location.href),
    async click(selector, frame) {
      const handle = await (await frameOf(frame)).waitForSelector(selector);
      await handle!.click();
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    press: (key) => page.keyboard.press(key as Parameters<PPage['keyboard']['press']>[0]),
    async value(selector, frame) {
      return (await frameOf(frame)).$eval(selector, (el) => (el as HTMLInputElement).value);
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
    async buttons(name) {
      const found: Control[] = [];
      for (const frame of page.frames()) {
        for (const root of await closedRoots(frame).catch(() => [])) {
          for (const button of await root.$$('button')) {
            const label = await button.evaluate(
              (el) => el.getAttribute('aria-label') ?? el.textContent,
            );
            const c = label === name ? await control(button) : null;
            if (c) found.push(c);
          }
        }
      }
      return found;
    },
    async toast() {
      for (const root of await closedRoots(page)) {
        const status = await root.$('[role=status]');
        if (status) return status.evaluate((el) => el.textContent);
      }
      return null;
    },
    close: () => page.close(),
    inContentScript: () =>
      Promise.reject(new Error('inContentScript needs DevTools: Chromium only')),
  };
  return withWaits(self);
}

async function firefoxBrowser(
  server: FixtureServer,
): Promise<{ browser: AutofillBrowser; close(): Promise<void> }> {
  const session: FirefoxSession = await launchFirefox({ fixtures: server });
  // BiDi cannot open moz-extension:// pages; the extension opens its manager on install.
  const manager = await session.waitForExtensionPage('src/ui/manager/index.html');
  const browser: AutofillBrowser = {
    name: 'firefox',
    async open(url) {
      for (const p of await session.browser.pages()) if (p !== manager) await p.close();
      await forgetClosedTabs(manager);
      const page = await session.browser.newPage();
      await page.goto(url);
      return firefoxPage(page);
    },
    bg: (name, payload) => sendFromPage(manager, name, payload),
    // A message from the manager tab has a `sender.tab`, which the content
    // script refuses; the event page's own API sends as the background.
    forceFill: () => manager.evaluate(forceFillIn, true),
    reportedFrames: () => manager.evaluate(readReportedFrames),
    requests: () => server.requests,
    stopBackground: () =>
      Promise.reject(new Error("Firefox's event page cannot be stopped from a test")),
  };
  return { browser, close: () => session.close() };
}

/**
 * The file's browser with a vault holding `accounts` (ids by key), started
 * before its tests and closed after them. Call inside the browser's `describe`.
 */
export function useAutofill<K extends string>(
  name: BrowserName,
  options: { routes: Record<string, Route>; accounts: Record<K, AccountSpec> },
) {
  let server: FixtureServer | undefined;
  let close: (() => Promise<void>) | undefined;
  let browser: AutofillBrowser | undefined;
  const ids = {} as Record<K, string>;
  const b = (): AutofillBrowser => {
    if (!browser) throw new Error(`${name} did not start`);
    return browser;
  };

  beforeAll(async () => {
    server = await startFixtureServer({ routes: options.routes });
    ({ browser, close } = await (name === 'chromium' ? chromiumBrowser : firefoxBrowser)(server));
    await browser.bg('vault.create', { passphrase: PASSPHRASE });
    for (const [key, spec] of Object.entries(options.accounts) as [K, AccountSpec][]) {
      const added = await browser.bg<Account>('accounts.add', {
        draft: { site: spec.site, domains: spec.domains, username: 'jane', notes: '' },
        ...(spec.codes ? { codes: spec.codes } : { codesText: spec.codesText }),
      });
      ids[key] = added.id;
      if (spec.allUsed) {
        for (const c of added.codes)
          await browser.bg('codes.mark', { accountId: added.id, codeId: c.id, used: true });
      }
    }
  });

  afterAll(async () => {
    await close?.();
    await server?.close();
  });

  const account = (id: string) => b().bg<Account>('accounts.get', { id });
  return {
    ids,
    browser: b,
    account,
    states: async (id: string) => (await account(id)).codes.map((c) => c.state),
    /** Waits until code `index` of the account is in `state`. */
    waitForState: (id: string, index: number, state: string, timeoutMs = 10_000) =>
      poll(
        async () => (await account(id)).codes[index]?.state,
        (s) => s === state,
        `code ${index} to be "${state}"`,
        timeoutMs,
      ),
  };
}
