// `npm run demo`: the whole thing in one command.
//
// Serves a few demo sign-in pages on http://localhost (demo/server.mjs),
// launches Chromium with the built extension (dist/chrome) in a throw-away
// profile, creates a demo vault there (demo/vault.json) and opens the pages.
//
// With a display (DISPLAY or WAYLAND_DISPLAY) the browser window is yours to
// play with. Without one, Chromium runs headless: the script seeds the vault,
// proves the fill works with a short self-check, prints how to try the demo
// in your own browser, and keeps serving the pages until Ctrl+C.
//
//   node scripts/demo.mjs               the demo
//   node scripts/demo.mjs --check       headless self-check only; exit code 0/1
//   node scripts/demo.mjs --headless    headless even when a display is there
//   node scripts/demo.mjs --port=8080   serve on this port (default 4870, or any free one)
//   node scripts/demo.mjs --no-rebuild  use dist/chrome as it is (build only when missing)
//
// Everything happens through the extension's own protocol (src/messages.ts),
// sent from its manager page exactly as the UI would; nothing is stubbed.

// Functions passed to page.evaluate() run in the page, where these exist.
/* global document */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { normalizeCode, startDemoServer } from '../demo/server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist', 'chrome');
const SEED = JSON.parse(readFileSync(join(ROOT, 'demo', 'vault.json'), 'utf8'));
const DEFAULT_PORT = 4870;
const FILL_LABEL = 'Fill backup code'; // docs/design.md §5: the inline button's accessible name
const CHECK_TIMEOUT_MS = 150_000;

// ------------------------------------------------------------------ options

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      headless: { type: 'boolean', default: false },
      port: { type: 'string' },
      'no-rebuild': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`demo: ${e.message}\nRun \`node scripts/demo.mjs --help\`.`);
  process.exit(2);
}
if (options.help) {
  console.log(`Usage: npm run demo [-- options]

  --check        headless self-check, then exit (0 = the fill works end to end)
  --headless     run the browser headless even when a display is available
  --port=N       serve the demo pages on port N (default ${DEFAULT_PORT}; 0 = any free port)
  --no-rebuild   do not rebuild dist/chrome when the sources are newer`);
  process.exit(0);
}
const portOption = options.port === undefined ? undefined : Number(options.port);
if (
  portOption !== undefined &&
  !(Number.isInteger(portOption) && portOption >= 0 && portOption < 65536)
) {
  console.error(`demo: --port must be a port number, not "${options.port}".`);
  process.exit(2);
}

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const wantHeadful = hasDisplay && !options.check && !options.headless;

// ------------------------------------------------------------------ helpers

const log = (s = '') => console.log(s);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(message) {
  console.error(`\ndemo: ${message}`);
  process.exit(1);
}

/** Newest modification time under `path`, skipping tests (they are not in the build). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds dist/chrome when it is missing or older than what it is built from. */
function ensureBuilt() {
  const manifest = join(DIST, 'manifest.json');
  const inputs = ['src', 'public', 'manifest.json', 'vite.config.ts', 'package.json'];
  let reason = null;
  if (!existsSync(manifest)) reason = 'dist/chrome is missing';
  else if (Math.max(...inputs.map((p) => newestMtime(join(ROOT, p)))) > statSync(manifest).mtimeMs)
    reason = 'the sources are newer than dist/chrome';
  if (reason === null) return;
  if (existsSync(manifest) && options['no-rebuild']) {
    log(`Note: ${reason}; using it anyway (--no-rebuild).`);
    return;
  }
  log(`Building the Chrome extension (${reason})…`);
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'chrome'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) fail('`node scripts/build.mjs chrome` failed; see above.');
}

function findChromium() {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH] // an explicit choice is never second-guessed
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function removeProfile(dir) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// ------------------------------------------------------------------ the browser

/**
 * Launches Chromium with dist/chrome loaded in a fresh profile and waits for
 * the extension's service worker.
 */
