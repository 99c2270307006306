import { describe, expect, it } from 'vitest';
import { checksum } from '../crypto';
import { nodeCrypto, PASS } from '../../storage/testing/vault-harness';
import { isBackstopError } from '../errors';
import {
  headerAad,
  headerText,
  indexAad,
  parseHeader,
  parseIndex,
  parseStoredRecord,
  recordAad,
  recordAadV1,
  type IndexBody,
  type IndexEntry,
  type StoredRecord,
} from './format';
import { expectCode, flipByte, forceHeader, rawHeader, twoAccounts } from './testing/fixtures';

describe('a tampered header', () => {
  it('a flipped byte in the header is a corrupted header, not a wrong passphrase', async () => {
    const { store, repo } = await twoAccounts();
    const h = await rawHeader(repo);
    await forceHeader(repo, { ...h, kdf: { ...h.kdf, salt: flipByte(h.kdf.salt) } });
    await expectCode(store.unlock(PASS), 'corrupted-header');
  });

  it('a flipped byte in the wrapped key is a corrupted header', async () => {
    const { store, repo } = await twoAccounts();
    const h = await rawHeader(repo);
    await forceHeader(repo, {
      ...h,
      wrappedKey: { ...h.wrappedKey, ct: flipByte(h.wrappedKey.ct, 5) },
    });
    await expectCode(store.unlock(PASS), 'corrupted-header');
  });

  it('a header that is not even an object is a corrupted header', async () => {
    const { store, repo } = await twoAccounts();
    const h = await rawHeader(repo);
    await forceHeader(repo, { ...h, version: 1, vaultId: 'nope' });
    await expectCode(store.unlock(PASS), 'corrupted-header');
  });

  it('a KDF downgrade in the header is refused even with a recomputed checksum', async () => {
    const { store, repo } = await twoAccounts();
    const h = await rawHeader(repo);
    for (const iterations of [1, 1000, 599_999, 10_000_001, 1e12, Number.NaN, 600_000.5]) {
      const { checksum: _c, ...rest } = { ...h, kdf: { ...h.kdf, iterations } };
      const forged = { ...rest, checksum: await checksum(nodeCrypto.subtle, headerText(rest)) };
      await forceHeader(repo, forged);
      await expectCode(store.unlock(PASS), 'corrupted-header');
      await forceHeader(repo, h);
    }
    // In range but different: the AAD binds the parameters, so the key does not unwrap.
    const { checksum: _c, ...rest } = { ...h, kdf: { ...h.kdf, iterations: 700_000 } };
    await forceHeader(repo, {
      ...rest,
      checksum: await checksum(nodeCrypto.subtle, headerText(rest)),
    });
    await expectCode(store.unlock(PASS), 'wrong-passphrase');
    expect(headerAad(h.vaultId, h.kdf)).toContain(String(h.kdf.iterations));
  });
});

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

describe('parseHeader', () => {
  async function stored() {
    const { repo } = await twoAccounts();
    return rawHeader(repo);
  }

  it('accepts a stored header as it is', async () => {
    const h = await stored();
    expect(parseHeader(structuredClone(h))).toStrictEqual(h);
  });

  it('refuses every damaged shape as a corrupted header', async () => {
    const h = await stored();
    const damaged: [string, unknown][] = [
      ['null', null],
      ['an array', [h]],
      ['a string', JSON.stringify(h)],
      ['another format', { ...h, format: 'other' }],
      ['no vault id', { ...h, vaultId: undefined }],
      ['an upper-case vault id', { ...h, vaultId: h.vaultId.toUpperCase().replace(/^./, 'A') }],
      ['a short vault id', { ...h, vaultId: h.vaultId.slice(1) }],
      ['a creation time that is text', { ...h, createdAt: '1700000000000' }],
      ['an infinite creation time', { ...h, createdAt: Infinity }],
      ['no checksum', { ...h, checksum: undefined }],
      ['no KDF', { ...h, kdf: undefined }],
      ['another KDF', { ...h, kdf: { ...h.kdf, alg: 'scrypt' } }],
      ['too few iterations', { ...h, kdf: { ...h.kdf, iterations: 599_999 } }],
      ['no wrapped key', { ...h, wrappedKey: undefined }],
      ['a wrapped key that is not base64', { ...h, wrappedKey: { ...h.wrappedKey, ct: '!!' } }],
    ];
    for (const [what, value] of damaged) {
      const e = errorOf(() => parseHeader(value));
      expect(isBackstopError(e, 'corrupted-header'), what).toBe(true);
    }
  });

  it('says a newer version needs a newer Backstop', async () => {
    const h = await stored();
    for (const version of [3, 0, '1', '2']) {
      const e = errorOf(() => parseHeader({ ...h, version }));
      expect(isBackstopError(e, 'corrupted-header')).toBe(true);
      expect((e as Error).message).toMatch(/newer version of Backstop/);
    }
  });
});

