/**
 * Where Backstop must fill nothing, end to end with the built extension, once
 * per browser (Chromium and Firefox, ./autofill/driver.ts): look-alike hosts,
 * plain http, sandboxed and foreign frames, an app-code-only step, and a
 * hostile page's own attempts. Each case also forces a fill the way the
 * keyboard command, menu and popup do, and checks that no code changed
 * state. Fills that must work: autofill.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, ROUTES } from './autofill/accounts';
import { BROWSERS, useAutofill } from './autofill/driver';
import { hasBrowser } from './harness/env';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const name of BROWSERS) {
  describe.skipIf(!hasBrowser(name))(`autofill refusals in ${name} (built extension)`, () => {
    const { ids, browser, states } = useAutofill(name, { routes: ROUTES, accounts: ACCOUNTS });

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
          name: 'about:srcdoc frame written by a look-alike page (it inherits that page’s origin)',
          url: 'https://github.com.evil.net/e2e/srcdoc',
          account: 'github',
          frame: '#frame',
          field: '#recovery_code',
          detectedAt: 'https://github.com.evil.net/',
        },
        {
          name: 'sandboxed about:srcdoc frame on the real page',
          url: 'https://github.com/e2e/sandboxed-srcdoc',
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
          const page = await browser().open(c.url);
          // No https upgrade: the page is where the case says.
          expect((await page.href()).startsWith(c.url.split('/').slice(0, 3).join('/'))).toBe(true);
          await page.click(c.field, c.frame);
          await pause(1500);
          expect(await page.buttons('Fill backup code')).toEqual([]);

          await browser().forceFill();
          await pause(500);
          expect(await page.value(c.field, c.frame)).toBe('');
          expect(await states(ids[c.account])).toEqual(before);
          // The content script did run and recognize the field: the refusal is the background's.
          if (c.detectedAt)
            expect(await browser().reportedFrames()).toContain(new URL(c.detectedAt).origin);
        });
      }
    });

    it('a page script cannot trigger a fill: postMessage, synthetic clicks, a fake overlaid button', async () => {
      const before = await states(ids.github);
      const page = await browser().open('https://github.com/e2e/hostile');
      await page.click('#recovery_code');
      // Our real button is there (the origin matches), yet the page cannot press it.
      await page.waitForButton('Fill backup code');
      await pause(1000); // the page's focus-triggered attack
      await page.click('#fake'); // a trusted click on the page's look-alike
      await pause(1000);
      expect(
        await page.evaluate(() => (window as unknown as { attempts: string[] }).attempts),
      ).toEqual(expect.arrayContaining(['focus', 'fake button']));
      expect(await page.value('#recovery_code')).toBe('');
      expect(await states(ids.github)).toEqual(before);
    });
  });
}
