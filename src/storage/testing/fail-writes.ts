/**
 * Test helper: makes a write into the `records` store fail half-way through a
 * transaction, on fake-indexeddb, the two ways a browser's can: the
 * transaction aborting (quota exceeded, shutdown) or the request throwing at
 * once (a value that cannot be stored).
 */
import { IDBObjectStore } from 'fake-indexeddb';

export type WriteFailure = 'aborts' | 'throws';

/**
 * From now on the `n`-th put into `records` fails as `how` says. Returns how
 * to undo it and how many record puts were seen.
 */
export function failNthRecordPut(
  n: number,
  how: WriteFailure,
): { restore(): void; seen(): number } {
  const put = IDBObjectStore.prototype.put;
  let count = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
    if (this.name === 'records' && ++count === n) {
      if (how === 'throws') throw new DOMException('could not clone', 'DataCloneError');
      const request = put.apply(this, args);
      this.transaction.abort();
      return request;
    }
    return put.apply(this, args);
  } as typeof put;
  return {
    restore: () => {
      IDBObjectStore.prototype.put = put;
    },
    seen: () => count,
  };
}
