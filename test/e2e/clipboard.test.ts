/**
 * A code copied in the manager leaves the clipboard after the delay and on
 * lock, although the page that copied it has closed (docs/security.md, "A
 * copied code left on the clipboard"): cleared by Chrome's offscreen document
 * and by Firefox's event page. The clipboard is read back by an ordinary https
 * page allowed to read it (Chromium: the `clipboard-read` permission granted
 * to it; Firefox: the testing preference that skips the paste prompt).
 */
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasBrowser,
  launchChromium,
  launchFirefox,
  sendFromPage,
  startFixtureServer,
  type ChromiumSession,
  type FirefoxSession,
  type FixtureServer,
} from './harness';

const PASS = 'correct horse battery staple 42';
const READER = 'https://clipboard-reader.example/read';
const ROUTES = { 'clipboard-reader.example/read': 'e2e/backup-code.html' };
const DELAY_S = 5;
/** The delay, the background's timer and a margin for a loaded machine. */
const AFTER_DELAY_MS = DELAY_S * 1000 + 4000;

interface Account {
  id: string;
  codes: { value: string }[];
}

/** Sets up a vault with one account through `send` (a manager page's runtime messaging). */
async function seed(send: (name: string, payload?: unknown) => Promise<unknown>) {
  await send('vault.create', { passphrase: PASS });
  await send('settings.set', { clipboardClearSeconds: DELAY_S });
  const a = (await send('accounts.add', {
    draft: { site: 'Acme', domains: ['acme-backup.org'], username: 'jo', notes: '' },
    codesText: '11112222\n33334444\n55556666\n77778888\n',
  })) as Account;
  return a.codes[0]!.value;
}

describe.skipIf(!hasBrowser('chromium'))('clipboard cleared in Chromium', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let admin: PwPage;
  let code = '';

  const send = (name: string, payload?: unknown) => sendFromPage(admin, name, payload);

  async function readClipboard(): Promise<string> {
    const reader = await session.context.newPage();
    try {
      await reader.goto(READER);
      await reader.bringToFront();
      return await reader.evaluate(() => navigator.clipboard.readText());
    } finally {
      await reader.close();
    }
  }

  /** Copies the first code with the manager's own Copy button, then closes that page. */
  async function copyInManager(): Promise<void> {
    const manager = await session.openExtensionPage('src/ui/manager/index.html');
    await manager
      .getByRole('list', { name: 'Accounts' })
      .getByRole('listitem')
      .filter({ hasText: 'acme-backup.org' })
      .getByRole('button')
      .first()
      .click();
    const first = manager.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').first();
    await first.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => manager.getByRole('status').first().innerText()).toMatch(/^Copied/);
    await manager.close();
  }

  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchChromium({ fixtures: server });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(READER).origin,
    });
    admin = await session.openExtensionPage('src/ui/manager/index.html');
    code = await seed(send);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('after the delay, with the manager closed', async () => {
    await copyInManager();
    expect(await readClipboard()).toBe(code); // it was there: the reader can see it
    await admin.waitForTimeout(AFTER_DELAY_MS);
    expect(await readClipboard()).toBe('');
  });

  it('on lock, before the delay', async () => {
    await send('settings.set', { clipboardClearSeconds: 600 });
    await copyInManager();
    expect(await readClipboard()).toBe(code);
    await send('vault.lock');
    await expect.poll(readClipboard, { timeout: 5000 }).toBe('');
  });
});

describe.skipIf(!hasBrowser('firefox'))('clipboard cleared in Firefox', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let admin: PpPage;
  let code = '';

  const send = (name: string, payload?: unknown) => sendFromPage(admin, name, payload);

  async function readClipboard(): Promise<string> {
    const reader = await session.browser.newPage();
    try {
      await reader.goto(READER);
      await reader.bringToFront();
      return await reader.evaluate(() => navigator.clipboard.readText());
    } finally {
      await reader.close();
    }
  }

  async function copyInManager(): Promise<void> {
    const manager = await session.openExtensionPage('src/ui/manager/index.html');
    const openAcme = await manager.waitForSelector(
      '::-p-aria([name="Accounts"][role="list"]) li button',
    );
    await openAcme!.click();
    const copy = await manager.waitForSelector(
      '::-p-aria([name="Backup codes"][role="list"]) li ::-p-aria([name="Copy"][role="button"])',
    );
    await copy!.click();
    await manager.waitForFunction(() =>
      [...document.querySelectorAll('[role=status]')].some((s) =>
        s.textContent?.startsWith('Copied'),
      ),
    );
    await manager.close();
  }

  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchFirefox({
      fixtures: server,
      // Lets the reader page read the clipboard without Firefox's paste prompt.
      prefs: { 'dom.events.testing.asyncClipboard': true },
    });
    admin = await session.waitForExtensionPage('src/ui/manager/index.html');
    code = await seed(send);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('after the delay, with the manager closed', async () => {
    await copyInManager();
    expect(await readClipboard()).toBe(code);
    await new Promise((r) => setTimeout(r, AFTER_DELAY_MS));
    expect(await readClipboard()).toBe('');
  });

  it('on lock, before the delay', async () => {
    await send('settings.set', { clipboardClearSeconds: 600 });
    await copyInManager();
    expect(await readClipboard()).toBe(code);
    await send('vault.lock');
    await expect.poll(readClipboard, { timeout: 5000 }).toBe('');
  });
});
