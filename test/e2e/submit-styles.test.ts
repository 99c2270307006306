/**
 * When does a filled code become "used"? Every way a backup-code step is sent
 * (a form submit, Enter, a scripted `type="button"` posting with fetch or
 * XHR, a button outside the form) × every way the page goes on (a
 * single-page navigation, a full navigation, the app replacing the form with
 * its next view at the same URL, the tab closed 0.4 s or 3 s later) ends
 * "used"; a page that stays and shows an error (its field kept, or drawn
 * again) leaves the code "filled" with Undo offered. In Chromium and in Firefox, with the built
 * extension (issue 13: Firefox left a closed tab's code "filled", because a
 * closing tab's last message arrives without `sender.tab`; see
 * docs/architecture.md, _Submit_). The page: test/fixtures/pages/e2e/submit-styles.html.
 */
import { describe, expect, it } from 'vitest';
import { BROWSERS, useAutofill } from './autofill/driver';
import { hasBrowser } from './harness/env';

const STYLES = ['form', 'enter', 'fetch', 'xhr', 'outside'] as const;

const OUTCOMES = [
  { name: 'a single-page navigation', then: 'spa', used: true },
  { name: 'a full navigation', then: 'nav', used: true },
  { name: 'the tab closed 0.4 s later', then: 'none', closeAfterMs: 400, used: true },
  { name: 'the tab closed 3 s later', then: 'none', closeAfterMs: 3000, used: true },
  { name: 'the app swapping its view at the same URL', then: 'swap', used: true },
  { name: 'the page staying with an error', then: 'stay', used: false },
  { name: 'the form drawn again with an error', then: 'rerender', used: false },
] as const;

const PAGE = 'https://login.example.com/verify/backup';
const VERIFY = '/login/backup/verify';
const STAYED = 'Filled, not marked as used: the page did not go on. · Undo';

/** One code per case and browser, and some to spare. */
const CODES = Array.from({ length: 40 }, (_, i) => ({
  value: String(31_415_926 + i * 271_828),
  used: false,
}));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const name of BROWSERS) {
  describe.skipIf(!hasBrowser(name))(`submit styles in ${name} (built extension)`, () => {
    const { ids, browser, account } = useAutofill(name, {
      routes: {
        'login.example.com/verify/backup': 'e2e/submit-styles.html',
        'login.example.com/home': {
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!doctype html><title>Home</title><h1>Welcome back</h1>',
        },
        '*/favicon.ico': { status: 204 },
      },
      accounts: { example: { site: 'Example', domains: ['example.com'], codes: CODES } },
    });

    /** Waits until the code `id` is in `state`. */
    async function codeState(id: string, state: string, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = (await account(ids.example)).codes.find((c) => c.id === id)?.state ?? '';
        if (last === state) return;
        await pause(100);
      }
      throw new Error(`the code is "${last}", expected "${state}"`);
    }

    for (const style of STYLES) {
      for (const outcome of OUTCOMES) {
        it(`${style}, then ${outcome.name}: ${outcome.used ? 'used' : 'filled, Undo offered'}`, async () => {
          const b = browser();
          const url = `${PAGE}?style=${style}&then=${outcome.then}`;
          const page = await b.open(url);
          await page.click('#backup_code');
          const fill = await page.waitForButton('Fill backup code');
          await page.clickAt(fill.x, fill.y);
          const value = await page.waitForValue('#backup_code');
          const code = (await account(ids.example)).codes.find((c) => c.value === value);
          expect(code?.state).toBe('filled');

          const sentAt = Date.now();
          if (style === 'enter') await page.press('Enter');
          else await page.click('#confirm');
          // The page really sent the code.
          await expect
            .poll(
              () =>
                b
                  .requests()
                  .some(
                    (r) =>
                      r.method === 'POST' &&
                      r.path === VERIFY &&
                      new URLSearchParams(r.body).get('backup_code') === value,
                  ),
              { timeout: 10_000 },
            )
            .toBe(true);

          if (outcome.then === 'swap') {
            await codeState(code!.id, 'used');
            await expect.poll(() => page.toast(), { timeout: 5000 }).toBe('Marked as used · Undo');
          } else if (outcome.then === 'spa' || outcome.then === 'nav') {
            await page.waitForUrl((href) => href !== url);
            await codeState(code!.id, 'used');
            if (outcome.then === 'spa') {
              await expect
                .poll(() => page.toast(), { timeout: 5000 })
                .toBe('Marked as used · Undo');
            }
          } else if (outcome.then === 'none') {
            await pause(Math.max(0, outcome.closeAfterMs - (Date.now() - sentAt)));
            await page.close();
            await codeState(code!.id, 'used');
          } else {
            // The page says the code did not work and stays: nothing is marked.
            await expect.poll(() => page.toast(), { timeout: 8000 }).toBe(STAYED);
            expect(await page.href()).toBe(url);
            await codeState(code!.id, 'filled');
            const undo = await page.waitForButton('Undo');
            await page.clickAt(undo.x, undo.y);
            await codeState(code!.id, 'unused');
          }
          expect((await account(ids.example)).codes.find((c) => c.id === code!.id)?.origin).toBe(
            outcome.used ? 'https://login.example.com' : undefined,
          );
        });
      }
    }
  });
}
