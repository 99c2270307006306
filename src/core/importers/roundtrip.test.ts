// Round trip: each other-manager fixture → candidates → accounts in a real
// vault (fake IndexedDB) → encrypted backup → read back: the same codes, with
// the same used marks. The accounts go in the way the import panel and the
// background's `accounts.import` put them: accountImportOf for each ticked
// candidate, the whole payload checked by readAccountImports, then one write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS, ITERATIONS, makeStore, nodeCrypto } from '../../storage/testing/vault-harness';
import { exportBackup, readBackup } from '../backup';
import type { Account } from '../types';
import { accountImportOf, accountsFromImports, readAccountImports } from './accounts';
import { readFixture } from './testing/fixtures';

const FILES = [
  'bitwarden/export.json',
  'bitwarden/export.csv',
  '1password/export.1pux',
  '1password/export.csv',
  'keepass/export.xml',
  'keepass/keepassxc.csv',
  'protonpass/export.json',
  'protonpass/export.csv',
  'generic/codes.csv',
  'generic/lastpass.csv',
];

type Codes = { value: string; used: boolean }[];
const expected = new Map<string, { id: string; codes: Codes }[]>();
let restored: Map<string, Account>;
let backupJson = '';
const dir = mkdtempSync(join(tmpdir(), 'backstop-import-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const { store } = makeStore();
  const vault = await store.create(PASS, ITERATIONS);
  for (const file of FILES) {
    const result = await readFixture(file);
    const payload = {
      accounts: result.candidates.map((c) =>
        accountImportOf(c, c.suggestedDomain ?? 'example.org'),
      ),
    };
    const accounts = accountsFromImports(readAccountImports(payload), {
      crypto: nodeCrypto,
      now: () => Date.UTC(2025, 0, 1),
    });
    await vault.putAccounts(accounts);
    const added = accounts.map((a, i) => ({
      id: a.id,
      codes: result.candidates[i]!.codes.map((x) => ({ value: x.value, used: x.used })),
    }));
    expected.set(file, added);
  }
  const { accounts } = await vault.listAccounts();
  const json = await exportBackup(accounts, {
    passphrase: PASS,
    iterations: ITERATIONS,
    crypto: nodeCrypto,
    now: () => Date.UTC(2025, 0, 1),
  });
  backupJson = json;
  restored = new Map((await readBackup(json, PASS, nodeCrypto)).map((a) => [a.id, a]));
}, 120_000);

describe('import → export → recovery', () => {
  it.each(FILES)(
    '%s: every imported account comes back with the same codes and used marks',
    (file) => {
      const accounts = expected.get(file)!;
      expect(accounts.length).toBeGreaterThan(0);
      for (const { id, codes } of accounts) {
        const back = restored.get(id);
        expect(back, id).toBeDefined();
        expect(back!.codes.map((c) => ({ value: c.value, used: c.state === 'used' }))).toEqual(
          codes,
        );
      }
    },
  );

  it('the standalone recovery script (recovery/recover.mjs) reads the same codes and marks', () => {
    const path = join(dir, 'backup.json');
    writeFileSync(path, backupJson);
    const script = fileURLToPath(new URL('../../../recovery/recover.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--json', path], {
      input: PASS,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const recovered = JSON.parse(r.stdout) as Account[];
    for (const file of FILES) {
      for (const { id, codes } of expected.get(file)!) {
        const account = recovered.find((a) => a.id === id);
        expect(account?.codes.map((c) => ({ value: c.value, used: c.state === 'used' }))).toEqual(
          codes,
        );
      }
    }
  });

  it('keeps at least one used mark in the round trip (the check above can fail)', () => {
    const used = [...restored.values()].flatMap((a) => a.codes).filter((c) => c.state === 'used');
    expect(used.length).toBeGreaterThan(5);
  });
});
