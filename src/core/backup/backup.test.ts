import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../bytes';
import { deriveKek, generateDek, newKdfParams, sealJson, wrapDek } from '../crypto';
import { randomId } from '../random';
import { isBackstopError, type ErrorCode } from '../errors';
import type { Account } from '../types';
import { exportBackup, sealManifest } from './export';
import { readBackup } from './import';
import { recordAad, wrapAad } from './format';
import { account, code } from './testing/testdata';

const webCrypto = globalThis.crypto;
const PASS = 'correct horse battery staple';
const now = () => Date.UTC(2025, 0, 31, 12, 0, 0);
const opts = (passphrase = PASS) => ({ passphrase, iterations: 600_000, crypto: webCrypto, now });

const accounts: Account[] = [
  account({
    site: 'Zyxwvut Secret Site',
    domains: ['zyxwvut-secret.example', 'login.zyxwvut-secret.example'],
    username: 'qqq-secret-user@example.org',
    notes: 'printed copy in the drawer',
    codes: [
      code('1111 2222', { state: 'used', changedAt: 1_700_000_100_000, origin: 'https://x.test' }),
      code('3333 4444', { state: 'filled', changedAt: 1_700_000_200_000 }),
      code('5555 6666'),
    ],
  }),
  account({ site: 'Ünïcødé', domains: ['müller.example'], username: 'jürgen.müller' }),
];