async function launch(executablePath, headless) {
  const profile = mkdtempSync(join(tmpdir(), 'backstop-demo-'));
  const asRoot = process.getuid?.() === 0;
  const args = [
    `--disable-extensions-except=${DIST}`,
    `--load-extension=${DIST}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-component-update',
    ...(headless
      ? ['--disable-gpu', '--disable-background-networking']
      : ['--window-size=1280,900']),
  ];
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless,
      args,
      // Playwright adds --disable-extensions; in a window, also leave out the
      // "controlled by automated test software" bar.
      ignoreDefaultArgs: headless
        ? ['--disable-extensions']
        : ['--disable-extensions', '--enable-automation'],
      // Chromium refuses to start as root with its sandbox (containers, CI boxes).
      chromiumSandbox: !asRoot && !headless,
      // Our own signal handlers close the browser and then delete the profile;
      // Playwright's would exit the process first and leave it behind.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      locale: 'en-US',
      viewport: headless ? { width: 1280, height: 800 } : null,
    });
  } catch (e) {
    removeProfile(profile);
    throw e;
  }
  const isOurs = (w) => /^chrome-extension:\/\/[a-p]{32}\//.test(w.url());
  let worker;
  try {
    worker =
      context.serviceWorkers().find(isOurs) ??
      (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 30_000 }));
  } catch {
    await context.close().catch(() => {});
    removeProfile(profile);
    throw new Error(
      `Backstop's service worker did not start. Does ${DIST} load in chrome://extensions?`,
    );
  }
  // Node's URL gives chrome-extension: URLs an opaque ("null") origin.
  const origin = /^chrome-extension:\/\/[a-p]{32}/.exec(worker.url())[0];
  return { context, origin, profile };
}

