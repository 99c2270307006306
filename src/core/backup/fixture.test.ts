/**
 * The frozen version 1 backup. It was generated once (test/fixtures/backups/generate.ts) and is
 * never regenerated: every future Backstop must import it to exactly these accounts. If this test
 * fails, the reader changed incompatibly — fix the reader, do not touch the fixture or the hashes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import type { Account } from '../types';
import { readBackup, readBackupFile } from './import';
import { planMerge } from './merge';

const dir = new URL('../../../test/fixtures/backups/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The passphrase of v1-example.json (documented here on purpose; it protects nothing). */
const PASSPHRASE = 'Backstop fixture v1 — ünïcode pässphrase 🔐';

describe('frozen fixture v1-example.json', () => {
  const fixture = read('v1-example.json');
  const expected = JSON.parse(read('v1-example.accounts.json')) as Account[];

  it('has not been regenerated or edited', () => {
    expect(sha256(fixture)).toBe(
      '010de17967e26805e94cfe50efeb603e2be6fa5fd66e23e8171f2ad8a30b0a08',
    );
    expect(sha256(read('v1-example.accounts.json'))).toBe(
      'debe701832165a64149217cb9b96ec841d4cb1b544b15cfe344a52672d13a373',
    );
  });

  it('imports to exactly the frozen accounts', async () => {
    const accounts = await readBackup(fixture, PASSPHRASE, globalThis.crypto);
    expect(accounts).toEqual(expected);
    // Spelled out, so a wrong expectation file cannot hide a wrong reader.
    expect(accounts.map((a) => [a.site, a.username])).toEqual([
      ['GitHub', 'octocat'],
      ['Google', 'zoë.ümlaut@example.org'],
      ['Яндекс', 'пользователь'],
      ['Example 日本', '山田太郎'],
    ]);
    const github = accounts[0]!;
    expect(github.codes.map((c) => [c.value, c.state])).toEqual([
      ['a1b2c-3d4e5', 'used'],
      ['f6a7b-8c9d0', 'used'],
      ['e1f2a-3b4c5', 'filled'],
      ['d6e7f-8a9b0', 'unused'],
      ['c1d2e-3f4a5', 'unused'],
    ]);
    expect(github.codes[0]).toMatchObject({
      changedAt: 1704103200000,
      origin: 'https://github.com',
    });
    expect(github.archived).toHaveLength(1);
    expect(github.archived[0]!.codes.map((c) => c.state)).toEqual(['used', 'unused', 'unused']);
    expect(github.history).toHaveLength(7);
    expect(accounts[1]!.domains).toEqual(['google.com', 'youtube.com']);
    expect(accounts[3]!.notes).toBe('🔐 金庫に保管');
  });

  it('accepts the passphrase in another Unicode normalization form', async () => {
    const nfd = PASSPHRASE.normalize('NFD');
    expect(nfd).not.toBe(PASSPHRASE);
    expect(await readBackup(fixture, nfd, globalThis.crypto)).toEqual(expected);
  });

  it('refuses a wrong passphrase', async () => {
    await expect(readBackup(fixture, PASSPHRASE + ' ', globalThis.crypto)).rejects.toSatisfy((e) =>
      isBackstopError(e, 'wrong-passphrase'),
    );
  });

  it('merges into a vault that already has it without changes', async () => {
    const accounts = await readBackup(fixture, PASSPHRASE, globalThis.crypto);
    expect(planMerge(expected, accounts, { now: Date.now() }).result).toEqual([]);
  });
});

/** The passphrase of v2-example.json (documented here on purpose; it protects nothing). */
const PASSPHRASE_V2 = 'Backstop fixture v2 — ünïcode pässphrase 🔐';

describe('frozen fixture v2-example.json', () => {
  const fixture = read('v2-example.json');
  const expected = JSON.parse(read('v1-example.accounts.json')) as Account[];

  it('has not been regenerated or edited', () => {
    expect(sha256(fixture)).toBe(
      'e4ffef92a35d4c4c73f66990d58d3526b90a2d4776b5d75f90773c453bb5dbcb',
    );
  });

  it('imports to exactly the same accounts as v1-example.json, as format version 2', async () => {
    const read = await readBackupFile(fixture, PASSPHRASE_V2, globalThis.crypto);
    expect(read.version).toBe(2);
    expect(read.accounts).toEqual(expected);
    expect(read.accounts.map((a) => a.site)).toEqual([
      'GitHub',
      'Google',
      'Яндекс',
      'Example 日本',
    ]);
  });
});
