/**
 * What the Chromium and Firefox extension benches (extension.ts,
 * extension-firefox.ts) share: the fixture pages and the vault they measure
 * with (a protocol message from an extension page is the e2e harness's
 * `sendFromPage`).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { forgetClaimCounts as clearClaims } from '../../test/e2e/autofill/in-extension';
import { sendFromPage } from '../../test/e2e/harness';

export const PASSPHRASE = 'bench passphrase for the popup, long enough';

/** The known site (GitHub's recovery step) and a page only the heuristics find. */
export const BENCH_ROUTES = {
  'github.com/sessions/two-factor/recovery': 'github-recovery.html',
  'acme-backup.org/login/backup': 'e2e/backup-code.html',
};

/** GitHub-style recovery codes (`xxxxx-xxxxx`, hex), fresh for every bench run. */
export function githubCodes(n: number): string[] {
  return Array.from({ length: n }, () => {
    const hex = randomBytes(5).toString('hex');
    return `${hex.slice(0, 5)}-${hex.slice(5)}`;
  });
}

/**
 * Clears the background's claim counts (storage.session `claims`) from an
 * extension page. Each click-to-filled run leaves the page within the submit
 * window, so its code is confirmed used and the next run claims a fresh one;
 * the per-tab and per-origin limits on fresh codes (src/background/claim-limits.ts,
 * 3 per tab, 6 per origin) would refuse the 4th run. A person never claims
 * 20 fresh codes in a minute; the bench measures the fill, not the limit.
 */
export async function forgetClaimCounts(page: Page | FirefoxPage): Promise<void> {
  // The e2e driver's own reset, evaluated in the bench's extension page.
  await (page as Page).evaluate(clearClaims);
}

/**
 * A new vault with GitHub (fresh codes for `fillRuns` fills and a few more,
 * returned so a fill can be checked against them), GitLab and Acme.
 */
export async function seedVault(
  send: (name: string, payload?: unknown) => Promise<unknown>,
  fillRuns: number,
): Promise<string[]> {
  await send('vault.create', { passphrase: PASSPHRASE });
  const codes = githubCodes(fillRuns + 4);
  await send('accounts.add', {
    draft: { site: 'GitHub', domains: ['github.com'], username: 'octo', notes: '' },
    codesText: codes.join('\n'),
  });
  for (const [site, domain] of [
    ['GitLab', 'gitlab.com'],
    ['Acme', 'acme-backup.org'],
  ] as const) {
    await send('accounts.add', {
      draft: { site, domains: [domain], username: 'jane', notes: '' },
      codesText: githubCodes(10).join('\n'),
    });
  }
  return codes;
}

/**
 * The Language setting as the manager saves it: in the background and in the
 * pages' own copy (`localStorage`, read before the first render).
 */
export async function setLanguage(page: Page | FirefoxPage, language: string): Promise<void> {
  await sendFromPage(page, 'settings.set', { language });
  await (page as Page).evaluate(
    (lang) => localStorage.setItem('backstop.language', lang),
    language,
  );
}
