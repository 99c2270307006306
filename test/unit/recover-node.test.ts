/**
 * recovery/recover.mjs end to end: the real script in a child Node process, passphrase on stdin.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBackup } from '../../src/core/backup/export';
import { toBase64, fromBase64 } from '../../src/core/bytes';
import type { Account } from '../../src/core/types';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'recovery/recover.mjs');
const fixture = join(root, 'test/fixtures/backups/v1-example.json');
const FIXTURE_PASSPHRASE = 'Backstop fixture v1 — ünïcode pässphrase 🔐';
const dir = mkdtempSync(join(tmpdir(), 'backstop-recover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

const fresh: Account[] = [
  {
    id: 'd'.repeat(32),
    site: 'Fresh Site',
    domains: ['fresh.example'],
    username: 'ünïcode-user',
    notes: 'line one\u001b[31m red?',
    codes: [
      {
        id: '1'.repeat(32),
        value: 'zz11-yy22',
        state: 'used',
        changedAt: Date.UTC(2024, 6, 1, 8, 5),
        origin: 'https://fresh.example',
      },
      { id: '2'.repeat(32), value: 'xx33-ww44', state: 'unused' },
    ],
    archived: [],
    history: [],
    createdAt: 1,
    updatedAt: 2,
  },
];
const FRESH_PASSPHRASE = 'a fresh export passphrase';

describe('recovery/recover.mjs', { timeout: 60_000 }, () => {
  it('is standalone: imports only Node built-ins', () => {
    const source = readFileSync(script, 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const from of imports) expect(from).toMatch(/^node:/);
  });

  it('prints every code of the frozen fixture with its used marks', () => {
    const r = run([fixture], FIXTURE_PASSPHRASE + '\n'); // like `echo`: the final newline is dropped
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Backstop backup of 2025-06-01T09:30:00.000Z: 4 account(s).');
    expect(r.stdout).toContain('GitHub — octocat\n  github.com\n  2 of 5 codes unused\n');
    expect(lines).toContain(
      '    1. a1b2c-3d4e5              USED 2024-01-01 10:00 UTC on https://github.com',
    );
    expect(lines).toContain(
      '    3. e1f2a-3b4c5              FILLED 2024-03-01 10:00 UTC on https://github.com (probably used)',
    );
    expect(lines).toContain('    4. d6e7f-8a9b0');
    expect(r.stdout).toContain('Google — zoë.ümlaut@example.org\n  google.com, youtube.com\n');
    expect(lines).toContain(
      '    2. 2345 6789                USED 2024-04-01 10:00 UTC on https://accounts.google.com',
    );
    expect(r.stdout).toContain('Яндекс — пользователь');
    expect(r.stdout).toContain('Example 日本 — 山田太郎\n  example.jp\n  2 of 2 codes unused\n');
    expect(r.stdout).toContain('Earlier codes, replaced 2023-11-14 22:13 UTC (no longer valid):');
    for (const code of [
      'c1d2e-3f4a5',
      'ABCD-EFGH',
      'QRST-UVWX',
      '98765432',
      '87654321',
      '0aaaa-1bbbb',
    ]) {
      expect(r.stdout).toContain(code);
    }
  });

  it('decrypts a fresh export to exactly the exported accounts (--json)', async () => {
    const json = await exportBackup(fresh, {
      passphrase: FRESH_PASSPHRASE,
      iterations: 600_000,
      crypto: globalThis.crypto,
      now: () => 0,
    });
    const path = writeTemp('fresh.json', json);
    const r = run(['--json', path], FRESH_PASSPHRASE);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(fresh);

    const text = run([path], FRESH_PASSPHRASE);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'zz11-yy22                USED 2024-07-01 08:05 UTC on https://fresh.example',
    );
    expect(text.stdout).toContain('    2. xx33-ww44\n');
    // control characters from the file never reach the terminal
    expect(text.stdout).not.toContain('\u001b');
    expect(text.stdout).toContain('Notes: line one?[31m red?');
  });

  it('exits 1 on a wrong passphrase', () => {
    const r = run([fixture], 'not the passphrase');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Wrong passphrase for this backup.');
  });

  it('exits 2 on a damaged record and prints nothing', () => {
    const file = JSON.parse(readFileSync(fixture, 'utf8'));
    const ct = fromBase64(file.records[2].ct)!;
    ct[40]! ^= 1;
    file.records[2].ct = toBase64(ct);
    const r = run([writeTemp('damaged.json', JSON.stringify(file))], FIXTURE_PASSPHRASE);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('record 3 of 4 could not be decrypted');
  });

  it('exits 2 on ids swapped between records', () => {
    const file = JSON.parse(readFileSync(fixture, 'utf8'));
    [file.records[0].id, file.records[1].id] = [file.records[1].id, file.records[0].id];
    const r = run([writeTemp('swapped.json', JSON.stringify(file))], FIXTURE_PASSPHRASE);
    expect(r.code).toBe(2);
  });

  it('exits 2 quickly on hostile KDF parameters, and on files that are not backups', () => {
    const file = JSON.parse(readFileSync(fixture, 'utf8'));
    for (const iterations of [1e12, 599_999, 1000.5, '600000']) {
      file.kdf.iterations = iterations;
      const started = Date.now();
      const r = run([writeTemp('kdf.json', JSON.stringify(file))], FIXTURE_PASSPHRASE);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('iterations out of range');
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    const newer = run(
      [writeTemp('v3.json', JSON.stringify({ format: 'backstop-backup', version: 3 }))],
      'x',
    );
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain('format version 3; this tool reads versions 1 and 2');
    expect(run([writeTemp('not.json', '{nope')], 'x').code).toBe(2);
    expect(run([join(root, 'package.json')], 'x').code).toBe(2);
  });

  it('exits 64 on usage errors and 66 on an unreadable file', () => {
    expect(run([], '').code).toBe(64);
    expect(run([fixture, fixture], '').code).toBe(64);
    const missing = run([join(dir, 'missing.json')], 'x');
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('Cannot read');
    const help = run(['--help'], '');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes');
  });
});