async function rejection(p: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  try {
    const value = await p;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (e) {
    if (!isBackstopError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

type File = {
  exportId: string;
  wrappedKey: { iv: string; ct: string };
  records: { id: string; iv: string; ct: string }[];
};

describe('exportBackup / readBackup', () => {
  it('round-trips accounts exactly', async () => {
    const json = await exportBackup(accounts, opts());
    expect(await readBackup(json, PASS, webCrypto)).toEqual(accounts);
  });

  it('writes the documented, self-describing structure', async () => {
    const file = JSON.parse(await exportBackup(accounts, opts()));
    expect(Object.keys(file).sort()).toEqual(
      [
        'createdAt',
        'exportId',
        'format',
        'kdf',
        'manifest',
        'records',
        'version',
        'wrappedKey',
      ].sort(),
    );
    expect(file.format).toBe('backstop-backup');
    expect(file.version).toBe(2);
    expect(Object.keys(file.manifest).sort()).toEqual(['ct', 'iv']);
    expect(file.createdAt).toBe('2025-01-31T12:00:00.000Z');
    expect(file.exportId).toMatch(/^[0-9a-f]{32}$/);
    expect(file.kdf.alg).toBe('PBKDF2-SHA256');
    expect(file.kdf.iterations).toBe(600_000);
    expect(fromBase64(file.kdf.salt)?.length).toBe(16);
    expect(fromBase64(file.wrappedKey.iv)?.length).toBe(12);
    expect(fromBase64(file.wrappedKey.ct)?.length).toBe(48);
    expect(file.records).toHaveLength(2);
    const vaultIds = new Set(accounts.map((a) => a.id));
    for (const r of file.records) {
      expect(Object.keys(r).sort()).toEqual(['ct', 'id', 'iv']);
      expect(vaultIds.has(r.id)).toBe(false); // fresh ids, not the vault's
      // padded to a bucket, plus the 16-byte GCM tag
      expect([256, 512, 1024, 2048, 4096]).toContain(fromBase64(r.ct)!.length - 16);
    }
  });

  it('leaks no site, domain, username, note or code in plaintext', async () => {
    const json = await exportBackup(accounts, opts());
    for (const secret of [
      'Zyxwvut',
      'zyxwvut-secret',
      'qqq-secret-user',
      'drawer',
      '1111 2222',
      'x.test',
      'müller',
      'Ünïcødé',
      accounts[0]!.id,
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('uses fresh salt, iv, export id and key on every export', async () => {
    const a = JSON.parse(await exportBackup(accounts, opts()));
    const b = JSON.parse(await exportBackup(accounts, opts()));
    expect(a.exportId).not.toBe(b.exportId);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.wrappedKey.ct).not.toBe(b.wrappedKey.ct);
    expect(a.records[0].id).not.toBe(b.records[0].id);
    expect(a.records[0].ct).not.toBe(b.records[0].ct);
  });

  it('enforces the passphrase minimum and the iteration range on export', async () => {
    expect((await rejection(exportBackup(accounts, opts('short pass')))).code).toBe(
      'weak-passphrase',
    );
    for (const iterations of [599_999, 10_000_001, 600_000.5, NaN]) {
      const r = await rejection(exportBackup(accounts, { ...opts(), iterations }));
      expect(r.code).toBe('invalid-input');
    }
  });

  it('refuses to export an account its own reader would refuse', async () => {
    const bad = { ...accounts[0]!, id: 'not-an-id' };
    expect((await rejection(exportBackup([bad], opts()))).code).toBe('invalid-input');
  });

  it('exports and imports an empty vault', async () => {
    expect(await readBackup(await exportBackup([], opts()), PASS, webCrypto)).toEqual([]);
  });

  it('reports a wrong passphrase distinctly', async () => {
    const json = await exportBackup(accounts, opts());
    const r = await rejection(readBackup(json, 'correct horse battery stapler', webCrypto));
    expect(r).toEqual({ code: 'wrong-passphrase', message: 'Wrong passphrase for this backup.' });
  });

  it('accepts the passphrase typed in NFC or NFD (NFKC-normalized)', async () => {
    const nfc = 'Crème brûlée à la façon'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const fromNfc = await exportBackup(accounts, opts(nfc));
    expect(await readBackup(fromNfc, nfd, webCrypto)).toEqual(accounts);
    const fromNfd = await exportBackup(accounts, opts(nfd));
    expect(await readBackup(fromNfd, nfc, webCrypto)).toEqual(accounts);
  });

  it('rejects lowered iterations (bound by the wrapped key AAD) as undecryptable', async () => {
    const file = JSON.parse(await exportBackup(accounts, opts()));
    file.kdf.iterations = 600_001;
    expect((await rejection(readBackup(JSON.stringify(file), PASS, webCrypto))).code).toBe(
      'wrong-passphrase',
    );
  });

  describe('tampering fails the whole import', () => {
    const notExported =
      /changed after it was made: its accounts are not the ones that were exported/;

    it('a flipped byte in one record', async () => {
      const file: File = JSON.parse(await exportBackup(accounts, opts()));
      const ct = fromBase64(file.records[1]!.ct)!;
      ct[100]! ^= 0x01;
      file.records[1]!.ct = toBase64(ct);
      const r = await rejection(readBackup(JSON.stringify(file), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(/record 2 of 2 could not be decrypted/);
    });

    it('a flipped byte in a record iv', async () => {
      const file: File = JSON.parse(await exportBackup(accounts, opts()));
      const iv = fromBase64(file.records[0]!.iv)!;
      iv[0]! ^= 0x80;
      file.records[0]!.iv = toBase64(iv);
      const r = await rejection(readBackup(JSON.stringify(file), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(/record 1 of 2/);
    });

    it('record ids swapped within one export', async () => {
      const file: File = JSON.parse(await exportBackup(accounts, opts()));
      const [a, b] = file.records as [File['records'][0], File['records'][0]];
      [a.id, b.id] = [b.id, a.id];
      const r = await rejection(readBackup(JSON.stringify(file), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(notExported);
    });

    it('a record moved from another export with the same passphrase', async () => {
      const one: File = JSON.parse(await exportBackup(accounts, opts()));
      const other: File = JSON.parse(await exportBackup(accounts, opts()));
      one.records[0] = other.records[0]!;
      const r = await rejection(readBackup(JSON.stringify(one), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(notExported);
    });

    it('a truncated record ciphertext', async () => {
      const file: File = JSON.parse(await exportBackup(accounts, opts()));
      file.records[0]!.ct = toBase64(fromBase64(file.records[0]!.ct)!.subarray(0, 200));
      const r = await rejection(readBackup(JSON.stringify(file), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
    });

    it('the export id changed (all records and the key are bound to it)', async () => {
      const file: File = JSON.parse(await exportBackup(accounts, opts()));
      file.exportId = '0'.repeat(32);
      expect((await rejection(readBackup(JSON.stringify(file), PASS, webCrypto))).code).toBe(
        'wrong-passphrase',
      );
    });

    it('a wrapped key taken from another export (indistinguishable from a wrong passphrase)', async () => {
      const one: File = JSON.parse(await exportBackup(accounts, opts()));
      const other: File = JSON.parse(await exportBackup(accounts, opts()));
      one.wrappedKey = other.wrappedKey;
      const r = await rejection(readBackup(JSON.stringify(one), PASS, webCrypto));
      expect(r.code).toBe('wrong-passphrase');
    });

    it('a record duplicated under a new id', async () => {
      const file: File = JSON.parse(await exportBackup(accounts, opts()));
      file.records.push({ ...file.records[0]!, id: 'f'.repeat(32) });
      const r = await rejection(readBackup(JSON.stringify(file), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(/holds 3 of the 2 accounts that were exported/);
    });

    it('a malformed file never reaches the KDF', async () => {
      const file = JSON.parse(await exportBackup(accounts, opts()));
      file.kdf.iterations = 1e12;
      let derived = false;
      const spy = {
        getRandomValues: webCrypto.getRandomValues.bind(webCrypto),
        subtle: new Proxy(webCrypto.subtle, {
          get(target, prop) {
            derived ||= prop === 'importKey' || prop === 'deriveKey' || prop === 'deriveBits';
            const v = Reflect.get(target, prop) as unknown;
            return typeof v === 'function' ? v.bind(target) : v;
          },
        }),
      } as unknown as Crypto;
      const r = await rejection(readBackup(JSON.stringify(file), PASS, spy));
      expect(r.code).toBe('invalid-backup');
      expect(derived).toBe(false);
    });
  });

  describe('authentic records with bad content', () => {
    /** Builds a correctly encrypted file around arbitrary record plaintexts. */
    async function craft(
      plaintexts: unknown[],
      change?: (ids: string[]) => string[],
    ): Promise<string> {
      const exportId = randomId(webCrypto);
      const kdf = newKdfParams(webCrypto, 600_000);
      const dek = await generateDek(webCrypto.subtle);
      const kek = await deriveKek(webCrypto.subtle, PASS, kdf);
      const wrappedKey = await wrapDek(webCrypto, dek, kek, wrapAad(exportId, kdf));
      const records = [];
      for (const plain of plaintexts) {
        const id = randomId(webCrypto);
        records.push({ id, ...(await sealJson(webCrypto, dek, recordAad(exportId, id), plain)) });
      }
      const createdAt = '2025-01-31T12:00:00.000Z';
      const ids = (change ?? ((x: string[]) => x))(records.map((r) => r.id));
      return JSON.stringify({
        format: 'backstop-backup',
        version: 2,
        exportId,
        createdAt,
        kdf,
        wrappedKey,
        records,
        manifest: await sealManifest(webCrypto, dek, exportId, createdAt, ids),
      });
    }

    it('ids swapped in the file and in a manifest signed to match still fail each record', async () => {
      const json = JSON.parse(await craft(accounts)) as File;
      const swapped = await craft(accounts, (ids) => [ids[1]!, ids[0]!]);
      const file = JSON.parse(swapped) as File;
      const [a, b] = file.records as [File['records'][0], File['records'][0]];
      [a.id, b.id] = [b.id, a.id];
      expect(json.records).toHaveLength(2);
      const r = await rejection(readBackup(JSON.stringify(file), PASS, webCrypto));
      expect(r.message).toMatch(/record 1 of 2 could not be decrypted/);
    });

    it('the crafting helper itself produces a readable file', async () => {
      expect(await readBackup(await craft(accounts), PASS, webCrypto)).toEqual(accounts);
    });

    it('a record that is not a valid account', async () => {
      const bad = { ...accounts[1]!, codes: [{ id: 'x', value: '1', state: 'spent' }] };
      const r = await rejection(readBackup(await craft([accounts[0], bad]), PASS, webCrypto));
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(/record 2 of 2 does not hold valid account data/);
    });

    it('the same account twice', async () => {
      const r = await rejection(
        readBackup(await craft([accounts[0], accounts[0]]), PASS, webCrypto),
      );
      expect(r.code).toBe('invalid-backup');
      expect(r.message).toMatch(/record 2 of 2 repeats an account/);
    });
  });
});
