/**
 * An open vault: every read and change of accounts and codes. Changes are
 * serialized by a lock inside one context and written through the
 * compare-and-swap engine in records.ts across contexts, so two contexts that
 * both claim a code never hand out the same one. How a code changes state is
 * decided by codes/state.ts; this file only reads, applies and persists.
 */
import { BackstopError } from '../errors';
import { randomId } from '../random';
import { validateAccount, validateDraft, withHistory } from '../account';
import { applyCodeEvent, claimNext, newCode, type CodeEvent } from '../codes/state';
import type { Account, AccountDraft, BackupCode } from '../types';
import { parseStoredRecord, type IndexEntry } from './format';
import type { LockProvider, VaultDeps } from './ports';
import { VaultRecords, type ListResult } from './records';

export interface Claim {
  account: Account;
  code: BackupCode;
  /** The code was already filled into this origin moments ago and is handed out again. */
  again: boolean;
}

/** An open vault. Its DEK (non-extractable) and decrypted accounts live in its `VaultRecords`. */
export class UnlockedVault {
  private readonly records: VaultRecords;

  constructor(
    private readonly deps: VaultDeps,
    private readonly locks: LockProvider,
    readonly vaultId: string,
    dek: CryptoKey,
    /** Raw DEK bytes, for session storage only. */
    readonly rawKey: Uint8Array<ArrayBuffer>,
  ) {
    this.records = new VaultRecords(deps, vaultId, dek);
  }

  /** Records that failed to decrypt in the last full read. */
  get corrupted(): string[] {
    return this.records.corrupted;
  }

  /** Decrypts every account; damaged records are reported, not fatal. */
  listAccounts(): Promise<ListResult> {
    return this.records.listAccounts();
  }

  /**
   * Every account's summary from the encrypted index: one record to read and
   * decrypt however many accounts there are.
   */
  summaries(): Promise<IndexEntry[]> {
    return this.records.summaries();
  }

  /** One account: `not-found`, `corrupted-record`, `rolled-back`. */
  async getAccount(id: string): Promise<Account> {
    return (await this.records.read(id)).account;
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
      await this.records.write(async () => ({
        puts: [{ account, expectedRev: null }],
        deletes: [],
      }));
      return account;
    });
  }

  /**
   * Decrypt → change → encrypt → compare-and-swap, under the lock, retried
   * if another context wrote the record in between. A change that returns
   * the account it was given writes nothing.
   */
  async update(id: string, change: (account: Account, now: number) => Account): Promise<Account> {
    return this.locks.run('backstop-vault', async () => {
      let unchanged: Account | undefined;
      const [account] = await this.records.write(async () => {
        unchanged = undefined;
        const { account: before, rev } = await this.records.read(id);
        const now = this.deps.now();
        const after = change(before, now);
        if (after === before) {
          unchanged = before;
          return { puts: [], deletes: [] };
        }
        const next = validateAccount({ ...after, id, updatedAt: now });
        return { puts: [{ account: next, expectedRev: rev }], deletes: [] };
      });
      return unchanged ?? account!;
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
      await this.records.write(async () => {
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
   * Atomically hands a code of an account allowed on `origin` to that
   * origin: the code already filled there within the claim-again window
   * (docs/design.md §3), else — when `fresh` allows — the next unused one,
   * which becomes `filled`. Accounts are tried in order (`accountId` alone
   * when given). A code filled elsewhere or used is never returned.
   * @throws BackstopError `not-found` (no account for the origin),
   *   `no-codes-left`, or `rate-limited` (only a fresh code would do)
   */
  async claimNextCode(
    origin: string,
    accountId?: string,
    { fresh = true }: { fresh?: boolean } = {},
  ): Promise<Claim> {
    const accounts = await this.summaries();
    const eligible = accounts.filter(
      (a) => (accountId === undefined || a.id === accountId) && this.deps.originAllowed(origin, a),
    );
    if (!eligible.length) {
      throw new BackstopError('not-found', 'Backstop has no backup codes for this site.');
    }
    // First a code filled here just now, in any of the accounts; only then a fresh one.
    let refusal: BackstopError | undefined;
    for (const pass of fresh ? [false, true] : [false]) {
      for (const candidate of eligible) {
        let claimed: { id: string; again: boolean } | undefined;
        try {
          const account = await this.update(candidate.id, (a, now) => {
            const claim = claimNext(a, origin, now, { fresh: pass });
            claimed = { id: claim.code.id, again: claim.again };
            return claim.account;
          });
          // The code as stored (validated), not as the state machine built it.
          const code = account.codes.find((c) => c.id === claimed!.id)!;
          return { account, code, again: claimed!.again };
        } catch (e) {
          if (!(e instanceof BackstopError)) throw e;
          if (e.code === 'rate-limited') refusal ??= e;
          else if (e.code !== 'no-codes-left') throw e;
        }
      }
    }
    // Without a fresh code allowed, the limit is the reason only if a code was left.
    throw !fresh && refusal
      ? refusal
      : new BackstopError('no-codes-left', 'No unused backup codes left for this site.');
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
      await this.records.write(async () => {
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
    this.records.forget();
    this.rawKey.fill(0);
  }
}
