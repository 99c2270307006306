/**
 * A sample of the detection corpus (test/corpus/, docs/vocabulary.md) end
 * to end in the built extension, in Chromium and in Firefox: the content
 * script's pre-filter runs in the real page, the background qualifies the
 * candidates with the full vocabulary (page.qualify), and "Fill backup code"
 * appears on the backup-code pages (right-to-left, CJK, Korean, Hindi, Thai
 * among them) and on none of the trap pages, and a fill from it puts one of
 * the account's codes in the field. One suite for both browsers (the shared
 * driver, test/e2e/autofill/driver.ts). In Chromium also with the service
 * worker stopped first: the page's first message wakes it (Firefox's event
 * page cannot be stopped from a test; the driver says so).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPages, type CorpusPage } from '../corpus/corpus';
import { BROWSERS, useAutofill, type AutofillBrowser } from './autofill/driver';
import { hasBrowser, REPO_ROOT } from './harness';

const HOST = 'corpus-sample.org';
const BUTTON = 'Fill backup code';
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
const label = (p: CorpusPage) => `${p.language} ${p.kind} "${p.term}"`;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const name of BROWSERS) {
  describe.skipIf(!hasBrowser(name))(`corpus sample in ${name} (built extension)`, () => {
    const { ids, browser, account } = useAutofill(name, {
      routes: { ...routes, '*/favicon.ico': { status: 204 } },
      accounts: { corpus: { site: 'Corpus', domains: [HOST], codesText: codes } },
    });

    /** Opens the page, clicks its field and (on a backup-code page) fills from the button. */
    async function visit(b: AutofillBrowser, p: CorpusPage, path: string): Promise<void> {
      const page = await b.open(`https://${HOST}${path}`);
      await page.click('#f');
      if (!p.positive) {
        await pause(QUIET_MS);
        expect(await page.buttons(BUTTON)).toEqual([]);
        return;
      }
      const button = await page.waitForButton(BUTTON, 15_000);
      await page.clickAt(button.x, button.y);
      const value = await page.waitForValue('#f');
      const code = (await account(ids.corpus)).codes.find((c) => c.value === value);
      expect(code?.state, `the field holds "${value}"`).toBe('filled');
    }

    for (const { page: p, path } of SAMPLE) {
      it(`${label(p)}: ${p.positive ? 'offers "Fill backup code" and fills' : 'does not offer "Fill backup code"'}`, () =>
        visit(browser(), p, path));
    }

    const first = SAMPLE.find((s) => s.page.positive)!;
    if (name === 'chromium') {
      it('offers on a backup-code page opened while the service worker is stopped', async () => {
        await browser().stopBackground();
        await visit(browser(), first.page, first.path);
      });
    } else {
      it("Firefox's event page cannot be stopped from a test: the driver refuses, not a silent skip", async () => {
        await expect(browser().stopBackground()).rejects.toThrow(/cannot be stopped/);
      });
    }
  });
}
