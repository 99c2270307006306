/**
 * The vault as the built extension runs it in real Chromium: unlocked state
 * survives service-worker restarts until the auto-lock timeout, and nothing
 * user-typed is stored in plain text anywhere the extension writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasBrowser, launchChromium, type ChromiumSession } from './harness';

const MANAGER = 'src/ui/manager/index.html';
const PASS = 'e2e master passphrase 42';

interface Chromeish {
  chrome: {
    runtime: { sendMessage(m: unknown): Promise<unknown> };
    storage: {
      local: { get(k: null): Promise<Record<string, unknown>> };
      session: { get(k: null): Promise<Record<string, unknown>> };
    };
  };
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

async function call(page: Page, name: string, payload?: unknown): Promise<Reply> {
  return page.evaluate(
    (m) => (globalThis as unknown as Chromeish).chrome.runtime.sendMessage(m) as Promise<Reply>,
    { backstop: 1, name, payload },
  );
}

async function value<T>(page: Page, name: string, payload?: unknown): Promise<T> {
  const reply = await call(page, name, payload);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

/** Everything the extension stored: all IndexedDB databases, storage.local and storage.session. */
async function dumpStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        out.push(info.name, store, all);
      }
      db.close();
    }
    const c = (globalThis as unknown as Chromeish).chrome;
    out.push(await c.storage.local.get(null), await c.storage.session.get(null));
    return JSON.stringify(out);
  });
}

describe.skipIf(!hasBrowser('chromium'))('vault in real Chromium', () => {
  let session: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    session = await launchChromium();
    page = await session.openExtensionPage(MANAGER);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('creates a vault, adds accounts, rejects a wrong passphrase and unlocks with the right one', async () => {
    await value(page, 'vault.create', { passphrase: PASS });
    await value(page, 'accounts.add', {
      draft: {
        site: 'Instagram',
        domains: ['instagram.com'],
        username: 'zoe.private',
        notes: 'my secret note',
      },
      codesText: '1234 5678\n2345 6789\n3456 7890\n4567 8901\n5678 9012',
    });
    await value(page, 'accounts.add', {
      draft: { site: 'GitHub', domains: ['github.com'], username: 'octo-e2e', notes: '' },
      codesText: 'a1b2c-d3e4f\r\n0f9e8-d7c6b\r\n',
    });
    await value(page, 'vault.lock');
    const wrong = await call(page, 'vault.unlock', { passphrase: 'not my passphrase at all' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    expect(await call(page, 'accounts.list')).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    await value(page, 'vault.unlock', { passphrase: PASS });
    const list = await value<{ accounts: { domains: string[]; left: number }[] }>(
      page,
      'accounts.list',
    );
    expect(list.accounts.map((a) => [a.domains[0], a.left])).toEqual([
      ['github.com', 2],
      ['instagram.com', 5],
    ]);
  });

  it('no code, site, domain, username or note is stored in plain text', async () => {
    const id = (
      await value<{ accounts: { id: string; site: string }[] }>(page, 'accounts.list')
    ).accounts.find((a) => a.site === 'Instagram')!.id;
    const account = await value<{ codes: { id: string }[] }>(page, 'accounts.get', { id });
    await value(page, 'codes.mark', { accountId: id, codeId: account.codes[0]!.id, used: true });
    await value(page, 'codes.undo', { accountId: id, codeId: account.codes[0]!.id });
    await value(page, 'settings.set', { lowCodesThreshold: 2 });
    const dump = await dumpStorage(page);
    expect(dump).toContain('backstop-vault'); // we really are looking at the vault
    for (const needle of [
      '1234 5678',
      '12345678',
      'a1b2c',
      'instagram',
      'Instagram',
      'github',
      'zoe.private',
      'octo-e2e',
      'secret note',
      PASS,
    ]) {
      expect(dump.includes(needle), needle).toBe(false);
    }
  });

  it('a stopped service worker comes back still unlocked, then locks after the timeout', async () => {
    await session.stopServiceWorkers();
    const list = await value<{ accounts: unknown[] }>(page, 'accounts.list');
    expect(list.accounts).toHaveLength(2);
    // Shortest real setting; the lock must come from the timeout, not from the restart.
    await value(page, 'settings.set', { autoLockMinutes: 1 });
    await session.stopServiceWorkers();
    expect(await value(page, 'vault.status')).toEqual({ exists: true, unlocked: true });
    // A popup left open shows the accounts, and returns to the lock screen by itself.
    const popup = await session.openExtensionPage('src/ui/popup/index.html');
    await popup.getByRole('button', { name: 'Lock' }).waitFor();
    await page.waitForTimeout(62_000);
    await popup.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 30_000 });
    expect(await popup.getByLabel('Master passphrase').isVisible()).toBe(true);
    await session.stopServiceWorkers();
    expect(await value(page, 'vault.status')).toEqual({ exists: true, unlocked: false });
    const dump = await dumpStorage(page);
    expect(dump).not.toContain('"unlocked"'); // the session key is gone
  }, 180_000);
});
