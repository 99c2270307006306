/**
 * Two Google accounts in one vault, end to end with the built extension in
 * Chromium and Firefox (docs/design.md §4 "Several accounts on one site"):
 * a page that shows bob@example.com gets Bob's code with no menu; a page that
 * shows no account opens Backstop's menu named by both usernames, and the
 * chosen account's code is filled and marked used on submit. Chromium clicks
 * the menu's items through the accessibility tree (role and name exactly);
 * Firefox, which has no CDP, chooses with the keyboard, as a person would.
 */
import type { Page as ChromiumPage, Worker } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/core/types';
import { backstopButtons } from './autofill/cdp';
import { hasBrowser } from './harness/env';
import { sendFromPage } from './harness/protocol';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';
import { clickInClosedShadow, findInClosedShadow } from './harness/shadow';
import { MIN_VISIBLE_MS } from '../../src/content/visibility';

/** A click on Backstop's button or menu counts once it has been visible this long. */
const visible = () => new Promise((r) => setTimeout(r, MIN_VISIBLE_MS + 300));

const PASSPHRASE = 'correct horse battery staple 42';
/** The same backup-code step, without and with the account chip. */
const NO_ACCOUNT = 'https://accounts.google.com/v3/signin/challenge/bc';
const SHOWS_BOB = 'https://accounts.google.com/v3/signin/challenge/bc-account';
const ROUTES = {
  'accounts.google.com/v3/signin/challenge/bc': 'google-backup-code.html',
  'accounts.google.com/v3/signin/challenge/bc-account': 'e2e/google-backup-code-account.html',
};
const FIELD = '#backupCodePin';
const ALICE = 'alice@gmail.com';
const BOB = 'bob@example.com';
// Google's shape: eight digits, shown in two groups of four.
const codesOf = (first: number) =>
  Array.from({ length: 10 }, (_, i) => `${first + i}${first + i}`.slice(0, 8))
    .map((c) => `${c.slice(0, 4)} ${c.slice(4)}`)
    .join('\n');
const ALICE_CODES = codesOf(1000);
const BOB_CODES = codesOf(5000);
const digits = (code: string) => code.replace(/\D/g, '');

type Bg = <T>(name: string, payload?: unknown) => Promise<T>;

/** Creates the vault with Alice's and Bob's Google accounts; answers their ids. */
async function twoGoogleAccounts(bg: Bg) {
  await bg('vault.create', { passphrase: PASSPHRASE });
  const add = async (username: string, codesText: string) =>
    (
      await bg<Account>('accounts.add', {
        draft: { site: 'Google', domains: ['google.com'], username, notes: '' },
        codesText,
      })
    ).id;
  return { alice: await add(ALICE, ALICE_CODES), bob: await add(BOB, BOB_CODES) };
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

describe.skipIf(!hasBrowser('chromium'))('two accounts on one site in Chromium', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let manager: ChromiumPage;
  let ids = { alice: '', bob: '' };

  const bg: Bg = (name, payload) => sendFromPage(manager, name, payload);
  const codes = async (id: string) => (await bg<Account>('accounts.get', { id })).codes;
  const states = async (id: string) => (await codes(id)).map((c) => c.state);

  async function open(url: string) {
    for (const p of session.context.pages()) if (p !== manager) await p.close();
    const page = await session.context.newPage();
    await page.goto(url);
    await page.click(FIELD);
    return page;
  }
  const filledValue = (page: ChromiumPage) =>
    page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLInputElement).value !== '',
      FIELD,
    );

  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchChromium({ fixtures: server });
    manager = await session.openExtensionPage('src/ui/manager/index.html');
    ids = await twoGoogleAccounts(bg);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('a page that shows bob@example.com gets Bob’s code, with no menu', async () => {
    const page = await open(SHOWS_BOB);
    await visible(); // the clickjacking guard's minimum time (src/content/visibility.ts)
    await clickInClosedShadow(page, { role: 'button', name: 'Fill backup code' });
    await filledValue(page);
    expect(await page.inputValue(FIELD)).toBe(digits((await codes(ids.bob))[0]!.value));
    expect(await states(ids.bob)).toEqual(['filled', ...Array(9).fill('unused')]);
    expect((await states(ids.alice)).every((s) => s === 'unused')).toBe(true);
    expect(await backstopButtons(page, ALICE)).toEqual([]);
    expect(await backstopButtons(page, BOB)).toEqual([]);
  });

  it('a page that shows no account: a menu named by both usernames; the choice is filled and marked used', async () => {
    const page = await open(NO_ACCOUNT);
    await visible(); // the clickjacking guard's minimum time (src/content/visibility.ts)
    await clickInClosedShadow(page, { role: 'button', name: 'Fill backup code' });
    // Both items, by role and accessible name exactly, inside the closed root.
    expect(await findInClosedShadow(page, { role: 'menuitem', name: ALICE })).not.toBeNull();
    expect(await findInClosedShadow(page, { role: 'menuitem', name: BOB })).not.toBeNull();
    const items = [...(await backstopButtons(page, ALICE)), ...(await backstopButtons(page, BOB))];
    expect(items.map((i) => i.closed)).toEqual([true, true]);
    // The page sees none of it, and nothing was claimed before the choice.
    expect(await page.evaluate(() => document.documentElement.outerHTML.includes('alice'))).toBe(
      false,
    );
    expect(await page.inputValue(FIELD)).toBe('');
    expect((await states(ids.alice)).every((s) => s === 'unused')).toBe(true);

    await visible();
    await clickInClosedShadow(page, { role: 'menuitem', name: ALICE });
    await filledValue(page);
    const alice = (await codes(ids.alice))[0]!;
    expect(await page.inputValue(FIELD)).toBe(digits(alice.value));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('backupCodePin');
    expect(await backstopButtons(page, BOB)).toEqual([]); // the menu closed

    await Promise.all([page.waitForEvent('load'), page.click('button[type=submit]')]);
    // Chromium posts to Google's own hosts too: the form's request is the one to its action.
    const post = server.requests.find(
      (r) => r.method === 'POST' && r.path === '/v3/signin/challenge/bc',
    );
    expect(new URLSearchParams(post?.body).get('backupCodePin')).toBe(digits(alice.value));
    await waitFor(
      () => states(ids.alice),
      (s) => s[0] === 'used',
      'Alice’s code used',
    );
    // Bob's first code went with the page of the test above; none of his others moved.
    expect((await states(ids.bob)).slice(1)).toEqual(Array(9).fill('unused'));
  });

  it('the keyboard command opens the same menu; arrows and Enter choose', async () => {
    const page = await open(NO_ACCOUNT);
    const worker: Worker = await session.serviceWorker();
    // What the command `fill-backup-code` does: ask the tab's content script to fill.
    const answer = await worker.evaluate(async () => {
      const c = (
        globalThis as unknown as {
          chrome: {
            tabs: {
              query(q: object): Promise<{ id?: number }[]>;
              sendMessage(id: number, m: unknown, o: object): Promise<unknown>;
            };
          };
        }
      ).chrome;
      const out: unknown[] = [];
      // The test closed every other web tab; the manager page has no content script.
      for (const tab of await c.tabs.query({})) {
        out.push(
          await c.tabs
            .sendMessage(
              tab.id!,
              { backstop: 1, name: 'content.fill', payload: {} },
              { frameId: 0 },
            )
            .catch(() => null),
        );
      }
      return out.filter(Boolean);
    });
    expect(answer).toEqual([{ filled: false, choosing: true }]);
    // The focus is on the first item: one step down is Bob.
    await page.keyboard.press('ArrowDown');
    await visible();
    await page.keyboard.press('Enter');
    await filledValue(page);
    expect(await page.inputValue(FIELD)).toBe(digits((await codes(ids.bob))[1]!.value));
  });
});