describe('parseStoredRecord', () => {
  it('keeps exactly id, rev, iv and ct of a well-formed record', async () => {
    const { repo, a } = await twoAccounts();
    const rec = (await repo.getRecord(a.id)) as StoredRecord;
    expect(parseStoredRecord({ ...rec, extra: 'x' })).toStrictEqual(rec);
  });

  it('returns null for anything else', async () => {
    const { repo, a } = await twoAccounts();
    const rec = (await repo.getRecord(a.id)) as StoredRecord;
    for (const value of [
      null,
      'record',
      { ...rec, id: 7 },
      { ...rec, rev: '1' },
      { ...rec, iv: undefined },
      { ...rec, ct: 'not base64!' },
    ]) {
      expect(parseStoredRecord(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('parseIndex', () => {
  const entry: IndexEntry = {
    id: 'a'.repeat(32),
    rev: 3,
    site: 'GitHub',
    domains: ['github.com'],
    username: 'octo',
    total: 16,
    left: 12,
  };

  it('reads the entries and the ids of the records it skipped', () => {
    const body: IndexBody = { v: 1, entries: [entry], skipped: ['b'.repeat(32), '?'] };
    const parsed = parseIndex(structuredClone(body));
    expect([...parsed!.entries.values()]).toStrictEqual([entry]);
    expect(parsed!.skipped).toEqual(new Set(['b'.repeat(32), '?']));
    expect(parseIndex({ v: 1, entries: [], skipped: [] })).toStrictEqual({
      entries: new Map(),
      skipped: new Set(),
    });
    expect(parseIndex({ v: 1, entries: [] })).toBeNull();
    expect(parseIndex({ v: 1, entries: [], skipped: [1] })).toBeNull();
  });

  it('returns null (the index is rebuilt) when anything is off', () => {
    const bad: unknown[] = [
      null,
      'index',
      { v: 2, entries: [entry], skipped: [] },
      { v: 1, entries: 'all', skipped: [] },
      ...(
        [
          ['id', 'A'.repeat(32)],
          ['id', 'short'],
          ['rev', '3'],
          ['site', 1],
          ['username', null],
          ['domains', 'github.com'],
          ['domains', [1]],
          ['total', 1.5],
          ['left', '12'],
        ] as const
      ).map(([key, value]) => ({ v: 1, entries: [{ ...entry, [key]: value }], skipped: [] })),
      { v: 1, entries: [null], skipped: [] },
    ];
    for (const value of bad) expect(parseIndex(value), JSON.stringify(value)).toBeNull();
  });
});

describe('AAD', () => {
  const kdf = { alg: 'PBKDF2-SHA256' as const, iterations: 600_000, salt: 'c2FsdA==' };
  const vault = '0'.repeat(32);

  it('binds each ciphertext to its kind, version, vault, place and revision', () => {
    expect(headerAad(vault, kdf)).toBe(`header|2|${vault}|PBKDF2-SHA256|600000|c2FsdA==`);
    expect(headerAad(vault, kdf, 1)).toBe(`header|1|${vault}|PBKDF2-SHA256|600000|c2FsdA==`);
    expect(indexAad(vault, 7)).toBe(`index|2|${vault}|7`);
    expect(recordAad(vault, 'a'.repeat(32), 7)).toBe(`record|2|${vault}|${'a'.repeat(32)}|7`);
    expect(recordAadV1(vault, 'a'.repeat(32))).toBe(`record|1|${vault}|${'a'.repeat(32)}`);
    const all = [
      headerAad(vault, kdf),
      headerAad(vault, kdf, 1),
      headerAad('1'.repeat(32), kdf),
      headerAad(vault, { ...kdf, iterations: 600_001 }),
      headerAad(vault, { ...kdf, salt: 'c2FsdDI=' }),
      indexAad(vault, 7),
      indexAad(vault, 8),
      indexAad('1'.repeat(32), 7),
      recordAad(vault, 'a'.repeat(32), 7),
      recordAad(vault, 'a'.repeat(32), 8),
      recordAad(vault, 'b'.repeat(32), 7),
      recordAad('1'.repeat(32), 'a'.repeat(32), 7),
      recordAadV1(vault, 'a'.repeat(32)),
    ];
    expect(new Set(all).size).toBe(all.length);
  });
});
