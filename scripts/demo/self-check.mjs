// `npm run demo`, the self-check: drives the demo pages with trusted clicks on
// Backstop's own button and checks each outcome in the page, the demo site and
// the vault.

// Functions passed to page.evaluate() run in the page, where these exist.
/* global document */
import { normalizeCode } from '../../demo/server.mjs';
import { message } from './browser.mjs';
import { FILL_LABEL, log, sleep } from './shared.mjs';

// ------------------------------------------------------------------ finding our button
//
// The inline button lives in a closed shadow root: page scripts (and so
// Playwright's selectors) cannot see it. The DevTools protocol can, with a
// pierced DOM snapshot, and a mouse click at its position is a trusted click.

function* walk(node, closed = false) {
  yield { node, closed };
  for (const c of node.children ?? []) yield* walk(c, closed);
  for (const s of node.shadowRoots ?? []) yield* walk(s, closed || s.shadowRootType === 'closed');
  if (node.contentDocument) yield* walk(node.contentDocument, closed);
}

const attribute = (node, name) => {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
};

const textOf = (node) =>
  (node.nodeValue ?? '') + (node.children ?? []).map((c) => textOf(c)).join('');

/** Backstop's buttons with this accessible name, with the center of each rendered one. */
export async function ourButtons(page, label) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const found = [];
    for (const { node, closed } of walk(root)) {
      if (!closed || node.localName !== 'button' || attribute(node, 'aria-label') !== label)
        continue;
      try {
        const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId });
        const q = model.content;
        found.push({ x: (q[0] + q[4]) / 2, y: (q[1] + q[5]) / 2, text: textOf(node) });
      } catch {
        // In the tree but not rendered.
      }
    }
    return found;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function waitForButton(page, label, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [button] = await ourButtons(page, label);
    if (button) return button;
    await sleep(100);
  }
  throw new Error(`no "${label}" button appeared`);
}

// ------------------------------------------------------------------ self-check

/**
 * Drives the demo pages the way a person would (trusted clicks only) and
 * checks each outcome in three places: the page's field, the demo site's
 * answer, and the vault. Returns true when every step passed.
 */
