/**
 * Rollback (issue 9, item 8): someone who can write to the profile's IndexedDB
 * but has no key puts back older ciphertexts of a record or of the index. The
 * revisions are bound into the AADs and the index lists every record's
 * revision, so each such mix is detected and never used (docs/security.md).
 */
import { describe, expect, it, vi } from 'vitest';
import type { StoredIndex, StoredRecord } from './format';
import { PASS } from '../../storage/testing/vault-harness';
import { openVaultDb } from '../../storage/db';
import { expectCode, twoAccounts } from './testing/fixtures';

const GITHUB = 'https://github.com';

/** A vault whose account `a` had a code marked used after `old` (its record) and `oldIndex` were copied. */
async function afterAChange() {
  const ctx = await twoAccounts();
  const v = await ctx.store.unlock(PASS);
  const old = (await ctx.repo.getRecord(ctx.a.id)) as StoredRecord;
  const oldIndex = (await ctx.repo.getIndex()) as StoredIndex;
  await v.markCode(ctx.a.id, ctx.a.codes[0]!.id, true);
  const current = (await ctx.repo.getRecord(ctx.a.id)) as StoredRecord;
  const index = (await ctx.repo.getIndex()) as StoredIndex;
  return { ...ctx, v, old, oldIndex, current, index };
}

describe('rollback of a record', { timeout: 60_000 }, () => {
  it('an older ciphertext put back with its own revision is never used', async () => {
    const { store, repo, v, a, b, old, current } = await afterAChange();
    expect(await repo.putRecord(old, current.rev)).toBe(true);
    // The open vault (which had the newer one cached) and a fresh unlock alike.
    for (const vault of [v, await store.unlock(PASS)]) {
      await expectCode(vault.getAccount(a.id), 'rolled-back');
      await expectCode(vault.markCode(a.id, a.codes[1]!.id, true), 'rolled-back');
      await expectCode(vault.claimNextCode(GITHUB), 'rolled-back');
      const { accounts, corrupted } = await vault.listAccounts();
      expect(corrupted).toEqual([a.id]);
      expect(accounts).toEqual([b]);
    }
  });

  it('an older ciphertext relabelled with the current revision does not open', async () => {
    const { store, repo, a, old, current } = await afterAChange();
    expect(await repo.putRecord({ ...old, rev: current.rev }, current.rev)).toBe(true);
    const vault = await store.unlock(PASS);
    await expectCode(vault.getAccount(a.id), 'corrupted-record');
    expect((await vault.listAccounts()).corrupted).toEqual([a.id]);
  });

  it('a deleted account put back, or an account removed, is detected', async () => {
    const { store, repo, factory, a, b } = await twoAccounts();
    const v = await store.unlock(PASS);
    const oldB = (await repo.getRecord(b.id)) as StoredRecord;
    await v.deleteAccount(b.id);
    expect(await repo.putRecord(oldB, null)).toBe(true);
    let vault = await store.unlock(PASS);
    expect((await vault.summaries()).map((e) => e.id)).toEqual([a.id]);
    expect(await vault.listAccounts()).toEqual({ accounts: [a], corrupted: [b.id] });
    await expectCode(vault.getAccount(b.id), 'rolled-back');

    const db = await openVaultDb(factory, 'backstop-test');
    await db.delete('records', a.id);
    db.close();
    vault = await store.unlock(PASS);
    await expectCode(vault.getAccount(a.id), 'rolled-back');
    await expectCode(vault.claimNextCode(GITHUB), 'rolled-back');
    expect((await vault.listAccounts()).corrupted.sort()).toEqual([a.id, b.id].sort());
  });
});

describe('rollback of the index', { timeout: 60_000 }, () => {
  it('an older index put back at its own revision is older than its records', async () => {
    const { store, repo, a, b, oldIndex, index } = await afterAChange();
    const commit = { puts: [], deletes: [], index: oldIndex, indexExpectedRev: index.rev };
    expect(await repo.commit(commit)).toBe(true);
    const vault = await store.unlock(PASS);
    await expectCode(vault.getAccount(a.id), 'rolled-back');
    await expectCode(vault.claimNextCode(GITHUB), 'rolled-back');
    const { accounts, corrupted } = await vault.listAccounts();
    expect(corrupted).toEqual([a.id]);
    expect(accounts).toEqual([b]);
  });

  it('an older index relabelled with the current revision does not open', async () => {
    const { store, repo, oldIndex, index } = await afterAChange();
    const relabelled = { ...oldIndex, rev: index.rev + 1 };
    expect(
      await repo.commit({ puts: [], deletes: [], index: relabelled, indexExpectedRev: index.rev }),
    ).toBe(true);
    await expectCode((await store.unlock(PASS)).summaries(), 'rolled-back');
    await expectCode((await store.unlock(PASS)).listAccounts(), 'rolled-back');
  });

  it('a removed index is not rebuilt from whatever records are there', async () => {
    const { store, factory, repo, old, current } = await afterAChange();
    expect(await repo.putRecord(old, current.rev)).toBe(true);
    const db = await openVaultDb(factory, 'backstop-test');
    await db.delete('meta', 'index');
    await db.delete('meta', 'indexRev');
    db.close();
    const vault = await store.unlock(PASS);
    await expectCode(vault.summaries(), 'rolled-back');
    await expectCode(vault.listAccounts(), 'rolled-back');
  });
});

describe('no false alarm', { timeout: 60_000 }, () => {
  it('a write by another context between reading the index and the record is not a rollback', async () => {
    const { store, repo, a } = await twoAccounts();
    const reader = await store.unlock(PASS);
    const writer = await store.unlock(PASS);
    await reader.summaries(); // the reader holds the index as it is now
    const getRecord = repo.getRecord.bind(repo);
    const spy = vi.spyOn(repo, 'getRecord').mockImplementationOnce(async (id) => {
      await writer.markCode(a.id, a.codes[0]!.id, true);
      return getRecord(id);
    });
    const read = await reader.getAccount(a.id);
    spy.mockRestore();
    expect(read.codes[0]!.state).toBe('used');
  });
});
