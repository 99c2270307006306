/**
 * The vault's stored format: what lies in IndexedDB (header, records, index),
 * the AAD strings that bind each ciphertext to its place, and the parsers
 * that check untrusted stored values before anything else reads them.
 * docs/architecture.md ("Vault") describes the format in prose.
 */
import { parseKdfParams, parseSealed, type KdfParams, type Sealed } from '../crypto';
import { BackstopError } from '../errors';

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

/** The encrypted index: one small record listing every account's summary. */
export interface StoredIndex {
  rev: number;
  iv: string;
  ct: string;
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
  /** The account's pinned hosts (the origin check needs them); absent when none. */
  hosts?: string[];
  username: string;
  total: number;
  left: number;
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

export const corruptedHeader = () =>
  new BackstopError(
    'corrupted-header',
    'The vault header is damaged or was changed outside Backstop, so the vault cannot be opened. Restore an encrypted backup.',
  );

/**
 * Checks a stored header's shape (not yet its checksum): `corrupted-header`,
 * or the same code with an "update Backstop" message for a newer version.
 */
export function parseHeader(v: unknown): StoredHeader {
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

/** A stored record's shape, or null when it is not one. */
export function parseStoredRecord(v: unknown): StoredRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.rev !== 'number') return null;
  const sealed = parseSealed({ iv: r.iv, ct: r.ct });
  if (!sealed) return null;
  return { id: r.id, rev: r.rev, ...sealed };
}

/** The plaintext of the encrypted index. */
export interface IndexBody {
  v: 1;
  entries: IndexEntry[];
  /** Ids of records left out because they did not decrypt (they still count as records). */
  skipped: string[];
}

/**
 * The decrypted index's entries and how many records it skipped, or null when
 * anything in it is off (the index is then rebuilt from the records).
 */
export function parseIndex(
  value: unknown,
): { entries: Map<string, IndexEntry>; skipped: number } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { v?: unknown; entries?: unknown; skipped?: unknown };
  if (v.v !== 1 || !Array.isArray(v.entries)) return null;
  const entries = new Map<string, IndexEntry>();
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
      (e.hosts !== undefined &&
        (!Array.isArray(e.hosts) || !e.hosts.every((h) => typeof h === 'string'))) ||
      !Number.isInteger(e.total) ||
      !Number.isInteger(e.left)
    ) {
      return null;
    }
    entries.set(e.id, {
      id: e.id,
      rev: e.rev,
      site: e.site,
      domains: e.domains as string[],
      ...(Array.isArray(e.hosts) && e.hosts.length ? { hosts: e.hosts as string[] } : {}),
      username: e.username,
      total: e.total as number,
      left: e.left as number,
    });
  }
  return { entries, skipped: Array.isArray(v.skipped) ? v.skipped.length : 0 };
}
