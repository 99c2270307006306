/**
 * Autofill end to end in headless Chromium with the built extension
 * (dist/chrome): real host names over https (host-resolver rules + a
 * self-signed certificate), trusted mouse clicks, and the inline button found
 * inside its closed shadow root through CDP (page scripts cannot see it).
 * Where Backstop must fill nothing: autofill-refusals-chromium.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  RECOVERY,
  backstopButtons,
  center,
  toastText,
  useAutofillBrowser,
  waitForButton,
} from './autofill-browser';
import { hasBrowser } from './harness/env';

const RUN = hasBrowser('chromium');

describe.skipIf(!RUN)('autofill in Chromium (built extension)', () => {
  const { ids, requests, account, states, waitForState, open, forceFill } = useAutofillBrowser();

  it('fills the first GitHub code from a trusted click on the inline button, then marks it used on submit', async () => {
    const before = await account(ids.github);
    expect(before.codes.every((c) => c.state === 'unused')).toBe(true);
    const page = await open(RECOVERY);
    // The field is autofocused; whether or not that focus came before the content
    // script, a click on the field shows the button.
    await page.click('#recovery_code');
    const button = await waitForButton(page, 'Fill backup code');
    expect(button.closed).toBe(true);
    // Invisible to the page itself.
    expect(await page.evaluate(() => document.querySelectorAll('button').length)).toBe(1);

    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#recovery_code') as HTMLInputElement).value !== '',
    );
    const first = before.codes[0]!;
    expect(await page.inputValue('#recovery_code')).toBe(first.value);
    await waitForState(ids.github, 0, 'filled');
    // Focus stayed in the field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('recovery_code');

    await Promise.all([
      page.waitForURL('**/sessions/two-factor'),
      page.click('button[type=submit]'),
    ]);
    const post = requests().find((r) => r.method === 'POST' && r.host === 'github.com');
    expect(new URLSearchParams(post?.body).get('recovery_code')).toBe(first.value);
    await waitForState(ids.github, 0, 'used');
    expect((await account(ids.github)).codes[0]!.origin).toBe('https://github.com');
  });

  it('the next fill gives a different code; Enter marks it used', async () => {
    const page = await open(RECOVERY);
    await page.click('#recovery_code');
    const button = await waitForButton(page, 'Fill backup code');
    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#recovery_code') as HTMLInputElement).value !== '',
    );
    const codes = (await account(ids.github)).codes;
    expect(await page.inputValue('#recovery_code')).toBe(codes[1]!.value);
    expect(codes[1]!.value).not.toBe(codes[0]!.value);
    await Promise.all([page.waitForURL('**/sessions/two-factor'), page.keyboard.press('Enter')]);
    await waitForState(ids.github, 1, 'used');
  });

  it('shows "N left" and, after a submit that stays on the page, a toast whose Undo works', async () => {
    const page = await open('https://github.com/sessions/two-factor/recovery-spa');
    await page.waitForTimeout(500);
    expect(await backstopButtons(page, 'Fill backup code')).toEqual([]); // not before focus
    await page.click('#recovery_code');
    const button = await waitForButton(page, 'Fill backup code');
    const fillButtons = await backstopButtons(page, 'Fill backup code');
    expect(fillButtons).toHaveLength(1);
    // 16 codes, two used by the tests above.
    expect(fillButtons[0]!.text).toBe('Fill backup code14 left');
    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#recovery_code') as HTMLInputElement).value !== '',
    );
    await waitForState(ids.github, 2, 'filled');

    await page.mouse.click(...(await center(page, '#verify')));
    await page.waitForFunction(() =>
      document.getElementById('result')?.textContent?.startsWith('Checking'),
    );
    await waitForState(ids.github, 2, 'used');
    await expect.poll(() => toastText(page), { timeout: 5000 }).toBe('Marked as used · Undo');

    const undo = await waitForButton(page, 'Undo');
    await page.mouse.click(undo.x, undo.y);
    await waitForState(ids.github, 2, 'filled'); // back to handed-out-but-not-confirmed
    await expect.poll(() => toastText(page), { timeout: 5000 }).toBe('No longer marked as used.');
  });

  it('content.fill from the background (keyboard command, menu, popup) fills a matching page', async () => {
    const page = await open('https://www.instagram.com/accounts/login/two_factor');
    await page.waitForTimeout(500);
    const answers = await forceFill();
    expect(answers).toContainEqual({ filled: true });
    const first = (await account(ids.instagram)).codes[0]!;
    // Instagram's rule fills digits only.
    expect(await page.inputValue('#backup_code')).toBe(first.value.replace(/\D/g, ''));
    expect(first.state).toBe('filled');
  });

  it('a cross-origin frame whose own origin matches gets the button and the fill', async () => {
    const page = await open('https://news.example.com/embed');
    const frame = page.frameLocator('#frame');
    await frame.locator('#backup_code').click();
    await expect
      .poll(async () => (await backstopButtons(page, 'Fill backup code')).length, { timeout: 8000 })
      .toBe(1);
    const before = await states(ids.instagram);
    // Sent to every frame; the top frame (no field) may answer first, so look at the field.
    await forceFill();
    await expect
      .poll(() => frame.locator('#backup_code').inputValue(), { timeout: 5000 })
      .not.toBe('');
    const after = (await account(ids.instagram)).codes;
    const filled = after.filter((c, i) => c.state === 'filled' && before[i] === 'unused');
    expect(filled).toHaveLength(1);
    expect(filled[0]!.origin).toBe('https://www.instagram.com');
    expect(await frame.locator('#backup_code').inputValue()).toBe(
      filled[0]!.value.replace(/\D/g, ''),
    );
  });

  it('an account whose codes are all used: "No codes for this site", and nothing is filled', async () => {
    const before = await states(ids.spent);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s === 'used')).toBe(true);
    const page = await open('https://spent-codes.org/login/backup');
    await page.click('#backup_code');
    const button = await waitForButton(page, 'Fill backup code');
    const [shown] = await backstopButtons(page, 'Fill backup code');
    expect(shown!.text).toBe('Fill backup codeNo codes for this site');
    await page.mouse.click(button.x, button.y); // a trusted click on a disabled offer
    await forceFill();
    await page.waitForTimeout(500);
    expect(await page.inputValue('#backup_code')).toBe('');
    expect(await states(ids.spent)).toEqual(before);
  });

  it('a field only the site rule knows (Facebook’s shared code field) is found and filled', async () => {
    const page = await open('https://www.facebook.com/checkpoint/login');
    await page.click('#approvals_code');
    const button = await waitForButton(page, 'Fill backup code');
    await page.mouse.click(button.x, button.y);
    await page.waitForFunction(
      () => (document.querySelector('#approvals_code') as HTMLInputElement).value !== '',
    );
    const first = (await account(ids.facebook)).codes[0]!;
    // Facebook's rule fills the digits only.
    expect(await page.inputValue('#approvals_code')).toBe(first.value.replace(/\D/g, ''));
    await waitForState(ids.facebook, 0, 'filled');
  });
});
