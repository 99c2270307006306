/**
 * The Chromium browser trust-page-chromium.test.ts drives: the fixture routes,
 * a vault with the same accounts in a fresh browser, and DevTools access to
 * the service worker. Backstop's controls in closed shadow roots are found by
 * the shared autofill/cdp.ts; folding this file into the two-browser driver
 * (autofill/driver.ts) is still to do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Account } from '../../src/core/types';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { REPO_ROOT } from './harness/env';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';
import { backstopButtons } from './autofill/cdp';

const PASSPHRASE = 'correct horse battery staple 42';
const codesFile = (name: string) =>
  readFileSync(join(REPO_ROOT, 'test/fixtures/codes', name), 'utf8');

export const RECOVERY = 'https://github.com/sessions/two-factor/recovery';
const ROUTES = {
  'github.com/sessions/two-factor/recovery': 'github-recovery.html',
  'github.com/sessions/two-factor/recovery-spa': 'e2e/github-recovery-spa.html',
  'github.com/sessions/two-factor/app': 'github-app.html',
  'github.com/e2e/hostile': 'e2e/hostile.html',
  'github.com/e2e/sandboxed': 'e2e/sandboxed-frame.html',
  'github.com/e2e/cross-origin': 'e2e/cross-origin-frame.html',
  'news.example.com/embed': 'e2e/matching-frame.html',
  'github.com.evil.net/sessions/two-factor/recovery': 'github-recovery.html',
  'www.instagram.com/accounts/login/two_factor': 'e2e/backup-code.html',
  'www.1nstagram.com/accounts/login/two_factor': 'e2e/backup-code.html',
  'acme-backup.org/login/backup': 'e2e/backup-code.html',
  'evil-cdn.net/verify/backup': 'e2e/backup-code.html',
  'spent-codes.org/login/backup': 'e2e/backup-code.html',
  // The page names only the app; the site rule (sent as the site hint) finds the field.
  'www.facebook.com/checkpoint/login': 'facebook-checkpoint.html',
  // docs/security.md, "Pages people write on a site's own domain" (trust-page-chromium.test.ts):
  // the same backup-code step on a registry site's login host and on hosts serving user content.
  'accounts.google.com/signin/challenge/bc': 'e2e/backup-code.html',
  'docs.google.com/forms/d/e/1FAIpQL/viewform': 'e2e/backup-code.html',
  'sites.google.com/view/backup-check': 'e2e/backup-code.html',
  'attacker.wordpress.com/2fa': 'e2e/backup-code.html',
  'wordpress.com/log-in/backup': 'e2e/backup-code.html',
  'someone.github.io/login': 'e2e/backup-code.html',
  'gist.github.com/verify': 'e2e/backup-code.html',
  'github.com/e2e/clickjack': 'e2e/clickjack.html',
};

// ---------------------------------------------------------------- Backstop's controls

export async function waitForButton(page: Page, label: string, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [b] = await backstopButtons(page, label);
    if (b && Number.isFinite(b.x)) return b;
    await page.waitForTimeout(100);
  }
  throw new Error(`No "${label}" button appeared on ${page.url()}`);
}

/** The text of the Backstop toast (role=status inside a closed root), if any. */
// ---------------------------------------------------------------- the vault and the browser

export type AccountName = 'github' | 'instagram' | 'acme' | 'spent' | 'facebook';

/**
 * Starts the fixture server and Chromium with the built extension before the
 * file's tests (and closes both after them), with a vault holding GitHub,
 * Instagram, Acme, Facebook and an account whose codes are all used. Call it
 * inside the file's `describe`.
 */
