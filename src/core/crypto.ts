/**
 * Backstop's cryptography, on Web Crypto only (docs/design.md §2).
 *
 * passphrase --NFKC (./passphrase.ts)--> PBKDF2-HMAC-SHA256(salt, iterations) --> KEK (non-extractable, wrap only)
 * KEK --AES-GCM wrap, AAD = header context--> DEK (random AES-256-GCM)
 * DEK --AES-GCM, AAD = record context, padded plaintext--> records
 */
import { BackstopError } from './errors';
import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes';
import { normalizePassphrase } from './passphrase';

export const KDF_ALG = 'PBKDF2-SHA256';
/** OWASP's floor for PBKDF2-HMAC-SHA256. */
export const MIN_ITERATIONS = 600_000;
/** Calibration never goes above this at creation time. */
export const CALIBRATION_CAP = 2_000_000;
/** Anything above this in a header or an import is a denial-of-service attempt. */
export const MAX_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;

export interface KdfParams {
  alg: typeof KDF_ALG;
  iterations: number;
  /** base64, 16 bytes */
  salt: string;
}

export interface Sealed {
  /** base64, 12 bytes */
  iv: string;
  /** base64 ciphertext with the 16-byte GCM tag */
  ct: string;
}

/**
 * Validates attacker-controllable KDF parameters (vault header or import file).
 * Returns null when invalid so callers choose the error (corrupted header vs invalid backup).
 */
export function parseKdfParams(value: unknown): KdfParams | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(',');
  if (keys !== 'alg,iterations,salt') return null;
  if (v.alg !== KDF_ALG) return null;
  const it = v.iterations;
  if (typeof it !== 'number' || !Number.isInteger(it)) return null;
  if (it < MIN_ITERATIONS || it > MAX_ITERATIONS) return null;
  const salt = fromBase64(v.salt);
  if (!salt || salt.length !== SALT_BYTES) return null;
  return { alg: KDF_ALG, iterations: it, salt: v.salt as string };
}

/** Validates `{iv, ct}`; null when malformed. */
export function parseSealed(value: unknown, maxBytes = 1 << 20): Sealed | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (Object.keys(v).sort().join(',') !== 'ct,iv') return null;
  const iv = fromBase64(v.iv);
  const ct = fromBase64(v.ct);
  if (!iv || iv.length !== IV_BYTES) return null;
  if (!ct || ct.length < 16 || ct.length > maxBytes) return null;
  return { iv: v.iv as string, ct: v.ct as string };
}

export function newKdfParams(crypto: Crypto, iterations: number): KdfParams {
  return {
    alg: KDF_ALG,
    iterations,
    salt: toBase64(crypto.getRandomValues(new Uint8Array(SALT_BYTES))),
  };
}

/** Derives the non-extractable key-encryption key from a passphrase. */
export async function deriveKek(
  subtle: SubtleCrypto,
  passphrase: string,
  params: KdfParams,
): Promise<CryptoKey> {
  const salt = fromBase64(params.salt);
  if (!salt) throw new BackstopError('invalid-input', 'Bad salt.');
  const base = await subtle.importKey(
    'raw',
    utf8(normalizePassphrase(passphrase)),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: params.iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** A fresh random data key. Extractable only so it can be wrapped and kept in session memory. */
export function generateDek(subtle: SubtleCrypto): Promise<CryptoKey> {
  return subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]) as Promise<CryptoKey>;
}

/** Imports raw DEK bytes (session wake-up) as a non-extractable key. */
export function importDek(subtle: SubtleCrypto, raw: Uint8Array<ArrayBuffer>, extractable = false) {
  if (raw.length !== 32) throw new BackstopError('internal', 'The session key has the wrong size.');
  return subtle.importKey('raw', raw, { name: 'AES-GCM' }, extractable, ['encrypt', 'decrypt']);
}

