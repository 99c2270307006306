/**
 * Every released on-disk format must keep opening. The fixture was written
 * once by the v1 code and is never regenerated: if this fails, a migration
 * is missing, not the fixture.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { IdbVaultRepository } from './db';
import { VaultStore, type StoredHeader, type StoredRecord } from '../core/vault';
import { nodeCrypto, simpleOriginAllowed } from './testing/vault-harness';
import { failNthRecordPut } from './testing/fail-writes';

const V1_PASS = 'frozen fixture passphrase v1';

/** The frozen v1 vault in a fresh fake IndexedDB, and a store over it. */
async function v1Vault() {
  const dump = JSON.parse(readFileSync('test/fixtures/vaults/v1.json', 'utf8')) as {
    header: StoredHeader;
    records: StoredRecord[];
  };
  const repo = new IdbVaultRepository(new IDBFactory(), 'backstop');
  expect(await repo.putHeader(dump.header, null)).toBe(true);
  await repo.putRecords(dump.records);
  const store = new VaultStore({
    repo,
    crypto: nodeCrypto,
    now: () => 1,
    originAllowed: simpleOriginAllowed,
  });
  const stored = async () =>
    JSON.stringify([await repo.getHeader(), await repo.allRecords(), await repo.getIndex()]);
  return { dump, repo, store, stored };
}

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

  it('v1 is migrated on its first unlock: revisions in every AAD, one index, same key', async () => {
    const { dump, repo, store, stored } = await v1Vault();
    const before = await (await store.unlock(V1_PASS)).listAccounts();
    const header = (await repo.getHeader()) as StoredHeader;
    expect(header.version).toBe(2);
    expect(header.vaultId).toBe(dump.header.vaultId);
    expect(header.kdf).toEqual(dump.header.kdf);
    const records = (await repo.allRecords()) as StoredRecord[];
    const index = (await repo.getIndex()) as { rev: number };
    const oldRevs = dump.records.map((r) => r.rev);
    expect(index.rev).toBeGreaterThan(Math.max(...oldRevs));
    for (const r of records) {
      expect(r.rev).toBe(index.rev);
      expect(r.ct).not.toBe(dump.records.find((o) => o.id === r.id)!.ct);
    }
    // Opens again as version 2, shows the same accounts and writes nothing more.
    const once = await stored();
    const again = await store.unlock(V1_PASS);
    expect(await again.listAccounts()).toEqual(before);
    expect((await again.summaries()).map((e) => e.site)).toEqual(['GitHub', 'Instagram']);
    expect(await stored()).toBe(once);
    // The v1 ciphertexts are useless in the new format: one put back is not used.
    const old = dump.records[0]!;
    const now = records.find((r) => r.id === old.id)!;
    expect(await repo.putRecord(old, now.rev)).toBe(true);
    expect((await (await store.unlock(V1_PASS)).listAccounts()).corrupted).toEqual([old.id]);
  });

  it('a migration that dies half-way leaves the v1 vault whole, and the next unlock migrates', async () => {
    const { store, stored } = await v1Vault();
    const original = await stored();
    for (const how of ['aborts', 'throws'] as const) {
      const failing = failNthRecordPut(2, how);
      await expect(store.unlock(V1_PASS)).rejects.toBeDefined();
      failing.restore();
      expect(await stored()).toBe(original);
    }
    const { accounts, corrupted } = await (await store.unlock(V1_PASS)).listAccounts();
    expect(corrupted).toEqual([]);
    expect(accounts.map((a) => a.site)).toEqual(['GitHub', 'Instagram']);
  });

  it('a migration that races another write says so, writes nothing, and the next unlock migrates', async () => {
    const { dump, repo, store } = await v1Vault();
    // Another context rewrites a record between the migration's read and its one transaction.
    const replaceAll = repo.replaceAll.bind(repo);
    const first = dump.records[0]!;
    const spy = vi.spyOn(repo, 'replaceAll').mockImplementationOnce(async (change) => {
      expect(await repo.putRecord({ ...first, rev: first.rev + 1 }, first.rev)).toBe(true);
      return replaceAll(change);
    });
    const attempt = store.unlock(V1_PASS);
    await expect(attempt).rejects.toThrow(
      'The vault changed at the same time. Nothing was changed; try again.',
    );
    await expect(attempt).rejects.toMatchObject({ code: 'internal' });
    spy.mockRestore();
    expect((await repo.getHeader()) as StoredHeader).toEqual(dump.header);
    expect(((await repo.getRecord(first.id)) as StoredRecord).rev).toBe(first.rev + 1);
    const { accounts, corrupted } = await (await store.unlock(V1_PASS)).listAccounts();
    expect(corrupted).toEqual([]);
    expect(accounts.map((a) => a.site)).toEqual(['GitHub', 'Instagram']);
    expect(((await repo.getHeader()) as StoredHeader).version).toBe(2);
  });
});
