/**
 * Autofill end to end with the built extension, once per browser: Chromium
 * (dist/chrome) and Firefox (dist/firefox), through the driver in
 * ./autofill/driver.ts. Real host names over https (the fixture server),
 * trusted mouse clicks and keys, Backstop's controls found inside their
 * closed shadow roots (page scripts cannot see them). Where nothing may be
 * filled: autofill-refusals.test.ts; when a filled code becomes used:
 * submit-styles.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, RECOVERY, ROUTES } from './autofill/accounts';
import { BROWSERS, useAutofill } from './autofill/driver';
import { hasBrowser } from './harness/env';

const STAYED = 'Filled, not marked as used: the page did not go on. · Undo';

for (const name of BROWSERS) {
  describe.skipIf(!hasBrowser(name))(`autofill in ${name} (built extension)`, () => {
    const { ids, browser, account, states, waitForState } = useAutofill(name, {
      routes: ROUTES,
      accounts: ACCOUNTS,
    });

    it('fills the first GitHub code from a trusted click on the inline button, then marks it used on submit', async () => {
      const before = await account(ids.github);
      expect(before.codes.every((c) => c.state === 'unused')).toBe(true);
      const page = await browser().open(RECOVERY);
      // The field is autofocused; whether or not that focus came before the
      // content script, a click on the field shows the button.
      await page.click('#recovery_code');
      const button = await page.waitForButton('Fill backup code');
      // Only in a closed shadow root: the page itself sees its own button only.
      expect(await page.evaluate(() => document.querySelectorAll('button').length)).toBe(1);

      await page.clickAt(button.x, button.y);
      const first = before.codes[0]!;
      expect(await page.waitForValue('#recovery_code')).toBe(first.value);
      await waitForState(ids.github, 0, 'filled');
      // Focus stayed in the field.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('recovery_code');

      await page.click('button[type=submit]');
      await page.waitForUrl((href) => href.endsWith('/sessions/two-factor'));
      const post = browser()
        .requests()
        .find((r) => r.method === 'POST' && r.host === 'github.com');
      expect(new URLSearchParams(post?.body).get('recovery_code')).toBe(first.value);
      await waitForState(ids.github, 0, 'used');
      expect((await account(ids.github)).codes[0]!.origin).toBe('https://github.com');
    });

    it('the next fill gives a different code; Enter marks it used', async () => {
      const page = await browser().open(RECOVERY);
      await page.click('#recovery_code');
      const button = await page.waitForButton('Fill backup code');
      await page.clickAt(button.x, button.y);
      const value = await page.waitForValue('#recovery_code');
      const codes = (await account(ids.github)).codes;
      expect(value).toBe(codes[1]!.value);
      expect(codes[1]!.value).not.toBe(codes[0]!.value);
      await page.press('Enter');
      await page.waitForUrl((href) => href.endsWith('/sessions/two-factor'));
      await waitForState(ids.github, 1, 'used');
    });

    it('shows "N left"; a submit after which the page stays leaves the code filled, and Undo gives it back', async () => {
      const page = await browser().open('https://github.com/sessions/two-factor/recovery-spa');
      await new Promise((r) => setTimeout(r, 500));
      expect(await page.buttons('Fill backup code')).toEqual([]); // not before focus
      await page.click('#recovery_code');
      const button = await page.waitForButton('Fill backup code');
      const shown = await page.buttons('Fill backup code');
      expect(shown).toHaveLength(1);
      // 16 codes, two used by the tests above.
      expect(shown[0]!.text).toBe('Fill backup code14 left');
      await page.clickAt(button.x, button.y);
      await page.waitForValue('#recovery_code');
      await waitForState(ids.github, 2, 'filled');

      await page.click('#verify');
      await expect
        .poll(() => page.evaluate(() => document.getElementById('result')?.textContent ?? ''))
        .toMatch(/^Checking/);
      await expect.poll(() => page.toast(), { timeout: 8000 }).toBe(STAYED);
      expect((await account(ids.github)).codes[2]!.state).toBe('filled');

      const undo = await page.waitForButton('Undo');
      await page.clickAt(undo.x, undo.y);
      await waitForState(ids.github, 2, 'unused');
      await expect.poll(() => page.toast(), { timeout: 5000 }).toBe('The code is unused again.');
    });

    it('content.fill from the background (keyboard command, menu, popup) fills a matching page', async () => {
      const page = await browser().open('https://www.instagram.com/accounts/login/two_factor');
      await new Promise((r) => setTimeout(r, 500));
      expect(await browser().forceFill()).toContainEqual({ filled: true });
      const first = (await account(ids.instagram)).codes[0]!;
      // Instagram's rule fills digits only.
      expect(await page.value('#backup_code')).toBe(first.value.replace(/\D/g, ''));
      expect(first.state).toBe('filled');
    });

    it('a cross-origin frame whose own origin matches gets the button and the fill', async () => {
      const page = await browser().open('https://news.example.com/embed');
      await page.click('#backup_code', '#frame');
      await expect
        .poll(async () => (await page.buttons('Fill backup code')).length, { timeout: 8000 })
        .toBe(1);
      const before = await states(ids.instagram);
      // Sent to every frame; the top frame (no field) may answer first, so look at the field.
      await browser().forceFill();
      const value = await page.waitForValue('#backup_code', '#frame');
      const after = (await account(ids.instagram)).codes;
      const filled = after.filter((c, i) => c.state === 'filled' && before[i] === 'unused');
      expect(filled).toHaveLength(1);
      expect(filled[0]!.origin).toBe('https://www.instagram.com');
      expect(value).toBe(filled[0]!.value.replace(/\D/g, ''));
    });

    it('an account whose codes are all used: "No codes for this site", and nothing is filled', async () => {
      const before = await states(ids.spent);
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((s) => s === 'used')).toBe(true);
      const page = await browser().open('https://spent-codes.org/login/backup');
      await page.click('#backup_code');
      const button = await page.waitForButton('Fill backup code');
      expect(button.text).toBe('Fill backup codeNo codes for this site');
      await page.clickAt(button.x, button.y); // a trusted click on a disabled offer
      await browser().forceFill();
      await new Promise((r) => setTimeout(r, 500));
      expect(await page.value('#backup_code')).toBe('');
      expect(await states(ids.spent)).toEqual(before);
    });

    it('a field only the site rule knows (Facebook’s shared code field) is found and filled', async () => {
      const page = await browser().open('https://www.facebook.com/checkpoint/login');
      await page.click('#approvals_code');
      const button = await page.waitForButton('Fill backup code');
      await page.clickAt(button.x, button.y);
      const value = await page.waitForValue('#approvals_code');
      const first = (await account(ids.facebook)).codes[0]!;
      // Facebook's rule fills the digits only.
      expect(value).toBe(first.value.replace(/\D/g, ''));
      await waitForState(ids.facebook, 0, 'filled');
    });

    it('a frame the real page wrote itself (about:srcdoc) is judged by the origin it inherits: filled, then used', async () => {
      const page = await browser().open('https://github.com/e2e/srcdoc');
      await page.click('#recovery_code', '#frame');
      await expect
        .poll(async () => (await page.buttons('Fill backup code')).length, { timeout: 8000 })
        .toBe(1);
      const before = await states(ids.github);
      await browser().forceFill();
      const value = await page.waitForValue('#recovery_code', '#frame');
      const after = (await account(ids.github)).codes;
      const i = after.findIndex((c, k) => c.state === 'filled' && before[k] === 'unused');
      expect(after[i]?.value).toBe(value);
      expect(after[i]!.origin).toBe('https://github.com');
      await page.press('Enter');
      await waitForState(ids.github, i, 'used');
    });
  });
}
