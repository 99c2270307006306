/**
 * The popup and manager page driven like a person would, in real Chromium with
 * the built extension: only visible labels and accessible names (docs/design.md §5).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { hasBrowser, launchChromium, makeTempDir, type ChromiumSession } from './harness';

const require = createRequire(import.meta.url);
const MANAGER = 'src/ui/manager/index.html';
const POPUP = 'src/ui/popup/index.html';
const PASS = 'lantern orbit velvet canyon';
const NEXT_PASS = 'harbor quartz meadow tundra';
const INSTAGRAM = '1234 5678\n2345 6789\n3456 7890\n4567 8901\n5678 9012';
const GITHUB_FILE = 'a1b2c-d3e4f\r\n0f9e8-d7c6b\r\n11111-22222\r\n';

function accountItem(page: Page, domain: string): Locator {
  return page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('listitem')
    .filter({ hasText: domain });
}

async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Master passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
}

/** Runs axe-core in the page (through the protocol, so the extension CSP does not block it). */
async function axeViolations(page: Page): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResult;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe.skipIf(!hasBrowser('chromium'))('popup and manager in real Chromium', () => {
  let session: ChromiumSession;
  let page: Page;
  const downloads = makeTempDir('ui-downloads');

  beforeAll(async () => {
    session = await launchChromium();
    page = await session.openExtensionPage(MANAGER);
  });
  afterAll(async () => {
    await session?.close();
    downloads.cleanup();
  });

  it('creates a vault from the first-run screen', async () => {
    await page.getByLabel('Master passphrase').fill(PASS);
    await page.getByLabel('Confirm passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Add account' }).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Back up now' }).count()).toBe(1);
  });

  it('adds an account by paste and shows "5 left"', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Website', { exact: true }).fill('instagram.com');
    await page.getByLabel('Username', { exact: true }).fill('zoe.e2e');
    await page.getByLabel('Backup codes', { exact: true }).fill(INSTAGRAM);
    await expect.poll(() => page.locator('.codes-preview').innerText()).toContain('5 codes found');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => accountItem(page, 'instagram.com').innerText()).toContain('5 left');
  });

  it('adds an account from a codes file', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page
      .getByLabel('Website', { exact: true })
      .fill('https://github.com/sessions/two-factor/recovery');
    await page.getByLabel('Import codes file').setInputFiles({
      name: 'github-recovery-codes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(GITHUB_FILE),
    });
    await expect.poll(() => page.locator('.codes-preview').innerText()).toContain('3 codes found');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => accountItem(page, 'github.com').innerText()).toContain('3 left');
    expect(await accountItem(page, 'github.com').innerText()).toContain('GitHub');
  });

  it('shows, copies and marks codes, with undo', async () => {
    await accountItem(page, 'instagram.com').getByRole('button').first().click();
    const codes = page.getByRole('list', { name: 'Backup codes' });
    await codes.waitFor();
    expect(await codes.innerText()).not.toContain('1234 5678');
    await page.getByRole('button', { name: 'Show codes' }).click();
    expect(await codes.innerText()).toContain('1234 5678');
    await page.getByRole('button', { name: 'Hide codes' }).click();
    expect(await codes.innerText()).not.toContain('1234 5678');

    const first = codes.getByRole('listitem').first();
    await first.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^Copied/);

    await first.getByRole('button', { name: 'Mark used', exact: true }).click();
    await expect.poll(() => first.innerText()).toContain('Used');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => first.getByRole('button', { name: 'Mark used', exact: true }).count())
      .toBe(1);
    await first.getByRole('button', { name: 'Mark used', exact: true }).click();
    await expect.poll(() => first.getByRole('button', { name: 'Mark unused' }).count()).toBe(1);
    await expect.poll(() => accountItem(page, 'instagram.com').innerText()).toContain('4 left');
  });

  it('locks, refuses a wrong passphrase with an alert, and unlocks', async () => {
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlock(page, 'definitely not the passphrase');
    await expect
      .poll(() => page.getByRole('alert').innerText(), { timeout: 20_000 })
      .toContain('Wrong passphrase');
    await unlock(page, PASS);
    await expect
      .poll(() => accountItem(page, 'instagram.com').innerText(), { timeout: 20_000 })
      .toContain('4 left');
  });

  it('the popup lists the accounts in a 360×600 box', async () => {
    const popup = await session.openExtensionPage(POPUP);
    await popup.setViewportSize({ width: 360, height: 600 });
    await expect.poll(() => accountItem(popup, 'instagram.com').innerText()).toContain('4 left');
    expect(await accountItem(popup, 'github.com').innerText()).toContain('3 left');
    const box = await popup.evaluate(() => ({
      w: document.body.scrollWidth,
      h: document.body.scrollHeight,
    }));
    expect(box).toEqual({ w: 360, h: 600 });
    await popup.close();
  });

  it('the manager page has no serious accessibility violations (axe-core)', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('export → delete vault → import restores everything, used marks included', async () => {
    const downloadPromise = page.waitForEvent('download');
    await page.getByLabel('File passphrase', { exact: true }).fill(PASS);
    await page.getByLabel('Repeat file passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Export encrypted backup' }).click();
    const download = await downloadPromise;
    const file = `${downloads.path}/${download.suggestedFilename()}`;
    await download.saveAs(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toBeTypeOf('object');

    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await page.getByLabel('Vault passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Delete vault' }).click();
    await page.getByLabel('Master passphrase').fill(NEXT_PASS);
    await page.getByLabel('Confirm passphrase').fill(NEXT_PASS);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('button', { name: 'Add account' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('list', { name: 'Accounts' }).count()).toBe(0);

    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByLabel('Backup passphrase', { exact: true }).fill(PASS);
    await page.getByRole('button', { name: 'Import backup' }).click();
    await page.getByRole('button', { name: 'Confirm import' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.import-preview').innerText()).toContain('2 new accounts');
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await expect
      .poll(() => accountItem(page, 'instagram.com').innerText(), { timeout: 20_000 })
      .toContain('4 left');
    expect(await accountItem(page, 'github.com').innerText()).toContain('3 left');
    await accountItem(page, 'instagram.com').getByRole('button').first().click();
    const first = page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').first();
    await expect.poll(() => first.innerText()).toContain('Used');
  });

  it('changes the passphrase', async () => {
    await page.getByLabel('Current passphrase').fill(NEXT_PASS);
    await page.getByLabel('New passphrase', { exact: true }).fill(PASS);
    await page.getByLabel('Confirm new passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Change passphrase', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').first().innerText(), { timeout: 20_000 })
      .toContain('Passphrase changed');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlock(page, PASS);
    await expect
      .poll(() => accountItem(page, 'github.com').innerText(), { timeout: 20_000 })
      .toContain('3 left');
  });

  // Issue 8: a paste never loses or bends a code. What is stored is checked by
  // opening the account and reading its codes.
  it.each([
    ['x.com', 'oeknqqofqqqg'],
    ['example.org', 'abcd efgh ijkl mnop qrst uvwx yz12 3456'],
  ])('stores the code pasted for %s exactly: %s', async (website, code) => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Website', { exact: true }).fill(website);
    await page.getByLabel('Backup codes', { exact: true }).fill(code);
    const preview = page.getByRole('list', { name: 'Codes found' });
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual([code]);
    // The preview, its "One code per line" switch and left-out lines are accessible too.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => accountItem(page, website).innerText()).toContain('1 left');
    await accountItem(page, website).getByRole('button').first().click();
    const codes = page.getByRole('list', { name: 'Backup codes' });
    await codes.waitFor();
    await page.getByRole('button', { name: 'Show codes' }).click();
    const items = codes.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(1);
    await expect.poll(() => items.first().locator('code').innerText()).toBe(code);
  });
});
