/**
 * Reads an encrypted backup: validates everything, then decrypts everything, then returns.
 * A caller either gets every account or an error; never a partial list.
 */
import { validateAccount } from '../account';
import { deriveKek, openJson, unwrapDek } from '../crypto';
import { BackstopError } from '../errors';
import type { Account } from '../types';
import {
  manifestAad,
  parseBackupFile,
  parseManifest,
  recordAad,
  wrapAad,
  type BackupFile,
  type BackupVersion,
} from './format';

/** What a backup holds, and its format version (1: its list of records is not authenticated). */
export interface BackupContents {
  version: BackupVersion;
  accounts: Account[];
}

function changed(detail: string): BackstopError {
  return new BackstopError(
    'invalid-backup',
    `This backup was changed after it was made: ${detail} Nothing was imported.`,
  );
}

/**
 * Version 2: the manifest, authenticated under the export key, must list exactly the file's
 * records in the file's order and the file's `createdAt`.
 */
async function checkManifest(subtle: SubtleCrypto, dek: CryptoKey, file: BackupFile) {
  const value = await openJson(subtle, dek, manifestAad(file.exportId), file.manifest!);
  const manifest = value === null ? null : parseManifest(value);
  if (!manifest) {
    throw new BackstopError(
      'invalid-backup',
      'This backup file is damaged: its list of accounts could not be checked. Nothing was imported.',
    );
  }
  if (manifest.createdAt !== file.createdAt) {
    throw changed(
      `its date says ${file.createdAt.slice(0, 40)}, but it was made ${manifest.createdAt}.`,
    );
  }
  const ids = file.records.map((r) => r.id);
  if (manifest.count !== ids.length) {
    throw changed(
      `it holds ${ids.length} of the ${manifest.count} accounts that were exported (accounts were removed or added).`,
    );
  }
  if (manifest.records.some((id, i) => ids[i] !== id)) {
    throw changed('its accounts are not the ones that were exported, in their order.');
  }
}

/**
 * Decrypts a backup file's text with its passphrase (NFKC-normalized, like the vault's).
 *
 * Errors:
 * - `invalid-backup`: the file is not a valid backup (checked before any crypto), it was changed
 *   after it was made (version 2: records removed, added or reordered, or its date edited), or it
 *   is damaged — a record fails to authenticate or holds invalid account data. Nothing is returned.
 * - `wrong-passphrase`: the export key does not unwrap (wrong passphrase, or a wrapped key that
 *   belongs to another export — the two cannot be told apart).
 */
export async function readBackupFile(
  json: string,
  passphrase: string,
  crypto: Crypto,
): Promise<BackupContents> {
  const file = parseBackupFile(json);
  if (typeof passphrase !== 'string') {
    throw new BackstopError('invalid-input', 'The passphrase must be text.');
  }
  const { subtle } = crypto;
  const kek = await deriveKek(subtle, passphrase, file.kdf);
  const dek = await unwrapDek(
    subtle,
    file.wrappedKey,
    kek,
    wrapAad(file.exportId, file.kdf, file.version),
    false,
  );
  if (!dek) {
    // A version 2 file relabelled as version 1 (its manifest dropped, so that records could be
    // removed unnoticed) does not unwrap either: the version is in the key's AAD. Say so.
    if (
      file.version === 1 &&
      (await unwrapDek(subtle, file.wrappedKey, kek, wrapAad(file.exportId, file.kdf, 2), false))
    ) {
      throw changed('it was made as format version 2 but now says version 1.');
    }
    throw new BackstopError('wrong-passphrase', 'Wrong passphrase for this backup.');
  }
  if (file.version === 2) await checkManifest(subtle, dek, file);

  const total = file.records.length;
  const accounts: Account[] = [];
  const accountIds = new Set<string>();
  for (const [i, record] of file.records.entries()) {
    const where = `record ${i + 1} of ${total}`;
    const aad = recordAad(file.exportId, record.id, file.version);
    const plain = await openJson(subtle, dek, aad, record);
    if (plain === null) {
      throw new BackstopError(
        'invalid-backup',
        `This backup file is damaged: ${where} could not be decrypted. Nothing was imported.`,
      );
    }
    let account: Account;
    try {
      account = validateAccount(plain);
    } catch {
      throw new BackstopError(
        'invalid-backup',
        `This backup file is damaged: ${where} does not hold valid account data. Nothing was imported.`,
      );
    }
    if (accountIds.has(account.id)) {
      throw new BackstopError(
        'invalid-backup',
        `This backup file is damaged: ${where} repeats an account. Nothing was imported.`,
      );
    }
    accountIds.add(account.id);
    accounts.push(account);
  }
  return { version: file.version, accounts };
}

/** {@link readBackupFile}'s accounts alone. */
export async function readBackup(
  json: string,
  passphrase: string,
  crypto: Crypto,
): Promise<Account[]> {
  return (await readBackupFile(json, passphrase, crypto)).accounts;
}
