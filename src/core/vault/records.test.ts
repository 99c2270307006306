import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { fromBase64 } from '../bytes';
import { ITERATIONS, PASS, makeStore } from '../../storage/testing/vault-harness';
import type { StoredRecord } from './format';
import { codes, draft, expectCode, flipByte, twoAccounts } from './testing/fixtures';

describe('records bound to their place', () => {
  it('ciphertexts swapped between two records fail for both', async () => {
    const { store, repo, a, b } = await twoAccounts();
    const ra = (await repo.getRecord(a.id)) as StoredRecord;
    const rb = (await repo.getRecord(b.id)) as StoredRecord;
    await repo.putRecord({ ...ra, iv: rb.iv, ct: rb.ct, rev: ra.rev + 1 }, ra.rev);
    await repo.putRecord({ ...rb, iv: ra.iv, ct: ra.ct, rev: rb.rev + 1 }, rb.rev);
    const { accounts, corrupted } = await (await store.unlock(PASS)).listAccounts();
    expect(accounts).toEqual([]);
    expect(corrupted.sort()).toEqual([a.id, b.id].sort());
  });

  it('a record copied from another vault (same id, same passphrase) does not decrypt', async () => {
    const one = await twoAccounts();
    const two = makeStore(new IDBFactory());
    const v2 = await two.store.create(PASS, ITERATIONS);
    const foreign = await v2.addAccount(draft('Evil', 'evil.com'), codes(2));
    const rec = (await two.repo.getRecord(foreign.id)) as StoredRecord;
    await one.repo.putRecord(rec, null);
    const { accounts, corrupted } = await (await one.store.unlock(PASS)).listAccounts();
    expect(corrupted).toEqual([foreign.id]);
    expect(accounts).toHaveLength(2);
  });

  it('record ciphertext lengths fall in padding buckets', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const short = await v.addAccount(draft('A', 'a.com', ''), codes(1));
    const longer = await v.addAccount(draft('Bb', 'bbbbbbbb.com', 'someone'), codes(2));
    const len = async (id: string) =>
      fromBase64(((await repo.getRecord(id)) as StoredRecord).ct)!.length;
    expect(await len(short.id)).toBe(await len(longer.id));
  });
});

describe('encrypted account index', () => {
  it('lists summaries from one record, kept in step with every write', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    const b = await v.addAccount(draft('Google', 'google.com'), codes(2, '2000'));
    await v.markCode(a.id, a.codes[0]!.id, true);
    await v.deleteAccount(b.id);
    const fresh = await store.unlock(PASS);
    const get = vi.spyOn(repo, 'allRecords');
    expect(await fresh.summaries()).toMatchObject([
      { id: a.id, site: 'GitHub', total: 3, left: 2 },
    ]);
    expect(get).not.toHaveBeenCalled(); // no full read needed
    get.mockRestore();
    const idx = (await repo.getIndex()) as { ct: string };
    expect(idx.ct).not.toContain('GitHub');
  });

  it('a damaged index is refused, not rebuilt; a record behind its back is never used', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    const idx = (await repo.getIndex()) as { rev: number; iv: string; ct: string };
    // Damaged: a flipped byte.
    await repo.commit({
      puts: [],
      deletes: [],
      index: { ...idx, ct: flipByte(idx.ct, 3), rev: idx.rev + 1 },
      indexExpectedRev: idx.rev,
    });
    await expectCode((await store.unlock(PASS)).summaries(), 'rolled-back');
    // A stray record beside a sound index (rebuilding would have listed whatever it is).
    await repo.commit({ puts: [], deletes: [], index: idx, indexExpectedRev: idx.rev + 1 });
    expect((await (await store.unlock(PASS)).summaries()).map((e) => e.id)).toEqual([a.id]);
    const stray = (await repo.getRecord(a.id)) as StoredRecord;
    await repo.putRecord({ ...stray, id: '0'.repeat(32) }, null);
    const vault = await store.unlock(PASS);
    expect((await vault.summaries()).map((e) => e.id)).toEqual([a.id]);
    expect((await vault.listAccounts()).corrupted).toEqual(['0'.repeat(32)]);
  });
});
