/**
 * The main flow — create the vault, add an account, fill a code on the site, mark one used — with
 * the browser itself in German and in Arabic, in Chromium and Firefox with the built extension
 * (docs/i18n.md). Nothing is set in Backstop: it follows the browser's language. Every control is
 * found by its name in that language, from the same `public/_locales` the build ships.
 *
 * Chromium takes its language from the environment (the harness sets it; Debian's chromium-l10n
 * must be installed), Firefox from `intl.locale.requested` with a language pack installed
 * (firefox-esr-l10n-de/-ar). Without them these tests skip on a developer machine and fail in CI.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { ElementHandle, Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_VISIBLE_MS } from '../../src/content/visibility';
import type { Account } from '../../src/core/types';
import {
  clickInClosedShadow,
  hasBrowser,
  hasBrowserLanguage,
  launchChromium,
  launchFirefox,
  messagesFor,
  sendFromPage,
  startFixtureServer,
  waitForClosedShadow,
  type ChromiumSession,
  type FirefoxSession,
  type FixtureServer,
  type Messages,
} from './harness';

const require = createRequire(import.meta.url);
const MANAGER = 'src/ui/manager/index.html';
const PASS = 'lantern orbit velvet canyon';
const RECOVERY = 'https://github.com/sessions/two-factor/recovery';
const CODES = ['a1b2c-d3e4f', '0f9e8-d7c6b', '11111-22222'];
const ROUTES = {
  'github.com/sessions/two-factor/recovery': 'github-recovery.html',
  'acme-backup.org/login/backup': 'e2e/backup-code-rtl.html',
};
const LANGUAGES = [
  { locale: 'de', tag: 'de' },
  { locale: 'ar', tag: 'ar' },
] as const;

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
}
/** Past the clickjacking guard: a click counts once the button was in view MIN_VISIBLE_MS. */
const visibleLongEnough = () => new Promise((r) => setTimeout(r, MIN_VISIBLE_MS + 300));
const AXE = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const serious = (r: AxeResult) =>
  r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out: ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(LANGUAGES)('Chromium in $locale', ({ locale, tag }) => {
  const run = hasBrowser('chromium') && hasBrowserLanguage('chromium', tag);
  const t: Messages = messagesFor(locale);
  let server: FixtureServer;
  let session: ChromiumSession;
  let manager: Page;

  const item = (domain: string) =>
    manager
      .getByRole('list', { name: t.m('accounts') })
      .getByRole('listitem')
      .filter({ hasText: domain });

  beforeAll(async () => {
    if (!run) return;
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchChromium({ locale: tag, fixtures: server });
    manager = await session.openExtensionPage(MANAGER);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it.runIf(run)('the manager follows the browser: its language, its direction', async () => {
    await manager.getByRole('button', { name: t.m('createVault') }).waitFor();
    expect(
      await manager.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
    ).toEqual([t.tag, t.dir]);
    expect(await manager.title()).toBe(t.m('extName'));
  });

  it.runIf(run)('creates the vault and adds an account', async () => {
    await manager.getByLabel(t.m('masterPassphrase'), { exact: true }).fill(PASS);
    await manager.getByLabel(t.m('confirmPassphrase'), { exact: true }).fill(PASS);
    await manager.getByRole('button', { name: t.m('createVault') }).click();
    await manager.getByRole('button', { name: t.m('addAccount') }).waitFor({ timeout: 30_000 });
    await manager.getByRole('button', { name: t.m('addAccount') }).click();
    await manager.getByLabel(t.m('website'), { exact: true }).fill('github.com');
    await manager.getByLabel(t.m('username'), { exact: true }).fill('jane');
    await manager.getByLabel(t.m('backupCodes'), { exact: true }).fill(CODES.join('\n'));
    await expect
      .poll(() => manager.locator('.codes-preview').innerText())
      .toContain(t.m('codesFound', 3));
    await manager.getByRole('button', { name: t.m('save'), exact: true }).click();
    await expect.poll(() => item('github.com').innerText()).toContain(t.m('nLeft', 3));
  });

  it.runIf(run)('fills a code on the site from the inline button, in the language', async () => {
    const page = await session.context.newPage();
    await page.goto(RECOVERY);
    // Into the field at its start: our button sits inside its inline end, and a longer label
    // (Arabic's, say) reaches past the middle, where a plain click() would land.
    await page.locator('#recovery_code').click({ position: { x: 8, y: 8 } });
    const name = t.m('contentFillButton');
    await waitForClosedShadow(page, { role: 'button', name });
    await visibleLongEnough();
    await clickInClosedShadow(page, { role: 'button', name });
    await expect.poll(() => page.locator('#recovery_code').inputValue()).toBe(CODES[0]);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.endsWith('/recovery'));
    await page.close();
    await manager.reload();
    await expect.poll(() => item('github.com').innerText()).toContain(t.m('nLeft', 2));
  });

  it.runIf(run)('marks a code used by hand', async () => {
    await item('github.com').getByRole('button').first().click();
    const codes = manager.getByRole('list', { name: t.m('backupCodes') });
    await codes.waitFor();
    const unused = codes
      .getByRole('listitem')
      .filter({ has: manager.getByRole('button', { name: t.m('markUsed'), exact: true }) });
    await unused
      .first()
      .getByRole('button', { name: t.m('markUsed'), exact: true })
      .click();
    await expect.poll(() => item('github.com').innerText()).toContain(t.m('nLeft', 1));
    const used = await sendFromPage<{ accounts: { left: number }[] }>(manager, 'accounts.list');
    expect(used.accounts[0]!.left).toBe(1);
  });

  it.runIf(run)('axe-core finds no serious issue', async () => {
    await manager.evaluate(AXE());
    const result = (await manager.evaluate(() =>
      (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
    )) as AxeResult;
    expect(serious(result)).toEqual([]);
  });

  it.runIf(run)(
    'on a right-to-left site the inline button sits at the field’s left end',
    async () => {
      await sendFromPage(manager, 'accounts.add', {
        draft: { site: 'Acme', domains: ['acme-backup.org'], username: 'ali', notes: '' },
        codesText: '12345678\n23456789',
      });
      const page = await session.context.newPage();
      await page.goto('https://acme-backup.org/login/backup');
      await page.locator('#backup_code').click();
      const button = await waitForClosedShadow(page, {
        role: 'button',
        name: t.m('contentFillButton'),
      });
      const field = (await page.locator('#backup_code').boundingBox())!;
      expect(button.center.x).toBeLessThan(field.x + field.width / 2);
      expect(button.center.x).toBeGreaterThan(field.x);
      await page.close();
    },
  );
});

// ------------------------------------------------------------------- Firefox

/** An accessible-name query through Firefox's own accessibility tree. */
const aria = (name: string, role?: string) =>
  `::-p-aria([name="${name.replace(/"/g, '\\"')}"]${role ? `[role="${role}"]` : ''})`;

async function one(page: FirefoxPage, selector: string): Promise<ElementHandle> {
  return until(
    async () => (await page.$$(selector))[0] ?? null,
    (h) => h !== null,
    selector,
  ) as Promise<ElementHandle>;
}

/** The form control named `label` (Firefox names both the label and its control). */
async function control(page: FirefoxPage, label: string): Promise<ElementHandle<HTMLInputElement>> {
  return until(
    async () => {
      for (const h of await page.$$(aria(label))) {
        if (await h.evaluate((el) => ['input', 'textarea', 'select'].includes(el.localName)))
          return h as ElementHandle<HTMLInputElement>;
      }
      return null;
    },
    (h) => h !== null,
    `control ${label}`,
  ) as Promise<ElementHandle<HTMLInputElement>>;
}

async function type(page: FirefoxPage, label: string, text: string): Promise<void> {
  const input = await control(page, label);
  await input.click();
  await input.type(text);
}

async function listText(page: FirefoxPage, t: Messages): Promise<string> {
  const list = await page.$(aria(t.m('accounts'), 'list'));
  return list ? list.evaluate((el) => (el as HTMLElement).innerText) : '';
}

describe.each(LANGUAGES)('Firefox in $locale', ({ locale, tag }) => {
  const run = hasBrowser('firefox') && hasBrowserLanguage('firefox', tag);
  const t: Messages = messagesFor(locale);
  let server: FixtureServer;
  let session: FirefoxSession;
  let manager: FirefoxPage;

  beforeAll(async () => {
    if (!run) return;
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchFirefox({
      fixtures: server,
      prefs: { 'intl.locale.requested': tag },
    });
    manager = await session.waitForExtensionPage(MANAGER);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it.runIf(run)('the manager follows the browser: its language, its direction', async () => {
    await one(manager, aria(t.m('createVault'), 'button'));
    expect(
      await manager.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
    ).toEqual([t.tag, t.dir]);
  });

  it.runIf(run)('creates the vault and adds an account', async () => {
    await type(manager, t.m('masterPassphrase'), PASS);
    await type(manager, t.m('confirmPassphrase'), PASS);
    await (await one(manager, aria(t.m('createVault'), 'button'))).click();
    await (await one(manager, aria(t.m('addAccount'), 'button'))).click();
    await type(manager, t.m('website'), 'github.com');
    await type(manager, t.m('username'), 'jane');
    await type(manager, t.m('backupCodes'), CODES.join('\n'));
    await (await one(manager, aria(t.m('save'), 'button'))).click();
    await until(
      () => listText(manager, t),
      (s) => s.includes('github.com') && s.includes(t.m('nLeft', 3)),
      `"${t.m('nLeft', 3)}" in the list`,
    );
  });

  it.runIf(run)('fills a code on the site from the inline button', async () => {
    const page = await session.browser.newPage();
    await page.goto(RECOVERY);
    await page.click('#recovery_code');
    // The button sits inside the field's inline end; the page sees only our closed host there.
    const point = await until(
      () =>
        page.evaluate(() => {
          const field = document.querySelector('#recovery_code')!;
          const r = field.getBoundingClientRect();
          const rtl = getComputedStyle(field).direction === 'rtl';
          const x = rtl ? r.left + 12 : r.right - 12;
          const y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          return hit?.parentElement === document.documentElement && hit.shadowRoot === null
            ? { x, y }
            : null;
        }),
      (p) => p !== null,
      'the inline button',
    );
    await visibleLongEnough();
    await page.mouse.click(point!.x, point!.y);
    await until(
      () => page.$eval('#recovery_code', (el) => (el as HTMLInputElement).value),
      (v) => v === CODES[0],
      'the filled code',
    );
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.close();
    // BiDi does not see a moz-extension page's own navigation finish: reload from inside.
    await manager.evaluate(() => location.reload());
    await until(
      () => listText(manager, t),
      (s) => s.includes(t.m('nLeft', 2)),
      `"${t.m('nLeft', 2)}" after the fill`,
    );
  });

  it.runIf(run)('marks a code used by hand', async () => {
    const list = await one(manager, aria(t.m('accounts'), 'list'));
    await (await list.$('button'))!.click();
    await one(manager, aria(t.m('backupCodes'), 'list'));
    const [mark] = await manager.$$(aria(t.m('markUsed'), 'button'));
    await mark!.click();
    await until(
      () => listText(manager, t),
      (s) => s.includes(t.m('nLeft', 1)),
      `"${t.m('nLeft', 1)}" after marking`,
    );
    const accounts = await sendFromPage<{ accounts: Pick<Account, 'id'>[] & { left: number }[] }>(
      manager,
      'accounts.list',
    );
    expect(accounts.accounts[0]!.left).toBe(1);
  });

  it.runIf(run)('axe-core finds no serious issue', async () => {
    await manager.evaluate(AXE());
    const result = (await manager.evaluate(() =>
      (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
    )) as AxeResult;
    expect(serious(result)).toEqual([]);
  });
});
