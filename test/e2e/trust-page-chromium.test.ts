/**
 * docs/security.md, end to end in headless Chromium with the built extension:
 * pages people write on a site's own domain get no code (issue 9, item 2), and
 * a compromised renderer can neither drain its site's codes nor switch off
 * auto-lock (item 3). A compromised renderer is played by code run in the
 * content script's own isolated world (DevTools), so its messages carry the
 * real page's sender, exactly as a hijacked content script's would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_VISIBLE_MS } from '../../src/content/visibility';
import { backstopButtons } from './autofill/cdp';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { hasBrowser, REPO_ROOT } from './harness/env';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

/** The same backup-code step on a registry site's login host and on hosts serving user content. */
const ROUTES = {
  'accounts.google.com/signin/challenge/bc': 'e2e/backup-code.html',
  'docs.google.com/forms/d/e/1FAIpQL/viewform': 'e2e/backup-code.html',
  'sites.google.com/view/backup-check': 'e2e/backup-code.html',
  'attacker.wordpress.com/2fa': 'e2e/backup-code.html',
  'wordpress.com/log-in/backup': 'e2e/backup-code.html',
  'someone.github.io/login': 'e2e/backup-code.html',
  'gist.github.com/verify': 'e2e/backup-code.html',
  'github.com/e2e/clickjack': 'e2e/clickjack.html',
};
// GitHub's codes have their own shape (abcde-12345); these are the test fixture's.
const GITHUB_CODES = readFileSync(
  join(REPO_ROOT, 'test/fixtures/codes/github-recovery-codes.txt'),
  'utf8',
);
const CODES = '11112222 33334444 55556666 77778888 12345678 87654321 13572468 24681357';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for Backstop's button, then for the clickjacking guard's minimum visible time. */
async function waitForButton(page: Page, label: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [b] = (await backstopButtons(page, label)).filter((x) => x.closed);
    if (b && Number.isFinite(b.x)) {
      await pause(MIN_VISIBLE_MS + 300);
      return b;
    }
    if (Date.now() > deadline) throw new Error(`No "${label}" button on ${page.url()}`);
    await pause(100);
  }
}

/** A fresh browser with a vault, for this file. */
function useTrustBrowser() {
  let server: FixtureServer;
  let session: ChromiumSession;
  let manager: Page;
  const bg = async <T>(name: string, payload?: unknown): Promise<T> => {
    const res = (await manager.evaluate(
      ([n, p]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
      [name, payload] as const,
    )) as { ok: boolean; value?: T };
    if (!res?.ok) throw new Error(`${name} failed: ${JSON.stringify(res)}`);
    return res.value as T;
  };
  beforeAll(async () => {
    server = await startFixtureServer({ routes: ROUTES });
    session = await launchChromium({ fixtures: server });
    manager = await session.openExtensionPage('src/ui/manager/index.html');
    await bg('vault.create', { passphrase: 'correct horse battery staple 42' });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  return {
    bg,
    session: () => session,
    states: async (id: string) =>
      (await bg<{ codes: { state: string }[] }>('accounts.get', { id })).codes.map((c) => c.state),
    /** Opens `url` in a new tab, other web tabs closed first. */
    async open(url: string): Promise<Page> {
      for (const p of session.context.pages()) if (p !== manager) await p.close();
      const page = await session.context.newPage();
      await page.goto(url);
      return page;
    },
    /** What the context menu and popup do: every frame of every tab is asked to fill. */
    async forceFill(): Promise<void> {
      await (
        await session.serviceWorker()
      ).evaluate(async () => {
        const c = (
          globalThis as unknown as {
            chrome: {
              tabs: {
                query(q: object): Promise<{ id?: number }[]>;
                sendMessage(id: number, m: unknown): Promise<unknown>;
              };
            };
          }
        ).chrome;
        for (const tab of await c.tabs.query({}))
          if (tab.id !== undefined)
            await c.tabs
              .sendMessage(tab.id, { backstop: 1, name: 'content.fill', payload: {} })
              .catch(() => null);
      });
    },
    /** Origins of the frames that reported a field (all storage.session keeps of them). */
    reportedFrames: () =>
      manager.evaluate(async () => {
        const c = (
          globalThis as unknown as {
            chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
          }
        ).chrome;
        const tabs = ((await c.storage.session.get('fields')).fields ?? {}) as Record<
          string,
          Record<string, { o: string }>
        >;
        return Object.values(tabs).flatMap((f) => Object.values(f).map((x) => x.o));
      }),
  };
}

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
  const { bg, states, open, forceFill, reportedFrames, session } = useTrustBrowser();
  const ids = { google: '', wordpress: '', github: '' };

  beforeAll(async () => {
    const add = async (site: string, domain: string, codesText = CODES) =>
      (
        await bg<{ id: string }>('accounts.add', {
          draft: { site, domains: [domain], username: 'sam', notes: '' },
          codesText,
        })
      ).id;
    ids.google = await add('Google', 'google.com');
    ids.wordpress = await add('WordPress.com', 'wordpress.com');
    ids.github = await add('GitHub', 'github.com', GITHUB_CODES);
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
