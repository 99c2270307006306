/**
 * Smoke test: each build loads in its browser and its background answers the
 * typed protocol from an extension page. On a fresh profile there is no vault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasBrowser,
  launchChromium,
  launchFirefox,
  startFixtureServer,
  type ChromiumSession,
  type FirefoxSession,
  type FixtureServer,
} from './harness';

const MANAGER = 'src/ui/manager/index.html';
const STATUS = { backstop: 1, name: 'vault.status' } as const;
const FRESH = { ok: true, value: { exists: false, unlocked: false } };
const FIXTURE_PAGE = {
  body: '<!doctype html><title>Fixture</title><label>Recovery code <input id="c"></label>',
};

/**
 * The slice of the extension API that page-evaluated code below uses. Code
 * passed to `evaluate` runs in the browser, so it reaches the API through
 * `globalThis` rather than an import.
 */
interface ExtensionGlobal {
  chrome: {
    runtime: {
      sendMessage(message: unknown): Promise<unknown>;
      getManifest(): { manifest_version: number; name: string };
    };
    i18n: { getMessage(key: string): string };
  };
  browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

describe.skipIf(!hasBrowser('chromium'))('Chromium build', () => {
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('runs its service worker from the built manifest', async () => {
    const worker = await session.serviceWorker();
    expect(session.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await worker.evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.runtime.getManifest(),
    );
    expect(manifest.manifest_version).toBe(3);
    // getManifest() returns the name localized from _locales/en/messages.json.
    expect(manifest.name).toBe('Backstop');
    expect(
      await worker.evaluate(() =>
        (globalThis as unknown as ExtensionGlobal).chrome.i18n.getMessage('extName'),
      ),
    ).toBe('Backstop');
  });

  it('answers vault.status from the manager page: no vault on a fresh profile', async () => {
    const page = await session.openExtensionPage(MANAGER);
    expect(page.url()).toBe(`${session.origin}/${MANAGER}`);
    const reply = await page.evaluate(
      (m) => (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(m),
      STATUS,
    );
    expect(reply).toEqual(FRESH);
    await page.close();
  });

  it('still answers after the service worker is stopped', async () => {
    const worker = await session.serviceWorker();
    await worker.evaluate(() => {
      (globalThis as unknown as { smokeMarker?: number }).smokeMarker = 1;
    });
    await session.stopServiceWorkers();
    const page = await session.openExtensionPage(MANAGER);
    const reply = await page.evaluate(
      (m) => (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(m),
      STATUS,
    );
    expect(reply).toEqual(FRESH);
    // A new worker instance answered: the global set before the stop is gone.
    expect(
      await worker.evaluate(() => (globalThis as unknown as { smokeMarker?: number }).smokeMarker),
    ).toBeUndefined();
    await page.close();
  });
});

describe.skipIf(!hasBrowser('chromium'))('Chromium on a fixture host', () => {
  let session: ChromiumSession;
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({
      routes: {
        'example.com/': FIXTURE_PAGE,
      },
    });
    session = await launchChromium({ fixtures: server });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('serves https://example.com/ from the fixture server through host mapping', async () => {
    const page = await session.context.newPage();
    const response = await page.goto('https://example.com/');
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Fixture');
    expect(server.requests.some((r) => r.protocol === 'https' && r.host === 'example.com')).toBe(
      true,
    );
    await page.close();
  });
});

describe.skipIf(!hasBrowser('firefox'))('Firefox build', () => {
  let session: FirefoxSession;
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({ routes: { 'example.com/': FIXTURE_PAGE } });
    session = await launchFirefox({ fixtures: server });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('installs with the pinned gecko id and UUID', () => {
    expect(session.addonId).toBe('backstop@example.org');
    expect(session.origin).toMatch(/^moz-extension:\/\/[0-9a-f-]{36}$/);
  });

  it('opens the manager page on install and answers vault.status there', async () => {
    // The background opens the manager on runtime.onInstalled (docs/design.md §1).
    const page = await session.waitForExtensionPage(MANAGER);
    const reply = await page.evaluate(
      (m) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage(m),
      STATUS,
    );
    expect(reply).toEqual(FRESH);
  });

  it('reaches https://example.com/ through the fixture server acting as proxy', async () => {
    const page = await session.browser.newPage();
    const response = await page.goto('https://example.com/');
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Fixture');
    expect(server.requests.some((r) => r.protocol === 'https' && r.host === 'example.com')).toBe(
      true,
    );
    await page.close();
  });
});
