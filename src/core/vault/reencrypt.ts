/**
 * "Change passphrase and re-encrypt everything": a new data key, a new vault
 * id, every record and the index sealed again, and the new header, all
 * written in one transaction (docs/design.md §2, docs/security.md). The old
 * header then unwraps a key that opens nothing, so a copy of it together with
 * the old passphrase is useless against what is stored from now on.
 */
import { openJson, sealJson, type Sealed } from '../crypto';
import { validateAccount } from '../account';
import { BackstopError } from '../errors';
import type { Account } from '../types';
import {
  indexAad,
  parseStoredRecord,
  recordAad,
  type IndexBody,
  type StoredRecord,
} from './format';
import type { VaultDeps } from './ports';
import { indexEntry } from './records';

/** Every stored account, decrypted with the old key, with its revision. */
export async function readEverything(
  deps: Pick<VaultDeps, 'repo' | 'crypto'>,
  vaultId: string,
  dek: CryptoKey,
): Promise<{ accounts: { account: Account; rev: number }[]; indexRev: number | null }> {
  const indexRev = await deps.repo.getIndexRev();
  const raws = await deps.repo.allRecords();
  const accounts: { account: Account; rev: number }[] = [];
  for (const raw of raws) {
    const record = parseStoredRecord(raw);
    const value = record
      ? await openJson(deps.crypto.subtle, dek, recordAad(vaultId, record.id), record)
      : null;
    let account: Account | null;
    try {
      account = value === null ? null : validateAccount(value);
    } catch {
      account = null;
    }
    if (!record || !account || account.id !== record.id) {
      // Re-encrypting would either drop this account or keep it under the old key.
      throw new BackstopError(
        'corrupted-record',
        'One account in the vault is damaged, so it cannot be re-encrypted. Nothing was changed: delete it or restore it from a backup first, or change only the passphrase.',
        record?.id,
      );
    }
    accounts.push({ account, rev: record.rev });
  }
  return { accounts, indexRev };
}

/** The records and the index sealed under a new key and vault id; each revision goes up by one. */
export async function sealEverything(
  crypto: Crypto,
  dek: CryptoKey,
  vaultId: string,
  read: Awaited<ReturnType<typeof readEverything>>,
) {
  const puts: { record: StoredRecord; expectedRev: number }[] = [];
  const entries = [];
  for (const { account, rev } of read.accounts) {
    const sealed: Sealed = await sealJson(crypto, dek, recordAad(vaultId, account.id), account);
    puts.push({ record: { id: account.id, rev: rev + 1, ...sealed }, expectedRev: rev });
    entries.push(indexEntry(account, rev + 1));
  }
  const body: IndexBody = { v: 1, entries, skipped: [] };
  const index = {
    rev: (read.indexRev ?? 0) + 1,
    ...(await sealJson(crypto, dek, indexAad(vaultId), body)),
  };
  return { puts, index };
}