export async function exportDek(
  subtle: SubtleCrypto,
  dek: CryptoKey,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle.exportKey('raw', dek));
}

export async function wrapDek(
  crypto: Crypto,
  dek: CryptoKey,
  kek: CryptoKey,
  aad: string,
): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.wrapKey('raw', dek, kek, {
    name: 'AES-GCM',
    iv,
    additionalData: utf8(aad),
  });
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Unwraps the DEK; resolves null when the KEK (passphrase) or AAD is wrong. */
export async function unwrapDek(
  subtle: SubtleCrypto,
  wrapped: Sealed,
  kek: CryptoKey,
  aad: string,
  extractable: boolean,
): Promise<CryptoKey | null> {
  const iv = fromBase64(wrapped.iv);
  const ct = fromBase64(wrapped.ct);
  if (!iv || !ct) return null;
  try {
    return await subtle.unwrapKey(
      'raw',
      ct,
      kek,
      { name: 'AES-GCM', iv, additionalData: utf8(aad) },
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['encrypt', 'decrypt'],
    );
  } catch {
    return null;
  }
}

/**
 * Pads to a bucket so ciphertext length says little about the content:
 * 4-byte big-endian length, the bytes, zeros up to 256/512/1K/2K/4K, then 4K steps.
 */
export function pad(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const needed = data.length + 4;
  let size = 256;
  while (size < needed && size < 4096) size *= 2;
  if (size < needed) size = Math.ceil(needed / 4096) * 4096;
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, 4);
  return out;
}

export function unpad(padded: Uint8Array): Uint8Array | null {
  if (padded.length < 4) return null;
  const len = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  if (len > padded.length - 4) return null;
  return padded.subarray(4, 4 + len);
}

/** Encrypts a JSON value with a fresh IV, padded, bound to `aad`. */
export async function sealJson(
  crypto: Crypto,
  key: CryptoKey,
  aad: string,
  value: unknown,
): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(aad) },
    key,
    pad(utf8(JSON.stringify(value))),
  );
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Decrypts what `sealJson` wrote; null on any authentication or format failure. */
export async function openJson(
  subtle: SubtleCrypto,
  key: CryptoKey,
  aad: string,
  sealed: Sealed,
): Promise<unknown> {
  const iv = fromBase64(sealed.iv);
  const ct = fromBase64(sealed.ct);
  if (!iv || !ct || iv.length !== IV_BYTES) return null;
  let plain: ArrayBuffer;
  try {
    plain = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, key, ct);
  } catch {
    return null;
  }
  const data = unpad(new Uint8Array(plain));
  if (!data) return null;
  try {
    return JSON.parse(fromUtf8(data)) as unknown;
  } catch {
    return null;
  }
}

/** SHA-256 over a string, base64. Used as the header checksum (detects corruption, not tampering). */
export async function checksum(subtle: SubtleCrypto, text: string): Promise<string> {
  return toBase64(new Uint8Array(await subtle.digest('SHA-256', utf8(text))));
}

/**
 * Picks PBKDF2 iterations so that one derivation takes about `targetMs` on
 * this machine, never below the floor nor above the cap.
 */
export async function calibrateIterations(
  crypto: Crypto,
  now: () => number,
  targetMs = 300,
): Promise<number> {
  const probe = 100_000;
  const base = await crypto.subtle.importKey('raw', utf8('calibration'), 'PBKDF2', false, [
    'deriveBits',
  ]);
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    // A new salt per probe: Firefox (NSS) remembers recent PBKDF2 results, so
    // the same salt twice answers at once and the count would jump to the cap.
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const t0 = now();
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: probe },
      base,
      256,
    );
    best = Math.min(best, now() - t0);
  }
  const perIteration = Math.max(best, 0.01) / probe;
  const wanted = Math.round(targetMs / perIteration / 10_000) * 10_000;
  return Math.min(CALIBRATION_CAP, Math.max(MIN_ITERATIONS, wanted));
}
