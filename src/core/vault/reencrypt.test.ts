/**
 * "Change passphrase and re-encrypt everything" (issue 9, item 11): a plain passphrase change
 * keeps the data key, so someone who copied the old header and knows the old passphrase can still
 * read every record written afterwards. Re-encrypting replaces the key, and with it every record
 * and the index, in one transaction; anything that goes wrong changes nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import type { StoredRecord } from './format';
import { PASS, dumpDb } from '../../storage/testing/vault-harness';
import { expectCode, flipByte, forceHeader, rawHeader, twoAccounts } from './testing/fixtures';

const NEXT = 'a completely different passphrase';

const records = async (repo: { allRecords(): Promise<unknown[]> }) =>
  (await repo.allRecords()) as StoredRecord[];

describe('change passphrase and re-encrypt everything', { timeout: 60_000 }, () => {
  it('a new key for every record and the index; the old header and key open nothing', async () => {
    const { store, repo, a, b } = await twoAccounts();
    const oldHeader = await rawHeader(repo);
    const old = await store.unlock(PASS);
    const before = await records(repo);
    const indexBefore = (await repo.getIndex()) as { ct: string; rev: number };

    const v = await store.changePassphraseAndReencrypt(PASS, NEXT);
    expect(v.vaultId).not.toBe(oldHeader.vaultId);
    const after = await records(repo);
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    const indexAfter = (await repo.getIndex()) as { ct: string; rev: number };
    expect(indexAfter.ct).not.toBe(indexBefore.ct);
    expect(indexAfter.rev).toBe(indexBefore.rev + 1);
    for (const r of after) {
      const was = before.find((x) => x.id === r.id)!;
      expect(r.ct).not.toBe(was.ct);
      // A record's revision is the index revision of the write that stored it.
      expect(r.rev).toBe(indexAfter.rev);
    }

    // Everything reads back with the new passphrase, from the index and from the records.
    const reopened = await store.unlock(NEXT);
    expect((await reopened.summaries()).map((e) => [e.site, e.left])).toEqual([
      ['GitHub', 4],
      ['Google', 4],
    ]);
    const { accounts, corrupted } = await reopened.listAccounts();
    expect(corrupted).toEqual([]);
    expect(accounts).toEqual([a, b]);
    await expectCode(store.unlock(PASS), 'wrong-passphrase');

    // The old data key, held by a session from before, no longer resumes.
    await expectCode(store.resume(old.vaultId, new Uint8Array(old.rawKey)), 'locked');
    // A copy of the old header, put back, unwraps the old key with the old passphrase: it reads
    // nothing stored now.
    await forceHeader(repo, oldHeader);
    const stale = await store.unlock(PASS);
    await expectCode(stale.listAccounts(), 'rolled-back'); // not even the index opens
  });

  it('a wrong current passphrase or a weak new one changes nothing', async () => {
    const { store, factory } = await twoAccounts();
    const before = await dumpDb(factory);
    await expectCode(
      store.changePassphraseAndReencrypt('not the current one!', NEXT),
      'wrong-passphrase',
    );
    await expectCode(store.changePassphraseAndReencrypt(PASS, 'too short'), 'weak-passphrase');
    expect(await dumpDb(factory)).toBe(before);
  });

  it('a damaged account is not dropped: the re-encryption refuses and changes nothing', async () => {
    const { store, repo, factory, a } = await twoAccounts();
    const damaged = (await records(repo)).find((r) => r.id === a.id)!;
    await repo.putRecord({ ...damaged, ct: flipByte(damaged.ct, 40) }, damaged.rev);
    const before = await dumpDb(factory);
    await expectCode(store.changePassphraseAndReencrypt(PASS, NEXT), 'corrupted-record');
    expect(await dumpDb(factory)).toBe(before);
    await expect(store.unlock(PASS)).resolves.toBeDefined();
  });

  it('a write in between, or a transaction that dies half-way, leaves the old vault whole', async () => {
    const { store, repo, factory, a } = await twoAccounts();
    const v = await store.unlock(PASS);
    const replaceAll = repo.replaceAll.bind(repo);
    // Another context marks a code after everything was read and before the one transaction.
    const spy = vi.spyOn(repo, 'replaceAll').mockImplementationOnce(async (change) => {
      await v.markCode(a.id, a.codes[0]!.id, true);
      return replaceAll(change);
    });
    await expectCode(store.changePassphraseAndReencrypt(PASS, NEXT), 'internal');
    spy.mockRestore();
    const marked = await (await store.unlock(PASS)).getAccount(a.id);
    expect(marked.codes[0]!.state).toBe('used');

    const before = await dumpDb(factory);
    const origPut = IDBObjectStore.prototype.put;
    let writes = 0;
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args
    ) {
      // The third write (the second record) fails: the header and the first record are undone.
      if (++writes < 3) return origPut.apply(this, args);
      this.transaction.abort();
      throw new DOMException('Simulated crash', 'AbortError');
    });
    await expect(store.changePassphraseAndReencrypt(PASS, NEXT)).rejects.toBeDefined();
    put.mockRestore();
    expect(await dumpDb(factory)).toBe(before);
    const { corrupted } = await (await store.unlock(PASS)).listAccounts();
    expect(corrupted).toEqual([]);
  });
});
