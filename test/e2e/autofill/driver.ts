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
import { MIN_VISIBLE_MS } from '../../../src/content/visibility';
import { backstopButtons, toastText } from './cdp';

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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A click counts only once the button has been visible for MIN_VISIBLE_MS
 * (src/content/visibility.ts, the clickjacking guard): found, it is returned
 * after that time, as a person's click would come.
 */
async function visibleLongEnough(control: Control): Promise<Control> {
  await pause(MIN_VISIBLE_MS + 300);
  return control;
}

async function poll<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await pause(100);
  }
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
  const self: TestPage = {
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
    waitForValue: (selector, frame) =>
      poll(
        () => self.value(selector, frame),
        (v) => v !== '',
        `a value in ${selector}`,
      ),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
    async buttons(name) {
      return (await backstopButtons(page, name)).filter((b) => b.closed);
    },
    waitForButton: async (name, timeoutMs = 10_000) =>
      visibleLongEnough(
        (await poll(
          async () => (await self.buttons(name)).find((b) => Number.isFinite(b.x)),
          (b) => b !== undefined,
          `Backstop's "${name}" button`,
          timeoutMs,
        )) as Control,
      ),
    toast: () => toastText(page),
    async waitForUrl(test, timeoutMs = 15_000) {
      await poll(() => self.href(), test, 'the URL', timeoutMs);
    },
    close: () => page.close(),
  };
  return self;
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
    bg: (name, payload) => sendFrom(manager, name, payload),
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
  const self: TestPage = {
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
    waitForValue: (selector, frame) =>
      poll(
        () => self.value(selector, frame),
        (v) => v !== '',
        `a value in ${selector}`,
      ),
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
    waitForButton: async (name, timeoutMs = 10_000) =>
      visibleLongEnough(
        (await poll(
          async () => (await self.buttons(name))[0],
          (b) => b !== undefined,
          `Backstop's "${name}" button`,
          timeoutMs,
        )) as Control,
      ),
    async toast() {
      for (const root of await closedRoots(page)) {
        const status = await root.$('[role=status]');
        if (status) return status.evaluate((el) => el.textContent);
      }
      return null;
    },
    async waitForUrl(test, timeoutMs = 15_000) {
      await poll(() => self.href(), test, 'the URL', timeoutMs);
    },
    close: () => page.close(),
  };
  return self;
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
    bg: (name, payload) => sendFrom(manager, name, payload),
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

// ---------------------------------------------------------------- shared

/** Sends a protocol message from an extension page (`browser` in Firefox, `chrome` in Chromium). */
async function sendFrom<T>(
  manager: { evaluate: Page['evaluate'] } | PPage,
  name: string,
  payload: unknown,
): Promise<T> {
  const res = (await (manager as Page).evaluate(
    ([n, p]) => {
      const g = globalThis as unknown as Record<
        string,
        { runtime: { sendMessage(m: unknown): Promise<unknown> } } | undefined
      >;
      return (g.browser ?? g.chrome)!.runtime.sendMessage({ backstop: 1, name: n, payload: p });
    },
    [name, payload ?? null] as const,
  )) as { ok: boolean; value?: T; error?: unknown };
  if (!res?.ok) throw new Error(`${name} failed: ${JSON.stringify(res)}`);
  return res.value as T;
}

/**
 * `content.fill` to every frame of every tab (no frameId: all frames), sent by
 * the background: in Chromium this runs in the service worker; in Firefox in
 * the manager page, through the event page's own API (`getBackgroundPage`).
 */
async function forceFillIn(viaBackgroundPage: boolean): Promise<unknown[]> {
  type Api = {
    tabs: {
      query(q: object): Promise<{ id?: number }[]>;
      sendMessage(id: number, m: unknown): Promise<unknown>;
    };
  };
  const g = globalThis as unknown as {
    chrome: Api;
    browser: { runtime: { getBackgroundPage(): Promise<{ browser: Api }> } };
  };
  const api = viaBackgroundPage ? (await g.browser.runtime.getBackgroundPage()).browser : g.chrome;
  const out: unknown[] = [];
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined) continue;
    out.push(
      await api.tabs
        .sendMessage(tab.id, { backstop: 1, name: 'content.fill', payload: {} })
        .catch((e: Error) => `no receiver: ${e.message}`),
    );
  }
  return out;
}

/**
 * Suites here fill dozens of codes on one origin within minutes, far past the
 * fresh codes a tab or an origin may take (src/background/claim-limits.ts,
 * tested in trust-page-chromium.test.ts); each new tab starts with those counts
 * forgotten, as after their windows. Extension pages may write storage.session;
 * pages and content scripts may not.
 */
async function forgetClaimCounts(): Promise<void> {
  const g = globalThis as unknown as Record<
    string,
    { storage: { session: { remove(k: string): Promise<void> } } } | undefined
  >;
  await (g.browser ?? g.chrome)!.storage.session.remove('claims');
}

/**
 * After the other web tabs are closed: clears the claim counts and waits until
 * the background has forgotten the closed tabs' field reports (it does on
 * `tabs.onRemoved`), so `reportedFrames()` then speaks of the new tab alone and
 * a negative page's "nothing reported" cannot pass or fail on a previous page.
 */
async function forgetClosedTabs(manager: { evaluate: Page['evaluate'] } | PPage): Promise<void> {
  await (manager as Page).evaluate(forgetClaimCounts);
  await poll(
    () => (manager as Page).evaluate(readReportedFrames),
    (frames) => frames.length === 0,
    'the closed tabs to be forgotten',
    5_000,
  );
}

async function readReportedFrames(): Promise<string[]> {
  const g = globalThis as unknown as Record<
    string,
    { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } | undefined
  >;
  const api = (g.browser ?? g.chrome)!;
  // The background's FieldFrames mirror keeps each frame's origin only.
  const tabs = ((await api.storage.session.get('fields')).fields ?? {}) as Record<
    string,
    Record<string, { o: string }>
  >;
  return Object.values(tabs).flatMap((frames) => Object.values(frames).map((f) => f.o));
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
