// Last step of `npm start` (after `npm ci && npm run build`): says where the
// two builds are and how to load them, and, when a display is available,
// opens Chromium with the extension loaded in a throw-away profile.
// Never fails for lack of a display or a browser: the builds are the product.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromeDir = join(root, 'dist', 'chrome');
const firefoxDir = join(root, 'dist', 'firefox');

for (const dir of [chromeDir, firefoxDir]) {
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.error(`No build in ${dir}. Run \`npm run build\` first.`);
    process.exit(1);
  }
}

console.log(`
Backstop is built.

  Chrome / Chromium / Edge: ${chromeDir}
    1. Open chrome://extensions
    2. Turn on "Developer mode" (top right)
    3. "Load unpacked" and choose the folder above

  Firefox (140 or newer): ${firefoxDir}
    1. Open about:debugging#/runtime/this-firefox
    2. "Load Temporary Add-on…" and choose ${join(firefoxDir, 'manifest.json')}
    (A temporary add-on is removed when Firefox closes. For development,
    \`npx web-ext run --source-dir dist/firefox\` starts Firefox with it.)

On first install Backstop opens its manager page to create a vault.
`);

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && existsSync(p),
);

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log('No display (DISPLAY is not set): not launching a browser.');
  process.exit(0);
}
if (!chromium) {
  console.log('Chromium not found (set CHROMIUM_PATH): load the extension by hand as above.');
  process.exit(0);
}

const profile = mkdtempSync(join(tmpdir(), 'backstop-start-'));
console.log(`Launching ${chromium} with dist/chrome in a temporary profile (${profile}).`);
console.log('Close the browser window (or press Ctrl+C) to finish.');

const child = spawn(
  chromium,
  [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${chromeDir}`,
    `--load-extension=${chromeDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Chromium refuses to run as root with its sandbox on (containers, CI boxes).
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ],
  { stdio: 'ignore' },
);

// Chromium's helper processes can outlive the main one by a moment and touch
// the profile again, so remove it twice with a pause in between.
const finish = () => {
  rmSync(profile, { recursive: true, force: true });
  setTimeout(() => {
    rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  }, 1500);
};
child.on('error', (e) => {
  console.log(`Could not launch Chromium (${e.message}); load the extension by hand as above.`);
  finish();
});
child.on('exit', (code, signal) => {
  if (code !== 0 && signal === null) {
    console.log(
      `Chromium exited with code ${code} (no usable display?); load the extension by hand as above.`,
    );
  }
  finish();
});
process.on('SIGINT', () => child.kill('SIGTERM'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