export async function selfCheck({ context, origin, manager, server, accountId }) {
  const account = () => message(manager, 'accounts.get', { id: accountId });
  const nextUnused = async () => (await account()).codes.find((c) => c.state === 'unused');
  const left = async () => (await account()).codes.filter((c) => c.state === 'unused').length;
  const waitUsed = async (codeId) => {
    const deadline = Date.now() + 8000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await account()).codes.find((c) => c.id === codeId)?.state ?? '';
      if (state === 'used') return;
      await sleep(100);
    }
    throw new Error(`Backstop did not mark the code used (it is "${state}")`);
  };
  /** One web tab at a time, so a forced fill can only reach the page under test. */
  const open = async (url) => {
    for (const p of context.pages()) if (p !== manager) await p.close();
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };

  let passed = true;
  const step = async (name, fn) => {
    try {
      for (const line of [await fn()].flat()) log(`  ✓ ${line}`);
    } catch (e) {
      passed = false;
      log(`  ✗ ${name}: ${e.message.split('\n')[0]}`);
    }
  };

  /** Fills with a trusted click on our button; returns the code the vault handed out. */
  const fillByButton = async (page, fieldSelector) => {
    const expected = await nextUnused();
    if (!expected) throw new Error('the demo account has no unused code left');
    await page.click(fieldSelector);
    const button = await waitForButton(page, FILL_LABEL);
    // The clickjacking guard (src/content/visibility.ts) takes a pointer click
    // only once the button has been in view for 500 ms, as a person's would be.
    await page.waitForTimeout(800);
    await page.mouse.click(button.x, button.y);
    return { expected, button };
  };

  /** Waits for the site's answer to the submit; throws with what it said unless "Signed in". */
  const signedIn = async (page, selector) => {
    const answer = () =>
      page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const status = document.querySelector('#status')?.textContent ?? '';
        return {
          heading: el?.querySelector('h1')?.textContent?.trim() ?? '',
          status,
          text: el?.textContent ?? '',
        };
      }, selector);
    const deadline = Date.now() + 8000;
    let last = await answer().catch(() => null);
    while (Date.now() < deadline) {
      // A result page (or the Social app's result) or an error from the page's own check.
      if (
        last &&
        (last.heading === 'Signed in' ||
          last.status !== '' ||
          /didn’t work|already used|No code/.test(last.heading))
      )
        break;
      await sleep(100);
      last = await answer().catch(() => null);
    }
    if (last?.heading !== 'Signed in') {
      const said = (last?.status || last?.text || '').replace(/\s+/g, ' ').trim().slice(0, 200);
      throw new Error(`the site did not sign in: “${said}”`);
    }
  };

  log('\nSelf-check (headless Chromium, trusted clicks on Backstop’s own button):');

  await step('Demo Mail', async () => {
    const page = await open(server.urls.mail);
    const { expected, button } = await fillByButton(page, '#backup_code');
    await page.waitForFunction(() => document.querySelector('#backup_code').value !== '');
    const value = await page.inputValue('#backup_code');
    if (normalizeCode(value) !== normalizeCode(expected.value)) {
      throw new Error(`the field holds “${value}”, the vault handed out “${expected.value}”`);
    }
    await Promise.all([page.waitForURL('**/mail/verify'), page.click('button[type=submit]')]);
    await signedIn(page, '#result');
    await waitUsed(expected.id);
    return [
      `filled code ${value} on Demo Mail (button said “${button.text.replace(FILL_LABEL, `${FILL_LABEL} · `)}”)`,
      `Demo Mail signed in with it, and Backstop marked it used (${await left()} left)`,
    ];
  });

  await step('Demo Social', async () => {
    const page = await open(server.urls.social);
    const { expected } = await fillByButton(page, '#code');
    await page.waitForFunction(() => document.querySelector('#code').value !== '');
    const value = await page.inputValue('#code');
    if (normalizeCode(value) !== normalizeCode(expected.value)) {
      throw new Error(`the field holds “${value}”, the vault handed out “${expected.value}”`);
    }
    await page.click('#submit');
    await signedIn(page, '#app');
    await waitUsed(expected.id);
    return `filled code ${value} on Demo Social (React-style field); signed in, marked used`;
  });

  await step('Demo Code Host', async () => {
    const page = await open(server.urls.code);
    const { expected } = await fillByButton(page, 'input[name=d1]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.boxes input')].every((b) => b.value !== ''),
    );
    const boxes = await page.$$eval('.boxes input', (els) => els.map((e) => e.value));
    if (boxes.join('') !== normalizeCode(expected.value)) {
      throw new Error(
        `the boxes hold “${boxes.join(' ')}”, the vault handed out “${expected.value}”`,
      );
    }
    await Promise.all([page.waitForURL('**/code/verify'), page.click('button[type=submit]')]);
    await signedIn(page, '#result');
    await waitUsed(expected.id);
    return `filled code ${expected.value} into Demo Code Host’s 8 boxes (${boxes.join(' ')}); signed in, marked used`;
  });

  await step('look-alike at 127.0.0.1', async () => {
    const before = (await account()).codes.map((c) => c.state).join();
    const submissions = server.submissions.length;
    const page = await open(server.urls.lookalike);
    await page.click('#backup_code');
    await sleep(1500);
    if ((await ourButtons(page, FILL_LABEL)).length > 0) {
      throw new Error('Backstop offered to fill on the look-alike');
    }
    // What the keyboard shortcut, context menu and popup do: ask the tab to fill.
    const worker = context.serviceWorkers().find((w) => w.url().startsWith(`${origin}/`));
    if (!worker) throw new Error('the service worker is not running');
    const answers = await worker.evaluate(async () => {
      const out = [];
      for (const tab of await globalThis.chrome.tabs.query({})) {
        out.push(
          await globalThis.chrome.tabs
            .sendMessage(tab.id, { backstop: 1, name: 'content.fill', payload: {} })
            .catch(() => null),
        );
      }
      return out;
    });
    // The look-alike's own content script must have answered (and refused).
    if (!answers.some((a) => a && a.filled === false)) {
      throw new Error(`no content script answered the forced fill (${JSON.stringify(answers)})`);
    }
    await sleep(500);
    const value = await page.inputValue('#backup_code');
    if (value !== '') throw new Error(`the look-alike's field got “${value}”`);
    if ((await account()).codes.map((c) => c.state).join() !== before) {
      throw new Error('a code changed state on the look-alike');
    }
    if (server.submissions.length !== submissions)
      throw new Error('the look-alike received a code');
    return `the look-alike “Demo Mail” at ${server.urls.lookalike} got no button, and a forced fill filled nothing`;
  });

  return passed;
}
