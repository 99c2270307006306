/**
 * Autofill end to end in headless Firefox (puppeteer-core over WebDriver
 * BiDi) with the built extension (dist/firefox). The fixture server is
 * Firefox's proxy, so real host names over https work here too.
 *
 * Firefox has no CDP to look into closed shadow roots. The test finds the
 * inline button the way a page would see it: `elementFromPoint` inside the
 * field's right edge returns Backstop's host element (the root stays closed),
 * and a BiDi mouse click there is a trusted click.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/core/types';
import { hasBrowser, REPO_ROOT } from './harness/env';
import { launchFirefox, type FirefoxSession } from './harness/firefox';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';
import { MIN_VISIBLE_MS } from '../../src/content/visibility';

const RUN = hasBrowser('firefox');
const PASSPHRASE = 'correct horse battery staple 42';

describe.skipIf(!RUN)('autofill in Firefox (built extension)', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let manager: Page;
  let githubId = '';

  async function bg<T>(name: string, payload?: unknown): Promise<T> {
    const res = (await manager.evaluate(
      (n, p) =>
        (
          globalThis as unknown as {
            browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).browser.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
      name,
      payload ?? null,
    )) as { ok: boolean; value?: T; error?: unknown };
    if (!res?.ok) throw new Error(`${name} failed: ${JSON.stringify(res)}`);
    return res.value as T;
  }
  const account = (id: string) => bg<Account>('accounts.get', { id });

  async function waitFor<T>(
    read: () => Promise<T>,
    ok: (v: T) => boolean,
    what: string,
    ms = 10_000,
  ) {
    const deadline = Date.now() + ms;
    let last: T | undefined;
    while (Date.now() < deadline) {
      last = await read();
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
  }

  /** Where Backstop's host sits inside the field's right edge, as the page sees it. */
  async function inlineButtonPoint(page: Page, selector: string) {
    return page.evaluate((sel) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      const x = r.right - 12;
      const y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      // Our host is a direct child of <html>; its closed shadow root is invisible from here.
      const isHost =
        !!hit && hit.parentElement === document.documentElement && hit.localName === 'div';
      return isHost && hit.shadowRoot === null ? { x, y } : null;
    }, selector);
  }

  beforeAll(async () => {
    server = await startFixtureServer({
      routes: { 'github.com/sessions/two-factor/recovery': 'github-recovery.html' },
    });
    session = await launchFirefox({ fixtures: server });
    // The extension opens its manager page on install.
    manager = await session.waitForExtensionPage('src/ui/manager/index.html');
    await bg('vault.create', { passphrase: PASSPHRASE });
    githubId = (
      await bg<Account>('accounts.add', {
        draft: { site: 'GitHub', domains: ['github.com'], username: 'jane', notes: '' },
        codesText: readFileSync(
          join(REPO_ROOT, 'test/fixtures/codes/github-recovery-codes.txt'),
          'utf8',
        ),
      })
    ).id;
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('fills the first GitHub code from a trusted click on the inline button and marks it used on submit', async () => {
    const codes = (await account(githubId)).codes;
    const page = await session.browser.newPage();
    await page.goto('https://github.com/sessions/two-factor/recovery');
    expect(await inlineButtonPoint(page, '#recovery_code')).toBeNull(); // not before a click

    await page.click('#recovery_code');
    const point = await waitFor(
      () => inlineButtonPoint(page, '#recovery_code'),
      (p) => p !== null,
      'the inline button',
    );
    // A click counts once the button has been visible for MIN_VISIBLE_MS (src/content/visibility.ts).
    await new Promise((r) => setTimeout(r, MIN_VISIBLE_MS + 300));
    await page.mouse.click(point!.x, point!.y);
    const value = await waitFor(
      () => page.$eval('#recovery_code', (el) => (el as HTMLInputElement).value),
      (v) => v !== '',
      'the filled value',
    );
    expect(value).toBe(codes[0]!.value);
    await waitFor(
      () => account(githubId),
      (a) => a.codes[0]!.state === 'filled',
      'state filled',
    );

    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const post = server.requests.find((r) => r.method === 'POST' && r.host === 'github.com');
    expect(new URLSearchParams(post?.body).get('recovery_code')).toBe(codes[0]!.value);
    const after = await waitFor(
      () => account(githubId),
      (a) => a.codes[0]!.state === 'used',
      'state used',
    );
    expect(after.codes[0]!.origin).toBe('https://github.com');
    expect(after.codes.slice(1).every((c) => c.state === 'unused')).toBe(true);
    await page.close();
  });
});
