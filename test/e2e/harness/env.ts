/**
 * Where things are, which browsers exist, and temp directories that are
 * always removed. Shared by the Chromium and Firefox launchers.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const DIST = {
  chrome: join(REPO_ROOT, 'dist', 'chrome'),
  firefox: join(REPO_ROOT, 'dist', 'firefox'),
} as const;
export const FIXTURE_PAGES = join(REPO_ROOT, 'test', 'fixtures', 'pages');
export const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');

export type BrowserName = 'chromium' | 'firefox';

const DEFAULT_EXECUTABLES: Record<BrowserName, string> = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/** True on a CI machine, where a missing browser is an error, not a skip. */
export function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function executablePath(browser: BrowserName): string {
  return DEFAULT_EXECUTABLES[browser];
}

/**
 * Whether end-to-end tests for `browser` can run here. A missing browser
 * skips the tests on a developer machine but fails loudly in CI, so a broken
 * CI image can never turn into a green run with nothing tested.
 */
export function hasBrowser(browser: BrowserName): boolean {
  const path = executablePath(browser);
  if (existsSync(path)) return true;
  const message = `${browser} not found at ${path} (set ${browser === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'}).`;
  if (isCI()) throw new Error(`CI=true and ${message}`);
  console.warn(`Skipping ${browser} end-to-end tests: ${message}`);
  return false;
}

/**
 * Whether `browser` here can run in `locale` (a BCP 47 tag) as its own UI
 * language, which decides the language extensions get their messages in:
 * Chromium needs its locale file (Debian: chromium-l10n), Firefox a language
 * pack (firefox-esr-l10n-<lang>). Like a missing browser: a skip on a
 * developer machine, an error in CI.
 */
export function hasBrowserLanguage(browser: BrowserName, locale: string): boolean {
  const appDirs = [dirname(realpathOr(executablePath(browser)))];
  appDirs.push(browser === 'chromium' ? '/usr/lib/chromium' : '/usr/lib/firefox-esr');
  const lang = locale.split('-')[0]!;
  const candidates = appDirs.flatMap((dir) =>
    browser === 'chromium'
      ? [join(dir, 'locales', `${locale}.pak`)]
      : [
          join(dir, 'browser', 'extensions', `langpack-${lang}@firefox-esr.mozilla.org.xpi`),
          join(dir, 'browser', 'extensions', `langpack-${lang}@firefox.mozilla.org.xpi`),
          join(dir, 'distribution', 'extensions', `langpack-${lang}@firefox.mozilla.org.xpi`),
        ],
  );
  if (candidates.some((c) => existsSync(c))) return true;
  const pkg = browser === 'chromium' ? 'chromium-l10n' : `firefox-esr-l10n-${lang}`;
  const message = `${browser} has no ${locale} language files (apt-get install ${pkg}).`;
  if (isCI()) throw new Error(`CI=true and ${message}`);
  console.warn(`Skipping ${browser} end-to-end tests in ${locale}: ${message}`);
  return false;
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Newest modification time of any file under `path` (a file or a directory). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const built = new Set<string>();

/**
 * Makes sure `dist/<target>` exists: builds it when missing (a fresh clone
 * running `npm run test:e2e`), and warns when the sources are newer than the
 * build, because the tests exercise the build, not the sources.
 */
export function ensureBuilt(target: keyof typeof DIST): string {
  const dir = DIST[target];
  if (built.has(target)) return dir;
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest) || process.env.BACKSTOP_E2E_REBUILD === '1') {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), target], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`Building dist/${target} failed:\n${result.stdout}\n${result.stderr}`);
    }
  } else {
    const builtAt = statSync(manifest).mtimeMs;
    const sourcesAt = Math.max(
      ...['src', 'public', 'manifest.json', 'vite.config.ts'].map((p) =>
        newestMtime(join(REPO_ROOT, p)),
      ),
    );
    if (sourcesAt > builtAt) {
      console.warn(
        `dist/${target} is older than the sources; the e2e tests run the OLD build. ` +
          'Run `npm run build` (or set BACKSTOP_E2E_REBUILD=1).',
      );
    }
  }
  built.add(target);
  return dir;
}

/** Temp directories not yet cleaned up, removed at the latest when the process exits. */
const liveTempDirs = new Set<string>();
/** Browser processes to kill before those directories are removed on exit. */
const liveProcesses = new Set<number>();
let exitHookInstalled = false;

function removeDir(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // best effort: a browser that is still dying may hold files for a moment
  }
  liveTempDirs.delete(path);
}

/** Command lines of all running processes (Linux), to tell which profiles are in use. */
function runningCommandLines(): string {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => {
        try {
          return readFileSync(`/proc/${d}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      })
      .join('\n');
  } catch {
    return '';
  }
}

/**
 * Removes browser profiles that an earlier, killed test process left in the
 * temp directory (a worker killed after a hung test gets no exit hook). Only
 * profiles older than five minutes that no running process names are removed,
 * so concurrent test runs are never touched.
 */
let reaped = false;
export function reapStaleProfiles(): void {
  if (reaped) return;
  reaped = true;
  const commandLines = runningCommandLines();
  const cutoff = Date.now() - 5 * 60_000;
  for (const name of readdirSync(tmpdir())) {
    if (!/^(backstop-(chromium|firefox)-profile-|playwright_chromiumdev_profile-)/.test(name))
      continue;
    const path = join(tmpdir(), name);
    try {
      if (statSync(path).mtimeMs > cutoff || commandLines.includes(path)) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      // vanished or not ours to remove
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that dies before its afterAll (a timeout) leaves its browser and
  // profile behind; kill the browser first so it cannot write into the
  // profile while it is being removed.
  process.once('exit', () => {
    for (const pid of liveProcesses) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of [...liveTempDirs]) removeDir(dir);
  });
}

/**
 * Registers a browser process to kill if the test process exits while it
 * still runs; call the returned function once the browser is closed.
 */
export function killOnExit(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  installExitHook();
  liveProcesses.add(pid);
  return () => liveProcesses.delete(pid);
}

/**
 * A temp directory that `cleanup()` removes. Everything the harness creates
 * on disk goes through here so an `afterAll` leaves nothing behind; a test
 * that dies before its `afterAll` still gets its directories removed when
 * the test process exits.
 */
export function makeTempDir(prefix: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `backstop-${prefix}-`));
  installExitHook();
  liveTempDirs.add(path);
  return { path, cleanup: () => removeDir(path) };
}

/** Rejects with `message` if `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} (after ${ms} ms)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
