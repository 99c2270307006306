/**
 * The built recovery page, dist/recover.html (put together by `npm run build` from recovery/ and
 * public/_locales, scripts/recover-page.mjs), in real headless Chromium and Firefox, opened from
 * disk (file://) with every network feature off: choose the backup, type the passphrase, press
 * Decrypt, read the codes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/export';
import { fromBase64, toBase64 } from '../../src/core/bytes';
import type { Account } from '../../src/core/types';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = join(root, 'dist/recover.html');
const pageUrl = pathToFileURL(PAGE).href;
const fixture = join(root, 'test/fixtures/backups/v1-example.json');
const fixtureV2 = join(root, 'test/fixtures/backups/v2-example.json');
const FIXTURE_PASSPHRASE = 'Backstop fixture v1 — ünïcode pässphrase 🔐';
const dir = mkdtempSync(join(tmpdir(), 'backstop-recover-html-'));

let browser: Browser;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(pageUrl);
  return page;
}

async function decrypt(page: Page, file: string, passphrase: string): Promise<void> {
  await page.getByLabel('Backup file').setInputFiles(file);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Decrypt' }).click();
}

/** Each shown code list: its label and items as [code, class, mark]. */
async function shownCodes(page: Page) {
  await page.getByRole('heading', { name: 'Your backup codes' }).waitFor({ timeout: 30_000 });
  return page.locator('ol.codes').evaluateAll((lists) =>
    lists.map((ol) => ({
      label: ol.getAttribute('aria-label'),
      items: [...ol.querySelectorAll('li')].map((li) => [
        li.querySelector('.code')?.textContent,
        li.className,
        li.querySelector('.mark')?.textContent ?? '',
      ]),
    })),
  );
}

