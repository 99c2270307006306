/**
 * Importing another password manager's export in the built extension, in real
 * Chromium: the Bitwarden JSON fixture is chosen in the manager page, previewed,
 * and imported with one `accounts.import` message; the accounts then show how
 * many codes each has left, used marks included (docs/importing.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchChromium, REPO_ROOT, type ChromiumSession } from './harness';

const MANAGER = 'src/ui/manager/index.html';
const PASS = 'lantern orbit velvet canyon';
const EXPORT = join(REPO_ROOT, 'test', 'fixtures', 'managers', 'bitwarden', 'export.json');

interface Reply {
  ok: boolean;
  value?: { accounts: { domains: string[]; left: number; total: number }[] };
  error?: { code: string; message: string };
}

/** Sends one protocol message from the page, as the UI does. */
function send(page: Page, name: string, payload?: unknown): Promise<Reply> {
  return page.evaluate(
    ([name, payload]) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<Reply> } };
        }
      ).chrome.runtime.sendMessage({ backstop: 1, name, payload }),
    [name, payload] as const,
  );
}

function accountItem(page: Page, domain: string): Locator {
  return page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('listitem')
    .filter({ hasText: domain });
}

describe.skipIf(!hasBrowser('chromium'))('import from another password manager (Chromium)', () => {
  let session: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    session = await launchChromium();
    page = await session.openExtensionPage(MANAGER);
    await page.getByLabel('Master passphrase').fill(PASS);
    await page.getByLabel('Confirm passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('button', { name: 'Add account' }).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('previews a Bitwarden export, imports the ticked items, and lists them with what is left', async () => {
    // The section is named the same; the file input is the one to choose with.
    const fileInput = page
      .getByLabel('Import from another password manager')
      .and(page.locator('input[type=file]'));
    await fileInput.setInputFiles({
      name: 'bitwarden_export_20240501.json',
      mimeType: 'application/json',
      buffer: readFileSync(EXPORT),
    });
    const preview = page.getByRole('group', { name: 'Items with backup codes' });
    await expect.poll(() => preview.innerText(), { timeout: 20_000 }).toContain('Bitwarden (JSON)');
    expect(await page.getByLabel('Website for GitLab recovery codes').inputValue()).toBe(
      'gitlab.com',
    );
    await page.getByRole('checkbox', { name: 'Import Discord' }).uncheck();
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText(), { timeout: 20_000 })
      .toContain('Imported 3 accounts.');

    // 5 codes with 1 used, 5 with 1 used, 3 unused; Discord was not ticked.
    await expect.poll(() => accountItem(page, 'github.com').innerText()).toContain('4 left');
    expect(await accountItem(page, 'google.com').innerText()).toContain('4 left');
    expect(await accountItem(page, 'gitlab.com').innerText()).toContain('3 left');
    expect(await accountItem(page, 'discord.com').count()).toBe(0);

    // The used mark came along as data: the second GitHub code is used.
    await accountItem(page, 'github.com').getByRole('button').first().click();
    const codes = page.getByRole('list', { name: 'Backup codes' });
    await codes.waitFor();
    await page.getByRole('button', { name: 'Show codes' }).click();
    const second = codes.getByRole('listitem').nth(1);
    expect(await second.innerText()).toContain('7b3e0-19fa4');
    expect(await second.innerText()).toContain('Used');
    expect(await second.getByRole('button', { name: 'Mark unused' }).count()).toBe(1);
  });

  it('the background refuses a broken payload and writes nothing', async () => {
    const before = await send(page, 'accounts.list');
    expect(before.value!.accounts).toHaveLength(3);
    const reply = await send(page, 'accounts.import', {
      accounts: [
        {
          site: 'Fine',
          domains: ['fine.example.com'],
          username: '',
          codes: [{ value: '1234 5678', used: false }],
        },
        {
          site: 'Broken',
          domains: ['broken.example.com'],
          username: '',
          codes: [{ value: '1234 5678 (used)', used: false }],
        },
      ],
    });
    expect(reply.ok).toBe(false);
    expect(reply.error).toEqual({
      code: 'invalid-input',
      message: '“Broken”, code 1, is not a single backup code. Nothing was imported.',
    });
    expect((await send(page, 'accounts.list')).value).toEqual(before.value);
  });

  it('what was imported is stored: a new page after a restart of the worker reads it', async () => {
    await session.stopServiceWorkers();
    const fresh = await session.openExtensionPage(MANAGER);
    const { value } = await send(fresh, 'accounts.list');
    expect(
      value!.accounts.map((a) => `${a.domains.join(',')} ${a.left}/${a.total}`).sort(),
    ).toEqual(['github.com 4/5', 'gitlab.com 3/3', 'google.com 4/5']);
    await fresh.close();
  });
});
