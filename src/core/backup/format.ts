/**
 * The encrypted backup file, versions 1 and 2 (docs/backup-format.md is the normative description).
 * Version 2 adds `manifest`: the record ids, their count and `createdAt`, encrypted and so
 * authenticated under the export key, so records removed, added, reordered or a date edited are
 * detected. Version 1 files still import (their record list is not authenticated).
 *
 * Everything here is a pure, synchronous check of untrusted input: a backup file may come from
 * anywhere, so its shape is validated completely before a single byte is handed to Web Crypto.
 */
import { BackstopError } from '../errors';
import { fromBase64 } from '../bytes';
import { KDF_ALG, parseKdfParams, parseSealed, type KdfParams, type Sealed } from '../crypto';

export const BACKUP_FORMAT = 'backstop-backup';
/** The version Backstop writes. */
export const BACKUP_VERSION = 2;
/** Every version Backstop reads. */
export type BackupVersion = 1 | 2;
/** Files above this are refused before parsing (10,000 full accounts fit comfortably). */
export const MAX_BACKUP_CHARS = 20 * 1024 * 1024;
export const MAX_BACKUP_RECORDS = 10_000;
/** A wrapped AES-256 key is 32 bytes plus the 16-byte GCM tag. */
export const WRAPPED_KEY_BYTES = 48;
/** One padded account record is at most ~0.5 MB (validateAccount's caps); 1 MB leaves room. */
export const MAX_RECORD_BYTES = 1 << 20;

const HEX_ID = /^[0-9a-f]{32}$/;
/** `Date.prototype.toISOString()` output, the only form Backstop writes. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TOP_KEYS_V1 = ['createdAt', 'exportId', 'format', 'kdf', 'records', 'version', 'wrappedKey'];
const TOP_KEYS_V2 = [...TOP_KEYS_V1, 'manifest'].sort();
const RECORD_KEYS = ['ct', 'id', 'iv'];

export interface BackupRecord extends Sealed {
  /** 32 lowercase hex characters, random per export (not the vault's account id). */
  id: string;
}

/** The outer, unencrypted structure of a backup file. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: BackupVersion;
  /** 32 lowercase hex characters (16 random bytes). */
  exportId: string;
  /** ISO 8601 UTC time of the export, e.g. `2025-01-31T12:00:00.000Z`. */
  createdAt: string;
  kdf: KdfParams;
  wrappedKey: Sealed;
  records: BackupRecord[];
  /** Version 2 only: the sealed {@link Manifest}. */
  manifest?: Sealed;
}

/** What a version 2 manifest decrypts to: the file's record list and date, as exported. */
export interface Manifest {
  createdAt: string;
  count: number;
  records: string[];
}

/**
 * AAD for wrapping the export key. Binds the key to this export and to its KDF parameters, so a
 * wrapped key moved into another file, or a file whose iterations were lowered, fails to unwrap.
 */
export function wrapAad(exportId: string, kdf: KdfParams, version: BackupVersion = 2): string {
  return `${BACKUP_FORMAT}|${version}|${exportId}|${kdf.alg}|${kdf.iterations}|${kdf.salt}`;
}

/**
 * AAD for one record. Binds the ciphertext to this export and to its record id, so records
 * swapped between files, or ids swapped within one file, fail to decrypt.
 */
export function recordAad(exportId: string, recordId: string, version: BackupVersion = 2): string {
  return `${BACKUP_FORMAT}-record|${version}|${exportId}|${recordId}`;
}

/** AAD for the version 2 manifest: binds it to this export. */
export function manifestAad(exportId: string): string {
  return `${BACKUP_FORMAT}-manifest|2|${exportId}`;
}

/** A manifest's plaintext is exactly this; anything else is a damaged file. */
export function parseManifest(value: unknown): Manifest | null {
  if (!isObject(value) || !sameKeys(value, ['count', 'createdAt', 'records'])) return null;
  const { createdAt, count, records } = value;
  if (typeof createdAt !== 'string' || !Number.isInteger(count)) return null;
  if (!Array.isArray(records) || records.length !== count) return null;
  if (!records.every((id) => typeof id === 'string' && HEX_ID.test(id))) return null;
  return { createdAt, count: count as number, records: records as string[] };
}