describe('dist/recover.html', () => {
  it('is one self-contained file with a strict CSP and no external resources', () => {
    expect(existsSync(PAGE), `${PAGE} is missing: run npm run build`).toBe(true);
    const html = readFileSync(PAGE, 'utf8');
    expect(html).toContain(
      `content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"`,
    );
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["'](?!#)/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write/);
  });

  it('has Web Crypto on file:// (a potentially trustworthy origin)', async () => {
    const page = await openPage();
    expect(
      await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle?.deriveKey]),
    ).toEqual([true, 'function']);
    await page.context().close();
  });

  it('decrypts the frozen fixture and shows codes with used marks', async () => {
    const page = await openPage();
    await decrypt(page, fixture, FIXTURE_PASSPHRASE);
    const lists = await shownCodes(page);
    expect(lists.map((l) => l.label)).toEqual([
      'Backup codes for GitHub — octocat',
      'Earlier codes for GitHub — octocat',
      'Backup codes for Google — zoë.ümlaut@example.org',
      'Backup codes for Яндекс — пользователь',
      'Backup codes for Example 日本 — 山田太郎',
    ]);
    expect(lists[0]!.items).toEqual([
      ['a1b2c-3d4e5', 'used', 'Used 2024-01-01 10:00 UTC on https://github.com'],
      ['f6a7b-8c9d0', 'used', 'Used 2024-02-01 10:00 UTC on https://github.com'],
      [
        'e1f2a-3b4c5',
        'filled',
        'Filled (probably used) 2024-03-01 10:00 UTC on https://github.com',
      ],
      ['d6e7f-8a9b0', 'unused', ''],
      ['c1d2e-3f4a5', 'unused', ''],
    ]);
    expect(lists[1]!.items.map((i) => i[1])).toEqual(['used', 'unused', 'unused']);
    expect(lists[2]!.items[1]).toEqual([
      '2345 6789',
      'used',
      'Used 2024-04-01 10:00 UTC on https://accounts.google.com',
    ]);
    expect(lists[4]!.items.map((i) => i[0])).toEqual(['98765432', '87654321']);
    // used codes are struck through
    const decoration = await page
      .locator('li.used .code')
      .first()
      .evaluate((e) => getComputedStyle(e).textDecorationLine);
    expect(decoration).toBe('line-through');
    expect(await page.locator('#summary').textContent()).toBe(
      'Backup of 2025-06-01T09:30:00.000Z — 4 accounts.',
    );
    expect(await page.getByRole('alert').isVisible()).toBe(false);
    // printable: the form is hidden in print, the codes are not
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form').isVisible()).toBe(false);
    expect(await page.locator('ol.codes').first().isVisible()).toBe(true);
    await page.context().close();
  });

  it('decrypts a fresh export dropped onto the page', async () => {
    const accounts: Account[] = [
      {
        id: 'e'.repeat(32),
        site: '<img src=x onerror=alert(1)>',
        domains: ['fresh.example'],
        username: 'ann',
        notes: '',
        codes: [
          { id: '1'.repeat(32), value: 'qq11 ww22', state: 'unused' },
          {
            id: '2'.repeat(32),
            value: 'ee33 rr44',
            state: 'used',
            changedAt: Date.UTC(2025, 0, 2, 3, 4),
          },
        ],
        archived: [],
        history: [],
        createdAt: 1,
        updatedAt: 1,
      },
    ];
    const json = await exportBackup(accounts, {
      passphrase: 'drag and drop passphrase',
      iterations: 600_000,
      crypto: globalThis.crypto,
      now: () => Date.UTC(2025, 1, 3),
    });
    const page = await openPage();
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'backup.json', { type: 'application/json' }));
      return dt;
    }, json);
    await page.dispatchEvent('form', 'drop', { dataTransfer });
    expect(await page.locator('#file-hint').textContent()).toBe('Dropped: backup.json');
    await page.getByLabel('Passphrase').fill('drag and drop passphrase');
    await page.getByRole('button', { name: 'Decrypt' }).click();
    const lists = await shownCodes(page);
    expect(lists).toEqual([
      {
        label: 'Backup codes for <img src=x onerror=alert(1)> — ann',
        items: [
          ['qq11 ww22', 'unused', ''],
          ['ee33 rr44', 'used', 'Used 2025-01-02 03:04 UTC'],
        ],
      },
    ]);
    // shown as text, never parsed as HTML
    expect(await page.locator('.account img').count()).toBe(0);
    await page.context().close();
  });

  it('shows a wrong passphrase in an alert and no codes', async () => {
    const page = await openPage();
    await decrypt(page, fixture, 'definitely not it');
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toBe('Wrong passphrase for this backup.');
    expect(await page.locator('#result').isVisible()).toBe(false);
    await page.context().close();
  });

  it('shows a damaged backup in an alert', async () => {
    const file = JSON.parse(readFileSync(fixture, 'utf8'));
    const ct = fromBase64(file.records[1].ct)!;
    ct[0]! ^= 0xff;
    file.records[1].ct = toBase64(ct);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, JSON.stringify(file));
    const page = await openPage();
    await decrypt(page, damaged, FIXTURE_PASSPHRASE);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toBe(
      'The backup is damaged: record 2 of 4 could not be decrypted.',
    );
    expect(await page.locator('#result').isVisible()).toBe(false);

    const notBackup = join(dir, 'other.json');
    writeFileSync(notBackup, '{"hello": "world"}');
    await decrypt(page, notBackup, 'x');
    await page.getByText('This file is not a Backstop backup.').waitFor();
    await page.context().close();
  });

  it('reads format version 2, and says a version 1 list of accounts is not protected', async () => {
    const page = await openPage();
    await decrypt(page, fixtureV2, 'Backstop fixture v2 — ünïcode pässphrase 🔐');
    const lists = await shownCodes(page);
    expect(lists.map((l) => l.label)[0]).toBe('Backup codes for GitHub — octocat');
    expect(await page.locator('#note').textContent()).toBe('');
    await decrypt(page, fixture, FIXTURE_PASSPHRASE);
    await page.getByText('This is a format version 1 backup').waitFor({ timeout: 30_000 });
    await page.context().close();
  });

  it('refuses a version 2 backup whose records or date were changed', async () => {
    const page = await openPage();
    const changes: [
      string,
      (f: Record<string, unknown> & { records: unknown[] }) => void,
      string,
    ][] = [
      [
        'removed.json',
        (f) => void f.records.splice(1, 1),
        'accounts were removed, added or replaced.',
      ],
      ['date.json', (f) => void (f.createdAt = '2020-01-01T00:00:00.000Z'), 'its date was edited.'],
      [
        'relabelled.json',
        (f) => void ((f.version = 1), delete f.manifest, f.records.pop()),
        'it was made as format version 2 but now says version 1.',
      ],
    ];
    for (const [name, change, detail] of changes) {
      const file = JSON.parse(readFileSync(fixtureV2, 'utf8'));
      change(file);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(file));
      await decrypt(page, path, 'Backstop fixture v2 — ünïcode pässphrase 🔐');
      const alert = page.getByRole('alert');
      await expect
        .poll(() => alert.textContent(), { timeout: 30_000 })
        .toBe(`This backup was changed after it was made: ${detail}`);
      expect(await page.locator('#result').isVisible()).toBe(false);
    }
    await page.context().close();
  });

  it('made no network request and raised no page errors', () => {
    expect(requests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

const FIREFOX = '/usr/bin/firefox-esr';

describe.skipIf(!existsSync(FIREFOX))('dist/recover.html in Firefox', () => {
  it('decrypts the frozen fixture from file:// too', async () => {
    const firefox = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
    });
    try {
      const page = await firefox.newPage();
      await page.goto(pageUrl);
      const input = await page.$('input[type="file"]');
      await input!.uploadFile(fixture);
      await page.type('#passphrase', FIXTURE_PASSPHRASE);
      await page.click('#decrypt');
      await page.waitForSelector('#result:not([hidden])', { timeout: 60_000 });
      const seen = await page.evaluate(() => ({
        secure: window.isSecureContext,
        used: [...document.querySelectorAll('li.used .code')].map((e) => e.textContent),
        alert: document.querySelector('[role="alert"]')?.textContent,
      }));
      expect(seen).toEqual({
        secure: true,
        used: ['a1b2c-3d4e5', 'f6a7b-8c9d0', '0aaaa-1bbbb', '2345 6789', 'IJKL-MNOP'],
        alert: '',
      });
    } finally {
      await firefox.close();
    }
  });
});
