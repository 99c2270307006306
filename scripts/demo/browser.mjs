// `npm run demo`, the browser side: builds dist/chrome when needed, launches
// Chromium with it in a throw-away profile, and seeds the demo vault through
// the extension's own protocol (src/messages.ts), sent from its manager page
// exactly as the UI would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { normalizeCode } from '../../demo/server.mjs';
import { DIST, ROOT, fail, log, sleep } from './shared.mjs';

/** Newest modification time under `path`, skipping tests (they are not in the build). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Builds dist/chrome when it is missing or older than what it is built from
 * (with `noRebuild`, only when it is missing).
 */
export function ensureBuilt({ noRebuild }) {
  const manifest = join(DIST, 'manifest.json');
  const inputs = ['src', 'public', 'manifest.json', 'vite.config.ts', 'package.json'];
  let reason = null;
  if (!existsSync(manifest)) reason = 'dist/chrome is missing';
  else if (Math.max(...inputs.map((p) => newestMtime(join(ROOT, p)))) > statSync(manifest).mtimeMs)
    reason = 'the sources are newer than dist/chrome';
  if (reason === null) return;
  if (existsSync(manifest) && noRebuild) {
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

export function findChromium() {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH] // an explicit choice is never second-guessed
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => existsSync(p)) ?? null;
}

export function removeProfile(dir) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// ------------------------------------------------------------------ the browser

/**
 * Launches Chromium with dist/chrome loaded in a fresh profile and waits for
 * the extension's service worker.
 */
export async function launch(executablePath, headless) {
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
export async function openManager(context, origin) {
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
export async function message(page, name, payload) {
  const res = await page.evaluate(
    ([n, p]) => globalThis.chrome.runtime.sendMessage({ backstop: 1, name: n, payload: p }),
    [name, payload],
  );
  if (!res?.ok) {
    throw new Error(`${name}: ${res?.error?.message ?? JSON.stringify(res)}`);
  }
  return res.value;
}

/** Creates the demo vault and its accounts from `seed`; returns the account ids in seed order. */
export async function seedVault(manager, seed) {
  const status = await message(manager, 'vault.status');
  if (status.storageUnavailable) throw new Error('IndexedDB is unavailable in this profile.');
  if (status.exists) throw new Error('This fresh profile already has a vault.');
  await message(manager, 'vault.create', { passphrase: seed.passphrase });
  await message(manager, 'settings.set', seed.settings);
  const ids = [];
  for (const a of seed.accounts) {
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
