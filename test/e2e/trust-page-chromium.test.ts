/**
 * docs/security.md, end to end in headless Chromium with the built extension:
 * pages people write on a site's own domain get no code (issue 9, item 2), and
 * a compromised renderer can neither drain its site's codes nor switch off
 * auto-lock (item 3). A compromised renderer is played by code run in the
 * content script's own isolated world (DevTools), so its messages carry the
 * real page's sender, exactly as a hijacked content script's would.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, ROUTES } from './autofill/accounts';
import { useAutofill } from './autofill/driver';
import { pause, poll } from './autofill/poll';
import { hasBrowser } from './harness/env';

const RUN = hasBrowser('chromium');

/** The same backup-code step on a registry site's login host and on hosts serving user content. */
const TRUST_ROUTES = {
  ...ROUTES,
  'accounts.google.com/signin/challenge/bc': 'e2e/backup-code.html',
  'docs.google.com/forms/d/e/1FAIpQL/viewform': 'e2e/backup-code.html',
  'sites.google.com/view/backup-check': 'e2e/backup-code.html',
  'attacker.wordpress.com/2fa': 'e2e/backup-code.html',
  'wordpress.com/log-in/backup': 'e2e/backup-code.html',
  'someone.github.io/login': 'e2e/backup-code.html',
  'gist.github.com/verify': 'e2e/backup-code.html',
  'github.com/e2e/clickjack': 'e2e/clickjack.html',
};

const EIGHT_DIGIT_CODES = '11112222 33334444 55556666 77778888 12345678 87654321 13572468 24681357';

/** A message to the background as the content script sends it: the reply envelope as is. */
const send = (name: string, payload: unknown) =>
  `chrome.runtime.sendMessage(${JSON.stringify({ backstop: 1, name, payload })})`;

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string } };

