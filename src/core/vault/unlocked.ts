/**
 * An open vault: every read and change of accounts and codes, with the DEK
 * in memory. Every write is a compare-and-swap on the record's `rev` inside
 * one IndexedDB transaction, retried on conflict, and serialized by a lock,
 * so two contexts that both claim a code never hand out the same one.
 */
import { openJson, parseSealed, sealJson, type Sealed } from '../crypto';
import { BackstopError } from '../errors';
import { randomId } from '../random';
import { remaining, validateAccount, validateDraft, withHistory } from '../account';
import { applyCodeEvent, claimNext, newCode, type CodeEvent } from '../codes/state';
import type { Account, AccountDraft, BackupCode } from '../types';
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
import type { LockProvider, VaultDeps } from './ports';

export interface ListResult {
  accounts: Account[];
  /** Record ids that failed to decrypt or validate; the rest is usable. */
  corrupted: string[];
}

export interface Claim {
  account: Account;
  code: BackupCode;
}

/** An open vault: holds the (non-extractable) DEK and a cache of decrypted accounts. */
export class UnlockedVault {
  private cache = new Map<string, { rev: number; account: Account }>();
  private index: { rev: number; entries: Map<string, IndexEntry> } | null = null;
  /** Records that failed to decrypt in the last full read. */
  corrupted: string[] = [];

  constructor(
    private readonly deps: VaultDeps,
    private readonly locks: LockProvider,
    readonly vaultId: string,
    private dek: CryptoKey,
    /** Raw DEK bytes, for session storage only. */
    readonly rawKey: Uint8Array<ArrayBuffer>,
  ) {}

