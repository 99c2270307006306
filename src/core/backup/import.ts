/**
 * Reads an encrypted backup: validates everything, then decrypts everything, then returns.
 * A caller either gets every account or an error; never a partial list.
 */
import { validateAccount } from '../account';
import { deriveKek, openJson, unwrapDek } from '../crypto';
import { BackstopError } from '../errors';
import type { Account } from '../types';
import { parseBackupFile, recordAad, wrapAad } from './format';

/**
 * Decrypts a backup file's text with its passphrase (NFKC-normalized, like the vault's).
 *
 * Errors:
 * - `invalid-backup`: the file is not a valid version 1 backup (checked before any crypto), or it is
 *   damaged — a record fails to authenticate or holds invalid account data. Nothing is returned.
 * - `wrong-passphrase`: the export key does not unwrap (wrong passphrase, or a wrapped key that
 *   belongs to another export — the two cannot be told apart).
 */
export async function readBackup(
  json: string,
  passphrase: string,
  crypto: Crypto,
): Promise<Account[]> {
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
    wrapAad(file.exportId, file.kdf),
    false,
  );
  if (!dek) throw new BackstopError('wrong-passphrase', 'Wrong passphrase for this backup.');

  const total = file.records.length;
  const accounts: Account[] = [];
  const accountIds = new Set<string>();
  for (const [i, record] of file.records.entries()) {
    const where = `record ${i + 1} of ${total}`;
    const plain = await openJson(subtle, dek, recordAad(file.exportId, record.id), record);
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
  return accounts;
}
