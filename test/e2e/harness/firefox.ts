/**
 * Launches headless Firefox (puppeteer-core over WebDriver BiDi, the system
 * firefox-esr) and installs the built extension temporarily.
 *
 * BiDi refuses to navigate a tab to `moz-extension://…`, but a tab that the
 * extension opens itself is listed by `browser.pages()` and can be driven.
 * The extension's per-install UUID is pinned with the pref
 * `extensions.webextensions.uuids`, so its origin is known in advance.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import { ensureBuilt, executablePath, killOnExit, makeTempDir, reapStaleProfiles } from './env';
import type { FixtureServer } from './fixture-server';

export interface FirefoxOptions {
  /** Unpacked extension to install; default `dist/firefox` (built if missing). `false`: none. */
  extensionDir?: string | false;
  /** Route all traffic through a fixture server (acts as the proxy) and accept its certificate. */
  fixtures?: FixtureServer;
  /** Extra preferences. */
  prefs?: Record<string, string | number | boolean>;
}

export interface FirefoxSession {
  browser: Browser;
  /** `browser_specific_settings.gecko.id` of the installed extension. */
  addonId: string;
  /** The pinned internal UUID: the extension's origin is `moz-extension://<uuid>`. */
  uuid: string;
  origin: string;
  /**
   * Waits for an open tab showing `moz-extension://<uuid>/<path>…` (e.g. the
   * manager page the extension opens on install) and returns it.
   */
  waitForExtensionPage(path?: string, timeoutMs?: number): Promise<Page>;
  /**
   * Opens `moz-extension://<uuid>/<path>` in a new tab by asking an already
   * open extension page to call `tabs.create` (BiDi cannot navigate there).
   * Needs one extension page to be open (the manager after install).
   */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

const PAGE_TIMEOUT_MS = 30_000;

/** `location.href` of a page, or null while it is navigating or closed. */
async function hrefOf(page: Page): Promise<string | null> {
  try {
    return await page.evaluate(() => location.href);
  } catch {
    return null;
  }
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  const extensionDir =
    options.extensionDir === false ? null : (options.extensionDir ?? ensureBuilt('firefox'));
  const addonId = extensionDir
    ? (
        JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
          browser_specific_settings?: { gecko?: { id?: string } };
        }
      ).browser_specific_settings?.gecko?.id
    : undefined;
  if (extensionDir && !addonId) {
    throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  }
  const uuid = randomUUID();
  const origin = `moz-extension://${uuid}`;

  reapStaleProfiles();
  const profile = makeTempDir('firefox-profile');
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: executablePath('firefox'),
      headless: true,
      userDataDir: profile.path,
      acceptInsecureCerts: options.fixtures !== undefined,
      extraPrefsFirefox: {
        ...(addonId
          ? { 'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }) }
          : {}),
        // English UI so accessible names in the extension match docs/design.md §5.
        'intl.locale.requested': 'en-US',
        'intl.accept_languages': 'en-US, en',
        ...(options.fixtures?.firefoxProxyPrefs ?? {}),
        ...options.prefs,
      },
    });
  } catch (e) {
    profile.cleanup();
    throw e;
  }

  const forgetProcess = killOnExit(browser.process()?.pid);
  const close = async (): Promise<void> => {
    try {
      await browser.close();
    } finally {
      forgetProcess();
      profile.cleanup();
    }
  };

  if (extensionDir) {
    try {
      const installed = await browser.installExtension(extensionDir);
      if (installed !== addonId) throw new Error(`installed ${installed}, expected ${addonId}`);
    } catch (e) {
      await close();
      throw e;
    }
  }

  async function findPage(
    path: string,
    exclude: ReadonlySet<Page>,
    timeoutMs: number,
  ): Promise<Page> {
    const prefix = `${origin}/${path.replace(/^\/+/, '')}`;
    const deadline = Date.now() + timeoutMs;
    const seen = new Set<string>();
    while (Date.now() < deadline) {
      for (const page of await browser.pages()) {
        if (exclude.has(page)) continue;
        const href = await hrefOf(page);
        if (href) seen.add(href);
        if (href?.startsWith(prefix)) return page;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `No tab showing ${prefix} within ${timeoutMs} ms. Open tabs: ${[...seen].join(', ') || 'none'}.`,
    );
  }

  return {
    browser,
    addonId: addonId ?? '',
    uuid,
    origin,
    waitForExtensionPage(path = '', timeoutMs = PAGE_TIMEOUT_MS) {
      return findPage(path, new Set(), timeoutMs);
    },
    async openExtensionPage(path) {
      const anchor = await findPage('', new Set(), PAGE_TIMEOUT_MS);
      const before = new Set(await browser.pages());
      const url = `${origin}/${path.replace(/^\/+/, '')}`;
      await anchor.evaluate(async (u) => {
        const api = (
          globalThis as unknown as {
            browser: { tabs: { create(o: { url: string }): Promise<unknown> } };
          }
        ).browser;
        await api.tabs.create({ url: u });
      }, url);
      return findPage(path, before, PAGE_TIMEOUT_MS);
    },
    close,
  };
}

/** The parts of puppeteer's WebDriver BiDi realm used to reach closed shadow roots. */
interface BidiRealmInternals {
  realm: {
    callFunction(
      functionDeclaration: string,
      awaitPromise: boolean,
      options: object,
    ): Promise<{ type: string; result?: RemoteNodeList }>;
  };
}
interface RemoteNode {
  type: string;
  sharedId?: string;
  value?: { shadowRoot?: RemoteNode | null; mode?: string };
}
type RemoteNodeList = { type: string; value?: RemoteNode[] };

/**
 * Handles to the closed shadow roots of one frame's document (Backstop's
 * hosts hang off <html>, or off an open <dialog>). A page script cannot reach
 * them, and neither can Firefox's accessibility locator; WebDriver BiDi can:
 * with `includeShadowTree: 'all'` a serialized host carries its closed shadow
 * root, and a shared reference to that root becomes an ElementHandle. This
 * goes through puppeteer's BiDi realm (internal API, pinned by the lockfile).
 */
export async function closedShadowRoots(frame: Page | Frame): Promise<ElementHandle[]> {
  const html = await frame.$('html');
  if (!html) return [];
  const realm = (html as unknown as { realm: BidiRealmInternals }).realm;
  const res = await realm.realm.callFunction(
    String(() => [...document.querySelectorAll('html > div, dialog > div')]),
    true,
    {
      resultOwnership: 'none',
      serializationOptions: { maxObjectDepth: 1, maxDomDepth: 0, includeShadowTree: 'all' },
    },
  );
  const from = (
    html.constructor as unknown as {
      from(value: RemoteNode, realm: unknown): ElementHandle;
    }
  ).from;
  return (res.result?.value ?? [])
    .map((host) => host.value?.shadowRoot)
    .filter((root): root is RemoteNode => root?.value?.mode === 'closed')
    .map((root) => from(root, realm));
}
