import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import {
  MAX_BACKUP_CHARS,
  MAX_BACKUP_RECORDS,
  manifestAad,
  parseBackupFile,
  parseManifest,
  recordAad,
  wrapAad,
} from './format';

const b64 = (n: number, fill = 7) => btoa(String.fromCharCode(...new Array<number>(n).fill(fill)));
const ID_A = 'a'.repeat(32);
const ID_B = 'b'.repeat(32);

/** A structurally valid file (its crypto is not checked by the parser). */
function valid(): Record<string, unknown> {
  return {
    format: 'backstop-backup',
    version: 1,
    exportId: '0123456789abcdef0123456789abcdef',
    createdAt: '2025-01-31T12:00:00.000Z',
    kdf: { alg: 'PBKDF2-SHA256', iterations: 600_000, salt: b64(16) },
    wrappedKey: { iv: b64(12), ct: b64(48) },
    records: [
      { id: ID_A, iv: b64(12), ct: b64(272) },
      { id: ID_B, iv: b64(12), ct: b64(528) },
    ],
  };
}

type Mutation = (f: Record<string, unknown>) => unknown;
const kdf = (f: Record<string, unknown>) => f.kdf as Record<string, unknown>;
const wrapped = (f: Record<string, unknown>) => f.wrappedKey as Record<string, unknown>;
const rec = (f: Record<string, unknown>, i = 0) =>
  (f.records as Record<string, unknown>[])[i] as Record<string, unknown>;

/** [case, mutation of a valid file, expected fragment of the message] */
const rejections: [string, Mutation, RegExp][] = [
  ['not an object', () => [], /not a Backstop backup/],
  ['null', () => null, /not a Backstop backup/],
  ['wrong format', (f) => void (f.format = 'other'), /not a Backstop backup/],
  ['missing format', (f) => void delete f.format, /not a Backstop backup/],
  ['newer version', (f) => void (f.version = 3), /newer version of Backstop.*version 3/],
  [
    'version 1 with a manifest',
    (f) => void (f.manifest = { iv: b64(12), ct: b64(64) }),
    /missing or unexpected fields/,
  ],
  ['version 2 without a manifest', (f) => void (f.version = 2), /missing or unexpected fields/],
  [
    'version 2 with a bad manifest',
    (f) => void Object.assign(f, { version: 2, manifest: { iv: b64(11), ct: b64(64) } }),
    /invalid list of accounts/,
  ],
  ['version as string', (f) => void (f.version = '1'), /invalid format version/],
  ['version 0', (f) => void (f.version = 0), /invalid format version/],
  ['version 1.5', (f) => void (f.version = 1.5), /invalid format version/],
  ['missing version', (f) => void delete f.version, /invalid format version/],
  ['extra top-level field', (f) => void (f.extra = 1), /missing or unexpected fields/],
  ['missing exportId', (f) => void delete f.exportId, /missing or unexpected fields/],
  ['missing createdAt', (f) => void delete f.createdAt, /missing or unexpected fields/],
  ['missing kdf', (f) => void delete f.kdf, /missing or unexpected fields/],
  ['missing wrappedKey', (f) => void delete f.wrappedKey, /missing or unexpected fields/],
  ['missing records', (f) => void delete f.records, /missing or unexpected fields/],
  ['exportId uppercase', (f) => void (f.exportId = 'A'.repeat(32)), /export id/],
  ['exportId short', (f) => void (f.exportId = 'a'.repeat(31)), /export id/],
  ['exportId number', (f) => void (f.exportId = 5), /export id/],
  ['createdAt not ISO', (f) => void (f.createdAt = 'yesterday'), /creation time/],
  ['createdAt impossible', (f) => void (f.createdAt = '2025-13-45T99:99:99.000Z'), /creation time/],
  ['createdAt number', (f) => void (f.createdAt = 1700000000000), /creation time/],
  ['kdf null', (f) => void (f.kdf = null), /key-derivation parameters/],
  ['kdf array', (f) => void (f.kdf = []), /key-derivation parameters/],
  ['kdf alg Argon2id', (f) => void (kdf(f).alg = 'Argon2id'), /needs a newer version of Backstop/],
  ['kdf alg missing', (f) => void delete kdf(f).alg, /key-derivation parameters/],
  ['kdf alg number', (f) => void (kdf(f).alg = 1), /key-derivation parameters/],
  ['kdf extra key', (f) => void (kdf(f).hash = 'SHA-1'), /key-derivation parameters/],
  ['iterations NaN', (f) => void (kdf(f).iterations = NaN), /key-derivation parameters/],
  ['iterations string', (f) => void (kdf(f).iterations = '600000'), /key-derivation parameters/],
  ['iterations 0', (f) => void (kdf(f).iterations = 0), /key-derivation parameters/],
  ['iterations negative', (f) => void (kdf(f).iterations = -600000), /key-derivation parameters/],
  ['iterations 1e12', (f) => void (kdf(f).iterations = 1e12), /key-derivation parameters/],
  ['iterations float', (f) => void (kdf(f).iterations = 600000.5), /key-derivation parameters/],
  ['iterations 599,999', (f) => void (kdf(f).iterations = 599_999), /key-derivation parameters/],
  [
    'iterations 10,000,001',
    (f) => void (kdf(f).iterations = 10_000_001),
    /key-derivation parameters/,
  ],
  ['iterations missing', (f) => void delete kdf(f).iterations, /key-derivation parameters/],
  ['salt 15 bytes', (f) => void (kdf(f).salt = b64(15)), /key-derivation parameters/],
  ['salt bad base64', (f) => void (kdf(f).salt = 'not base64!!'), /key-derivation parameters/],
  ['salt unpadded', (f) => void (kdf(f).salt = b64(16).replace(/=+$/, '')), /key-derivation/],
  ['wrappedKey null', (f) => void (f.wrappedKey = null), /wrapped key/],
  ['wrappedKey extra key', (f) => void (wrapped(f).tag = b64(16)), /wrapped key/],
  ['wrappedKey iv 16 bytes', (f) => void (wrapped(f).iv = b64(16)), /wrapped key/],
  ['wrappedKey ct truncated', (f) => void (wrapped(f).ct = b64(47)), /wrapped key/],
  ['wrappedKey ct too long', (f) => void (wrapped(f).ct = b64(64)), /wrapped key/],
  ['wrappedKey ct bad base64', (f) => void (wrapped(f).ct = '@'.repeat(64)), /wrapped key/],
  ['records object', (f) => void (f.records = {}), /no list of records/],
  ['record null', (f) => void ((f.records as unknown[])[0] = null), /record 1 of 2/],
  ['record extra key', (f) => void (rec(f).note = 'x'), /record 1 of 2.*unexpected fields/],
  ['record missing iv', (f) => void delete rec(f, 1).iv, /record 2 of 2.*unexpected fields/],
  ['record id uppercase', (f) => void (rec(f).id = 'A'.repeat(32)), /record 1 of 2.*invalid id/],
  ['record id number', (f) => void (rec(f).id = 1), /invalid id/],
  ['record ids repeated', (f) => void (rec(f, 1).id = ID_A), /record 2 of 2 repeats/],
  ['record iv 8 bytes', (f) => void (rec(f).iv = b64(8)), /invalid iv or ciphertext/],
  ['record iv bad base64', (f) => void (rec(f).iv = 'AAAAAAAAAAAAAAA*'), /invalid iv/],
  ['record ct truncated below tag', (f) => void (rec(f).ct = b64(15)), /invalid iv or ciphertext/],
  ['record ct empty', (f) => void (rec(f).ct = ''), /invalid iv or ciphertext/],
  ['record ct number', (f) => void (rec(f).ct = 123), /invalid iv or ciphertext/],
];

