/**
 * Regenerates the README screenshots in docs/screenshots/ from the built
 * extension in headless Chromium: the popup (360×600) and the manager page
 * (1280×800), light and dark, with a few realistic accounts, one of them low
 * on codes. The files are committed; every run rewrites them.
 *
 * The vault is filled through the typed protocol (the UI flows themselves are
 * covered by ui-chromium / ui-firefox); what matters here is how it looks.
 * Codes stay masked, and they are fixture codes anyway.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AccountDraft } from '../../src/core/types';
import {
  hasBrowser,
  launchChromium,
  REPO_ROOT,
  saveScreenshot,
  sendFromPage as send,
  type ChromiumSession,
} from './harness';

const MANAGER = 'src/ui/manager/index.html';
const POPUP = 'src/ui/popup/index.html';
const PASS = 'lantern orbit velvet canyon';
const CODES = join(REPO_ROOT, 'test', 'fixtures', 'codes');

interface Seed {
  draft: AccountDraft;
  codesFile: string;
  /** How many of the still-unused codes to mark used after adding. */
  markUsed: number;
}

const SEEDS: Seed[] = [
  {
    draft: { site: 'GitHub', domains: ['github.com'], username: 'jane-doe', notes: '' },
    codesFile: 'github-recovery-codes.txt',
    markUsed: 3,
  },
  {
    draft: { site: 'Google', domains: ['google.com'], username: 'jane.doe@gmail.com', notes: '' },
    codesFile: 'Backup-codes-jane.txt',
    markUsed: 1,
  },
  {
    // Left with 2 codes: the "low" state the list highlights.
    draft: { site: 'Discord', domains: ['discord.com'], username: 'janedoe', notes: '' },
    codesFile: 'discord_backup_codes.txt',
    markUsed: -2,
  },
  {
    draft: { site: 'Proton', domains: ['proton.me'], username: 'jane@proton.me', notes: '' },
    codesFile: 'proton_recovery_codes.txt',
    markUsed: 0,
  },
];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const data = readFileSync(path);
  expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** Lets the page settle: no caret or focus ring in the picture, fonts loaded. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    await document.fonts.ready;
  });
  await page.waitForTimeout(300);
}

describe.skipIf(!hasBrowser('chromium'))('screenshots (docs/screenshots)', () => {
  let session: ChromiumSession;
  const expected = new Map<string, number>();

  beforeAll(async () => {
    session = await launchChromium();
    const setup = await session.openExtensionPage(MANAGER);
    await setup.getByRole('button', { name: 'Create vault' }).waitFor();
    await send(setup, 'vault.create', { passphrase: PASS });
    for (const seed of SEEDS) {
      const account = await send<Account>(setup, 'accounts.add', {
        draft: seed.draft,
        codesText: readFileSync(join(CODES, seed.codesFile), 'utf8'),
      });
      const unused = account.codes.filter((c) => c.state === 'unused');
      const toMark = seed.markUsed >= 0 ? seed.markUsed : unused.length + seed.markUsed;
      for (const code of unused.slice(0, toMark)) {
        await send(setup, 'codes.mark', { accountId: account.id, codeId: code.id, used: true });
      }
      const after = await send<Account>(setup, 'accounts.get', { id: account.id });
      expected.set(seed.draft.domains[0]!, after.codes.filter((c) => c.state === 'unused').length);
    }
    await setup.close();
  });
  afterAll(async () => {
    await session?.close();
  });

  async function openPopup(scheme: 'light' | 'dark'): Promise<Page> {
    const page = await session.openExtensionPage(POPUP);
    await page.setViewportSize({ width: 360, height: 600 });
    await page.emulateMedia({ colorScheme: scheme });
    return page;
  }

  async function expectAllAccounts(page: Page): Promise<void> {
    const list = page.getByRole('list', { name: 'Accounts' });
    for (const [domain, left] of expected) {
      await expect
        .poll(() => list.getByRole('listitem').filter({ hasText: domain }).innerText(), {
          timeout: 20_000,
        })
        .toContain(`${left} left`);
    }
  }

  /** The page's own background colour: the dark theme must actually apply. */
  async function background(page: Page): Promise<string> {
    return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  }

  it('has one account low on codes among the seeded ones', () => {
    expect([...expected.values()].filter((left) => left > 0 && left <= 3)).toHaveLength(1);
  });

  it.each(['light', 'dark'] as const)('popup, %s', async (scheme) => {
    const page = await openPopup(scheme);
    await expectAllAccounts(page);
    // Nothing may overflow the popup's fixed box (it would scroll sideways or clip).
    expect(
      await page.evaluate(() => ({
        w: document.documentElement.scrollWidth,
        h: document.documentElement.scrollHeight,
      })),
    ).toEqual({ w: 360, h: 600 });
    await settle(page);
    const path = await saveScreenshot(page, scheme === 'light' ? 'popup' : 'popup-dark');
    expect(pngSize(path)).toEqual({ width: 360, height: 600 });
    // A blank or nearly blank 360×600 PNG compresses to a few KB.
    expect(statSync(path).size).toBeGreaterThan(15_000);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('manager, %s', async (scheme) => {
    const page = await session.openExtensionPage(MANAGER);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await expectAllAccounts(page);
    // Show an account's detail next to the list, as a user would see it.
    await page
      .getByRole('list', { name: 'Accounts' })
      .getByRole('listitem')
      .filter({ hasText: 'github.com' })
      .getByRole('button')
      .first()
      .click();
    await page.getByRole('list', { name: 'Backup codes' }).waitFor();
    await settle(page);
    const path = await saveScreenshot(page, scheme === 'light' ? 'manager' : 'manager-dark');
    expect(pngSize(path)).toEqual({ width: 1280, height: 800 });
    expect(statSync(path).size).toBeGreaterThan(40_000);
    await page.close();
  });

  it('the dark theme really is different', async () => {
    const light = await openPopup('light');
    const dark = await openPopup('dark');
    await expectAllAccounts(light);
    await expectAllAccounts(dark);
    expect(await background(dark)).not.toBe(await background(light));
    await light.close();
    await dark.close();
    for (const name of ['popup', 'manager']) {
      const a = readFileSync(join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`));
      const b = readFileSync(join(REPO_ROOT, 'docs', 'screenshots', `${name}-dark.png`));
      expect(a.equals(b)).toBe(false);
    }
  });
});
