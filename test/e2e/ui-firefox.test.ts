/**
 * The manager page driven like a person would, in real Firefox (puppeteer-core
 * over WebDriver BiDi) with the built extension (dist/firefox). Every control
 * is found by its accessible name from docs/design.md §5 through Firefox's own
 * accessibility tree (`::-p-aria(...)`); nothing is sent to the background
 * directly.
 *
 * BiDi cannot navigate a tab to `moz-extension://`, so the test drives the
 * manager tab that the extension opens itself on install, which is also the
 * first thing a new user sees.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchFirefox, makeTempDir, type FirefoxSession } from './harness';

const MANAGER = 'src/ui/manager/index.html';
const PASS = 'lantern orbit velvet canyon';
const NEXT_PASS = 'harbor quartz meadow tundra';
const FILE_PASS = 'copper willow signal drift';
const INSTAGRAM_CODES = ['1234 5678', '2345 6789', '3456 7890', '4567 8901', '5678 9012'];
/** Unlock and create run the KDF (hundreds of ms, more on a slow CI machine). */
const KDF_WAIT = 30_000;
/** For UI updates after a message round trip (expect.poll's default is 1 s). */
// Generous: under CI load Firefox can take several seconds to answer a step.
const POLL = { timeout: 30_000 };

/** An accessible-name query; `role` narrows it (a `<label>` has its text as its name in Firefox). */
function aria(name: string, role?: string): string {
  const esc = name.replace(/"/g, '\\"');
  return `::-p-aria([name="${esc}"]${role ? `[role="${role}"]` : ''})`;
}

async function pause(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Waits for the first match of `selector` under `root` by polling `$$`, which
 * asks Firefox's accessibility tree afresh each time (an ARIA query cannot be
 * watched with a DOM mutation observer the way a CSS selector can).
 */
async function waitFor(
  root: Page | ElementHandle,
  selector: string,
  timeoutMs = 30_000,
): Promise<ElementHandle> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [first] = await root.$$(selector);
    if (first) return first;
    if (Date.now() > deadline) throw new Error(`Nothing matches ${selector} after ${timeoutMs} ms`);
    await pause(100);
  }
}

/**
 * The form control whose accessible name is `label`. Firefox exposes both the
 * `<label>` and its control under that name, so the control is picked by tag;
 * a file input is reached only through its `<label>` (Firefox names the inner
 * "Browse…" button, not the input), so a label leads to its `control`.
 */
async function field(
  root: Page | ElementHandle,
  label: string,
  timeoutMs = 30_000,
): Promise<ElementHandle<HTMLInputElement>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const handles = await root.$$(aria(label));
    for (const handle of handles) {
      const isControl = await handle.evaluate((el) =>
        ['input', 'textarea', 'select'].includes(el.localName),
      );
      if (isControl) return handle as ElementHandle<HTMLInputElement>;
    }
    for (const handle of handles) {
      const control = await handle.evaluateHandle((el) =>
        el instanceof HTMLLabelElement ? el.control : null,
      );
      const element = control.asElement();
      if (element) return element as ElementHandle<HTMLInputElement>;
    }
    if (Date.now() > deadline) throw new Error(`No form control labelled "${label}"`);
    await pause(100);
  }
}

/** The one button named exactly `name` (waits for it). */
async function button(
  root: Page | ElementHandle,
  name: string,
  timeoutMs = 30_000,
): Promise<ElementHandle> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await root.$$(aria(name, 'button'));
    if (found.length > 1) throw new Error(`${found.length} buttons named "${name}"`);
    if (found[0]) return found[0];
    if (Date.now() > deadline) throw new Error(`No button named "${name}"`);
    await pause(100);
  }
}

/**
 * Clicks `handle` like a person would, after checking that nothing covers its
 * centre (puppeteer clicks at coordinates and would silently hit whatever
 * lies on top, e.g. a toast).
 */
async function press(handle: ElementHandle): Promise<void> {
  await handle.scrollIntoView();
  const cover = await handle.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top && (top === el || el.contains(top))
      ? null
      : (top?.outerHTML.slice(0, 120) ?? 'nothing');
  });
  if (cover) throw new Error(`Cannot click: covered by ${cover}`);
  await handle.click();
}

async function count(root: Page | ElementHandle, selector: string): Promise<number> {
  return (await root.$$(selector)).length;
}

/** Types `value` into the control labelled `label`, replacing what it held. */
async function fill(page: Page, label: string, value: string): Promise<void> {
  const input = await field(page, label);
  await input.click({ count: 3 });
  await input.evaluate((el) => el.select?.());
  await page.keyboard.press('Backspace');
  await input.type(value);
  expect(await input.evaluate((el) => el.value)).toBe(value);
}