describe.skipIf(!RUN)('trust hardening in Chromium (built extension)', () => {
  const { ids, browser, states } = useAutofill('chromium', {
    routes: TRUST_ROUTES,
    accounts: {
      github: ACCOUNTS.github,
      google: { site: 'Google', domains: ['google.com'], codesText: EIGHT_DIGIT_CODES },
      wordpress: {
        site: 'WordPress.com',
        domains: ['wordpress.com'],
        codesText: EIGHT_DIGIT_CODES,
      },
    },
  });
  const bg = <T>(name: string, payload?: unknown) => browser().bg<T>(name, payload);
  const open = (url: string) => browser().open(url);

  describe("pages people write on a site's own domain get nothing", () => {
    const cases: { name: string; url: string; account: keyof typeof ids }[] = [
      {
        name: 'a Google Form on docs.google.com',
        url: 'https://docs.google.com/forms/d/e/1FAIpQL/viewform',
        account: 'google',
      },
      {
        name: 'a Google Site on sites.google.com',
        url: 'https://sites.google.com/view/backup-check',
        account: 'google',
      },
      {
        name: 'a blog on attacker.wordpress.com',
        url: 'https://attacker.wordpress.com/2fa',
        account: 'wordpress',
      },
      {
        name: 'a GitHub Pages site (github.io: the PSL private section)',
        url: 'https://someone.github.io/login',
        account: 'github',
      },
      {
        name: 'a gist on gist.github.com',
        url: 'https://gist.github.com/verify',
        account: 'github',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const before = await states(ids[c.account]);
        const page = await open(c.url);
        await page.click('#backup_code');
        await pause(1500);
        expect(await page.buttons('Fill backup code')).toEqual([]);
        await browser().forceFill();
        await pause(500);
        expect(await page.value('#backup_code')).toBe('');
        expect(await states(ids[c.account])).toEqual(before);
        // Seen and refused by the background, not missed by the content script.
        expect(await browser().reportedFrames()).toContain(new URL(c.url).origin);
        // Asked directly, as a compromised page would, the background refuses too.
        const reply = await page.inContentScript<Reply<unknown>>(
          send('page.claimCode', { sandboxed: false }),
        );
        expect(reply).toMatchObject({ ok: false, error: { code: 'origin-not-allowed' } });
        expect(await states(ids[c.account])).toEqual(before);
      });
    }

    for (const [name, url, account] of [
      ['accounts.google.com', 'https://accounts.google.com/signin/challenge/bc', 'google'],
      ['wordpress.com itself', 'https://wordpress.com/log-in/backup', 'wordpress'],
    ] as const) {
      it(`the real sign-in host still fills: ${name}`, async () => {
        const page = await open(url);
        await page.click('#backup_code');
        const button = await page.waitForButton('Fill backup code');
        await page.clickAt(button.x, button.y);
        expect(await page.waitForValue('#backup_code')).toMatch(/\d/);
        expect(await states(ids[account])).toContain('filled');
        await bg('codes.undo', {
          accountId: ids[account],
          codeId: (
            await bg<{ codes: { id: string; state: string }[] }>('accounts.get', {
              id: ids[account],
            })
          ).codes.find((x) => x.state === 'filled')!.id,
        });
      });
    }
  });

  describe('a compromised renderer', () => {
    it('asking again and again without submitting gets the same code', async () => {
      const page = await open('https://accounts.google.com/signin/challenge/bc');
      await page.click('#backup_code');
      const codes = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const r = await page.inContentScript<Reply<{ code: string }>>(
          send('page.claimCode', { sandboxed: false }),
        );
        if (!r.ok) throw new Error(JSON.stringify(r));
        codes.add(r.value.code);
      }
      expect(codes.size).toBe(1);
      expect((await states(ids.google)).filter((s) => s !== 'unused')).toEqual(['filled']);
    });

    it('sending the submit itself gets a few fresh codes, then none', async () => {
      const page = await open('https://accounts.google.com/signin/challenge/bc');
      await page.click('#backup_code');
      const fresh = new Set<string>();
      let refused: Reply<unknown> | null = null;
      for (let i = 0; i < 8 && !refused; i++) {
        const r = await page.inContentScript<
          Reply<{ code: string; accountId: string; codeId: string }>
        >(send('page.claimCode', { sandboxed: false }));
        if (!r.ok) {
          refused = r;
          break;
        }
        fresh.add(r.value.code);
        await page.inContentScript(
          send('page.submitted', { accountId: r.value.accountId, codeId: r.value.codeId }),
        );
      }
      expect(refused).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
      // The code still filled from the test above (not fresh), then the tab's 3 fresh ones.
      expect(fresh.size).toBe(1 + 3);
      expect((await states(ids.google)).filter((s) => s === 'used')).toHaveLength(1 + 3);
    });

    it('cannot switch off auto-lock through storage.local, even across a worker restart', async () => {
      await bg('settings.set', { autoLockMinutes: 5 });
      const page = await open('https://accounts.google.com/signin/challenge/bc');
      await page.inContentScript(
        `chrome.storage.local.set({ settings: { autoLockMinutes: null, clipboardClearSeconds: 600 } })`,
      );
      await browser().stopBackground();
      const settings = await bg<{ autoLockMinutes: number | null; clipboardClearSeconds: number }>(
        'settings.get',
      );
      expect(settings.autoLockMinutes).toBe(5);
      expect(settings.clipboardClearSeconds).not.toBe(600);
    });
  });

  describe('clickjacking the inline button', () => {
    for (const mode of ['transparent', 'overlay'] as const) {
      it(`a real click on the button fills nothing while the page makes it ${mode}`, async () => {
        const before = await states(ids.github);
        const page = await open(`https://github.com/e2e/clickjack?mode=${mode}`);
        await page.click('#recovery_code');
        const button = await page.waitForButton('Fill backup code');
        await poll(
          () => page.evaluate(() => (window as { done?: string }).done),
          (done) => !!done,
          'the page to finish hiding the button',
        );
        await pause(1000); // well past the minimum visible time
        await page.clickAt(button.x, button.y);
        await pause(1000);
        expect(await page.value('#recovery_code')).toBe('');
        expect(await states(ids.github)).toEqual(before);
      });
    }

    it('the same button, left alone by the page, fills on a click', async () => {
      const page = await open('https://github.com/e2e/clickjack?mode=none');
      await page.click('#recovery_code');
      const button = await page.waitForButton('Fill backup code');
      await pause(1000);
      await page.clickAt(button.x, button.y);
      await page.waitForValue('#recovery_code');
      await bg('codes.undo', {
        accountId: ids.github,
        codeId: (
          await bg<{ codes: { id: string; state: string }[] }>('accounts.get', { id: ids.github })
        ).codes.find((x) => x.state === 'filled')!.id,
      });
    });
  });
});
