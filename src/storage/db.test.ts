/**
 * The repository's commit is one IndexedDB transaction: whatever makes it fail
 * half-way, none of its writes stay.
 */
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord, VaultCommit } from '../core/vault';
import { IdbVaultRepository } from './db';

const record = (n: number): StoredRecord => ({
  id: n.toString(16).padStart(32, '0'),
  rev: 1,
  iv: 'AAAAAAAAAAAAAAAA',
  ct: `ciphertext-${n}`,
});

function commitOf(records: StoredRecord[], indexRev: number | null): VaultCommit {
  return {
    puts: records.map((r) => ({ record: r, expectedRev: null })),
    deletes: [],
    index: { rev: (indexRev ?? 0) + 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'index' },
    indexExpectedRev: indexRev,
  };
}

const put = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = put;
});

/** Makes the n-th put into `records` fail the way `how` says. */
function failNthRecordPut(n: number, how: 'aborts' | 'throws') {
  let count = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
    if (this.name === 'records' && ++count === n) {
      // A value the browser cannot store throws at once; quota or shutdown abort the transaction.
      if (how === 'throws') throw new DOMException('could not clone', 'DataCloneError');
      const request = put.apply(this, args);
      this.transaction.abort();
      return request;
    }
    return put.apply(this, args);
  } as typeof put;
}

describe('IdbVaultRepository.commit', () => {
  it.each(['aborts', 'throws'] as const)(
    'a transaction whose second write %s keeps none of its writes',
    async (how) => {
      const repo = new IdbVaultRepository(new IDBFactory(), 'db-test');
      expect(await repo.commit(commitOf([record(1)], null))).toBe(true);
      failNthRecordPut(2, how);
      await expect(repo.commit(commitOf([record(2), record(3), record(4)], 1))).rejects.toThrow();
      IDBObjectStore.prototype.put = put;
      const ids = ((await repo.allRecords()) as StoredRecord[]).map((r) => r.ct);
      expect(ids).toEqual(['ciphertext-1']);
      expect(await repo.getIndexRev()).toBe(1);
      // And the store still works.
      expect(await repo.commit(commitOf([record(2)], 1))).toBe(true);
      expect(await repo.countRecords()).toBe(2);
    },
  );
});
