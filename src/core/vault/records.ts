/**
 * The encrypted records and the account index of an open vault: reads go
 * through a cache of decrypted accounts (keyed by revision), writes are the
 * compare-and-swap engine. Every write puts the changed records and a new
 * index in one transaction that first checks the revisions it read; on a
 * conflict it re-reads and tries again, so two contexts never overwrite each
 * other's change (docs/architecture.md, "Writes").
 *
 * The index is what authenticates the vault's state: its AAD binds its
 * revision, and it lists each record's revision, which each record's AAD
 * binds too. A record whose revision differs from its entry, a record the
 * index does not list, an entry without its record, or an index that is
 * missing or does not open is `rolled-back`, never used (docs/security.md).
 * A record's revision is the index revision of the write that made it, so no
 * revision is ever used twice for one record id.
 */
import { openJson, parseSealed, sealJson, type Sealed } from '../crypto';
import { BackstopError, isBackstopError } from '../errors';
import { remaining, validateAccount } from '../account';
import type { Account } from '../types';
import {
  indexAad,
  parseIndex,
  parseStoredRecord,
  recordAad,
  rolledBack,
  type IndexBody,
  type IndexEntry,
  type StoredIndex,
  type StoredRecord,
} from './format';
import type { VaultDeps } from './ports';

export interface ListResult {
  accounts: Account[];
  /** Record ids that failed to decrypt or validate; the rest is usable. */
  corrupted: string[];
}

/** What one write changes: accounts to put and records to delete, each with the revision read. */
export interface WriteSet {
  puts: { account: Account; expectedRev: number | null }[];
  deletes: { id: string; expectedRev: number }[];
}

/** The decrypted index as last read: its revision (null: none yet), entries and skipped ids. */
interface LoadedIndex {
  rev: number | null;
  entries: Map<string, IndexEntry>;
  skipped: Set<string>;
}

const busy = () =>
  new BackstopError('internal', 'The vault is busy. Nothing was changed; try again.');

/** The records of one unlocked vault, read and written with its DEK. */
export class VaultRecords {
  private cache = new Map<string, { rev: number; account: Account }>();
  private index: LoadedIndex | null = null;
  /** Records that failed to decrypt, or disagreed with the index, in the last full read. */
  corrupted: string[] = [];

  constructor(
    private readonly deps: Pick<VaultDeps, 'repo' | 'crypto'>,
    private readonly vaultId: string,
    private dek: CryptoKey,
  ) {}

  /**
   * Checks a stored record against the index, then decrypts and validates it
   * (`rolled-back`, `corrupted-record`); cached by revision.
   */
  private async decrypt(record: StoredRecord, index: LoadedIndex): Promise<Account> {
    const entry = index.entries.get(record.id);
    if (!entry && index.skipped.has(record.id)) throw damaged(record.id);
    if (!entry || entry.rev !== record.rev) throw rolledBack(record.id);
    const cached = this.cache.get(record.id);
    if (cached && cached.rev === record.rev) return cached.account;
    const value = await openJson(
      this.deps.crypto.subtle,
      this.dek,
      recordAad(this.vaultId, record.id, record.rev),
      record,
    );
    let account: Account;
    try {
      if (value === null) throw new Error('decrypt');
      account = validateAccount(value);
      if (account.id !== record.id) throw new Error('id');
    } catch {
      throw damaged(record.id);
    }
    this.cache.set(record.id, { rev: record.rev, account });
    return account;
  }

