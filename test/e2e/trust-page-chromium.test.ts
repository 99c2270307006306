/**
 * docs/security.md, end to end in headless Chromium with the built extension:
 * pages people write on a site's own domain get no code (issue 9, item 2), and
 * a compromised renderer can neither drain its site's codes nor switch off
 * auto-lock (item 3). A compromised renderer is played by code run in the
 * content script's own isolated world (DevTools), so its messages carry the
 * real page's sender, exactly as a hijacked content script's would.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backstopButtons } from './autofill/cdp';
import { useAutofillBrowser, waitForButton } from './trust-page-browser';
import { hasBrowser } from './harness/env';
import { MIN_VISIBLE_MS } from '../../src/content/visibility';

const RUN = hasBrowser('chromium');

interface ExecutionContext {
  id: number;
  origin: string;
  auxData?: { type?: string };
}

/** Runs `expression` in Backstop's content script world of `page`'s top frame. */
async function inContentScript<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: ExecutionContext[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: ExecutionContext }) =>
      contexts.push(e.context),
    );
    await cdp.send('Runtime.enable'); // reports the existing contexts before it returns
    const own = contexts.find(
      (c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'),
    );
    if (!own) throw new Error(`no Backstop content script in ${page.url()}`);
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
      expression,
      contextId: own.id,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: T }; exceptionDetails?: unknown };
    if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
    return result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** A message to the background as the content script sends it: the reply envelope as is. */
const send = (name: string, payload: unknown) =>
  `chrome.runtime.sendMessage(${JSON.stringify({ backstop: 1, name, payload })})`;

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string } };

describe.skipIf(!RUN)('trust hardening in Chromium (built extension)', () => {
  const base = useAutofillBrowser();
  const { bg, states, open, forceFill, reportedFrames, session } = base;
  const ids = { google: '', wordpress: '', github: '' };

  beforeAll(async () => {
    const add = async (site: string, domain: string) =>
      (
        await bg<{ id: string }>('accounts.add', {
          draft: { site, domains: [domain], username: 'sam', notes: '' },
          codesText: '11112222 33334444 55556666 77778888 12345678 87654321 13572468 24681357',
        })
      ).id;
    ids.google = await add('Google', 'google.com');
    ids.wordpress = await add('WordPress.com', 'wordpress.com');
    ids.github = base.ids.github;
  });

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
        await page.waitForTimeout(1500);
        expect(await backstopButtons(page, 'Fill backup code')).toEqual([]);
        await forceFill();
        await page.waitForTimeout(500);
        expect(await page.inputValue('#backup_code')).toBe('');
        expect(await states(ids[c.account])).toEqual(before);
        // Seen and refused by the background, not missed by the content script.
        expect(await reportedFrames()).toContain(new URL(c.url).origin);
        // Asked directly, as a compromised page would, the background refuses too.
        const reply = await inContentScript<Reply<unknown>>(
          page,
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
        const button = await waitForButton(page, 'Fill backup code');
        // The clickjacking guard takes a pointer click only after MIN_VISIBLE_MS in view.
        await page.waitForTimeout(MIN_VISIBLE_MS + 300);
        await page.mouse.click(button.x, button.y);
        await expect.poll(() => page.inputValue('#backup_code'), { timeout: 8000 }).toMatch(/\d/);
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
        const r = await inContentScript<Reply<{ code: string }>>(
          page,
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
        const r = await inContentScript<Reply<{ code: string; accountId: string; codeId: string }>>(
          page,
          send('page.claimCode', { sandboxed: false }),
        );
        if (!r.ok) {
          refused = r;
          break;
        }
        fresh.add(r.value.code);
        await inContentScript(
          page,
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
      await inContentScript(
        page,
        `chrome.storage.local.set({ settings: { autoLockMinutes: null, clipboardClearSeconds: 600 } })`,
      );
      await session().stopServiceWorkers();
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
        const button = await waitForButton(page, 'Fill backup code');
        await page.waitForFunction(() => (window as { done?: string }).done);
        await page.waitForTimeout(1000); // well past the minimum visible time
        await page.mouse.click(button.x, button.y);
        await page.waitForTimeout(1000);
        expect(await page.inputValue('#recovery_code')).toBe('');
        expect(await states(ids.github)).toEqual(before);
      });
    }

    it('the same button, left alone by the page, fills on a click', async () => {
      const page = await open('https://github.com/e2e/clickjack?mode=none');
      await page.click('#recovery_code');
      const button = await waitForButton(page, 'Fill backup code');
      await page.waitForTimeout(1000);
      await page.mouse.click(button.x, button.y);
      await expect.poll(() => page.inputValue('#recovery_code'), { timeout: 8000 }).not.toBe('');
      await bg('codes.undo', {
        accountId: ids.github,
        codeId: (
          await bg<{ codes: { id: string; state: string }[] }>('accounts.get', { id: ids.github })
        ).codes.find((x) => x.state === 'filled')!.id,
      });
    });
  });
});
