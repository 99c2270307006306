/**
 * The vault: create / unlock / lock / change passphrase, and every change to
 * accounts and codes. Pure logic over an injected repository and Web Crypto,
 * so Vitest runs it in Node with fake-indexeddb.
 *
 * Concurrency: every write is a compare-and-swap on the record's `rev` inside
 * one IndexedDB transaction, retried on conflict, and serialized by a lock.
 * Two contexts that both claim a code therefore never hand out the same one.
 */
import {
  checksum,
  deriveKek,
  exportDek,
  generateDek,
  importDek,
  newKdfParams,
  openJson,
  parseKdfParams,
  parseSealed,
  sealJson,
  unwrapDek,
  wrapDek,
  type KdfParams,
  type Sealed,
} from './crypto';
import { BackstopError } from './errors';
import { assertNewPassphrase } from './passphrase';
import { randomId } from './random';
import { remaining, validateAccount, validateDraft, withHistory } from './account';
import type { Account, AccountDraft, BackupCode } from './types';

export const VAULT_FORMAT = 'backstop-vault';
export const VAULT_VERSION = 1;

/** What is stored under `meta/header`: no secrets, no user data. */
export interface StoredHeader {
  format: typeof VAULT_FORMAT;
  version: typeof VAULT_VERSION;
  vaultId: string;
  createdAt: number;
  kdf: KdfParams;
  wrappedKey: Sealed;
  /** SHA-256 over the fields above: tells corruption apart from a wrong passphrase. */
  checksum: string;
}

/** One encrypted account. `id` is random and says nothing about the account. */
export interface StoredRecord {
  id: string;
  rev: number;
  iv: string;
  ct: string;
}

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
  clear(): Promise<void>;
}

/** The encrypted index: one small record listing every account's summary. */
export interface StoredIndex {
  rev: number;
  iv: string;
  ct: string;
}

export interface VaultCommit {
  puts: { record: StoredRecord; expectedRev: number | null }[];
  deletes: { id: string; expectedRev: number }[];
  index: StoredIndex;
  indexExpectedRev: number | null;
}

/**
 * What the account list, the origin checks and the claim need, kept in one
 * encrypted record so unlocking does not decrypt every account.
 */
export interface IndexEntry {
  id: string;
  rev: number;
  site: string;
  domains: string[];
  username: string;
  total: number;
  left: number;
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
  /** Decides whether codes of an account with `domains` may go to `origin` (origin policy). */
  originAllowed: (origin: string, domains: string[]) => boolean;
}

/** The text the header checksum covers (exported for tests that forge headers). */
export function headerText(h: Omit<StoredHeader, 'checksum'>): string {
  return JSON.stringify([
    h.format,
    h.version,
    h.vaultId,
    h.createdAt,
    h.kdf.alg,
    h.kdf.iterations,
    h.kdf.salt,
    h.wrappedKey.iv,
    h.wrappedKey.ct,
  ]);
}

/** AAD for the wrapped DEK: binds the key to this vault and these KDF parameters. */
export function headerAad(vaultId: string, kdf: KdfParams): string {
  return `header|${VAULT_VERSION}|${vaultId}|${kdf.alg}|${kdf.iterations}|${kdf.salt}`;
}

/** AAD for the account index. */
export function indexAad(vaultId: string): string {
  return `index|${VAULT_VERSION}|${vaultId}`;
}

/** AAD for a record: swapping ciphertexts between records or vaults fails. */
export function recordAad(vaultId: string, recordId: string): string {
  return `record|${VAULT_VERSION}|${vaultId}|${recordId}`;
}

const corruptedHeader = () =>
  new BackstopError(
    'corrupted-header',
    'The vault header is damaged or was changed outside Backstop, so the vault cannot be opened. Restore an encrypted backup.',
  );

