/**
 * What the vault needs from outside, injected so that it runs in Node tests
 * (fake-indexeddb, Node's Web Crypto, a fake clock) as in the browser.
 */
import type { StoredHeader, StoredIndex, StoredRecord } from './format';

export interface VaultRepository {
  getHeader(): Promise<unknown>;
  /** Replaces the header only if the current one still has `expectedChecksum` (null: none). */
  putHeader(header: StoredHeader, expectedChecksum: string | null): Promise<boolean>;
  getRecord(id: string): Promise<unknown>;
  allRecords(): Promise<unknown[]>;
  countRecords(): Promise<number>;
  /** The encrypted account index (`meta/index`), or undefined. */
  getIndex(): Promise<unknown>;
  /** The index's revision alone (`meta/indexRev`): a cheap freshness check. */
  getIndexRev(): Promise<number | null>;
  /**
   * One transaction: checks every expected revision (records and index),
   * then writes the records, deletes, and the new index. False on a conflict.
   */
  commit(change: VaultCommit): Promise<boolean>;
  /**
   * One transaction that replaces the whole vault (re-encryption under a new
   * data key): checks the header's checksum, the index's revision, every
   * record's revision and that no other record exists, then writes the new
   * header, every record and the index. False, and nothing written, on a conflict.
   */
  replaceAll(change: VaultReplacement): Promise<boolean>;
  clear(): Promise<void>;
}

export interface VaultReplacement {
  header: StoredHeader;
  expectedChecksum: string;
  puts: { record: StoredRecord; expectedRev: number }[];
  index: StoredIndex;
  indexExpectedRev: number | null;
}

export interface VaultCommit {
  puts: { record: StoredRecord; expectedRev: number | null }[];
  deletes: { id: string; expectedRev: number }[];
  index: StoredIndex;
  indexExpectedRev: number | null;
}

/** A lock that serializes critical sections (navigator.locks in browsers). */
export interface LockProvider {
  run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** In-process FIFO lock, used where `navigator.locks` is unavailable. */
export function memoryLock(): LockProvider {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const prev = tails.get(name) ?? Promise.resolve();
      const next = prev.then(fn, fn);
      tails.set(
        name,
        next.catch(() => undefined),
      );
      return next;
    },
  };
}

export interface VaultDeps {
  repo: VaultRepository;
  crypto: Crypto;
  now: () => number;
  locks?: LockProvider;
  /**
   * Decides whether codes of an account (its domains and pinned hosts, from
   * the index) may go to `origin`: the origin policy and the login hosts.
   */
  originAllowed: (origin: string, account: { domains: string[]; hosts?: string[] }) => boolean;
}
