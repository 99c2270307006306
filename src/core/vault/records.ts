/**
 * The encrypted records and the account index of an open vault: reads go
 * through a cache of decrypted accounts (keyed by revision), writes are the
 * compare-and-swap engine. Every write puts the changed records and a new
 * index in one transaction that first checks the revisions it read; on a
 * conflict it re-reads and tries again, so two contexts never overwrite each
 * other's change (docs/architecture.md, "Writes").
 */
import { openJson, parseSealed, sealJson, type Sealed } from '../crypto';
import { BackstopError } from '../errors';
import { remaining, validateAccount } from '../account';
import type { Account } from '../types';
import {
  indexAad,
  parseIndex,
  parseStoredRecord,
  recordAad,
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

/** The records of one unlocked vault, read and written with its DEK. */
export class VaultRecords {
  private cache = new Map<string, { rev: number; account: Account }>();
  private index: { rev: number; entries: Map<string, IndexEntry> } | null = null;
  /** Records that failed to decrypt in the last full read. */
  corrupted: string[] = [];

  constructor(
    private readonly deps: Pick<VaultDeps, 'repo' | 'crypto'>,
    private readonly vaultId: string,
    private dek: CryptoKey,
  ) {}

  /** Decrypts and validates one stored record (`corrupted-record` if it fails); cached by revision. */
  async decrypt(record: StoredRecord): Promise<Account> {
    const cached = this.cache.get(record.id);
    if (cached && cached.rev === record.rev) return cached.account;
    const value = await openJson(
      this.deps.crypto.subtle,
      this.dek,
      recordAad(this.vaultId, record.id),
      record,
    );
    let account: Account;
    try {
      if (value === null) throw new Error('decrypt');
      account = validateAccount(value);
      if (account.id !== record.id) throw new Error('id');
    } catch {
      throw new BackstopError(
        'corrupted-record',
        'One account in the vault is damaged and cannot be read. The others are fine.',
        record.id,
      );
    }
    this.cache.set(record.id, { rev: record.rev, account });
    return account;
  }

  private seal(account: Account): Promise<Sealed> {
    return sealJson(this.deps.crypto, this.dek, recordAad(this.vaultId, account.id), account);
  }

  /** Decrypts every account; damaged records are reported, not fatal. */
  async listAccounts(): Promise<ListResult> {
    const raws = await this.deps.repo.allRecords();
    const corrupted: string[] = [];
    const seen = new Set<string>();
    const accounts = await Promise.all(
      raws.map(async (raw) => {
        const record = parseStoredRecord(raw);
        const id = (raw as { id?: unknown } | null)?.id;
        if (!record) {
          corrupted.push(typeof id === 'string' ? id : '?');
          return null;
        }
        seen.add(record.id);
        try {
          return await this.decrypt(record);
        } catch {
          corrupted.push(record.id);
          return null;
        }
      }),
    );
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
    this.corrupted = corrupted;
    return {
      accounts: accounts.filter((a): a is Account => a !== null).sort(bySite),
      corrupted,
    };
  }

  /**
   * Every account's summary from the encrypted index: one record to read and
   * decrypt however many accounts there are. Rebuilt from the records when it
   * is missing, damaged or does not match the number of records.
   */
  async summaries(): Promise<IndexEntry[]> {
    const entries = await this.loadIndex();
    return [...entries.values()].sort(bySite);
  }

  private async loadIndex(): Promise<Map<string, IndexEntry>> {
    const storedRev = await this.deps.repo.getIndexRev();
    if (storedRev !== null && this.index && storedRev === this.index.rev) return this.index.entries;
    const raw = (await this.deps.repo.getIndex()) as Partial<StoredIndex> | undefined;
    const sealed = raw ? parseSealed({ iv: raw.iv, ct: raw.ct }, 1 << 24) : null;
    if (raw && sealed && typeof raw.rev === 'number' && raw.rev === storedRev) {
      const value = await openJson(
        this.deps.crypto.subtle,
        this.dek,
        indexAad(this.vaultId),
        sealed,
      );
      const parsed = parseIndex(value);
      if (
        parsed &&
        parsed.entries.size + parsed.skipped === (await this.deps.repo.countRecords())
      ) {
        this.index = { rev: raw.rev, entries: parsed.entries };
        return parsed.entries;
      }
    }
    return this.rebuildIndex(storedRev);
  }

  private async rebuildIndex(currentRev: number | null): Promise<Map<string, IndexEntry>> {
    const { accounts, corrupted } = await this.listAccounts();
    const entries = new Map(accounts.map((a) => [a.id, this.entryOf(a)]));
    const rev = (currentRev ?? 0) + 1;
    const index = { rev, ...(await this.sealIndex(entries, corrupted)) };
    const ok = await this.deps.repo.commit({
      puts: [],
      deletes: [],
      index,
      indexExpectedRev: currentRev,
    });
    if (ok) this.index = { rev, entries };
    return entries;
  }

  private entryOf(a: Account): IndexEntry {
    return indexEntry(a, this.cache.get(a.id)?.rev ?? 0);
  }

  private sealIndex(
    entries: Map<string, IndexEntry>,
    skipped: string[] = this.corrupted,
  ): Promise<Sealed> {
    const body: IndexBody = { v: 1, entries: [...entries.values()], skipped };
    return sealJson(this.deps.crypto, this.dek, indexAad(this.vaultId), body);
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
      const indexRev = this.index?.rev ?? null;
      const entries = new Map(current);
      const records: { record: StoredRecord; expectedRev: number | null }[] = [];
      for (const { account, expectedRev } of puts) {
        const rev = (expectedRev ?? 0) + 1;
        records.push({
          record: { id: account.id, rev, ...(await this.seal(account)) },
          expectedRev,
        });
        entries.set(account.id, { ...this.entryOf(account), rev });
      }
      for (const d of deletes) entries.delete(d.id);
      const newIndexRev = (indexRev ?? 0) + 1;
      const index = { rev: newIndexRev, ...(await this.sealIndex(entries)) };
      if (
        await this.deps.repo.commit({ puts: records, deletes, index, indexExpectedRev: indexRev })
      ) {
        for (const { record } of records) {
          const account = puts.find((p) => p.account.id === record.id)!.account;
          this.cache.set(record.id, { rev: record.rev, account });
        }
        for (const d of deletes) this.cache.delete(d.id);
        this.index = { rev: newIndexRev, entries };
        return puts.map((p) => p.account);
      }
      // Someone else wrote in between: forget the index so it is re-read, and
      // back off for a random moment so competing writers do not collide again.
      this.index = null;
      const bytes = this.deps.crypto.getRandomValues(new Uint8Array(1));
      const ceiling = Math.min(2 ** attempt, 64);
      await new Promise((r) => setTimeout(r, (bytes[0]! / 255) * ceiling));
    }
    throw new BackstopError('internal', 'The vault is busy. Nothing was changed; try again.');
  }

  /** Forgets the key and every decrypted account. */
  forget(): void {
    this.cache.clear();
    this.index = null;
    this.dek = undefined as unknown as CryptoKey;
  }
}

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
