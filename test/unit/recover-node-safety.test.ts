/**
 * recovery/recover.mjs prints nothing from a file as it is (issue 9, item 10): every value, before
 * or after the passphrase, authenticated or not, reaches the terminal without control characters,
 * escape sequences, bidi or invisible characters, and cut to a sane length. It also reads format
 * version 2 and refuses a version 2 file whose records or date were changed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/export';
import type { Account } from '../../src/core/types';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'recovery/recover.mjs');
const dir = mkdtempSync(join(tmpdir(), 'backstop-recover-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASS = 'a passphrase for hostile text';

function run(args: string[], input: string) {
  const r = spawnSync(process.execPath, [script, ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** One of each family a terminal must never receive raw. */
const HOSTILE = [
  '\u001b[2J\u001b[H', // ANSI: clear the screen, cursor home
  '\u001b]0;pwned\u0007', // OSC: set the window title
  '\u009b31m', // C1 CSI: an escape sequence in one character
  '\r', // carriage return: overwrite the line
  '\b\b\b', // backspaces
  '\u202eedoc', // right-to-left override
  '\u2066isolate\u2069', // bidi isolates
  '\u200bhidden\u200d', // zero-width space and joiner
  '\u2028', // line separator
  '\ufeff', // byte order mark
  '\udb40\udc41', // a tag character
];
const UNSAFE_OUTPUT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\udb40[\udc00-\udc7f]/;

function expectSafe(text: string) {
  const m = UNSAFE_OUTPUT.exec(text);
  expect(m && `U+${m[0].charCodeAt(0).toString(16)} at ${m.index}`).toBeNull();
}

describe('recover.mjs sanitises everything it prints', { timeout: 120_000 }, () => {
  let hostileFile: string;
  let accounts: Account[];
  beforeAll(async () => {
    const evil = HOSTILE.join('');
    accounts = [
      {
        id: 'a'.repeat(32),
        site: `Site ${evil}`,
        domains: [`dom${evil}.example`],
        username: `user ${evil}`,
        notes: `first ${evil}\nsecond ${evil}\n${'x'.repeat(5000)}`,
        codes: [
          {
            id: '1'.repeat(32),
            value: `c0de${HOSTILE[0]}`,
            state: 'used',
            changedAt: 1,
            origin: `https://x.example/${evil}`,
          },
        ],
        archived: [],
        history: [],
        createdAt: 1,
        updatedAt: 1,
      },
      {
        id: 'b'.repeat(32),
        site: 'L'.repeat(190) + '\u202e' + 'M'.repeat(9),
        domains: [],
        username: '',
        notes: '',
        codes: [],
        archived: [],
        history: [],
        createdAt: 1,
        updatedAt: 1,
      },
    ];
    const json = await exportBackup(accounts, {
      passphrase: PASS,
      iterations: 600_000,
      crypto: globalThis.crypto,
      now: () => 0,
    });
    hostileFile = writeTemp('hostile.json', json);
  });

  it('decrypted text: each hostile character becomes "?", long values are cut', () => {
    const r = run([hostileFile], PASS);
    expect(r.code).toBe(0);
    expectSafe(r.stdout);
    expectSafe(r.stderr);
    // ESC → ?, BEL → ?, C1 CSI → ?, CR → ?, 3 × BS → ???, RLO → ?, isolates, zero-width, LS, BOM, tag.
    expect(r.stdout).toContain(
      'Site ?[2J?[H?]0;pwned??31m?????edoc?isolate??hidden???? — user ?[2J',
    );
    expect(r.stdout).toContain('  Notes: first ?[2J');
    expect(r.stdout).toContain('         second ?[2J');
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(620);
    expect(r.stdout).toContain(`${'x'.repeat(499)}…`);
  });

  it('--json: the same accounts, every unsafe character written as a \\u escape', () => {
    const r = run(['--json', hostileFile], PASS);
    expect(r.code).toBe(0);
    expectSafe(r.stdout);
    expect(r.stdout).toContain('\\u202eedoc');
    expect(r.stdout).toContain('\\udb40\\udc41');
    expect(JSON.parse(r.stdout)).toEqual(accounts);
  });

  it('values from an unauthenticated file, in every message, before the passphrase is asked', async () => {
    const base = JSON.parse(readFileSync(hostileFile, 'utf8'));
    const evil = HOSTILE.join('') + 'y'.repeat(500);
    const cases: [string, (f: Record<string, unknown>) => void, RegExp][] = [
      [
        'alg',
        (f) => ((f.kdf as Record<string, unknown>).alg = evil),
        /Unsupported key derivation "\?\[2J/,
      ],
      [
        'alg object',
        (f) => ((f.kdf as Record<string, unknown>).alg = { toString: 1 }),
        /Unsupported/,
      ],
      ['format', (f) => (f.format = evil), /not a Backstop backup/],
      ['version', (f) => (f.version = evil), /invalid format version/],
    ];
    for (const [, change, expected] of cases) {
      const file = structuredClone(base) as Record<string, unknown>;
      change(file);
      const path = writeTemp('unauthenticated.json', JSON.stringify(file));
      // stdin stays open: had the tool asked for the passphrase first, it would still be waiting.
      const child = spawn(process.execPath, [script, path], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => (child.kill(), resolve(null)), 10_000);
        child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
      });
      expect(code).toBe(2);
      expect(stderr).toMatch(expected);
      expectSafe(stderr);
      expect(stderr.length).toBeLessThan(300);
    }
  });

  it('a file name with escape sequences is printed safely', () => {
    const r = run([join(dir, 'missing\u001b[31m\u202e.json')], '');
    expect(r.code).toBe(66);
    expectSafe(r.stderr);
    expect(r.stderr).toContain('missing?[31m?.json');
  });
});

describe('recover.mjs and format version 2', { timeout: 120_000 }, () => {
  const fixture = join(root, 'test/fixtures/backups/v2-example.json');
  const FIXTURE_PASS = 'Backstop fixture v2 — ünïcode pässphrase 🔐';

  it('prints the frozen version 2 fixture without the version 1 note', () => {
    const r = run([fixture], FIXTURE_PASS);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 account(s).');
    expect(r.stdout).not.toContain('format version 1');
  });

  it('prints a version 1 file with a note that its list is not protected', () => {
    const r = run(
      [join(root, 'test/fixtures/backups/v1-example.json')],
      'Backstop fixture v1 — ünïcode pässphrase 🔐',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Note: this is a format version 1 backup. Its list of accounts is not protected',
    );
  });

  it('refuses a record removed, records reordered, the date edited, or a relabel to version 1', () => {
    const changes: [
      string,
      (f: { records: unknown[]; createdAt: string; version: number; manifest?: unknown }) => void,
      string,
    ][] = [
      ['removed', (f) => void f.records.pop(), 'changed after it was made'],
      ['reordered', (f) => void f.records.reverse(), 'changed after it was made'],
      ['date', (f) => void (f.createdAt = '2020-01-01T00:00:00.000Z'), 'its date was edited'],
      [
        'relabelled',
        (f) => void ((f.version = 1), delete f.manifest, f.records.pop()),
        'made as format version 2 but now says version 1',
      ],
    ];
    for (const [name, change, message] of changes) {
      const file = JSON.parse(readFileSync(fixture, 'utf8'));
      change(file);
      const r = run([writeTemp(`${name}.json`, JSON.stringify(file))], FIXTURE_PASS);
      expect([name, r.code]).toEqual([name, 2]);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    }
  });
});
