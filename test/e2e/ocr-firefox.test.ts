/**
 * Codes from a picture in real Firefox (puppeteer-core over WebDriver BiDi)
 * with the built extension: the person picks a screenshot of Instagram's five
 * codes in Add account, the codes appear next to their crops, Save, "5 left".
 * This proves the engine's worker, WebAssembly (`wasm-unsafe-eval`) and model
 * load from the package in Firefox too. Controls are found by accessible name
 * (docs/design.md §5), as in ui-firefox.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchFirefox, type FirefoxSession } from './harness';

const MANAGER = 'src/ui/manager/index.html';
const PASS = 'lantern orbit velvet canyon';
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'ocr');

const sample = JSON.parse(readFileSync(join(FIXTURES, 'corpus.json'), 'utf8')) as {
  file: string;
  truth: { codes: string[] };
}[];
const INSTAGRAM = sample.find((s) => s.file.startsWith('instagram-light'))!;

function aria(name: string, role?: string): string {
  const esc = name.replace(/"/g, '\\"');
  return `::-p-aria([name="${esc}"]${role ? `[role="${role}"]` : ''})`;
}

async function waitFor(root: Page | ElementHandle, selector: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [first] = await root.$$(selector);
    if (first) return first;
    if (Date.now() > deadline) throw new Error(`Nothing matches ${selector} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The control labelled `label` (a file input is reached through its `<label>`). */
async function field(page: Page, label: string): Promise<ElementHandle<HTMLInputElement>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const handle of await page.$$(aria(label))) {
      const control = await handle.evaluateHandle((el) =>
        ['input', 'textarea'].includes(el.localName)
          ? el
          : el instanceof HTMLLabelElement
            ? el.control
            : null,
      );
      const element = control.asElement();
      if (element) return element as ElementHandle<HTMLInputElement>;
    }
    if (Date.now() > deadline) throw new Error(`No form control labelled "${label}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function type(page: Page, label: string, value: string): Promise<void> {
  const input = await field(page, label);
  await input.click();
  await input.type(value);
}

describe.skipIf(!hasBrowser('firefox'))('codes from a picture in real Firefox', () => {
  let session: FirefoxSession;
  let page: Page;

  beforeAll(async () => {
    session = await launchFirefox();
    page = await session.waitForExtensionPage(MANAGER);
    await page.setViewport({ width: 1280, height: 900 });
    await waitFor(page, aria('Create vault', 'button'));
    await type(page, 'Master passphrase', PASS);
    await type(page, 'Confirm passphrase', PASS);
    await (await waitFor(page, aria('Create vault', 'button'))).click();
    await waitFor(page, aria('Add account', 'button'), 60_000);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('reads a screenshot of Instagram codes in Add account and saves "5 left"', async () => {
    await (await waitFor(page, aria('Add account', 'button'))).click();
    await type(page, 'Website', 'instagram.com');
    await type(page, 'Username', 'zoe.firefox');
    await (await field(page, 'Import codes file')).uploadFile(join(FIXTURES, INSTAGRAM.file));
    const list = await waitFor(page, aria('Codes read from the picture', 'list'), 90_000);
    const values = await list.$$eval('input[type=text]', (inputs) =>
      inputs.map((i) => (i as HTMLInputElement).value),
    );
    expect(values).toEqual(INSTAGRAM.truth.codes);
    const crops = await list.$$eval('img', (imgs) =>
      imgs.map((i) => [
        (i as HTMLImageElement).naturalWidth,
        (i as HTMLImageElement).naturalHeight,
      ]),
    );
    expect(crops).toHaveLength(5);
    for (const [w, h] of crops) expect(w).toBeGreaterThan(h!);
    await (await waitFor(page, aria('Save', 'button'))).click();
    await expect
      .poll(
        async () => {
          const accounts = await page.$(aria('Accounts', 'list'));
          return accounts ? accounts.evaluate((el) => (el as HTMLElement).innerText) : '';
        },
        { timeout: 30_000 },
      )
      .toMatch(/instagram\.com[\s\S]*5 left/);
  });
});
