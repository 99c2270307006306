// `npm run build`: builds dist/chrome and dist/firefox (one vite build each,
// in its own process so no plugin state leaks from one target into the other),
// then checks that each output is a clean, loadable production extension, and
// writes dist/recover.html, the stand-alone recovery page (scripts/recover-page.mjs).
//
//   node scripts/build.mjs             both targets
//   node scripts/build.mjs firefox     one target
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRecoverPage } from './recover-page.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ALL_TARGETS = ['chrome', 'firefox'];
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ALL_TARGETS;
for (const t of targets) {
  if (!ALL_TARGETS.includes(t))
    fail(`Unknown target "${t}" (expected ${ALL_TARGETS.join(' or ')}).`);
}

// docs/design.md §6: the content script runs in every frame of every page.
const CONTENT_SCRIPT_BUDGET = 20 * 1024;

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** Every string in the manifest that names a file inside the package. */
function referencedFiles(manifest) {
  const files = new Set(Object.values(manifest.icons ?? {}));
  for (const icon of Object.values(manifest.action?.default_icon ?? {})) files.add(icon);
  if (manifest.action?.default_popup) files.add(manifest.action.default_popup);
  if (manifest.options_ui?.page) files.add(manifest.options_ui.page);
  if (manifest.background?.service_worker) files.add(manifest.background.service_worker);
  for (const script of manifest.background?.scripts ?? []) files.add(script);
  for (const cs of manifest.content_scripts ?? []) {
    for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) files.add(f);
  }
  return [...files];
}

function checkOutput(target) {
  const dir = join(root, 'dist', target);
  const problems = [];
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) fail(`${target}: no manifest.json in ${dir}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

  if (manifest.manifest_version !== 3) problems.push('manifest_version is not 3');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (manifest.version !== version)
    problems.push(`version ${manifest.version} != package.json ${version}`);

  for (const file of referencedFiles(manifest)) {
    if (!existsSync(join(dir, file))) problems.push(`manifest names a missing file: ${file}`);
  }

  // Every __MSG_key__ must exist in the default locale, or the browser shows
  // the raw placeholder (Chrome refuses to load the extension at all).
  const messages = JSON.parse(
    readFileSync(join(dir, '_locales', manifest.default_locale, 'messages.json'), 'utf8'),
  );
  for (const [key, entry] of Object.entries(messages)) {
    // Chrome refuses a locale file with a malformed entry; keep both browsers happy.
    if (!/^[A-Za-z0-9_@]+$/.test(key)) problems.push(`messages.json: invalid key "${key}"`);
    if (typeof entry?.message !== 'string' || entry.message === '') {
      problems.push(`messages.json: "${key}" has no message`);
    }
    for (const [, name] of (entry?.message ?? '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)) {
      if (
        !entry.placeholders ||
        !Object.keys(entry.placeholders).some((p) => p.toLowerCase() === name.toLowerCase())
      ) {
        problems.push(`messages.json: "${key}" uses $${name}$ without a placeholder`);
      }
    }
  }
  for (const [, key] of JSON.stringify(manifest).matchAll(/__MSG_(\w+)__/g)) {
    if (!messages[key]?.message)
      problems.push(`__MSG_${key}__ has no message in _locales/${manifest.default_locale}`);
  }

  if (target === 'chrome') {
    if (!manifest.background?.service_worker) problems.push('no background.service_worker');
    if (manifest.background?.scripts) problems.push('background.scripts is MV2-only in Chrome');
    if (manifest.browser_specific_settings)
      problems.push('browser_specific_settings is Firefox-only');
  } else {
    if (!manifest.background?.scripts?.length) problems.push('no background.scripts');
    if (manifest.background?.service_worker)
      problems.push('Firefox does not run extension service workers');
    if (!manifest.browser_specific_settings?.gecko?.id)
      problems.push('no browser_specific_settings.gecko.id');
    // The manifest claims only what the suite runs in (docs/permissions.md).
    if (manifest.browser_specific_settings?.gecko_android)
      problems.push('gecko_android declares Firefox for Android, which no test runs in');
  }

  // A production build must not point at a dev server or carry the HMR client.
  const files = listFiles(dir);
  for (const file of files.filter((f) => /\.(js|html|json)$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    if (/localhost:\d+|\/@vite\/|@crx\/client|__CRX_HMR/.test(text)) {
      problems.push(`${relative(dir, file)} refers to the dev server`);
    }
  }
  if (files.some((f) => f.endsWith('.map'))) problems.push('source maps in the package');

  // Nothing needs to be reachable from web pages: the content script is a
  // self-contained IIFE. A web-accessible resource would let any page detect
  // that Backstop is installed.
  if (manifest.web_accessible_resources?.length) {
    problems.push(
      `unexpected web_accessible_resources: ${JSON.stringify(manifest.web_accessible_resources)}`,
    );
  }

  let contentBytes = 0;
  for (const cs of manifest.content_scripts ?? []) {
    for (const f of cs.js ?? []) contentBytes += statSync(join(dir, f)).size;
  }
  // Over budget is a warning here (the build is still usable); `npm run bench`
  // is where budgets are enforced.
  const overBudget = contentBytes > CONTENT_SCRIPT_BUDGET;

  if (problems.length)
    fail(`${target}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  console.log(`build: dist/${target} ok (content script ${(contentBytes / 1024).toFixed(1)} KB)`);
  if (overBudget) {
    console.warn(
      `build: WARNING: the content script is ${contentBytes} bytes, over the ` +
        `${CONTENT_SCRIPT_BUDGET}-byte budget of docs/design.md §6.`,
    );
  }
}

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/** One vite build; `part` selects the popup build of vite.config.ts. */
function viteBuild(target, part) {
  const result = spawnSync(process.execPath, [vite, 'build', '--mode', 'production'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      VITE_TARGET: target,
      NODE_ENV: 'production',
      BACKSTOP_PART: part ?? '',
    },
  });
  if (result.status !== 0)
    fail(
      `vite build (${part ?? 'extension'}) for ${target} failed (exit ${result.status ?? result.signal}).`,
    );
}

/** The popup is built apart (see vite.config.ts): name it in the manifest again. */
function restorePopup(target) {
  const { action } = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const path = join(root, 'dist', target, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  manifest.action = { ...manifest.action, default_popup: action.default_popup };
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

for (const target of targets) {
  console.log(`\nbuild: ${target} → dist/${target}`);
  viteBuild(target);
  viteBuild(target, 'popup');
  restorePopup(target);
  checkOutput(target);
}

// One page for both targets: it is not part of either extension, only shipped beside it.
const page = writeRecoverPage();
console.log(`build: ${relative(root, page)} ok (the recovery page, one self-contained file)`);
