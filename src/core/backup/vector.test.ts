/**
 * The worked test vectors of docs/backup-format.md. Checks that the document and
 * test/fixtures/backups/vector.json (version 2) agree, and that every value in it and in the frozen
 * version 1 vector (vector-v1.json) follows from the documented algorithm — computed here with Web
 * Crypto directly, not through the module under test — and that the module reads both files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, toHex } from '../bytes';
import { readBackup, readBackupFile } from './import';
import { parseBackupFile } from './format';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const subtle = globalThis.crypto.subtle;
const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => Number.parseInt(b, 16));
const enc = (s: string) => new TextEncoder().encode(s);

interface Vector {
  passphrase: string;
  passphraseNfkcUtf8Hex: string;
  saltHex: string;
  iterations: number;
  kekHex: string;
  exportId: string;
  wrapAad: string;
  wrapIvHex: string;
  dekHex: string;
  wrappedKeyCtHex: string;
  recordId: string;
  recordAad: string;
  recordIvHex: string;
  plaintext: string;
  paddedLength: number;
  /** Version 2 only. */
  manifestAad?: string;
  manifestIvHex?: string;
  manifestPlaintext?: string;
  file: {
    version: number;
    exportId: string;
    createdAt: string;
    manifest?: { iv: string; ct: string };
    kdf: { alg: string; iterations: number; salt: string };
    wrappedKey: { iv: string; ct: string };
    records: { id: string; iv: string; ct: string }[];
  };
}

const vectors = {
  2: JSON.parse(read('test/fixtures/backups/vector.json')) as Vector,
  1: JSON.parse(read('test/fixtures/backups/vector-v1.json')) as Vector,
};
const v = vectors[2];

function docVector(): unknown {
  const doc = read('docs/backup-format.md');
  const m = /<!-- test-vector:start -->\s*```json\n([\s\S]*?)```\s*<!-- test-vector:end -->/.exec(
    doc,
  );
  if (!m) throw new Error('docs/backup-format.md has no test-vector block');
  return JSON.parse(m[1]!);
}
describe('the documented vector', () => {
  it('is the same in docs/backup-format.md and vector.json, a version 2 file', () => {
    expect(docVector()).toEqual(v);
    expect(v.file.version).toBe(2);
  });

  it('seals the manifest to exactly the documented ciphertext', async () => {
    const dek = await subtle.importKey('raw', hex(v.dekHex), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    expect(v.manifestAad).toBe(`backstop-backup-manifest|2|${v.exportId}`);
    expect(JSON.parse(v.manifestPlaintext!)).toEqual({
      createdAt: v.file.createdAt,
      count: 1,
      records: [v.recordId],
    });
    expect(toHex(fromBase64(v.file.manifest!.iv)!)).toBe(v.manifestIvHex);
    const params = {
      name: 'AES-GCM',
      iv: hex(v.manifestIvHex!),
      additionalData: enc(v.manifestAad!),
    };
    const data = enc(v.manifestPlaintext!);
    const padded = new Uint8Array(256); // the same padding as a record
    new DataView(padded.buffer).setUint32(0, data.length, false);
    padded.set(data, 4);
    const again = new Uint8Array(await subtle.encrypt(params, dek, padded));
    expect(toBase64(again)).toBe(v.file.manifest!.ct);
  });
});

describe.each([1, 2] as const)('backup format test vector, version %i', (version) => {
  const v = vectors[version];

  it('the file fields repeat the stepwise values', () => {
    expect(v.file.exportId).toBe(v.exportId);
    expect(v.file.kdf).toEqual({
      alg: 'PBKDF2-SHA256',
      iterations: v.iterations,
      salt: btoa(String.fromCharCode(...hex(v.saltHex))),
    });
    expect(toHex(fromBase64(v.file.wrappedKey.iv)!)).toBe(v.wrapIvHex);
    expect(toHex(fromBase64(v.file.wrappedKey.ct)!)).toBe(v.wrappedKeyCtHex);
    expect(v.file.records).toHaveLength(1);
    expect(v.file.records[0]!.id).toBe(v.recordId);
    expect(toHex(fromBase64(v.file.records[0]!.iv)!)).toBe(v.recordIvHex);
    expect(v.file.version).toBe(version);
    expect(v.wrapAad).toBe(
      `backstop-backup|${version}|${v.exportId}|PBKDF2-SHA256|${v.iterations}|${v.file.kdf.salt}`,
    );
    expect(v.recordAad).toBe(`backstop-backup-record|${version}|${v.exportId}|${v.recordId}`);
  });

  it('derives the documented KEK from the NFKC passphrase', async () => {
    const normalized = enc(v.passphrase.normalize('NFKC'));
    expect(toHex(normalized)).toBe(v.passphraseNfkcUtf8Hex);
    const base = await subtle.importKey('raw', normalized, 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: hex(v.saltHex), iterations: v.iterations },
      base,
      256,
    );
    expect(toHex(new Uint8Array(bits))).toBe(v.kekHex);
  });

  it('wraps the DEK to exactly the documented ciphertext', async () => {
    const kek = await subtle.importKey('raw', hex(v.kekHex), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    const params = { name: 'AES-GCM', iv: hex(v.wrapIvHex), additionalData: enc(v.wrapAad) };
    const dek = await subtle.decrypt(params, kek, hex(v.wrappedKeyCtHex));
    expect(toHex(new Uint8Array(dek))).toBe(v.dekHex);
    const again = await subtle.encrypt(params, kek, hex(v.dekHex));
    expect(toHex(new Uint8Array(again))).toBe(v.wrappedKeyCtHex);
  });

  it('decrypts the record to the padded plaintext, and re-encrypts it exactly', async () => {
    const dek = await subtle.importKey('raw', hex(v.dekHex), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    const params = { name: 'AES-GCM', iv: hex(v.recordIvHex), additionalData: enc(v.recordAad) };
    const ct = fromBase64(v.file.records[0]!.ct)!;
    const padded = new Uint8Array(await subtle.decrypt(params, dek, ct));
    expect(padded.length).toBe(v.paddedLength);
    // Padding: 4-byte big-endian length, the bytes, zeros to the bucket (256/512/1K/2K/4K, 4K steps).
    const data = enc(v.plaintext);
    const expected = new Uint8Array(v.paddedLength);
    new DataView(expected.buffer).setUint32(0, data.length, false);
    expected.set(data, 4);
    expect(toHex(padded)).toBe(toHex(expected));
    expect([256, 512, 1024, 2048, 4096].find((b) => b >= data.length + 4)).toBe(v.paddedLength);
    const again = new Uint8Array(await subtle.encrypt(params, dek, expected));
    expect(toHex(again)).toBe(toHex(ct));
  });

  it('is a valid backup that the reader opens to the plaintext account', async () => {
    const json = JSON.stringify(v.file);
    expect(parseBackupFile(json)).toEqual(v.file);
    expect(await readBackup(json, v.passphrase, globalThis.crypto)).toEqual([
      JSON.parse(v.plaintext),
    ]);
    expect((await readBackupFile(json, v.passphrase, globalThis.crypto)).version).toBe(version);
  });
});