/** Visible text of the item of the "Accounts" list that shows `domain`, or null. */
async function accountText(page: Page, domain: string): Promise<string | null> {
  const list = await page.$(aria('Accounts', 'list'));
  if (!list) return null;
  for (const item of await list.$$('li')) {
    const text = await item.evaluate((el) => (el as HTMLElement).innerText);
    if (text.includes(domain)) return text;
  }
  return null;
}

async function openAccount(page: Page, domain: string): Promise<ElementHandle> {
  const list = await waitFor(page, aria('Accounts', 'list'));
  for (const item of await list.$$('li')) {
    if ((await item.evaluate((el) => (el as HTMLElement).innerText)).includes(domain)) {
      // The item's first button opens the account.
      await press((await item.$('button'))!);
      return waitFor(page, aria('Backup codes', 'list'));
    }
  }
  throw new Error(`No account showing ${domain}`);
}

async function codeItems(page: Page): Promise<ElementHandle[]> {
  const list = await waitFor(page, aria('Backup codes', 'list'));
  return list.$$('li');
}

async function alertText(page: Page): Promise<string> {
  const alerts = await page.$$('::-p-aria([role="alert"])');
  const texts = await Promise.all(alerts.map((a) => a.evaluate((el) => el.textContent ?? '')));
  return texts.join(' | ');
}

