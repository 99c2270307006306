/**
 * Where Backstop must fill nothing, end to end in headless Chromium with the
 * built extension: look-alike hosts, plain http, sandboxed and foreign frames,
 * an app-code-only step, and a hostile page's own attempts. Each case also
 * forces a fill the way the keyboard command, menu and popup do, and checks
 * that no code changed state. Fills that must work: autofill-chromium.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { backstopButtons, center, useAutofillBrowser, waitForButton } from './autofill-browser';
import { hasBrowser } from './harness/env';

const RUN = hasBrowser('chromium');

describe.skipIf(!RUN)('autofill refusals in Chromium (built extension)', () => {
  const { ids, states, open, forceFill, reportedFrames } = useAutofillBrowser();

  describe('gets nothing: no button, and a forced content.fill fills nothing', () => {
    const cases: {
      name: string;
      url: string;
      account: 'github' | 'instagram' | 'acme';
      frame?: string;
      field: string;
      /** The frame URL that detects the field (and is then refused by the background). */
      detectedAt?: string;
    }[] = [
      {
        name: 'look-alike host github.com.evil.net',
        url: 'https://github.com.evil.net/sessions/two-factor/recovery',
        account: 'github',
        field: '#recovery_code',
        detectedAt: 'https://github.com.evil.net/sessions/two-factor/recovery',
      },
      {
        name: 'look-alike domain 1nstagram.com',
        url: 'https://www.1nstagram.com/accounts/login/two_factor',
        account: 'instagram',
        field: '#backup_code',
        detectedAt: 'https://www.1nstagram.com/accounts/login/two_factor',
      },
      {
        name: 'plain http on a matching domain',
        url: 'http://acme-backup.org/login/backup',
        account: 'acme',
        field: '#backup_code',
        detectedAt: 'http://acme-backup.org/login/backup',
      },
      {
        name: 'sandboxed iframe of the real page',
        url: 'https://github.com/e2e/sandboxed',
        account: 'github',
        frame: '#frame',
        field: '#recovery_code',
      },
      {
        name: 'cross-origin iframe on a matching top page',
        url: 'https://github.com/e2e/cross-origin',
        account: 'github',
        frame: '#frame',
        field: '#backup_code',
        detectedAt: 'https://evil-cdn.net/verify/backup',
      },
      {
        name: 'GitHub’s app-code-only step',
        url: 'https://github.com/sessions/two-factor/app',
        account: 'github',
        field: '#app_totp',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const before = await states(ids[c.account]);
        const page = await open(c.url);
        expect(page.url().startsWith(c.url.split('/').slice(0, 3).join('/'))).toBe(true); // no https upgrade
        const scope = c.frame ? page.frameLocator(c.frame) : page;
        await scope.locator(c.field).click();
        await page.waitForTimeout(1500);
        expect(await backstopButtons(page, 'Fill backup code')).toEqual([]);

        await forceFill();
        await page.waitForTimeout(500);
        expect(await scope.locator(c.field).inputValue()).toBe('');
        expect(await states(ids[c.account])).toEqual(before);
        // The content script did run and recognize the field: the refusal is the background's.
        if (c.detectedAt) expect(await reportedFrames()).toContain(c.detectedAt);
      });
    }
  });

  it('a page script cannot trigger a fill: postMessage, synthetic clicks, a fake overlaid button', async () => {
    const before = await states(ids.github);
    const page = await open('https://github.com/e2e/hostile');
    await page.click('#recovery_code');
    // Our real button is there (the origin matches), yet the page cannot press it.
    await waitForButton(page, 'Fill backup code');
    await page.waitForTimeout(1000); // the page's focus-triggered attack
    await page.mouse.click(...(await center(page, '#fake'))); // a trusted click on the page's look-alike
    await page.waitForTimeout(1000);
    expect(
      await page.evaluate(() => (window as unknown as { attempts: string[] }).attempts),
    ).toEqual(expect.arrayContaining(['focus', 'fake button']));
    expect(await page.inputValue('#recovery_code')).toBe('');
    expect(await states(ids.github)).toEqual(before);
  });
});