  private async decrypt(record: StoredRecord): Promise<Account> {
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
    return {
      id: a.id,
      rev: this.cache.get(a.id)?.rev ?? 0,
      site: a.site,
      domains: a.domains,
      username: a.username,
      total: a.codes.length,
      left: remaining(a),
    };
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
  private async write(
    prepare: () => Promise<{
      puts: { account: Account; expectedRev: number | null }[];
      deletes: { id: string; expectedRev: number }[];
    }>,
  ): Promise<Account[]> {
    for (let attempt = 0; attempt < 64; attempt++) {
      const { puts, deletes } = await prepare();
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

  async getAccount(id: string): Promise<Account> {
    const raw = await this.deps.repo.getRecord(id);
    if (raw === undefined) throw new BackstopError('not-found', 'That account no longer exists.');
    const record = parseStoredRecord(raw);
    if (!record) {
      throw new BackstopError(
        'corrupted-record',
        'This account is damaged and cannot be read.',
        id,
      );
    }
    return this.decrypt(record);
  }

  /** Adds an account with its codes (already parsed). */
  async addAccount(
    draftInput: AccountDraft,
    codes: { value: string; used: boolean }[],
  ): Promise<Account> {
    const draft = validateDraft(draftInput);
    const now = this.deps.now();
    const id = randomId(this.deps.crypto);
    const account = validateAccount({
      id,
      ...draft,
      codes: codes.map((c) => newCode(randomId(this.deps.crypto), c.value, c.used, now)),
      archived: [],
      history: [{ at: now, action: 'created' }],
      createdAt: now,
      updatedAt: now,
    });
    return this.locks.run('backstop-vault', async () => {
      await this.write(async () => ({ puts: [{ account, expectedRev: null }], deletes: [] }));
      return account;
    });
  }

  /**
   * Decrypt → change → encrypt → compare-and-swap, under the lock, retried
   * if another context wrote the record in between.
   */
  async update(id: string, change: (account: Account, now: number) => Account): Promise<Account> {
    return this.locks.run('backstop-vault', async () => {
      const [account] = await this.write(async () => {
        const raw = await this.deps.repo.getRecord(id);
        if (raw === undefined)
          throw new BackstopError('not-found', 'That account no longer exists.');
        const record = parseStoredRecord(raw);
        if (!record) throw new BackstopError('corrupted-record', 'This account is damaged.', id);
        const now = this.deps.now();
        const next = validateAccount({
          ...change(await this.decrypt(record), now),
          id,
          updatedAt: now,
        });
        return { puts: [{ account: next, expectedRev: record.rev }], deletes: [] };
      });
      return account!;
    });
  }

  async updateAccount(id: string, draftInput: AccountDraft): Promise<Account> {
    const draft = validateDraft(draftInput);
    return this.update(id, (a, now) => ({
      ...a,
      ...draft,
      history: withHistory(a, { at: now, action: 'edited' }),
    }));
  }

  async deleteAccount(id: string): Promise<void> {
    await this.locks.run('backstop-vault', async () => {
      await this.write(async () => {
        const raw = await this.deps.repo.getRecord(id);
        if (raw === undefined)
          throw new BackstopError('not-found', 'That account no longer exists.');
        const rev = (raw as { rev?: unknown }).rev;
        return { puts: [], deletes: [{ id, expectedRev: typeof rev === 'number' ? rev : 0 }] };
      });
    });
  }

  /** Marks a code used or unused by hand (the previous state is kept for undo). */
  async markCode(accountId: string, codeId: string, used: boolean): Promise<Account> {
    const event: CodeEvent = { type: used ? 'mark-used' : 'mark-unused' };
    return this.update(accountId, (a, now) => applyCodeEvent(a, codeId, event, now));
  }

  /** Reverts the last change of a code. */
  async undo(accountId: string, codeId: string): Promise<Account> {
    return this.update(accountId, (a, now) => applyCodeEvent(a, codeId, { type: 'undo' }, now));
  }

  /** Replaces the whole set; the old set is archived (never silently deleted). */
  async replaceCodes(
    accountId: string,
    codes: { value: string; used: boolean }[],
  ): Promise<Account> {
    return this.update(accountId, (a, now) => ({
      ...a,
      codes: codes.map((c) => newCode(randomId(this.deps.crypto), c.value, c.used, now)),
      archived: [...a.archived, { replacedAt: now, codes: a.codes }].slice(-20),
      history: withHistory(a, { at: now, action: 'codes-replaced' }),
    }));
  }

  /**
   * Atomically hands out the next unused code of an account allowed on
   * `origin` and marks it `filled`. A filled or used code is never returned.
   */
  async claimNextCode(origin: string, accountId?: string): Promise<Claim> {
    const accounts = await this.summaries();
    const eligible = accounts.filter(
      (a) =>
        (accountId === undefined || a.id === accountId) &&
        this.deps.originAllowed(origin, a.domains),
    );
    if (!eligible.length) {
      throw new BackstopError('not-found', 'Backstop has no backup codes for this site.');
    }
    for (const candidate of eligible) {
      let claimed: BackupCode | undefined;
      try {
        const account = await this.update(candidate.id, (a, now) => {
          const claim = claimNext(a, origin, now);
          claimed = claim.code;
          return claim.account;
        });
        // The code as stored (validated), not as the state machine built it.
        return { account, code: account.codes.find((c) => c.id === claimed!.id)! };
      } catch (e) {
        if (e instanceof BackstopError && e.code === 'no-codes-left') continue;
        throw e;
      }
    }
    throw new BackstopError('no-codes-left', 'No unused backup codes left for this site.');
  }

  /** The page submitted after a fill: `filled` → `used` on that origin. */
  async confirmUsed(accountId: string, codeId: string, origin: string): Promise<Account> {
    return this.update(accountId, (a, now) =>
      applyCodeEvent(a, codeId, { type: 'confirm', origin }, now),
    );
  }

  /** Writes many accounts in one transaction (import): all or nothing. */
  async putAccounts(accounts: Account[]): Promise<void> {
    const valid = accounts.map((a) => validateAccount(a));
    await this.locks.run('backstop-vault', async () => {
      await this.write(async () => {
        const revs = new Map<string, number>();
        for (const raw of await this.deps.repo.allRecords()) {
          const r = parseStoredRecord(raw);
          if (r) revs.set(r.id, r.rev);
        }
        return {
          puts: valid.map((account) => ({ account, expectedRev: revs.get(account.id) ?? null })),
          deletes: [],
        };
      });
    });
  }

  /** Forgets the key and every decrypted account. */
  lock(): void {
    this.cache.clear();
    this.index = null;
    this.rawKey.fill(0);
    this.dek = undefined as unknown as CryptoKey;
  }
}

function bySite(
  a: { site: string; username: string },
  b: { site: string; username: string },
): number {
  return a.site.localeCompare(b.site) || a.username.localeCompare(b.username);
}
