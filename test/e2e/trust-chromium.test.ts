/**
 * Issue 9's data-side defences with a UI, in real Chromium with the built extension, driven by
 * visible labels and accessible names only: a backup never widens where an account fills unless
 * each new domain is ticked (keyboard included); "Change passphrase and re-encrypt everything";
 * deleting the vault needs the master passphrase.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { exportBackup } from '../../src/core/backup/export';
import type { Account } from '../../src/core/types';
import { hasBrowser, launchChromium, makeTempDir, type ChromiumSession } from './harness';

const MANAGER = 'src/ui/manager/index.html';
const PASS = 'lantern orbit velvet canyon';
const NEXT_PASS = 'harbor quartz meadow tundra';
const FILE_PASS = 'a shared backup passphrase';
const TICK = 'Also fill GitHub · octo codes on evil.example';

function accountItem(page: Page, text: string): Locator {
  return page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('listitem')
    .filter({ hasText: text });
}

/** The reviewer's probe: a "shared" backup that names GitHub's account and one more domain. */
async function hostileBackup(path: string): Promise<void> {
  const account: Account = {
    id: 'e'.repeat(32),
    site: 'Totally GitHub',
    domains: ['github.com', 'evil.example'],
    username: 'octo',
    notes: '',
    codes: [],
    archived: [],
    history: [],
    createdAt: 1,
    updatedAt: 9_000_000_000_000,
  };
  const json = await exportBackup([account], {
    passphrase: FILE_PASS,
    iterations: 600_000,
    crypto: globalThis.crypto,
    now: () => Date.now(),
  });
  writeFileSync(path, json);
}

describe.skipIf(!hasBrowser('chromium'))('trust hardening in real Chromium', () => {
  let session: ChromiumSession;
  let page: Page;
  const dir = makeTempDir('trust');
  const file = `${dir.path}/shared-backup.json`;

  beforeAll(async () => {
    await hostileBackup(file);
    session = await launchChromium();
    page = await session.openExtensionPage(MANAGER);
    await page.getByLabel('Master passphrase').fill(PASS);
    await page.getByLabel('Confirm passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('button', { name: 'Add account' }).click({ timeout: 20_000 });
    await page.getByLabel('Website', { exact: true }).fill('github.com');
    await page.getByLabel('Username', { exact: true }).fill('octo');
    await page
      .getByLabel('Backup codes', { exact: true })
      .fill('a1b2c-d3e4f\n0f9e8-d7c6b\n11111-22222');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await accountItem(page, 'github.com')
      .filter({ hasText: '3 left' })
      .waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await session?.close();
    dir.cleanup();
  });

  async function openPreview(): Promise<void> {
    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByLabel('Backup passphrase', { exact: true }).fill(FILE_PASS);
    await page.getByRole('button', { name: 'Import backup' }).click();
    await page.getByRole('button', { name: 'Confirm import' }).waitFor({ timeout: 30_000 });
  }

  it('a backup that adds a domain names it, unticked; confirming adds nothing', async () => {
    await openPreview();
    const box = page.getByRole('checkbox', { name: TICK });
    expect(await box.isChecked()).toBe(false);
    expect(await page.locator('.import-preview').innerText()).toContain(
      'Websites this backup adds to GitHub · octo',
    );
    // Keyboard: Space ticks and unticks it.
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await page.getByRole('button', { name: 'Confirm import' }).waitFor({ state: 'detached' });
    expect(await accountItem(page, 'github.com').innerText()).toContain('GitHub');
    // The same file still proposes evil.example: it was not added.
    await openPreview();
    expect(await page.getByRole('checkbox', { name: TICK }).count()).toBe(1);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  it('only a domain ticked by the person is added', async () => {
    await openPreview();
    await page.getByRole('checkbox', { name: TICK }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await page.getByRole('button', { name: 'Confirm import' }).waitFor({ state: 'detached' });
    // Now the account fills on evil.example too, so the same file proposes nothing new.
    await openPreview();
    expect(await page.getByRole('checkbox', { name: TICK }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  it('changes the passphrase and re-encrypts everything; only the new passphrase unlocks', async () => {
    await page.getByLabel('Current passphrase').fill(PASS);
    await page.getByLabel('New passphrase', { exact: true }).fill(NEXT_PASS);
    await page.getByLabel('Confirm new passphrase').fill(NEXT_PASS);
    await page.getByRole('button', { name: 'Change passphrase and re-encrypt everything' }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText(), { timeout: 30_000 })
      .toContain('everything re-encrypted with a new key');
    expect(await accountItem(page, 'github.com').innerText()).toContain('3 left');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByLabel('Master passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Wrong passphrase' })
      .waitFor({ timeout: 30_000 });
    await page.getByLabel('Master passphrase').fill(NEXT_PASS);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect
      .poll(() => accountItem(page, 'github.com').innerText(), { timeout: 30_000 })
      .toContain('3 left');
  });

  it('deleting the vault needs the master passphrase; a wrong one deletes nothing', async () => {
    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await page.getByLabel('Vault passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Delete vault' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Wrong passphrase' })
      .waitFor({ timeout: 30_000 });
    expect(await accountItem(page, 'github.com').count()).toBe(1);
    await page.getByLabel('Vault passphrase').fill(NEXT_PASS);
    await page.getByRole('button', { name: 'Delete vault' }).click();
    await page.getByRole('button', { name: 'Create vault' }).waitFor({ timeout: 30_000 });
  });
});