describe('parseBackupFile', () => {
  it('accepts a structurally valid file and returns exactly its fields', () => {
    const f = valid();
    expect(parseBackupFile(JSON.stringify(f))).toEqual(f);
  });

  it('accepts an export of zero accounts', () => {
    const f = valid();
    f.records = [];
    expect(parseBackupFile(JSON.stringify(f)).records).toEqual([]);
  });

  it.each(rejections)('rejects %s', (_name, mutate, message) => {
    const f = valid();
    const replaced = mutate(f);
    const text = JSON.stringify(replaced === undefined ? f : replaced);
    let error: unknown;
    try {
      parseBackupFile(text);
    } catch (e) {
      error = e;
    }
    expect(isBackstopError(error, 'invalid-backup')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects text that is not JSON, and non-text', () => {
    expect(() => parseBackupFile('{"format": "backstop-backup",')).toThrow(/not valid JSON/);
    expect(() => parseBackupFile('')).toThrow(/not valid JSON/);
    expect(() => parseBackupFile(42)).toThrow(/text of a file/);
  });

  it('rejects a file over the size cap before parsing it', () => {
    const huge = ' '.repeat(MAX_BACKUP_CHARS + 1);
    expect(() => parseBackupFile(huge)).toThrow(/too large/);
  });

  it('rejects more records than the cap', () => {
    const f = valid();
    const one = rec(f);
    f.records = Array.from({ length: MAX_BACKUP_RECORDS + 1 }, () => one);
    expect(() => parseBackupFile(JSON.stringify(f))).toThrow(/more than 10000 records/);
  });

  it('binds the AAD strings to every parameter', () => {
    const params = { alg: 'PBKDF2-SHA256' as const, iterations: 600_000, salt: b64(16) };
    expect(wrapAad(ID_A, params)).toBe(
      `backstop-backup|2|${ID_A}|PBKDF2-SHA256|600000|${params.salt}`,
    );
    expect(recordAad(ID_A, ID_B)).toBe(`backstop-backup-record|2|${ID_A}|${ID_B}`);
    expect(wrapAad(ID_A, params, 1)).toBe(
      `backstop-backup|1|${ID_A}|PBKDF2-SHA256|600000|${params.salt}`,
    );
    expect(recordAad(ID_A, ID_B, 1)).toBe(`backstop-backup-record|1|${ID_A}|${ID_B}`);
    expect(manifestAad(ID_A)).toBe(`backstop-backup-manifest|2|${ID_A}`);
  });

  it('reads a version 2 file with its manifest', () => {
    const f = { ...valid(), version: 2, manifest: { iv: b64(12), ct: b64(272) } };
    expect(parseBackupFile(JSON.stringify(f))).toMatchObject({ version: 2, manifest: f.manifest });
  });

  it('accepts exactly the documented manifest plaintext', () => {
    const ok = { createdAt: '2025-01-31T12:00:00.000Z', count: 1, records: [ID_A] };
    expect(parseManifest(ok)).toEqual(ok);
    for (const bad of [
      null,
      [],
      { ...ok, extra: 1 },
      { createdAt: ok.createdAt, records: [ID_A] },
      { ...ok, count: 2 },
      { ...ok, count: '1' },
      { ...ok, records: ['A'.repeat(32)] },
      { ...ok, createdAt: 5 },
    ]) {
      expect(parseManifest(bad)).toBeNull();
    }
  });
});