describe.skipIf(!hasBrowser('firefox'))('manager page in real Firefox', () => {
  let session: FirefoxSession;
  let page: Page;
  const downloads = makeTempDir('ui-firefox-downloads');
  let backupFile = '';

  beforeAll(async () => {
    session = await launchFirefox({
      prefs: {
        // Save downloads straight into the temp dir, without a dialog.
        'browser.download.dir': downloads.path,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.helperApps.neverAsk.saveToDisk': 'application/json',
        'browser.download.manager.showWhenStarting': false,
        'browser.download.alwaysOpenPanel': false,
      },
    });
    // The extension opens its manager page on install (runtime.onInstalled).
    page = await session.waitForExtensionPage(MANAGER);
    await page.setViewport({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await session?.close();
    downloads.cleanup();
  });

  it('opens the manager on install, showing "Create vault"', async () => {
    expect(await page.evaluate(() => location.href)).toBe(`${session.origin}/${MANAGER}`);
    await button(page, 'Create vault', 20_000);
    expect(await count(page, aria('Unlock', 'button'))).toBe(0);
  });

  it('creates a vault from the first-run screen', async () => {
    await fill(page, 'Master passphrase', PASS);
    await fill(page, 'Confirm passphrase', PASS);
    await press(await button(page, 'Create vault'));
    await button(page, 'Add account', KDF_WAIT);
    await button(page, 'Lock');
    expect(await count(page, aria('Create vault', 'button'))).toBe(0);
  });

  it('locks, refuses a wrong passphrase with an alert, and unlocks', async () => {
    await press(await button(page, 'Lock'));
    await button(page, 'Unlock');
    expect(await count(page, aria('Add account', 'button'))).toBe(0);

    await fill(page, 'Master passphrase', 'definitely not the passphrase');
    await press(await button(page, 'Unlock'));
    await expect.poll(() => alertText(page), { timeout: KDF_WAIT }).toContain('Wrong passphrase');
    expect(await count(page, aria('Add account', 'button'))).toBe(0);

    await fill(page, 'Master passphrase', PASS);
    await press(await button(page, 'Unlock'));
    await button(page, 'Add account', KDF_WAIT);
  });

  it('adds an Instagram account by pasting five codes: "5 left"', async () => {
    await press(await button(page, 'Add account'));
    await fill(page, 'Website', 'instagram.com');
    await fill(page, 'Username', 'zoe.firefox');
    await fill(page, 'Backup codes', INSTAGRAM_CODES.join('\n'));
    await press(await button(page, 'Save'));
    await expect.poll(() => accountText(page, 'instagram.com'), POLL).toContain('5 left');
  });

  it('shows the codes and marks one used: "4 left"', async () => {
    await openAccount(page, 'instagram.com');
    const listText = async () =>
      (await page.$eval(aria('Backup codes', 'list'), (el) => (el as HTMLElement).innerText)) ?? '';
    // Codes are masked until asked for.
    expect(await listText()).not.toContain(INSTAGRAM_CODES[0]);
    await press(await button(page, 'Show codes'));
    await expect.poll(listText, POLL).toContain(INSTAGRAM_CODES[0]);
    await button(page, 'Hide codes');

    const first = (await codeItems(page))[0]!;
    await press(await button(first, 'Mark used'));
    await expect.poll(() => count(first, aria('Mark unused', 'button')), POLL).toBe(1);
    expect(await first.evaluate((el) => (el as HTMLElement).innerText)).toContain('Used');
    await expect.poll(() => accountText(page, 'instagram.com'), POLL).toContain('4 left');
  });

  // Issue 8: a paste never loses or bends a code. What is stored is checked by
  // opening the account and reading its codes.
  it.each([
    ['x.com', 'oeknqqofqqqg'],
    ['example.org', 'abcd efgh ijkl mnop qrst uvwx yz12 3456'],
  ])('stores the code pasted for %s exactly: %s', async (website, code) => {
    await press(await button(page, 'Add account'));
    await fill(page, 'Website', website);
    await fill(page, 'Backup codes', code);
    const preview = async () =>
      page.$$eval(`${aria('Codes found', 'list')} li`, (lis) =>
        lis.map((li) => (li as HTMLElement).innerText),
      );
    await expect.poll(preview, POLL).toEqual([code]);
    await press(await button(page, 'Save'));
    await expect.poll(() => accountText(page, website), POLL).toContain('1 left');
    await openAccount(page, website);
    await press(await button(page, 'Show codes'));
    const shown = async () =>
      page.$$eval(`${aria('Backup codes', 'list')} li code`, (els) =>
        els.map((el) => (el as HTMLElement).innerText),
      );
    await expect.poll(shown, POLL).toEqual([code]);
  });

  it('exports an encrypted backup as a downloaded file', async () => {
    await fill(page, 'File passphrase', FILE_PASS);
    await fill(page, 'Repeat file passphrase', FILE_PASS);
    await press(await button(page, 'Export encrypted backup'));

    // Firefox may create `<name>.json` empty, write `<name>.json.part` and
    // then move it over the first: the download is done when no `.part` is
    // left and the one `.json` parses. The path is taken from that same look.
    const finished = (): string | null => {
      const names = readdirSync(downloads.path);
      const json = names.filter((f) => f.endsWith('.json'));
      if (names.some((f) => f.endsWith('.part')) || json.length !== 1) return null;
      const path = join(downloads.path, json[0]!);
      try {
        return typeof JSON.parse(readFileSync(path, 'utf8')) === 'object' ? path : null;
      } catch {
        return null;
      }
    };
    await expect
      .poll(() => {
        backupFile = finished() ?? '';
        return backupFile;
      }, POLL)
      .not.toBe('');
    const text = readFileSync(backupFile, 'utf8');
    // Encrypted: nothing the user typed appears in the file.
    for (const secret of ['instagram', 'zoe.firefox', INSTAGRAM_CODES[1]!, '23456789']) {
      expect(text).not.toContain(secret);
    }
  });

  it('deletes the vault after DELETE and the master passphrase, then creates a new one', async () => {
    expect(backupFile).not.toBe('');
    const del = await button(page, 'Delete vault');
    expect(await del.evaluate((el) => (el as HTMLButtonElement).disabled)).toBe(true);
    await fill(page, 'Type DELETE to confirm', 'DELETE');
    await fill(page, 'Vault passphrase', PASS);
    await press(await button(page, 'Delete vault'));

    await button(page, 'Create vault', 20_000);
    await fill(page, 'Master passphrase', NEXT_PASS);
    await fill(page, 'Confirm passphrase', NEXT_PASS);
    await press(await button(page, 'Create vault'));
    await button(page, 'Add account', KDF_WAIT);
    expect(await accountText(page, 'instagram.com')).toBeNull();
  });

  it('imports the backup: the account is back with "4 left" and its used mark', async () => {
    const file = await field(page, 'Backup file');
    await file.uploadFile(backupFile);
    await fill(page, 'Backup passphrase', FILE_PASS);
    await press(await button(page, 'Import backup'));
    await press(await button(page, 'Confirm import', KDF_WAIT));

    await expect
      .poll(() => accountText(page, 'instagram.com'), { timeout: 20_000 })
      .toContain('4 left');
    await openAccount(page, 'instagram.com');
    const items = await codeItems(page);
    expect(items).toHaveLength(5);
    const first = items[0]!;
    await expect.poll(() => count(first, aria('Mark unused', 'button')), POLL).toBe(1);
    expect(await first.evaluate((el) => (el as HTMLElement).innerText)).toContain('Used');
    for (const item of items.slice(1)) {
      expect(await count(item, aria('Mark used', 'button'))).toBe(1);
    }
  });

  it('a wrong file passphrase on import is refused with an alert', async () => {
    // Kept last: it must leave the restored vault untouched.
    const wrong = join(downloads.path, 'copy.json');
    if (!existsSync(wrong)) writeFileSync(wrong, readFileSync(backupFile));
    await (await field(page, 'Backup file')).uploadFile(wrong);
    await fill(page, 'Backup passphrase', 'not the file passphrase');
    await press(await button(page, 'Import backup'));
    await expect.poll(() => alertText(page), { timeout: KDF_WAIT }).toContain('Wrong passphrase');
    expect(await count(page, aria('Confirm import', 'button'))).toBe(0);
    expect(await accountText(page, 'instagram.com')).toContain('4 left');
  });
});