export function useAutofillBrowser() {
  let server: FixtureServer;
  let session: ChromiumSession;
  let manager: Page;
  const ids: Record<AccountName, string> = {
    github: '',
    instagram: '',
    acme: '',
    spent: '',
    facebook: '',
  };

  async function bg<T>(name: string, payload?: unknown): Promise<T> {
    const res = (await manager.evaluate(
      ([n, p]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
      [name, payload] as const,
    )) as { ok: boolean; value?: T; error?: unknown };
    if (!res?.ok) throw new Error(`${name} failed: ${JSON.stringify(res)}`);
    return res.value as T;
  }

  const account = (id: string) => bg<Account>('accounts.get', { id });
  const states = async (id: string) => (await account(id)).codes.map((c) => c.state);

  async function waitForState(id: string, codeIndex: number, state: string, timeoutMs = 8000) {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = (await account(id)).codes[codeIndex]?.state ?? '';
      if (last === state) return;
      await manager.waitForTimeout(100);
    }
    throw new Error(`code ${codeIndex} of ${id} is "${last}", expected "${state}"`);
  }

  /** Opens `url` in a fresh tab (other web tabs closed so a forced fill reaches only this one). */
  async function open(url: string): Promise<Page> {
    for (const p of session.context.pages()) if (p !== manager) await p.close();
    const page = await session.context.newPage();
    await page.goto(url);
    return page;
  }

  /** What the keyboard command, context menu and popup do: ask the tab's content scripts to fill. */
  async function forceFill(): Promise<unknown[]> {
    const worker: Worker = await session.serviceWorker();
    return worker.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: {
            tabs: {
              query(q: object): Promise<{ id?: number }[]>;
              sendMessage(id: number, m: unknown): Promise<unknown>;
            };
          };
        }
      ).chrome;
      const out: unknown[] = [];
      for (const tab of await c.tabs.query({})) {
        if (tab.id === undefined) continue;
        // No frameId: every frame of the tab gets it.
        out.push(
          await c.tabs
            .sendMessage(tab.id, { backstop: 1, name: 'content.fill', payload: {} })
            .catch((e: Error) => `no receiver: ${e.message}`),
        );
      }
      return out;
    });
  }

  /**
   * Origins of the frames whose content script reported a backup-code field
   * (the background's FieldFrames mirror in storage.session, which keeps the
   * origin only). Proves a negative case was detected and then refused, not
   * silently skipped.
   */
  async function reportedFrames(): Promise<string[]> {
    const worker: Worker = await session.serviceWorker();
    return worker.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome;
      const tabs = ((await c.storage.session.get('fields')).fields ?? {}) as Record<
        string,
        Record<string, { o: string }>
      >;
      return Object.values(tabs).flatMap((frames) => Object.values(frames).map((f) => f.o));
    });
  }

  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchChromium({ fixtures: server });
    manager = await session.openExtensionPage('src/ui/manager/index.html');
    await bg('vault.create', { passphrase: PASSPHRASE });
    const add = async (site: string, domains: string[], file: string) =>
      (
        await bg<Account>('accounts.add', {
          draft: { site, domains, username: 'jane', notes: '' },
          codesText: codesFile(file),
        })
      ).id;
    ids.github = await add('GitHub', ['github.com'], 'github-recovery-codes.txt');
    ids.instagram = await add('Instagram', ['instagram.com'], 'instagram-paste.txt');
    ids.acme = await add('Acme', ['acme-backup.org'], 'instagram-paste.txt');
    ids.facebook = await add('Facebook', ['facebook.com'], 'instagram-paste.txt');
    // Every code of this one is spent.
    ids.spent = await add('Spent', ['spent-codes.org'], 'microsoft-recovery-code.txt');
    for (const c of (await account(ids.spent)).codes) {
      await bg('codes.mark', { accountId: ids.spent, codeId: c.id, used: true });
    }
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  return {
    ids,
    /** Sends a message to the background as Backstop's manager page. */
    bg,
    /** The browser (for a test that needs the service worker or DevTools). */
    session: () => session,
    /** Every request the fixture server saw. */
    requests: () => server.requests,
    account,
    states,
    waitForState,
    open,
    forceFill,
    reportedFrames,
  };
}

/** The center of an element of the page (for a trusted `page.mouse.click`). */
export async function center(page: Page, selector: string): Promise<[number, number]> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  return [box.x + box.width / 2, box.y + box.height / 2];
}
