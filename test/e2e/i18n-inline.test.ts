/**
 * Backstop's words inside the page (the inline button, the toast, Undo) follow the Language
 * setting, in German and in Arabic, in Chromium and Firefox with the built extension: the content
 * script carries no catalog and gets them from the background (src/platform/content-i18n.ts), so
 * this is the only place the whole way is seen. The names come from the same `public/_locales`
 * the build ships; the English flow is autofill.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, ROUTES } from './autofill/accounts';
import { BROWSERS, useAutofill } from './autofill/driver';
import { hasBrowser } from './harness/env';
import { messagesFor } from './harness';

const SPA = 'https://github.com/sessions/two-factor/recovery-spa';

for (const name of BROWSERS) {
  describe.skipIf(!hasBrowser(name))(`the inline surface in German and Arabic, ${name}`, () => {
    const { ids, browser, waitForState } = useAutofill(name, {
      routes: ROUTES,
      accounts: { github: ACCOUNTS.github },
    });

    // Each run gives its code back (Undo), so both fill the first of the 16 again.
    const index = 0;
    it.each([{ locale: 'de' }, { locale: 'ar' }] as const)(
      '$locale: the button, the toast and Undo speak the setting',
      async ({ locale }) => {
        const t = messagesFor(locale);
        await browser().bg('settings.set', { language: locale });
        const page = await browser().open(SPA);
        await page.click('#recovery_code');
        // waitForButton also waits out the clickjacking guard (src/content/visibility.ts).
        const button = await page.waitForButton(t.m('contentFillButton'));
        expect(button.text).toContain(t.m('contentCodesLeft', 16));
        // Our host element is the only part the page sees: it carries the language and direction.
        expect(
          await page.evaluate(
            (lang) =>
              [...document.documentElement.children]
                .filter((e) => e.getAttribute('lang') === lang)
                .map((e) => e.getAttribute('dir')),
            t.tag,
          ),
        ).toContain(t.dir);
        await page.clickAt(button.x, button.y);
        await page.waitForValue('#recovery_code');
        await waitForState(ids.github, index, 'filled');

        // The page stays after the submit: the code stays filled, with Undo offered.
        await page.click('#verify');
        await expect.poll(() => page.toast(), { timeout: 8000 }).toContain(t.m('contentStayed'));
        const undo = await page.waitForButton(t.m('contentUndo'));
        await page.clickAt(undo.x, undo.y);
        await waitForState(ids.github, index, 'unused');
        await expect.poll(() => page.toast(), { timeout: 5000 }).toBe(t.m('contentUnusedAgain'));
        await page.close();
      },
    );
  });
}
