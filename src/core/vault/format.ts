/**
 * The vault's stored format: what lies in IndexedDB (header, records, index),
 * the AAD strings that bind each ciphertext to its place, and the parsers
 * that check untrusted stored values before anything else reads them.
 * docs/architecture.md ("Vault") describes the format in prose.
 */
import { parseKdfParams, parseSealed, type KdfParams, type Sealed } from '../crypto';
import { BackstopError } from '../errors';

export const VAULT_FORMAT = 'backstop-vault';
/**
 * 2 binds each record's and the index's revision into their AAD (rollback,
 * docs/security.md). A version 1 vault is migrated to 2 on its first unlock.
 */
export const VAULT_VERSION = 2;
export type VaultVersion = 1 | typeof VAULT_VERSION;

/** What is stored under `meta/header`: no secrets, no user data. */
export interface StoredHeader {
  format: typeof VAULT_FORMAT;
  version: VaultVersion;
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

/**
 * AAD for the wrapped DEK: binds the key to this vault, these KDF parameters
 * and the format version (so a version 2 header relabelled 1 does not unlock).
 */
export function headerAad(
  vaultId: string,
  kdf: KdfParams,
  version: VaultVersion = VAULT_VERSION,
): string {
  return `header|${version}|${vaultId}|${kdf.alg}|${kdf.iterations}|${kdf.salt}`;
}

/** AAD for the account index at revision `rev`: an older index put back fails to open. */
export function indexAad(vaultId: string, rev: number): string {
  return `index|${VAULT_VERSION}|${vaultId}|${rev}`;
}

/**
 * AAD for a record at revision `rev`: swapping ciphertexts between records or
 * vaults fails, and so does an older ciphertext relabelled with the current revision.
 */
export function recordAad(vaultId: string, recordId: string, rev: number): string {
  return `record|${VAULT_VERSION}|${vaultId}|${recordId}|${rev}`;
}

/** The version 1 record AAD (no revision), read only to migrate a version 1 vault. */
export function recordAadV1(vaultId: string, recordId: string): string {
  return `record|1|${vaultId}|${recordId}`;
}

/** Stored data disagrees with the index that authenticates it. */
export const rolledBack = (id?: string) =>
  new BackstopError(
    'rolled-back',
    'Part of the vault was put back to an older state or changed outside Backstop, so it is not used. Restore an encrypted backup.',
    id,
  );

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
  if (h.version !== 1 && h.version !== VAULT_VERSION) {
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
    version: h.version,
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
 * The decrypted index's entries and the ids it lists as skipped, or null when
 * anything in it is off.
 */
export function parseIndex(
  value: unknown,
): { entries: Map<string, IndexEntry>; skipped: Set<string> } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { v?: unknown; entries?: unknown; skipped?: unknown };
  if (v.v !== 1 || !Array.isArray(v.entries)) return null;
  if (!Array.isArray(v.skipped) || !v.skipped.every((id) => typeof id === 'string')) return null;
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
  return { entries, skipped: new Set(v.skipped as string[]) };
}
