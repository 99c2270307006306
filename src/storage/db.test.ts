/**
 * The repository's commit is one IndexedDB transaction: whatever makes it fail
 * half-way, none of its writes stay.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord, VaultCommit } from '../core/vault';
import { IdbVaultRepository } from './db';
import { failNthRecordPut } from './testing/fail-writes';

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

let fault: { restore(): void } | null = null;
afterEach(() => fault?.restore());

describe('IdbVaultRepository.commit', () => {
  it.each(['aborts', 'throws'] as const)(
    'a transaction whose second write %s keeps none of its writes',
    async (how) => {
      const repo = new IdbVaultRepository(new IDBFactory(), 'db-test');
      expect(await repo.commit(commitOf([record(1)], null))).toBe(true);
      fault = failNthRecordPut(2, how);
      await expect(repo.commit(commitOf([record(2), record(3), record(4)], 1))).rejects.toThrow();
      fault.restore();
      const ids = ((await repo.allRecords()) as StoredRecord[]).map((r) => r.ct);
      expect(ids).toEqual(['ciphertext-1']);
      expect(await repo.getIndexRev()).toBe(1);
      // And the store still works.
      expect(await repo.commit(commitOf([record(2)], 1))).toBe(true);
      expect(await repo.countRecords()).toBe(2);
    },
  );
});
