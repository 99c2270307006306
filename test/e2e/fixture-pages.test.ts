/**
 * Every page of test/fixtures/pages end to end, once per browser (Chromium
 * and Firefox, ./autofill/driver.ts), with the built extension: the same
 * table the detector's unit test reads in jsdom (each page's
 * `<meta name="backstop-expect">`), now with the real content script, the
 * background's qualification and a real fill. A page that expects a field
 * offers "Fill backup code" on it, and a trusted click on that button fills
 * one of the account's codes (split boxes: one character per box; a field
 * rendered late, in an open shadow root or in a same-origin iframe
 * included, and one in an about:srcdoc frame the page wrote itself, judged
 * by the origin the browser reports for it). A page that expects nothing
 * reports no field and shows no button on any of its inputs.
 *
 * The pages are served at one made-up host, so no site rule applies and the
 * field is found the way an unknown site's is; the one page whose field only
 * its site rule knows (Facebook's checkpoint) is served at its real address.
 */
import { describe, expect, it } from 'vitest';
import { loadFixtures, type Fixture } from '../../src/content/detect/testing/fixtures';
import { BROWSERS, useAutofill, type TestPage } from './autofill/driver';
import { hasBrowser } from './harness/env';

const HOST = 'fixture-pages.org';
const FACEBOOK = 'https://www.facebook.com/checkpoint/login';
/** How long a page that expects nothing is watched for a button that must not come. */
const QUIET_MS = 1500;

const FIXTURES = loadFixtures();
const urlOf = (f: Fixture) => (f.hint ? FACEBOOK : `https://${HOST}/${f.name}`);
/** The background keeps only a reporting frame's origin (src/background/fields.ts). */
const originOf = (f: Fixture) => new URL(urlOf(f)).origin;

/** 8 digits: fits every field here (the narrowest holds 8, the split page has 8 boxes). */
const codes = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => ({
    value: String(10_000_000 + ((seed + i * 7_919_113) % 89_999_999)),
    used: false,
  }));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where an element of the page is: ` >>> ` steps into an open shadow root or a same-origin iframe. */
interface Located {
  x: number;
  y: number;
  /** The field's value; split boxes: the boxes of its group, joined. */
  value: string;
}

function locate(arg: { path: string; split: boolean }): Located | null {
  const steps = arg.path.split(' >>> ');
  let root: Document | ShadowRoot = document;
  let dx = 0;
  let dy = 0;
  let el: Element | null = null;
  for (let i = 0; i < steps.length; i++) {
    el = root.querySelector(steps[i]!);
    if (!el) return null;
    if (i === steps.length - 1) break;
    if (el.shadowRoot) root = el.shadowRoot;
    else if (el instanceof HTMLIFrameElement && el.contentDocument) {
      const r = el.getBoundingClientRect();
      dx += r.left + el.clientLeft;
      dy += r.top + el.clientTop;
      root = el.contentDocument;
    } else return null;
  }
  const field = el as HTMLInputElement;
  field.scrollIntoView({ block: 'center' });
  const r = field.getBoundingClientRect();
  const boxes = arg.split ? [...field.parentElement!.querySelectorAll('input')] : [field];
  return {
    x: dx + r.left + r.width / 2,
    y: dy + r.top + r.height / 2,
    value: boxes.map((b) => b.value).join(''),
  };
}

/** The centres of the page's visible inputs a person could type into (top document). */
function typeableInputs(): { x: number; y: number }[] {
  const skip = new Set(['hidden', 'checkbox', 'radio', 'submit', 'button', 'image', 'file']);
  return [...document.querySelectorAll('input, textarea')]
    .filter((el) => !skip.has((el as HTMLInputElement).type))
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 }));
}

async function waitForField(page: TestPage, path: string, split: boolean): Promise<Located> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const at = await page.evaluate(locate, { path, split });
    if (at) return at;
    if (Date.now() > deadline) throw new Error(`${path} never appeared`);
    await pause(100);
  }
}

for (const name of BROWSERS) {
  describe.skipIf(!hasBrowser(name))(`fixture pages in ${name} (built extension)`, () => {
    const { ids, browser, account } = useAutofill(name, {
      routes: {
        ...Object.fromEntries(
          FIXTURES.filter((f) => !f.hint).map((f) => [`${HOST}/${f.name}`, `${f.name}.html`]),
        ),
        'www.facebook.com/checkpoint/login': 'facebook-checkpoint.html',
        '*/favicon.ico': { status: 204 },
      },
      accounts: {
        pages: { site: 'Fixture pages', domains: [HOST], codes: codes(30, 1) },
        facebook: { site: 'Facebook', domains: ['facebook.com'], codes: codes(5, 2) },
      },
    });

    it('has the pages the unit test reads, both kinds', () => {
      expect(FIXTURES.filter((f) => f.expected.length).length).toBeGreaterThanOrEqual(20);
      expect(FIXTURES.filter((f) => !f.expected.length).length).toBeGreaterThanOrEqual(13);
    });

    for (const f of FIXTURES) {
      const field = f.expected[0];
      if (!field) {
        it(`${f.name}: no field is reported and no input shows "Fill backup code"`, async () => {
          const b = browser();
          const page = await b.open(urlOf(f));
          const inputs = await page.evaluate(typeableInputs);
          expect(inputs.length).toBeGreaterThan(0);
          for (const at of inputs) {
            await page.clickAt(at.x, at.y);
            await pause(QUIET_MS / inputs.length);
          }
          await pause(QUIET_MS);
          expect(await page.buttons('Fill backup code')).toEqual([]);
          // The content script scanned the page (it reports fields as soon as it finds them).
          expect(await b.reportedFrames()).not.toContain(originOf(f));
        });
        continue;
      }
      const split = field.kind === 'split';
      it(`${f.name}: offers on ${field.path}${field.late ? ' (rendered late)' : ''} and fills a code${split ? ', one character per box' : ''}`, async () => {
        const b = browser();
        const page = await b.open(urlOf(f));
        const at = await waitForField(page, field.path, split);
        if (field.late) {
          // A field rendered late is qualified after it appears; a person
          // who focused it before that would refocus it. Here: click once
          // the content script has reported it (seen under load in Firefox).
          const deadline = Date.now() + 10_000;
          while (!(await b.reportedFrames()).includes(originOf(f))) {
            if (Date.now() > deadline) throw new Error('the late field was never reported');
            await pause(100);
          }
        }
        await page.clickAt(at.x, at.y);
        const button = await page.waitForButton('Fill backup code');
        expect(await page.buttons('Fill backup code')).toHaveLength(1);
        await page.clickAt(button.x, button.y);

        const id = f.hint ? ids.facebook : ids.pages;
        const deadline = Date.now() + 10_000;
        let value = '';
        while (!value && Date.now() < deadline) {
          value = (await waitForField(page, field.path, split)).value;
          if (!value) await pause(100);
        }
        const code = (await account(id)).codes.find((c) => c.value === value);
        expect(code, `the field holds "${value}", not one of the account's codes`).toBeDefined();
        expect(code!.state).toBe('filled');
        // The report the negative pages are checked against: the page's field was reported.
        expect(await b.reportedFrames()).toContain(originOf(f));
      });
    }
  });
}