describe.skipIf(!hasBrowser('firefox'))('two accounts on one site in Firefox', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let manager: FirefoxPage;
  let ids = { alice: '', bob: '' };

  const bg: Bg = (name, payload) => sendFromPage(manager, name, payload);
  const codes = async (id: string) => (await bg<Account>('accounts.get', { id })).codes;
  const states = async (id: string) => (await codes(id)).map((c) => c.state);
  const value = (page: FirefoxPage) => page.$eval(FIELD, (el) => (el as HTMLInputElement).value);

  /** Opens `url`, focuses the field and clicks Backstop's inline button (found as the page sees it). */
  async function openAndPressFill(url: string) {
    const page = await session.browser.newPage();
    await page.goto(url);
    await page.click(FIELD);
    const point = await waitFor(
      () =>
        page.evaluate((sel) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          const x = r.right - 12;
          const y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          // Our host is a direct child of <html>; its closed root is invisible from here.
          const isHost = hit?.parentElement === document.documentElement && !hit.shadowRoot;
          return isHost ? { x, y } : null;
        }, FIELD),
      (p) => p !== null,
      'the inline button',
    );
    await visible();
    await page.mouse.click(point!.x, point!.y);
    return page;
  }

  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchFirefox({ fixtures: server });
    manager = await session.waitForExtensionPage('src/ui/manager/index.html');
    ids = await twoGoogleAccounts(bg);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('a page that shows bob@example.com gets Bob’s code, with no menu', async () => {
    const page = await openAndPressFill(SHOWS_BOB);
    const filled = await waitFor(
      () => value(page),
      (v) => v !== '',
      'the filled value',
    );
    expect(filled).toBe(digits((await codes(ids.bob))[0]!.value));
    expect((await states(ids.alice)).every((s) => s === 'unused')).toBe(true);
    // No menu took the focus: it stayed in the field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('backupCodePin');
    await page.close();
  });

  it('a page that shows no account: the menu; the keyboard chooses; marked used on submit', async () => {
    const page = await openAndPressFill(NO_ACCOUNT);
    // The menu took the focus (into Backstop's host); nothing is filled or claimed yet.
    await waitFor(
      () => page.evaluate(() => document.activeElement?.parentElement === document.documentElement),
      (v) => v,
      'the menu to take the focus',
    );
    expect(await value(page)).toBe('');
    expect(await page.evaluate((n) => document.documentElement.outerHTML.includes(n), BOB)).toBe(
      false,
    );
    // First item Alice; one step down is Bob.
    await page.keyboard.press('ArrowDown');
    await visible();
    await page.keyboard.press('Enter');
    const filled = await waitFor(
      () => value(page),
      (v) => v !== '',
      'the filled value',
    );
    const bob = await codes(ids.bob);
    expect(filled).toBe(digits(bob[1]!.value));
    expect((await states(ids.alice)).every((s) => s === 'unused')).toBe(true);

    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await waitFor(
      () => states(ids.bob),
      (s) => s[1] === 'used',
      'Bob’s second code used',
    );
    await page.close();
  });
});