function invalid(message: string): BackstopError {
  return new BackstopError('invalid-backup', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameKeys(v: Record<string, unknown>, expected: readonly string[]): boolean {
  const keys = Object.keys(v).sort();
  return keys.length === expected.length && keys.every((k, i) => k === expected[i]);
}

/**
 * Parses and strictly validates a backup file's text without any cryptography.
 *
 * Throws `invalid-backup` with a message a person can act on for anything that is not exactly a
 * version 1 or 2 backup: oversized input, bad JSON, missing or unknown fields, wrong types, bad base64,
 * wrong IV or key sizes, KDF parameters outside [600,000 .. 10,000,000] iterations (a downgrade or
 * denial-of-service attempt), too many records, duplicate record ids.
 */
export function parseBackupFile(json: unknown): BackupFile {
  if (typeof json !== 'string') throw invalid('The backup must be the text of a file.');
  if (json.length > MAX_BACKUP_CHARS) {
    throw invalid('This file is too large to be a Backstop backup (over 20 MB).');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid('This file is not a Backstop backup (it is not valid JSON).');
  }
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw invalid('This file is not a Backstop backup.');
  }
  // Version before the key set: a newer file may legitimately have other fields, and the person
  // needs to hear "update Backstop", not "unknown field".
  const version = value.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) {
    throw invalid(
      `This backup was made by a newer version of Backstop (format version ${version}). Update Backstop to import it.`,
    );
  }
  if (version !== 1 && version !== 2) {
    throw invalid('This backup has an invalid format version.');
  }
  if (!sameKeys(value, version === 1 ? TOP_KEYS_V1 : TOP_KEYS_V2)) {
    throw invalid('This backup has missing or unexpected fields; it may be damaged.');
  }
  const { exportId, createdAt, kdf, wrappedKey, records, manifest } = value;
  if (typeof exportId !== 'string' || !HEX_ID.test(exportId)) {
    throw invalid('This backup has an invalid export id; it may be damaged.');
  }
  if (
    typeof createdAt !== 'string' ||
    !ISO_TIME.test(createdAt) ||
    !Number.isFinite(Date.parse(createdAt))
  ) {
    throw invalid('This backup has an invalid creation time; it may be damaged.');
  }
  if (isObject(kdf) && typeof kdf.alg === 'string' && kdf.alg !== KDF_ALG) {
    throw invalid(
      `This backup uses a key derivation (${kdf.alg.slice(0, 40)}) that needs a newer version of Backstop. Update Backstop to import it.`,
    );
  }
  const params = parseKdfParams(kdf);
  if (!params) {
    throw invalid(
      'This backup has invalid key-derivation parameters (iterations must be a whole number from 600,000 to 10,000,000).',
    );
  }
  const wrapped = parseSealed(wrappedKey, WRAPPED_KEY_BYTES);
  if (!wrapped || fromBase64(wrapped.ct)?.length !== WRAPPED_KEY_BYTES) {
    throw invalid('This backup has an invalid wrapped key; it may be damaged.');
  }
  if (!Array.isArray(records)) throw invalid('This backup has no list of records.');
  if (records.length > MAX_BACKUP_RECORDS) {
    throw invalid(`This backup has more than ${MAX_BACKUP_RECORDS} records.`);
  }
  const seen = new Set<string>();
  const parsed = records.map((r: unknown, i): BackupRecord => {
    const where = `record ${i + 1} of ${records.length}`;
    if (!isObject(r) || !sameKeys(r, RECORD_KEYS)) {
      throw invalid(`This backup is damaged: ${where} has missing or unexpected fields.`);
    }
    if (typeof r.id !== 'string' || !HEX_ID.test(r.id)) {
      throw invalid(`This backup is damaged: ${where} has an invalid id.`);
    }
    if (seen.has(r.id)) throw invalid(`This backup is damaged: ${where} repeats a record id.`);
    seen.add(r.id);
    const sealed = parseSealed({ iv: r.iv, ct: r.ct }, MAX_RECORD_BYTES);
    if (!sealed) throw invalid(`This backup is damaged: ${where} has an invalid iv or ciphertext.`);
    return { id: r.id, iv: sealed.iv, ct: sealed.ct };
  });
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version,
    exportId,
    createdAt,
    kdf: params,
    wrappedKey: wrapped,
    records: parsed,
  };
  if (version === 2) {
    // Ten thousand ids of 35 characters each, padded, fit well within 1 MB.
    const sealed = parseSealed(manifest, MAX_RECORD_BYTES);
    if (!sealed) throw invalid('This backup has an invalid list of accounts; it may be damaged.');
    file.manifest = sealed;
  }
  return file;
}
