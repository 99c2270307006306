/**
 * IndexedDB schema and the vault repository. Everything stored here is either
 * ciphertext or non-secret KDF parameters; see docs/design.md §3.
 *
 * Schema history (each version's upgrade runs in order; frozen fixtures of
 * every released format live in test/fixtures/vaults/):
 *   v1: object stores `meta` (out-of-line keys: `header`, `index`, `indexRev`) and `records` (keyPath `id`).
 */
import { wrap, type IDBPDatabase } from 'idb';
import type {
  StoredHeader,
  StoredIndex,
  StoredRecord,
  VaultCommit,
  VaultReplacement,
  VaultRepository,
} from '../core/vault';
import { BackstopError } from '../core/errors';

export const DB_NAME = 'backstop';
export const DB_VERSION = 1;

interface Schema {
  meta: { key: string; value: StoredHeader | StoredIndex | number };
  records: { key: string; value: StoredRecord };
}

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('meta');
    db.createObjectStore('records', { keyPath: 'id' });
  }
}

/** Opens (and migrates) the database with an injected factory (browser or fake-indexeddb). */
export async function openVaultDb(
  factory: IDBFactory,
  name = DB_NAME,
): Promise<IDBPDatabase<Schema>> {
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, DB_VERSION);
  } catch (e) {
    throw unavailable(e);
  }
  request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
  try {
    return (await wrap(request)) as unknown as IDBPDatabase<Schema>;
  } catch (e) {
    throw unavailable(e);
  }
}

function unavailable(e: unknown): BackstopError {
  return new BackstopError(
    'storage-unavailable',
    'This browser profile does not allow extension storage (IndexedDB). Private-only browsing profiles block it; use a normal profile.',
    e,
  );
}

/**
 * Issues the writes of one transaction and waits for them and for the
 * transaction. If a request fails, the transaction aborts. If issuing one
 * throws at once (a value that cannot be stored, a transaction the browser
 * already aborted), the transaction is aborted here, so the writes issued
 * before it are undone rather than committed alone. Every rejection is
 * observed here rather than surfacing as an unhandled one.
 */
async function settle(
  tx: { done: Promise<void>; abort(): void },
  writes: (() => Promise<unknown>)[],
): Promise<void> {
  tx.done.catch(() => undefined);
  const issued: Promise<unknown>[] = [];
  try {
    for (const write of writes) {
      const request = write();
      request.catch(() => undefined);
      issued.push(request);
    }
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already aborted: nothing of it will be committed either way.
    }
    throw e;
  }
  await Promise.all(issued);
  await tx.done;
}

/** The repository over IndexedDB; every method is one transaction. */
export class IdbVaultRepository implements VaultRepository {
  private dbPromise: Promise<IDBPDatabase<Schema>> | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name = DB_NAME,
  ) {}

  private db(): Promise<IDBPDatabase<Schema>> {
    this.dbPromise ??= openVaultDb(this.factory, this.name).catch((e) => {
      this.dbPromise = null;
      throw e;
    });
    return this.dbPromise;
  }

  async getHeader(): Promise<unknown> {
    return (await this.db()).get('meta', 'header');
  }

  async putHeader(header: StoredHeader, expectedChecksum: string | null): Promise<boolean> {
    const tx = (await this.db()).transaction('meta', 'readwrite');
    const current = (await tx.store.get('header')) as StoredHeader | undefined;
    const currentChecksum = current ? current.checksum : null;
    if (currentChecksum !== expectedChecksum) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return false;
    }
    await settle(tx, [() => tx.store.put(header, 'header')]);
    return true;
  }

  async getRecord(id: string): Promise<unknown> {
    return (await this.db()).get('records', id);
  }

  async allRecords(): Promise<unknown[]> {
    return (await this.db()).getAll('records');
  }

  /**
   * Writes one record outside the vault's commit (no index update). The vault
   * never calls this; tests use it to tamper with or seed stored records.
   */
  async putRecord(record: StoredRecord, expectedRev: number | null): Promise<boolean> {
    const tx = (await this.db()).transaction('records', 'readwrite');
    const current = (await tx.store.get(record.id)) as StoredRecord | undefined;
    const currentRev = current ? current.rev : null;
    if (currentRev !== expectedRev) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return false;
    }
    await settle(tx, [() => tx.store.put(record)]);
    return true;
  }

  /** Seeds many records in one transaction (tests and fixtures; no index update). */
  async putRecords(records: StoredRecord[]): Promise<void> {
    const tx = (await this.db()).transaction('records', 'readwrite');
    await settle(
      tx,
      records.map((r) => () => tx.store.put(r)),
    );
  }

  async countRecords(): Promise<number> {
    return (await this.db()).count('records');
  }

  async getIndex(): Promise<unknown> {
    return (await this.db()).get('meta', 'index');
  }

  async getIndexRev(): Promise<number | null> {
    const rev: unknown = await (await this.db()).get('meta', 'indexRev');
    return typeof rev === 'number' ? rev : null;
  }

  async commit(change: VaultCommit): Promise<boolean> {
    const tx = (await this.db()).transaction(['meta', 'records'], 'readwrite');
    const meta = tx.objectStore('meta');
    const records = tx.objectStore('records');
    const revOf = (v: unknown): number | null =>
      v && typeof (v as { rev?: unknown }).rev === 'number' ? (v as { rev: number }).rev : null;
    const checks = await Promise.all([
      // The revision is kept apart from the (large) index so checking it is cheap.
      meta
        .get('indexRev')
        .then((v) => (typeof v === 'number' ? v : null) === change.indexExpectedRev),
      ...change.puts.map(async (p) => revOf(await records.get(p.record.id)) === p.expectedRev),
      ...change.deletes.map(async (d) => revOf(await records.get(d.id)) === d.expectedRev),
    ]);
    if (!checks.every(Boolean)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return false;
    }
    await settle(tx, [
      ...change.puts.map((p) => () => records.put(p.record)),
      ...change.deletes.map((d) => () => records.delete(d.id)),
      () => meta.put(change.index, 'index'),
      () => meta.put(change.index.rev, 'indexRev'),
    ]);
    return true;
  }

  async replaceAll(change: VaultReplacement): Promise<boolean> {
    const tx = (await this.db()).transaction(['meta', 'records'], 'readwrite');
    const meta = tx.objectStore('meta');
    const records = tx.objectStore('records');
    const [header, indexRev, stored] = await Promise.all([
      meta.get('header') as Promise<StoredHeader | undefined>,
      meta.get('indexRev'),
      records.getAll(),
    ]);
    const expected = new Map(change.puts.map((p) => [p.record.id, p.expectedRev]));
    const unchanged =
      header?.checksum === change.expectedChecksum &&
      (typeof indexRev === 'number' ? indexRev : null) === change.indexExpectedRev &&
      stored.length === expected.size &&
      stored.every((r) => expected.get(r.id) === r.rev);
    if (!unchanged) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return false;
    }
    await settle(tx, [
      () => meta.put(change.header, 'header'),
      ...change.puts.map((p) => () => records.put(p.record)),
      () => meta.put(change.index, 'index'),
      () => meta.put(change.index.rev, 'indexRev'),
    ]);
    return true;
  }

  async clear(): Promise<void> {
    const tx = (await this.db()).transaction(['meta', 'records'], 'readwrite');
    await settle(tx, [
      () => tx.objectStore('meta').clear(),
      () => tx.objectStore('records').clear(),
    ]);
  }

  close(): void {
    void this.dbPromise?.then((db) => db.close());
    this.dbPromise = null;
  }
}