  /**
   * Runs `read` against the index and checks afterwards that no write came in
   * between (every write raises the index revision), so a write by another
   * context is never mistaken for a rollback.
   */
  private async consistent<T>(read: (index: LoadedIndex) => Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < 64; attempt++) {
      const index = await this.loadIndex();
      try {
        const out = await read(index);
        if ((await this.deps.repo.getIndexRev()) === index.rev) return out;
      } catch (e) {
        if (!isBackstopError(e) || (await this.deps.repo.getIndexRev()) === index.rev) throw e;
      }
      this.index = null;
    }
    throw busy();
  }

  /** One account and its stored revision: `not-found`, `corrupted-record`, `rolled-back`. */
  read(id: string): Promise<{ account: Account; rev: number }> {
    return this.consistent(async (index) => {
      const raw = await this.deps.repo.getRecord(id);
      if (raw === undefined) {
        if (index.entries.has(id)) throw rolledBack(id);
        throw new BackstopError('not-found', 'That account no longer exists.');
      }
      const record = parseStoredRecord(raw);
      if (!record) throw damaged(id);
      return { account: await this.decrypt(record, index), rev: record.rev };
    });
  }

  private seal(account: Account, rev: number): Promise<Sealed> {
    return sealJson(this.deps.crypto, this.dek, recordAad(this.vaultId, account.id, rev), account);
  }

  /** Decrypts every account; damaged or rolled-back records are reported, not fatal. */
  listAccounts(): Promise<ListResult> {
    return this.consistent(async (index) => {
      const raws = await this.deps.repo.allRecords();
      const corrupted: string[] = [];
      const seen = new Set<string>();
      const accounts = await Promise.all(
        raws.map(async (raw) => {
          const record = parseStoredRecord(raw);
          const id = (raw as { id?: unknown } | null)?.id;
          if (typeof id === 'string') seen.add(id);
          if (!record) {
            corrupted.push(typeof id === 'string' ? id : '?');
            return null;
          }
          try {
            return await this.decrypt(record, index);
          } catch (e) {
            if (!isBackstopError(e)) throw e;
            corrupted.push(record.id);
            return null;
          }
        }),
      );
      // An entry without its record: the account was removed outside Backstop.
      for (const id of index.entries.keys()) if (!seen.has(id)) corrupted.push(id);
      for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
      this.corrupted = corrupted;
      return {
        accounts: accounts.filter((a): a is Account => a !== null).sort(bySite),
        corrupted,
      };
    });
  }

  /**
   * Every account's summary from the encrypted index: one record to read and
   * decrypt however many accounts there are.
   */
  async summaries(): Promise<IndexEntry[]> {
    const { entries } = await this.loadIndex();
    return [...entries.values()].sort(bySite);
  }

  /**
   * The index, re-read when its revision moved. A new vault has none until
   * its first write; otherwise a missing index, or one that does not open at
   * its stored revision, is `rolled-back`: rebuilding it from the records
   * would accept whatever records were put back.
   */
  private async loadIndex(): Promise<LoadedIndex> {
    for (let attempt = 0; attempt < 64; attempt++) {
      const storedRev = await this.deps.repo.getIndexRev();
      if (this.index && storedRev === this.index.rev) return this.index;
      const raw = (await this.deps.repo.getIndex()) as Partial<StoredIndex> | undefined;
      const count = raw === undefined ? await this.deps.repo.countRecords() : -1;
      // Written in between (every write raises the revision): read again.
      if ((await this.deps.repo.getIndexRev()) !== storedRev) continue;
      const agrees = raw === undefined ? storedRev === null : raw.rev === storedRev;
      if (!agrees) throw rolledBack();
      if (raw === undefined) {
        if (count !== 0) throw rolledBack();
        return (this.index = { rev: null, entries: new Map(), skipped: new Set() });
      }
      const sealed = parseSealed({ iv: raw.iv, ct: raw.ct }, 1 << 24);
      if (!sealed || typeof raw.rev !== 'number') throw rolledBack();
      const value = await openJson(
        this.deps.crypto.subtle,
        this.dek,
        indexAad(this.vaultId, raw.rev),
        sealed,
      );
      // A record the index does not list, or an entry without its record, is
      // found where it is read; the other accounts stay usable.
      const parsed = parseIndex(value);
      if (!parsed) throw rolledBack();
      return (this.index = { rev: raw.rev, ...parsed });
    }
    throw busy();
  }

  private sealIndex(rev: number, entries: Map<string, IndexEntry>, skipped: Set<string>) {
    const body: IndexBody = { v: 1, entries: [...entries.values()], skipped: [...skipped] };
    return sealJson(this.deps.crypto, this.dek, indexAad(this.vaultId, rev), body);
  }

  /**
   * Writes records and the index together, compare-and-swapped; `prepare`
   * runs again on a conflict with the fresh state.
   */
  async write(prepare: () => Promise<WriteSet>): Promise<Account[]> {
    for (let attempt = 0; attempt < 64; attempt++) {
      const { puts, deletes } = await prepare();
      // Nothing to change (a code handed out again): no commit, no new index.
      if (!puts.length && !deletes.length) return [];
      const current = await this.loadIndex();
      const newIndexRev = (current.rev ?? 0) + 1;
      const entries = new Map(current.entries);
      const skipped = new Set(current.skipped);
      const records: { record: StoredRecord; expectedRev: number | null }[] = [];
      for (const { account, expectedRev } of puts) {
        // The write's index revision: above every revision this id ever had.
        const rev = newIndexRev;
        records.push({
          record: { id: account.id, rev, ...(await this.seal(account, rev)) },
          expectedRev,
        });
        entries.set(account.id, indexEntry(account, rev));
        skipped.delete(account.id);
      }
      for (const d of deletes) {
        entries.delete(d.id);
        skipped.delete(d.id);
      }
      const index = { rev: newIndexRev, ...(await this.sealIndex(newIndexRev, entries, skipped)) };
      if (
        await this.deps.repo.commit({
          puts: records,
          deletes,
          index,
          indexExpectedRev: current.rev,
        })
      ) {
        for (const { record } of records) {
          const account = puts.find((p) => p.account.id === record.id)!.account;
          this.cache.set(record.id, { rev: record.rev, account });
        }
        for (const d of deletes) this.cache.delete(d.id);
        this.index = { rev: newIndexRev, entries, skipped };
        return puts.map((p) => p.account);
      }
      // Someone else wrote in between: forget the index so it is re-read, and
      // back off for a random moment so competing writers do not collide again.
      this.index = null;
      const bytes = this.deps.crypto.getRandomValues(new Uint8Array(1));
      const ceiling = Math.min(2 ** attempt, 64);
      await new Promise((r) => setTimeout(r, (bytes[0]! / 255) * ceiling));
    }
    throw busy();
  }

  /** Forgets the key and every decrypted account. */
  forget(): void {
    this.cache.clear();
    this.index = null;
    this.dek = undefined as unknown as CryptoKey;
  }
}

const damaged = (id: string) =>
  new BackstopError(
    'corrupted-record',
    'One account in the vault is damaged and cannot be read. The others are fine.',
    id,
  );

/** An account's line in the encrypted index, for its record at revision `rev`. */
export function indexEntry(a: Account, rev: number): IndexEntry {
  return {
    id: a.id,
    rev,
    site: a.site,
    domains: a.domains,
    ...(a.hosts?.length ? { hosts: a.hosts } : {}),
    username: a.username,
    total: a.codes.length,
    left: remaining(a),
  };
}

function bySite(
  a: { site: string; username: string },
  b: { site: string; username: string },
): number {
  return a.site.localeCompare(b.site) || a.username.localeCompare(b.username);
}
