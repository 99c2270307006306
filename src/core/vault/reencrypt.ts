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
  VAULT_VERSION,
  indexAad,
  parseStoredRecord,
  recordAad,
  recordAadV1,
  rolledBack,
  type IndexBody,
  type StoredHeader,
  type StoredRecord,
} from './format';
import type { VaultDeps } from './ports';
import { VaultRecords, indexEntry } from './records';

/** Every stored account, decrypted with the old key, with its stored revision. */
export interface ReadVault {
  accounts: { account: Account; rev: number }[];
  /** Records that did not open before a migration, carried over unchanged (never dropped). */
  damaged: StoredRecord[];
  indexRev: number | null;
}

const cannotReencrypt = (id?: string) =>
  new BackstopError(
    'corrupted-record',
    'One account in the vault is damaged, so it cannot be re-encrypted. Nothing was changed: delete it or restore it from a backup first, or change only the passphrase.',
    id,
  );

/**
 * Reads the whole vault of `header` with its data key. A current-format vault
 * is read through the index, so a rolled-back record refuses rather than being
 * sealed anew as if it were current. A version 1 vault (no revisions in its
 * AAD) is read for its migration: with `keepDamaged`, a record that does not
 * open is carried over as it is; one that opens only as version 2 means the
 * header was replaced by an older one (`rolled-back`).
 */
export async function readEverything(
  deps: Pick<VaultDeps, 'repo' | 'crypto'>,
  header: Pick<StoredHeader, 'vaultId' | 'version'>,
  dek: CryptoKey,
  keepDamaged = false,
): Promise<ReadVault> {
  const indexRev = await deps.repo.getIndexRev();
  if (header.version === VAULT_VERSION) {
    const records = new VaultRecords(deps, header.vaultId, dek);
    const { accounts, corrupted } = await records.listAccounts();
    // Re-encrypting would either drop such an account or keep it under the old key.
    if (corrupted.length) throw cannotReencrypt(corrupted[0]);
    const revs = new Map((await records.summaries()).map((e) => [e.id, e.rev]));
    return {
      accounts: accounts.map((account) => ({ account, rev: revs.get(account.id)! })),
      damaged: [],
      indexRev,
    };
  }
  const read: ReadVault = { accounts: [], damaged: [], indexRev };
  for (const raw of await deps.repo.allRecords()) {
    const record = parseStoredRecord(raw);
    if (!record) throw cannotReencrypt((raw as { id?: string } | null)?.id);
    const open = (aad: string) => openJson(deps.crypto.subtle, dek, aad, record);
    let account: Account | null;
    try {
      account = validateAccount(await open(recordAadV1(header.vaultId, record.id)));
    } catch {
      account = null;
    }
    if (account && account.id === record.id) {
      read.accounts.push({ account, rev: record.rev });
    } else if ((await open(recordAad(header.vaultId, record.id, record.rev))) !== null) {
      throw rolledBack(record.id);
    } else if (keepDamaged) {
      read.damaged.push(record);
    } else {
      throw cannotReencrypt(record.id);
    }
  }
  return read;
}

/**
 * The records and the index sealed in the current format under `dek` and
 * `vaultId`, in one write whose index revision is above every stored
 * revision; that revision is each record's new one.
 */
export async function sealEverything(
  crypto: Crypto,
  dek: CryptoKey,
  vaultId: string,
  read: ReadVault,
) {
  const rev =
    Math.max(
      read.indexRev ?? 0,
      ...read.accounts.map((a) => a.rev),
      ...read.damaged.map((r) => r.rev),
    ) + 1;
  const puts: { record: StoredRecord; expectedRev: number }[] = [];
  const entries = [];
  for (const { account, rev: was } of read.accounts) {
    const sealed: Sealed = await sealJson(
      crypto,
      dek,
      recordAad(vaultId, account.id, rev),
      account,
    );
    puts.push({ record: { id: account.id, rev, ...sealed }, expectedRev: was });
    entries.push(indexEntry(account, rev));
  }
  for (const record of read.damaged) puts.push({ record, expectedRev: record.rev });
  const body: IndexBody = { v: 1, entries, skipped: read.damaged.map((r) => r.id) };
  const index = { rev, ...(await sealJson(crypto, dek, indexAad(vaultId, rev), body)) };
  return { puts, index };
}