function parseHeader(v: unknown): Omit<StoredHeader, 'checksum'> & { checksum: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw corruptedHeader();
  const h = v as Record<string, unknown>;
  if (h.format !== VAULT_FORMAT) throw corruptedHeader();
  if (h.version !== VAULT_VERSION) {
    throw new BackstopError(
      'corrupted-header',
      'This vault was written by a newer version of Backstop. Update Backstop to open it.',
    );
  }
  const kdf = parseKdfParams(h.kdf);
  const wrappedKey = parseSealed(h.wrappedKey, 64);
  if (
    typeof h.vaultId !== 'string' ||
    !/^[0-9a-f]{32}$/.test(h.vaultId) ||
    typeof h.createdAt !== 'number' ||
    !Number.isFinite(h.createdAt) ||
    typeof h.checksum !== 'string' ||
    !kdf ||
    !wrappedKey
  ) {
    throw corruptedHeader();
  }
  return {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    vaultId: h.vaultId,
    createdAt: h.createdAt,
    kdf,
    wrappedKey,
    checksum: h.checksum,
  };
}

function parseStoredRecord(v: unknown): StoredRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.rev !== 'number') return null;
  const sealed = parseSealed({ iv: r.iv, ct: r.ct });
  if (!sealed) return null;
  return { id: r.id, rev: r.rev, ...sealed };
}

/** Opens, creates and deletes the vault. Holds no key. */
export class VaultStore {
  private readonly locks: LockProvider;

  constructor(private readonly deps: VaultDeps) {
    this.locks = deps.locks ?? memoryLock();
  }

  async exists(): Promise<boolean> {
    return (await this.deps.repo.getHeader()) !== undefined;
  }

  /** Reads and checks the header: `no-vault`, `corrupted-header`. */
  async readHeader(): Promise<StoredHeader> {
    const raw = await this.deps.repo.getHeader();
    if (raw === undefined)
      throw new BackstopError('no-vault', 'There is no vault yet. Create one first.');
    const h = parseHeader(raw);
    const { checksum: stored, ...rest } = h;
    if ((await checksum(this.deps.crypto.subtle, headerText(rest))) !== stored) {
      throw corruptedHeader();
    }
    return h;
  }

  private async sealHeader(h: Omit<StoredHeader, 'checksum'>): Promise<StoredHeader> {
    return { ...h, checksum: await checksum(this.deps.crypto.subtle, headerText(h)) };
  }

  /** Creates a new vault; refuses when one exists. Returns it unlocked. */
  async create(passphrase: string, iterations: number): Promise<UnlockedVault> {
    assertNewPassphrase(passphrase);
    const { crypto } = this.deps;
    const kdf = newKdfParams(crypto, iterations);
    if (!parseKdfParams(kdf)) throw new BackstopError('invalid-input', 'Bad KDF parameters.');
    const vaultId = randomId(crypto);
    const dek = await generateDek(crypto.subtle);
    const kek = await deriveKek(crypto.subtle, passphrase, kdf);
    const header = await this.sealHeader({
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      vaultId,
      createdAt: this.deps.now(),
      kdf,
      wrappedKey: await wrapDek(crypto, dek, kek, headerAad(vaultId, kdf)),
    });
    const raw = await exportDek(crypto.subtle, dek);
    if (!(await this.deps.repo.putHeader(header, null))) {
      throw new BackstopError('vault-exists', 'A vault already exists in this browser.');
    }
    return this.open(vaultId, raw);
  }

  /**
   * Unlocks with the passphrase. Never writes anything. Errors:
   * `no-vault`, `corrupted-header`, `wrong-passphrase`.
   */
  async unlock(passphrase: string): Promise<UnlockedVault> {
    const header = await this.readHeader();
    const raw = await this.unwrapRaw(header, passphrase);
    return this.open(header.vaultId, raw);
  }

  private async unwrapRaw(
    header: StoredHeader,
    passphrase: string,
  ): Promise<Uint8Array<ArrayBuffer>> {
    if (typeof passphrase !== 'string' || passphrase.length === 0 || passphrase.length > 4096) {
      throw new BackstopError('wrong-passphrase', 'Wrong passphrase.');
    }
    const { subtle } = this.deps.crypto;
    const kek = await deriveKek(subtle, passphrase, header.kdf);
    const dek = await unwrapDek(
      subtle,
      header.wrappedKey,
      kek,
      headerAad(header.vaultId, header.kdf),
      true,
    );
    if (!dek) throw new BackstopError('wrong-passphrase', 'Wrong passphrase.');
    return exportDek(subtle, dek);
  }

