/**
 * A sample of the detection corpus (test/corpus/, docs/vocabulary.md) end
 * to end in the built extension, in Chromium and in Firefox: the content
 * script's pre-filter runs in the real page, the background qualifies the
 * candidates with the full vocabulary (page.qualify), and "Fill backup code"
 * appears on the backup-code pages (right-to-left, CJK, Korean, Hindi, Thai
 * among them) and on none of the trap pages. In Chromium also with the
 * service worker stopped first: the page's first message wakes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPages, type CorpusPage } from '../corpus/corpus';
import {
  findInClosedShadow,
  hasBrowser,
  launchChromium,
  launchFirefox,
  REPO_ROOT,
  startFixtureServer,
  waitForClosedShadow,
  type ChromiumSession,
  type FirefoxSession,
  type FixtureServer,
} from './harness';

const PASSPHRASE = 'correct horse battery staple 42';
const HOST = 'corpus-sample.org';
const BUTTON = { role: 'button', name: 'Fill backup code' } as const;
/** How long a trap page is watched for a button that must not come. */
const QUIET_MS = 1500;

const POSITIVE_LANGUAGES = [
  'ar',
  'he',
  'fa',
  'ja',
  'ko',
  'zh-Hant',
  'hi',
  'th',
  'ru',
  'tr',
  'pl',
  'el',
];
const TRAPS: [string, string][] = [
  ['ar', 'trap:delivery'],
  ['ru', 'trap:reset'],
  ['ja', 'trap:setup'],
  ['ko', 'trap:recoveryContact'],
  ['th', 'trap:field'],
  ['he', 'trap:field'],
  ['de', 'trap:delivery'],
];

/** One backup-code page per language above, one trap page per pair: the first of each in corpus order. */
function sample(): { page: CorpusPage; path: string }[] {
  const all = corpusPages();
  const picked = [
    ...POSITIVE_LANGUAGES.map((l) => all.find((p) => p.positive && p.language === l)),
    ...TRAPS.map(([l, k]) => all.find((p) => p.language === l && p.kind === k)),
  ];
  return picked.map((page, i) => {
    if (!page) throw new Error(`corpus has no page for sample ${i}`);
    return { page, path: `/${page.language}/${page.kind.replace(':', '-')}/${i}` };
  });
}

const RTL = new Set(['ar', 'fa', 'he']);
const pageHtml = (p: CorpusPage) =>
  `<!doctype html><html lang="${p.language}" dir="${RTL.has(p.language) ? 'rtl' : 'ltr'}">` +
  `<head><meta charset="utf-8"><title>${p.kind}</title></head><body>${p.html}</body></html>`;

const SAMPLE = sample();
const routes = Object.fromEntries(
  SAMPLE.map(({ page, path }) => [
    `${HOST}${path}`,
    { headers: { 'content-type': 'text/html; charset=utf-8' }, body: pageHtml(page) },
  ]),
);
const codes = readFileSync(
  join(REPO_ROOT, 'test/fixtures/codes/github-recovery-codes.txt'),
  'utf8',
);
const draft = { site: 'Corpus', domains: [HOST], username: 'jane', notes: '' };
const label = (p: CorpusPage) => `${p.language} ${p.kind} "${p.term}"`;

describe.skipIf(!hasBrowser('chromium'))('corpus sample in Chromium (built extension)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let manager: PwPage;

  const bg = (name: string, payload?: unknown) =>
    manager.evaluate(
      ([n, p]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } };
          }
        ).chrome.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
      [name, payload] as const,
    );

  beforeAll(async () => {
    server = await startFixtureServer({ routes });
    session = await launchChromium({ fixtures: server });
    manager = await session.openExtensionPage('src/ui/manager/index.html');
    expect((await bg('vault.create', { passphrase: PASSPHRASE })).ok).toBe(true);
    expect((await bg('accounts.add', { draft, codesText: codes })).ok).toBe(true);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  async function visit(path: string): Promise<PwPage> {
    for (const p of session.context.pages()) if (p !== manager) await p.close();
    const page = await session.context.newPage();
    await page.goto(`https://${HOST}${path}`);
    await page.locator('#f').click();
    return page;
  }

  for (const { page: p, path } of SAMPLE) {
    it(`${label(p)}: ${p.positive ? 'offers' : 'does not offer'} "Fill backup code"`, async () => {
      const page = await visit(path);
      if (p.positive) {
        await waitForClosedShadow(page, BUTTON, 10_000);
      } else {
        await page.waitForTimeout(QUIET_MS);
        expect(await findInClosedShadow(page, BUTTON)).toBeNull();
      }
      await page.close();
    });
  }

  it('offers on a backup-code page opened while the service worker is stopped', async () => {
    const first = SAMPLE.find((s) => s.page.positive)!;
    await session.stopServiceWorkers();
    const page = await visit(first.path);
    await waitForClosedShadow(page, BUTTON, 15_000);
    await page.close();
  });
});

describe.skipIf(!hasBrowser('firefox'))('corpus sample in Firefox (built extension)', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let manager: PpPage;

  const bg = (name: string, payload?: unknown) =>
    manager.evaluate(
      (n, pl) =>
        (
          globalThis as unknown as {
            browser: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } };
          }
        ).browser.runtime.sendMessage({ backstop: 1, name: n, payload: pl }),
      name,
      payload ?? null,
    );

  /** Backstop's host inside the field's inline-end edge, as the page sees it (the root stays closed). */
  const buttonShown = (page: PpPage) =>
    page.evaluate(() => {
      const r = document.querySelector('#f')!.getBoundingClientRect();
      const rtl = document.documentElement.dir === 'rtl';
      for (const x of [r.right - 12, r.left + 12, rtl ? r.left - 12 : r.right + 12]) {
        const hit = document.elementFromPoint(x, r.top + r.height / 2);
        if (hit?.parentElement === document.documentElement && hit.localName === 'div') return true;
      }
      return false;
    });

  beforeAll(async () => {
    server = await startFixtureServer({ routes });
    session = await launchFirefox({ fixtures: server });
    manager = await session.waitForExtensionPage('src/ui/manager/index.html');
    expect((await bg('vault.create', { passphrase: PASSPHRASE })).ok).toBe(true);
    expect((await bg('accounts.add', { draft, codesText: codes })).ok).toBe(true);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  for (const { page: p, path } of SAMPLE) {
    it(`${label(p)}: ${p.positive ? 'offers' : 'does not offer'} "Fill backup code"`, async () => {
      const page = await session.browser.newPage();
      try {
        await page.goto(`https://${HOST}${path}`);
        await page.click('#f');
        const deadline = Date.now() + (p.positive ? 15_000 : QUIET_MS);
        let shown = false;
        while (!shown && Date.now() < deadline) {
          shown = await buttonShown(page);
          if (!shown) await new Promise((r) => setTimeout(r, 100));
        }
        expect(shown).toBe(p.positive);
      } finally {
        await page.close();
      }
    }, 60_000);
  }
});
