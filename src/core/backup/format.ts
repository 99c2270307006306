/**
 * The encrypted backup file, version 1 (docs/backup-format.md is the normative description).
 *
 * Everything here is a pure, synchronous check of untrusted input: a backup file may come from
 * anywhere, so its shape is validated completely before a single byte is handed to Web Crypto.
 */
import { BackstopError } from '../errors';
import { fromBase64 } from '../bytes';
import { KDF_ALG, parseKdfParams, parseSealed, type KdfParams, type Sealed } from '../crypto';

export const BACKUP_FORMAT = 'backstop-backup';
export const BACKUP_VERSION = 1;
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
const TOP_KEYS = ['createdAt', 'exportId', 'format', 'kdf', 'records', 'version', 'wrappedKey'];
const RECORD_KEYS = ['ct', 'id', 'iv'];

export interface BackupRecord extends Sealed {
  /** 32 lowercase hex characters, random per export (not the vault's account id). */
  id: string;
}

/** The outer, unencrypted structure of a version 1 backup file. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** 32 lowercase hex characters (16 random bytes). */
  exportId: string;
  /** ISO 8601 UTC time of the export, e.g. `2025-01-31T12:00:00.000Z`. */
  createdAt: string;
  kdf: KdfParams;
  wrappedKey: Sealed;
  records: BackupRecord[];
}

/**
 * AAD for wrapping the export key. Binds the key to this export and to its KDF parameters, so a
 * wrapped key moved into another file, or a file whose iterations were lowered, fails to unwrap.
 */
export function wrapAad(exportId: string, kdf: KdfParams): string {
  return `${BACKUP_FORMAT}|${BACKUP_VERSION}|${exportId}|${kdf.alg}|${kdf.iterations}|${kdf.salt}`;
}

/**
 * AAD for one record. Binds the ciphertext to this export and to its record id, so records
 * swapped between files, or ids swapped within one file, fail to decrypt.
 */
export function recordAad(exportId: string, recordId: string): string {
  return `${BACKUP_FORMAT}-record|${BACKUP_VERSION}|${exportId}|${recordId}`;
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
 * version 1 backup: oversized input, bad JSON, missing or unknown fields, wrong types, bad base64,
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
  if (version !== BACKUP_VERSION) throw invalid('This backup has an invalid format version.');
  if (!sameKeys(value, TOP_KEYS)) {
    throw invalid('This backup has missing or unexpected fields; it may be damaged.');
  }
  const { exportId, createdAt, kdf, wrappedKey, records } = value;
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
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportId,
    createdAt,
    kdf: params,
    wrappedKey: wrapped,
    records: parsed,
  };
}