  /** Re-opens with the raw DEK kept in session memory (service-worker wake-up). */
  async resume(vaultId: string, raw: Uint8Array<ArrayBuffer>): Promise<UnlockedVault> {
    const header = await this.readHeader();
    if (header.vaultId !== vaultId) {
      throw new BackstopError('locked', 'The vault changed since it was unlocked. Unlock again.');
    }
    return this.open(vaultId, raw);
  }

  private async open(vaultId: string, raw: Uint8Array<ArrayBuffer>): Promise<UnlockedVault> {
    const dek = await importDek(this.deps.crypto.subtle, raw);
    return new UnlockedVault(this.deps, this.locks, this, vaultId, dek, raw);
  }

  /**
   * Re-wraps the DEK under a new passphrase (new salt); records are untouched.
   * The new header is test-unwrapped before it replaces the old one in one write.
   */
  async changePassphrase(current: string, next: string, iterations?: number): Promise<void> {
    assertNewPassphrase(next);
    await this.locks.run('backstop-vault-header', async () => {
      const header = await this.readHeader();
      const { crypto } = this.deps;
      const raw = await this.unwrapRaw(header, current);
      const dek = await importDek(crypto.subtle, raw, true);
      const kdf = newKdfParams(crypto, iterations ?? header.kdf.iterations);
      const kek = await deriveKek(crypto.subtle, next, kdf);
      const aad = headerAad(header.vaultId, kdf);
      const wrappedKey = await wrapDek(crypto, dek, kek, aad);
      const check = await unwrapDek(crypto.subtle, wrappedKey, kek, aad, true);
      if (!check)
        throw new BackstopError(
          'internal',
          'Could not verify the new passphrase. Nothing was changed.',
        );
      const { checksum: oldChecksum, ...rest } = header;
      const updated = await this.sealHeader({ ...rest, kdf, wrappedKey });
      if (!(await this.deps.repo.putHeader(updated, oldChecksum))) {
        throw new BackstopError(
          'internal',
          'The vault changed at the same time. Nothing was changed; try again.',
        );
      }
    });
  }

