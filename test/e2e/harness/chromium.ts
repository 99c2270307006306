/**
 * Launches headless Chromium (playwright-core, the system binary) with the
 * built extension loaded into a fresh profile. See docs/testing.md.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { ensureBuilt, executablePath, reapStaleProfiles, withTimeout } from './env';
import type { FixtureServer } from './fixture-server';

export interface ChromiumOptions {
  /** Unpacked extension to load; default `dist/chrome` (built if missing). `false`: none. */
  extensionDir?: string | false;
  /** `--host-resolver-rules` value, e.g. `MAP * 127.0.0.1:8443`. */
  hostResolverRules?: string;
  /** Accept the fixture server's self-signed certificate. */
  https?: boolean;
  /** Shorthand for `hostResolverRules` + `https` from a running fixture server. */
  fixtures?: FixtureServer;
  /** Extra command-line switches. */
  args?: string[];
  /** Browser UI language (default en-US) so accessible names are predictable. */
  locale?: string;
}

export interface ChromiumSession {
  context: BrowserContext;
  /** The 32-letter id; `chrome-extension://<id>/` is the extension's origin. */
  extensionId: string;
  /** `chrome-extension://<id>` */
  origin: string;
  /**
   * The extension's service worker. The handle survives restarts: after
   * `stopServiceWorkers()`, calls on it wait until something (a message, an
   * alarm) wakes the worker, then run in the new instance.
   */
  serviceWorker(): Promise<Worker>;
  /** Opens `chrome-extension://<id>/<path>` in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** Stops every service worker (CDP `ServiceWorker.stopAllWorkers`), as Chrome does when idle. */
  stopServiceWorkers(): Promise<void>;
  close(): Promise<void>;
}

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

const WORKER_TIMEOUT_MS = 30_000;

function extensionIdOf(url: string): string | null {
  const m = /^chrome-extension:\/\/([a-p]{32})\//.exec(url);
  return m?.[1] ?? null;
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumSession> {
  const extensionDir =
    options.extensionDir === false ? null : (options.extensionDir ?? ensureBuilt('chrome'));
  const hostResolverRules = options.hostResolverRules ?? options.fixtures?.hostResolverRules;
  const https = options.https ?? options.fixtures !== undefined;
  const args = [...BASE_ARGS];
  if (extensionDir) {
    args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  }
  if (hostResolverRules) args.push(`--host-resolver-rules=${hostResolverRules}`);
  if (https) args.push('--ignore-certificate-errors');
  args.push(...(options.args ?? []));

  reapStaleProfiles();
  // An empty user-data-dir makes Playwright create a fresh temp profile and
  // delete it on close, and also when the test process exits without closing
  // (it kills the browser first), so a timed-out test leaves nothing behind.
  const context = await chromium.launchPersistentContext('', {
    executablePath: executablePath('chromium'),
    headless: true,
    args,
    // Playwright's default switches include --disable-extensions.
    ignoreDefaultArgs: ['--disable-extensions'],
    locale: options.locale ?? 'en-US',
    // On Linux the browser's own language (the one extensions get their messages in) comes from
    // the environment, not from --lang; Debian's chromium-l10n provides the other languages.
    // Always set, so a developer's German desktop does not turn the English tests German.
    env: { ...process.env, LANGUAGE: (options.locale ?? 'en-US').replace('-', '_') },
    viewport: { width: 1280, height: 800 },
  });
  const close = (): Promise<void> => context.close();

  if (!extensionDir) {
    const unavailable = (): never => {
      throw new Error('launchChromium was called with extensionDir: false');
    };
    return {
      context,
      extensionId: '',
      origin: '',
      serviceWorker: async () => unavailable(),
      openExtensionPage: async () => unavailable(),
      stopServiceWorkers: async () => unavailable(),
      close,
    };
  }

  let extensionId: string;
  try {
    const existing = context.serviceWorkers().find((w) => extensionIdOf(w.url()));
    const worker =
      existing ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => extensionIdOf(w.url()) !== null,
        timeout: WORKER_TIMEOUT_MS,
      }));
    extensionId = extensionIdOf(worker.url()) as string;
  } catch (e) {
    await close();
    throw new Error(
      `The extension's service worker did not start within ${WORKER_TIMEOUT_MS} ms. ` +
        `Does ${extensionDir}/manifest.json load in chrome://extensions?`,
      { cause: e },
    );
  }
  const origin = `chrome-extension://${extensionId}`;

  return {
    context,
    extensionId,
    origin,
    async serviceWorker() {
      return (
        context.serviceWorkers().find((w) => w.url().startsWith(`${origin}/`)) ??
        (await context.waitForEvent('serviceworker', {
          predicate: (w) => w.url().startsWith(`${origin}/`),
          timeout: WORKER_TIMEOUT_MS,
        }))
      );
    },
    async openExtensionPage(path) {
      const page = await context.newPage();
      const url = `${origin}/${path.replace(/^\/+/, '')}`;
      try {
        await page.goto(url);
      } catch (e) {
        // Right after install the extension opens its manager page itself
        // (runtime.openOptionsPage), and Chrome may send that navigation to
        // this fresh tab, interrupting ours. Fine if it lands where we wanted.
        if (!/interrupted by another navigation/.test(String(e))) throw e;
        await page.waitForURL(url);
        await page.waitForLoadState();
      }
      return page;
    },
    async stopServiceWorkers() {
      // The ServiceWorker CDP domain lives on page targets; a throw-away tab
      // keeps this independent of what the test has open.
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        const ours = (v: { scriptURL: string }): boolean => v.scriptURL.startsWith(`${origin}/`);
        // Playwright keeps the same Worker handle across a restart (calls on
        // it wait until the worker runs again), so the stop is confirmed from
        // the protocol's own status events instead.
        const stopped = new Promise<void>((resolve) => {
          cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            const mine = versions.filter(ours);
            if (mine.length > 0 && mine.every((v) => v.runningStatus === 'stopped')) resolve();
          });
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await withTimeout(stopped, WORKER_TIMEOUT_MS, 'the service worker did not stop');
        await cdp.detach();
      } finally {
        await page.close();
      }
    },
    close,
  };
}
