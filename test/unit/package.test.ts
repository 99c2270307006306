/**
 * `npm run package` (scripts/package.mjs): runs the packager into a temp
 * directory and reads the zips back with a small reader written here, so the
 * check does not trust the library that wrote them. Then lints the Firefox zip's
 * contents, exactly as uploaded, with `web-ext lint`.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { renderRecoverPage } from '../../scripts/recover-page.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const TARGETS = ['chrome', 'firefox'] as const;
type Target = (typeof TARGETS)[number];
const STORE_ICON_SIZES = [16, 32, 48, 96, 128];

interface Manifest {
  manifest_version: number;
  version: string;
  icons?: Record<string, string>;
  action?: { default_popup?: string; default_icon?: Record<string, string> };
  options_ui?: { page?: string };
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; css?: string[] }[];
  browser_specific_settings?: { gecko?: { id?: string } };
}

/**
 * Reads every entry of a ZIP file (no ZIP64, no encryption: a store upload of
 * a few MB needs neither). Checks each entry's CRC-32 against its data.
 */
function readZip(buf: Buffer): Map<string, Buffer> {
  const EOCD = 0x06054b50;
  let eocd = -1;
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header at ${p}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) throw new Error(`${name} is encrypted`);
    if (buf.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header: ${name}`);
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${name}: unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, header says ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    if (entries.has(name)) throw new Error(`${name} appears twice`);
    entries.set(name, data);
  }
  return entries;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(data: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!data.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** File entries (directories are implicit in a ZIP and some writers omit them). */
function files(zip: Map<string, Buffer>): string[] {
  return [...zip.keys()].filter((n) => !n.endsWith('/')).sort();
}

function manifestFiles(m: Manifest): string[] {
  return [
    ...Object.values(m.icons ?? {}),
    ...Object.values(m.action?.default_icon ?? {}),
    m.action?.default_popup,
    m.options_ui?.page,
    m.background?.service_worker,
    ...(m.background?.scripts ?? []),
    ...(m.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
  ].filter((f): f is string => typeof f === 'string');
}

describe('npm run package', () => {
  const out = mkdtempSync(join(tmpdir(), 'backstop-package-test-'));
  const zips = new Map<Target, Map<string, Buffer>>();

  beforeAll(() => {
    // A fresh clone has no dist/ yet: build it once. An existing but stale
    // dist/ is packaged as it is (`--no-build`), so this test never rewrites
    // dist/ while end-to-end tests may be running against it.
    if (TARGETS.some((t) => !existsSync(join(ROOT, 'dist', t, 'manifest.json')))) {
      const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
    }
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'package.mjs'), '--out', out, '--no-build'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (run.status !== 0) {
      throw new Error(`package.mjs failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    for (const target of TARGETS) {
      zips.set(target, readZip(readFileSync(join(out, `backstop-${target}-${VERSION}.zip`))));
    }
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes exactly one zip per browser, named after the package.json version', () => {
    expect(readdirSync(out).sort()).toEqual(
      [...TARGETS.map((t) => `backstop-${t}-${VERSION}.zip`), 'store-listing'].sort(),
    );
  });

  it('writes each language’s store listing from its messages, within the stores’ limits', () => {
    const locales = readdirSync(join(ROOT, 'public', '_locales')).sort();
    expect(readdirSync(join(out, 'store-listing')).sort()).toEqual(locales.map((l) => `${l}.txt`));
    for (const locale of locales) {
      const messages = JSON.parse(
        readFileSync(join(ROOT, 'public', '_locales', locale, 'messages.json'), 'utf8'),
      ) as Record<string, { message: string }>;
      const listing = readFileSync(join(out, 'store-listing', `${locale}.txt`), 'utf8');
      const [, name, summary, description] =
        /^Name:\n(.*)\n\nSummary:\n(.*)\n\nDescription:\n([^]*)\n$/.exec(listing) ?? [];
      expect(name, locale).toBe(messages.extName!.message);
      expect(summary, locale).toBe(messages.extDescription!.message);
      expect(description, locale).toBe(messages.storeDescription!.message);
      expect([...name!].length, `${locale} name`).toBeLessThanOrEqual(45);
      expect([...summary!].length, `${locale} summary`).toBeLessThanOrEqual(132);
    }
  });

  describe.each(TARGETS)('%s zip', (target) => {
    const zip = (): Map<string, Buffer> => zips.get(target)!;
    const manifest = (): Manifest =>
      JSON.parse(zip().get('manifest.json')!.toString('utf8')) as Manifest;

    it('has manifest.json at the root with the package version', () => {
      expect(zip().has('manifest.json')).toBe(true);
      expect(manifest().manifest_version).toBe(3);
      expect(manifest().version).toBe(VERSION);
    });

    it('has the store icon sizes, each a PNG of that size', () => {
      const icons = manifest().icons ?? {};
      for (const size of STORE_ICON_SIZES) {
        const path = icons[String(size)];
        expect(path, `icons.${size}`).toBeTypeOf('string');
        const data = zip().get(path!);
        expect(data, path).toBeDefined();
        expect(pngSize(data!)).toEqual({ width: size, height: size });
      }
    });

    it('contains every file the manifest names', () => {
      const missing = manifestFiles(manifest()).filter((f) => !zip().has(f));
      expect(missing).toEqual([]);
    });

    it('ships the recovery page, put together from its current sources, as recover.html', () => {
      const page = zip().get('recover.html');
      expect(page).toBeDefined();
      expect(page!.toString('utf8')).toBe((renderRecoverPage as () => string)());
    });

    it('holds the build and recover.html, nothing else: no source maps, sources or dev files', () => {
      const names = files(zip());
      for (const name of names) {
        expect(name, 'relative path inside the zip').not.toMatch(/^\/|^[A-Za-z]:|(^|\/)\.\.(\/|$)/);
        expect(name).not.toMatch(/(^|\/)\./);
        expect(name).not.toMatch(/\.(map|ts|tsx)$/);
        expect(name).not.toMatch(/(^|\/)node_modules\//);
      }
      const dist = join(ROOT, 'dist', target);
      const built = listFiles(dist)
        .map((f) => relative(dist, f).split(sep).join('/'))
        .filter((f) => !/(^|\/)\./.test(f) && !f.endsWith('.map'));
      expect(names).toEqual([...built, 'recover.html'].sort());
      for (const name of built) {
        expect(
          zip()
            .get(name)!
            .equals(readFileSync(join(dist, name))),
          name,
        ).toBe(true);
      }
    });
  });

  it('builds each zip for its own browser', () => {
    const chrome = JSON.parse(zips.get('chrome')!.get('manifest.json')!.toString()) as Manifest;
    const firefox = JSON.parse(zips.get('firefox')!.get('manifest.json')!.toString()) as Manifest;
    expect(chrome.background?.service_worker).toBeTypeOf('string');
    expect(chrome.browser_specific_settings).toBeUndefined();
    expect(firefox.background?.scripts?.length).toBeGreaterThan(0);
    expect(firefox.background?.service_worker).toBeUndefined();
    expect(firefox.browser_specific_settings?.gecko?.id).toMatch(/@/);
  });

  it('the Firefox zip, as uploaded, passes web-ext lint with no errors', () => {
    const unpacked = join(out, 'firefox-unpacked');
    for (const [name, data] of zips.get('firefox')!) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), data);
    }
    const webExt = join(ROOT, 'node_modules', 'web-ext', 'bin', 'web-ext.js');
    const lint = spawnSync(
      process.execPath,
      [webExt, 'lint', '--source-dir', unpacked, '--output', 'json', '--no-config-discovery'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const report = JSON.parse(lint.stdout) as {
      errors: { code: string; file?: string; message: string }[];
      warnings: { code: string; file?: string; message: string }[];
    };
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    // recover.html runs its script inline on purpose (it is opened from disk,
    // never as an extension page); no extension page may rely on one.
    const inline = report.warnings.filter((w) => w.code === 'INLINE_SCRIPT').map((w) => w.file);
    expect(inline.filter((f) => f !== 'recover.html')).toEqual([]);
    rmSync(unpacked, { recursive: true, force: true });
  }, 120_000);
});
