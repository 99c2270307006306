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
//
// The parts: scripts/demo/browser.mjs (build, launch, seeding),
// scripts/demo/self-check.mjs (the headless self-check), this file (options,
// what to print, start and shutdown).
import { parseArgs } from 'node:util';
import { startDemoServer } from '../demo/server.mjs';
import {
  ensureBuilt,
  findChromium,
  launch,
  openManager,
  removeProfile,
  seedVault,
} from './demo/browser.mjs';
import { selfCheck } from './demo/self-check.mjs';
import { DIST, SEED, fail, log, sleep } from './demo/shared.mjs';

const DEFAULT_PORT = 4870;
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
  ensureBuilt({ noRebuild: options['no-rebuild'] });
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
    accountIds = await seedVault(manager, SEED);
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