  /** Deletes every record and the header. */
  async destroy(): Promise<void> {
    await this.deps.repo.clear();
  }
}

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
    readonly store: VaultStore,
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
      const entries = parseIndex(value);
      const skipped = Array.isArray((value as { skipped?: unknown })?.skipped)
        ? (value as { skipped: unknown[] }).skipped.length
        : 0;
      if (entries && entries.size + skipped === (await this.deps.repo.countRecords())) {
        this.index = { rev: raw.rev, entries };
        return entries;
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
    return sealJson(this.deps.crypto, this.dek, indexAad(this.vaultId), {
      v: 1,
      entries: [...entries.values()],
      skipped,
    });
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
      codes: codes.map((c) => this.newCode(c.value, c.used, now)),
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

  private newCode(value: string, used: boolean, now: number): BackupCode {
    const code: BackupCode = {
      id: randomId(this.deps.crypto),
      value,
      state: used ? 'used' : 'unused',
    };
    if (used) code.changedAt = now;
    return code;
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
    return this.update(accountId, (a, now) =>
      changeCode(
        a,
        codeId,
        now,
        (c) => ({
          state: used ? 'used' : 'unused',
          changedAt: now,
          origin: used ? c.origin : undefined,
        }),
        used ? 'used' : 'unused',
      ),
    );
  }

  /** Reverts the last change of a code. */
  async undo(accountId: string, codeId: string): Promise<Account> {
    return this.update(accountId, (a, now) => {
      const code = a.codes.find((c) => c.id === codeId);
      if (!code) throw new BackstopError('not-found', 'That code no longer exists.');
      if (!code.previous)
        throw new BackstopError('invalid-input', 'There is nothing to undo for this code.');
      const restored: BackupCode = { id: code.id, value: code.value, state: code.previous.state };
      if (code.previous.changedAt !== undefined) restored.changedAt = code.previous.changedAt;
      if (code.previous.origin !== undefined) restored.origin = code.previous.origin;
      return {
        ...a,
        codes: a.codes.map((c) => (c.id === codeId ? restored : c)),
        history: withHistory(a, {
          at: now,
          action: restored.state === 'unused' ? 'unused' : restored.state,
          codeId,
        }),
      };
    });
  }

  /** Replaces the whole set; the old set is archived (never silently deleted). */
  async replaceCodes(
    accountId: string,
    codes: { value: string; used: boolean }[],
  ): Promise<Account> {
    return this.update(accountId, (a, now) => ({
      ...a,
      codes: codes.map((c) => this.newCode(c.value, c.used, now)),
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
          const next = a.codes.find((c) => c.state === 'unused');
          if (!next)
            throw new BackstopError('no-codes-left', 'No unused backup codes left for this site.');
          claimed = { ...next };
          return changeCode(
            a,
            next.id,
            now,
            () => ({ state: 'filled', changedAt: now, origin }),
            'filled',
            origin,
          );
        });
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
    return this.update(accountId, (a, now) => {
      const code = a.codes.find((c) => c.id === codeId);
      if (!code) throw new BackstopError('not-found', 'That code no longer exists.');
      if (code.state !== 'filled' || code.origin !== origin) return a;
      return changeCode(
        a,
        codeId,
        now,
        () => ({ state: 'used', changedAt: now, origin }),
        'used',
        origin,
      );
    });
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

  /** KDF parameters of the vault (an export reuses the iteration count). */
  async kdf(): Promise<KdfParams> {
    return (await this.store.readHeader()).kdf;
  }
}

function parseIndex(value: unknown): Map<string, IndexEntry> | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { v?: unknown; entries?: unknown };
  if (v.v !== 1 || !Array.isArray(v.entries)) return null;
  const out = new Map<string, IndexEntry>();
  for (const e of v.entries as Record<string, unknown>[]) {
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.id !== 'string' ||
      !/^[0-9a-f]{32}$/.test(e.id) ||
      typeof e.rev !== 'number' ||
      typeof e.site !== 'string' ||
      typeof e.username !== 'string' ||
      !Array.isArray(e.domains) ||
      !e.domains.every((d) => typeof d === 'string') ||
      !Number.isInteger(e.total) ||
      !Number.isInteger(e.left)
    ) {
      return null;
    }
    out.set(e.id, {
      id: e.id,
      rev: e.rev,
      site: e.site,
      domains: e.domains as string[],
      username: e.username,
      total: e.total as number,
      left: e.left as number,
    });
  }
  return out;
}

function bySite(
  a: { site: string; username: string },
  b: { site: string; username: string },
): number {
  return a.site.localeCompare(b.site) || a.username.localeCompare(b.username);
}

function changeCode(
  a: Account,
  codeId: string,
  now: number,
  change: (c: BackupCode) => Pick<BackupCode, 'state' | 'changedAt' | 'origin'>,
  action: 'filled' | 'used' | 'unused',
  origin?: string,
): Account {
  const code = a.codes.find((c) => c.id === codeId);
  if (!code) throw new BackstopError('not-found', 'That code no longer exists.');
  const previous: NonNullable<BackupCode['previous']> = { state: code.state };
  if (code.changedAt !== undefined) previous.changedAt = code.changedAt;
  if (code.origin !== undefined) previous.origin = code.origin;
  const { state, changedAt, origin: codeOrigin } = change(code);
  const updated: BackupCode = { id: code.id, value: code.value, state, previous };
  if (changedAt !== undefined) updated.changedAt = changedAt;
  if (codeOrigin !== undefined) updated.origin = codeOrigin;
  const entry =
    origin === undefined ? { at: now, action, codeId } : { at: now, action, codeId, origin };
  return {
    ...a,
    codes: a.codes.map((c) => (c.id === codeId ? updated : c)),
    history: withHistory(a, entry),
  };
}
