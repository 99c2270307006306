/**
 * Every released on-disk format must keep opening. The fixture was written
 * once by the v1 code and is never regenerated: if this fails, a migration
 * is missing, not the fixture.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { IdbVaultRepository } from './db';
import { VaultStore, type StoredHeader, type StoredRecord } from '../core/vault';
import { nodeCrypto, simpleOriginAllowed } from './testing/vault-harness';

describe('frozen vault formats', () => {
  it('v1 opens with its passphrase and shows exactly what was stored', async () => {
    const dump = JSON.parse(readFileSync('test/fixtures/vaults/v1.json', 'utf8')) as {
      header: StoredHeader;
      records: StoredRecord[];
    };
    const factory = new IDBFactory();
    const repo = new IdbVaultRepository(factory, 'backstop');
    expect(await repo.putHeader(dump.header, null)).toBe(true);
    await repo.putRecords(dump.records);
    const store = new VaultStore({
      repo,
      crypto: nodeCrypto,
      now: () => 1,
      originAllowed: simpleOriginAllowed,
    });
    const vault = await store.unlock('frozen fixture passphrase v1');
    const { accounts, corrupted } = await vault.listAccounts();
    expect(corrupted).toEqual([]);
    expect(
      accounts.map((a) => ({
        site: a.site,
        domains: a.domains,
        username: a.username,
        notes: a.notes,
        codes: a.codes.map((c) => [c.value, c.state]),
      })),
    ).toEqual([
      {
        site: 'GitHub',
        domains: ['github.com'],
        username: 'octocat',
        notes: 'work account',
        codes: [
          ['a1b2c-3d4e5', 'used'],
          ['f6a7b-8c9d0', 'used'],
          ['0a1b2-c3d4e', 'unused'],
        ],
      },
      {
        site: 'Instagram',
        domains: ['instagram.com'],
        username: 'zoë.müller',
        notes: '',
        codes: [
          ['1234 5678', 'unused'],
          ['2345 6789', 'unused'],
        ],
      },
    ]);
  });
});
