// `npm run package`: store-ready zips of the built extension.
//
//   node scripts/package.mjs               writes release/backstop-{chrome,firefox}-<version>.zip
//   node scripts/package.mjs --out DIR     writes them into DIR instead
//   node scripts/package.mjs --no-build    packages dist/ as it is (warns if stale;
//                                          the unit test uses this so it never
//                                          rewrites dist/ under running e2e tests)
//
// Builds first (scripts/build.mjs) when dist/<target> is missing or older than
// the sources, so a zip can never carry a stale build. Each zip holds the
// contents of dist/<target> at its root (manifest.json first level, as both
// stores require) plus `recover.html`, the stand-alone page that decrypts an
// encrypted backup without Backstop (docs/backup-format.md; put together from
// recovery/ and public/_locales by scripts/recover-page.mjs): shipping it in
// every release means a user who has the package also has a way out.
//
// Next to the zips, store-listing/<locale>.txt holds each language's store
// listing (name, short and long description, from the extName, extDescription
// and storeDescription messages) to paste into each store's per-language
// listing; the manifest's name and description are localized by the browsers
// themselves through __MSG_ keys.
//
// The zips are written by web-ext (Mozilla's own packaging tool, a declared
// devDependency), for the Chrome build too: a Chrome Web Store upload is a
// plain zip with manifest.json at the root, which is what `web-ext build`
// produces from any directory.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRecoverPage } from './recover-page.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGETS = ['chrome', 'firefox'];
/** Everything that changes what `scripts/build.mjs` writes into dist/. */
const BUILD_INPUTS = [
  'src',
  'public',
  'manifest.json',
  'vite.config.ts',
  'package.json',
  'scripts/build.mjs',
];

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  let out = join(root, 'release');
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) out = resolve(argv[++i]);
    else if (argv[i] === '--no-build') build = false;
    else fail(`unknown argument "${argv[i]}" (usage: package.mjs [--out DIR] [--no-build])`);
  }
  return { out, build };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * Newest modification time among the build inputs. Unit tests next to the
 * sources do not end up in dist/, so editing one does not force a rebuild.
 */
function newestInput() {
  let newest = 0;
  for (const input of BUILD_INPUTS) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory() ? listFiles(path) : [path];
    for (const file of files) {
      if (/\.test\.tsx?$/.test(file)) continue;
      newest = Math.max(newest, statSync(file).mtimeMs);
    }
  }
  return newest;
}

/** Targets whose dist/ is missing or older than the sources. */
function staleTargets() {
  const newest = newestInput();
  return TARGETS.filter((target) => {
    const manifest = join(root, 'dist', target, 'manifest.json');
    return !existsSync(manifest) || statSync(manifest).mtimeMs < newest;
  });
}

/**
 * Files of the build that belong in a store upload. The build already refuses
 * source maps; this is the second line for anything a tool leaves behind
 * (vite's `.vite/` metadata, editor and OS droppings, stray sources).
 */
function isShippable(relPath) {
  const parts = relPath.split(sep);
  if (parts.some((p) => p.startsWith('.'))) return false;
  if (/\.(map|ts|tsx|zip|xpi|log)$/.test(relPath)) return false;
  if (parts.includes('node_modules')) return false;
  return true;
}

/** Copies dist/<target> (shippable files only) plus recover.html into a fresh directory. */
function stage(target, version) {
  const dist = join(root, 'dist', target);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  if (manifest.version !== version) {
    fail(`dist/${target}/manifest.json has version ${manifest.version}, package.json ${version}.`);
  }
  const dir = mkdtempSync(join(tmpdir(), `backstop-package-${target}-`));
  let count = 0;
  for (const file of listFiles(dist)) {
    const rel = relative(dist, file);
    if (!isShippable(rel)) {
      console.warn(`package: leaving ${target}/${rel} out of the zip`);
      continue;
    }
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(file, join(dir, rel));
    count++;
  }
  if (existsSync(join(dir, 'recover.html'))) {
    fail(`dist/${target} already has a recover.html; refusing to overwrite it.`);
  }
  // Put together now from its sources (scripts/recover-page.mjs), as `npm run build` does.
  writeFileSync(join(dir, 'recover.html'), renderRecoverPage());
  return { dir, count: count + 1 };
}

/** Limits of the stores' listing fields (Chrome Web Store; AMO allows more). */
export const LISTING_LIMITS = { name: 45, summary: 132 };

/** Each locale's store listing, from its messages (English for a message it lacks). */
export function storeListings() {
  const dir = join(root, 'public', '_locales');
  const read = (locale) => JSON.parse(readFileSync(join(dir, locale, 'messages.json'), 'utf8'));
  const en = read('en');
  return readdirSync(dir)
    .sort()
    .map((locale) => {
      const messages = read(locale);
      const text = (key) => (messages[key] ?? en[key]).message;
      return {
        locale,
        name: text('extName'),
        summary: text('extDescription'),
        description: text('storeDescription'),
      };
    });
}

function writeListings(out) {
  const dir = join(out, 'store-listing');
  mkdirSync(dir, { recursive: true });
  for (const l of storeListings()) {
    for (const [field, limit] of Object.entries(LISTING_LIMITS)) {
      if ([...l[field]].length > limit)
        fail(`${l.locale}: the store ${field} is longer than ${limit} characters.`);
    }
    const body = `Name:\n${l.name}\n\nSummary:\n${l.summary}\n\nDescription:\n${l.description}\n`;
    writeFileSync(join(dir, `${l.locale}.txt`), body);
  }
  console.log(`package: ${relative(root, dir)}/ (${storeListings().length} languages)`);
}

async function main() {
  const { out, build } = parseArgs(process.argv.slice(2));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!/^\d+(\.\d+){0,3}$/.test(version)) {
    // Both stores accept only dot-separated integers (no "-beta" suffixes).
    fail(`package.json version "${version}" is not 1-4 dot-separated integers.`);
  }

  const stale = staleTargets();
  if (stale.length && !build) {
    for (const target of stale) {
      if (!existsSync(join(root, 'dist', target, 'manifest.json'))) {
        fail(`dist/${target} is missing; run \`npm run build\` first.`);
      }
    }
    console.warn(
      `package: WARNING: dist/ is older than the sources for ${stale.join(', ')}; ` +
        'packaging it as it is (--no-build).',
    );
  } else if (stale.length) {
    console.log(`package: dist/ is missing or older than the sources for ${stale.join(', ')}`);
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), ...stale], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) fail(`build failed (exit ${result.status ?? result.signal}).`);
  }

  // Imported late: web-ext loads a lot, and nothing above needs it.
  const { cmd } = await import('web-ext');
  mkdirSync(out, { recursive: true });
  for (const target of TARGETS) {
    const { dir, count } = stage(target, version);
    try {
      const filename = `backstop-${target}-${version}.zip`;
      const { extensionPath } = await cmd.build(
        { sourceDir: dir, artifactsDir: out, filename, overwriteDest: true },
        { showReadyMessage: false },
      );
      const kb = (statSync(extensionPath).size / 1024).toFixed(1);
      console.log(`package: ${relative(root, extensionPath)} (${count} files, ${kb} KB)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  writeListings(out);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((e) => fail(e?.stack ?? String(e)));
}
