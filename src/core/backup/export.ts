/**
 * Writes an encrypted backup, format version 2 (docs/backup-format.md).
 *
 * A fresh random export key encrypts the accounts; it is wrapped by a key derived from the export
 * passphrase with a fresh salt. Nothing about the accounts — not even the site names — is readable
 * without the passphrase; the file shows only how many records it holds and their padded sizes.
 */
import { validateAccount } from '../account';
import {
  deriveKek,
  generateDek,
  newKdfParams,
  parseKdfParams,
  sealJson,
  wrapDek,
  type Sealed,
} from '../crypto';
import { BackstopError } from '../errors';
import { assertNewPassphrase } from '../passphrase';
import { randomId } from '../random';
import type { Account } from '../types';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MAX_BACKUP_RECORDS,
  manifestAad,
  recordAad,
  wrapAad,
  type BackupFile,
  type BackupRecord,
  type Manifest,
} from './format';

export interface ExportOptions {
  /** The export passphrase; may differ from the vault's. At least 12 characters. */
  passphrase: string;
  /** PBKDF2 iterations, an integer in [600,000 .. 10,000,000]. */
  iterations: number;
  crypto: Crypto;
  /** Clock for `createdAt` (ms since epoch). */
  now: () => number;
}

/**
 * Encrypts `accounts` into a self-describing backup file and returns its JSON text.
 *
 * Throws `weak-passphrase` for a passphrase under 12 characters and `invalid-input` for iterations
 * outside the accepted range or an account that does not validate (so an export can always be read
 * back by {@link readBackup}).
 */
export async function exportBackup(accounts: Account[], opts: ExportOptions): Promise<string> {
  const passphrase = assertNewPassphrase(opts.passphrase);
  const { crypto } = opts;
  const kdf = parseKdfParams(newKdfParams(crypto, opts.iterations));
  if (!kdf) {
    throw new BackstopError(
      'invalid-input',
      'Export iterations must be a whole number from 600,000 to 10,000,000.',
    );
  }
  if (accounts.length > MAX_BACKUP_RECORDS) {
    throw new BackstopError(
      'invalid-input',
      `A backup holds at most ${MAX_BACKUP_RECORDS} accounts.`,
    );
  }
  // Validate first: a file that its own reader would refuse is worse than no file.
  const valid = accounts.map((a) => validateAccount(a));
  const createdAt = new Date(opts.now()).toISOString();
  const exportId = randomId(crypto);

  const dek = await generateDek(crypto.subtle);
  const kek = await deriveKek(crypto.subtle, passphrase, kdf);
  const wrappedKey = await wrapDek(crypto, dek, kek, wrapAad(exportId, kdf));

  const ids = new Set<string>();
  const records: BackupRecord[] = [];
  for (const account of valid) {
    // Fresh ids so the file cannot be correlated with the vault's records.
    let id = randomId(crypto);
    while (ids.has(id)) id = randomId(crypto);
    ids.add(id);
    const sealed = await sealJson(crypto, dek, recordAad(exportId, id), account);
    records.push({ id, iv: sealed.iv, ct: sealed.ct });
  }

  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportId,
    createdAt,
    kdf,
    wrappedKey,
    records,
    manifest: await sealManifest(crypto, dek, exportId, createdAt, ids),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/**
 * The version 2 manifest: the record ids in file order, their count and the export time,
 * encrypted (and so authenticated) under the export key. A reader compares it with the file,
 * so a record removed, added or reordered, or a `createdAt` edited, is detected.
 */
export function sealManifest(
  crypto: Crypto,
  dek: CryptoKey,
  exportId: string,
  createdAt: string,
  recordIds: Iterable<string>,
): Promise<Sealed> {
  const records = [...recordIds];
  const manifest: Manifest = { createdAt, count: records.length, records };
  return sealJson(crypto, dek, manifestAad(exportId), manifest);
}