/** The manager page (the extension opens it itself on install; otherwise we do). */
async function openManager(context, origin) {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const url = `${origin}/${manifest.options_ui.page}`;
  for (let i = 0; i < 30; i++) {
    const page = context.pages().find((p) => p.url().startsWith(url));
    if (page) {
      await page.waitForLoadState();
      return page;
    }
    await sleep(100);
  }
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Sends one protocol message from an extension page, as the UI does. */
async function message(page, name, payload) {
  const res = await page.evaluate(
    ([n, p]) => globalThis.chrome.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
    [name, payload],
  );
  if (!res?.ok) {
    throw new Error(`${name}: ${res?.error?.message ?? JSON.stringify(res)}`);
  }
  return res.value;
}

/** Creates the demo vault and its accounts; returns the account ids in seed order. */
async function seedVault(manager) {
  const status = await message(manager, 'vault.status');
  if (status.storageUnavailable) throw new Error('IndexedDB is unavailable in this profile.');
  if (status.exists) throw new Error('This fresh profile already has a vault.');
  await message(manager, 'vault.create', { passphrase: SEED.passphrase });
  await message(manager, 'settings.set', SEED.settings);
  const ids = [];
  for (const a of SEED.accounts) {
    const account = await message(manager, 'accounts.add', {
      draft: { site: a.site, domains: a.domains, username: a.username, notes: a.notes },
      codesText: a.codes.join('\n'),
    });
    const got = account.codes.map((c) => normalizeCode(c.value));
    if (got.join() !== a.codes.map(normalizeCode).join()) {
      throw new Error(`the vault read ${got.length} codes for ${a.site}, not ${a.codes.length}`);
    }
    ids.push(account.id);
  }
  // The manager showed "Create vault" when it opened; show the filled vault instead.
  await manager.reload();
  return ids;
}

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
async function ourButtons(page, label) {
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
async function selfCheck({ context, origin, manager, server, accountId }) {
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

// ------------------------------------------------------------------ what to print

function listPages(server) {
  return [
    `    Start page        ${server.urls.home}`,
    `    Demo Mail         ${server.urls.mail}`,
    `    Demo Social       ${server.urls.social}`,
    `    Demo Code Host    ${server.urls.code}`,
    `    Look-alike        ${server.urls.lookalike}   (must get nothing)`,
  ].join('\n');
}

function manualInstructions(server, reason) {
  const demo = SEED.accounts[0];
  return `
${reason}
The demo pages keep being served on this machine:
${listPages(server)}

To try them in your own Chromium or Chrome on this machine (from another
computer: \`ssh -L ${server.port}:localhost:${server.port} this-host\`, then use the same URLs):
  1. Open chrome://extensions, turn on "Developer mode", click "Load unpacked"
     and choose ${DIST}
     (Google Chrome 137+ ignores --load-extension but "Load unpacked" works.)
  2. Backstop opens its manager page: create a vault, for example with the
     passphrase "${SEED.passphrase}".
  3. "Add account": website ${demo.domains[0]}, username ${demo.username}, and paste these codes:
       ${demo.codes.join('\n       ')}
  4. Open ${server.urls.home} and follow the notes on each page.

Press Ctrl+C to stop serving.`;
}

// ------------------------------------------------------------------ main

async function startServer() {
  const wanted = portOption ?? DEFAULT_PORT;
  try {
    return await startDemoServer({ port: wanted, seed: SEED });
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || portOption !== undefined) {
      fail(`cannot serve the demo pages on port ${wanted}: ${e.message}`);
    }
    log(`Port ${wanted} is busy; using a free one.`);
    return startDemoServer({ port: 0, seed: SEED });
  }
}

/** What is running, so one shutdown path can close whatever exists. */
const running = { server: null, context: null, profile: null, closing: false };

async function shutdown(code) {
  if (running.closing) return;
  running.closing = true;
  await running.context?.close().catch(() => {});
  await running.server?.close().catch(() => {});
  if (running.profile) {
    const profile = running.profile;
    removeProfile(profile);
    // Chromium's helper processes can touch the profile for a moment after exit.
    await sleep(500);
    removeProfile(profile);
  }
  process.exit(code);
}

/** Closes the browser but keeps serving (the pages are for the reader's own browser now). */
async function closeBrowser() {
  await running.context?.close().catch(() => {});
  running.context = null;
  if (running.profile) removeProfile(running.profile);
  running.profile = null;
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));
  log('Backstop demo\n');
  const executablePath = findChromium();
  const notFound = `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (set CHROMIUM_PATH)`;
  if (!executablePath && options.check) {
    log(`✗ ${notFound}; the self-check needs it.`);
    return shutdown(1);
  }
  ensureBuilt();
  const server = (running.server = await startServer());
  log(`Serving the demo pages on http://localhost:${server.port}/ (loopback only).`);
  if (!executablePath) {
    log(manualInstructions(server, `\n${notFound}.`));
    return;
  }

  let headless = !wantHeadful;
  let why = options.headless
    ? '\nHeadless run (--headless): the self-check browser is closed again.'
    : '\nNo display here (DISPLAY is not set), so no browser window can open.';
  let session;
  try {
    session = await launch(executablePath, headless);
  } catch (e) {
    const reason = e.message.split('\n')[0];
    if (headless) {
      log(`\n✗ Could not launch ${executablePath}: ${reason}`);
      return shutdown(1);
    }
    log(`Could not open a browser window (${reason}); running headless instead.`);
    why = '\nThe browser window could not open, so the demo ran headless.';
    headless = true;
    try {
      session = await launch(executablePath, true);
    } catch (e2) {
      log(`\n✗ Could not launch ${executablePath}: ${e2.message.split('\n')[0]}`);
      return shutdown(1);
    }
  }
  const { context, origin } = session;
  running.context = context;
  running.profile = session.profile;

  let accountIds;
  let manager;
  try {
    manager = await openManager(context, origin);
    accountIds = await seedVault(manager);
  } catch (e) {
    log(`\n✗ Could not create the demo vault: ${e.message}`);
    return shutdown(1);
  }
  log(`Created a demo vault in a temporary profile; passphrase: "${SEED.passphrase}".`);

  if (!headless) {
    // Closing the window ends the demo.
    context.on('close', () => void shutdown(0));
    const tabs = [];
    for (const url of Object.values(server.urls)) {
      const page = await context.newPage();
      await page.goto(url).catch(() => {});
      tabs.push(page);
    }
    // The page Chromium opened at start (about:blank) is not needed.
    for (const p of context.pages()) if (p.url() === 'about:blank') await p.close();
    await tabs[0]?.bringToFront();
    log(`
Chromium is open with Backstop loaded and the demo vault unlocked.
  Passphrase (if it locks): ${SEED.passphrase}
  Tabs:
${listPages(server)}

Each page says what to try. Close the browser window or press Ctrl+C to end;
the temporary profile is deleted.`);
    return;
  }

  if (options.check) {
    setTimeout(() => {
      log(`\n✗ The self-check did not finish within ${CHECK_TIMEOUT_MS / 1000} s.`);
      void shutdown(1);
    }, CHECK_TIMEOUT_MS).unref();
  }
  const ok = await selfCheck({ context, origin, manager, server, accountId: accountIds[0] });
  log(ok ? 'Self-check passed.' : '\nSelf-check FAILED: see the ✗ lines above.');
  if (options.check) return shutdown(ok ? 0 : 1);

  await closeBrowser();
  // A vault made in another browser starts at the first code again.
  server.resetSpent();
  log(manualInstructions(server, why));
}

main().catch((e) => {
  if (running.closing) return; // Ctrl+C while starting up: the browser went away under us.
  console.error(`\ndemo: ${e.stack ?? e}`);
  void shutdown(1);
});
