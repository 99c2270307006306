import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { checksum, calibrateIterations, MIN_ITERATIONS, CALIBRATION_CAP } from './crypto';
import { isBackstopError, type ErrorCode } from './errors';
import { fromBase64, toBase64 } from './bytes';
import { VaultStore, headerAad, headerText, type StoredHeader, type StoredRecord } from './vault';
import { IdbVaultRepository } from '../storage/db';
import { ITERATIONS, PASS, dumpDb, makeStore, nodeCrypto } from '../storage/testing/vault-harness';

const draft = (site: string, domain: string, username = 'jane') => ({
  site,
  domains: [domain],
  username,
  notes: '',
});
const codes = (n: number, prefix = '1000') =>
  Array.from({ length: n }, (_, i) => ({
    value: `${prefix}${String(i).padStart(4, '0')}`,
    used: false,
  }));

async function expectCode(p: Promise<unknown>, code: ErrorCode) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBackstopError(err), `expected BackstopError ${code}, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
}

function flipByte(b64: string, index = 0): string {
  const bytes = fromBase64(b64)!;
  bytes[index % bytes.length]! ^= 0x01;
  return toBase64(bytes);
}

async function rawHeader(repo: IdbVaultRepository) {
  return (await repo.getHeader()) as StoredHeader;
}

async function forceHeader(repo: IdbVaultRepository, h: StoredHeader) {
  const current = await rawHeader(repo);
  expect(await repo.putHeader(h, current.checksum)).toBe(true);
}

describe('vault lifecycle', () => {
  it('creates, locks and unlocks; refuses a second create', async () => {
    const { store } = makeStore();
    expect(await store.exists()).toBe(false);
    await expectCode(store.unlock(PASS), 'no-vault');
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    v.lock();
    await expectCode(store.create(PASS, ITERATIONS), 'vault-exists');
    const again = await store.unlock(PASS);
    const { accounts } = await again.listAccounts();
    expect(accounts.map((a) => a.site)).toEqual(['GitHub']);
    expect(accounts[0]!.codes.map((c) => c.value)).toEqual(['10000000', '10000001', '10000002']);
  });

  it('rejects passphrases under 12 characters at creation', async () => {
    const { store } = makeStore();
    await expectCode(store.create('short pass', ITERATIONS), 'weak-passphrase');
    expect(await store.exists()).toBe(false);
  });

  it('wrong passphrase, then the right one; a failed unlock writes nothing', async () => {
    const { store, factory } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount(draft('GitHub', 'github.com'), codes(2));
    const before = await dumpDb(factory);
    await expectCode(store.unlock('correct horse battery stapler'), 'wrong-passphrase');
    await expectCode(store.unlock(''), 'wrong-passphrase');
    expect(await dumpDb(factory)).toBe(before);
    const ok = await store.unlock(PASS);
    expect((await ok.listAccounts()).accounts).toHaveLength(1);
  });

  it('NFC and NFD forms of a passphrase unlock the same vault', async () => {
    const { store } = makeStore();
    const nfc = 'Crème brûlée à la façon de Zoë'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    await store.create(nfc, ITERATIONS);
    await expect(store.unlock(nfd)).resolves.toBeDefined();
    await expect(store.unlock(nfc)).resolves.toBeDefined();
  });

  it('changing the passphrase keeps every record readable; the old one stops working', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount(draft('GitHub', 'github.com'), codes(16));
    await v.addAccount(draft('Google', 'google.com'), codes(10, '2000'));
    const recordsBefore = JSON.stringify(await repo.allRecords());
    const saltBefore = (await rawHeader(repo)).kdf.salt;
    const next = 'a completely different passphrase';
    await expectCode(store.changePassphrase('not the current one!', next), 'wrong-passphrase');
    await expectCode(store.changePassphrase(PASS, 'too short'), 'weak-passphrase');
    await store.changePassphrase(PASS, next);
    expect(JSON.stringify(await repo.allRecords())).toBe(recordsBefore); // DEK re-wrapped only
    expect((await rawHeader(repo)).kdf.salt).not.toBe(saltBefore);
    await expectCode(store.unlock(PASS), 'wrong-passphrase');
    const { accounts, corrupted } = await (await store.unlock(next)).listAccounts();
    expect(corrupted).toEqual([]);
    expect(accounts.map((a) => a.codes.length)).toEqual([16, 10]);
  });

  it('calibrates PBKDF2 iterations within the floor and the cap', async () => {
    let t = 0;
    const fast = await calibrateIterations(nodeCrypto, () => (t += 1)); // 1 ms per 100k: capped
    expect(fast).toBe(CALIBRATION_CAP);
    const slow = await calibrateIterations(nodeCrypto, () => (t += 1000)); // 1 s per 100k: floor
    expect(slow).toBe(MIN_ITERATIONS);
    const real = await calibrateIterations(nodeCrypto, () => performance.now());
    expect(real).toBeGreaterThanOrEqual(MIN_ITERATIONS);
    expect(real).toBeLessThanOrEqual(CALIBRATION_CAP);
  });
});

describe('corruption and tampering', () => {
  async function setup() {
    const ctx = makeStore();
    const v = await ctx.store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(4));
    const b = await v.addAccount(draft('Google', 'google.com'), codes(4, '2000'));
    return { ...ctx, a, b };
  }

  it('a flipped byte in the header is a corrupted header, not a wrong passphrase', async () => {
    const { store, repo } = await setup();
    const h = await rawHeader(repo);
    await forceHeader(repo, { ...h, kdf: { ...h.kdf, salt: flipByte(h.kdf.salt) } });
    await expectCode(store.unlock(PASS), 'corrupted-header');
  });

  it('a flipped byte in the wrapped key is a corrupted header', async () => {
    const { store, repo } = await setup();
    const h = await rawHeader(repo);
    await forceHeader(repo, {
      ...h,
      wrappedKey: { ...h.wrappedKey, ct: flipByte(h.wrappedKey.ct, 5) },
    });
    await expectCode(store.unlock(PASS), 'corrupted-header');
  });

  it('a header that is not even an object is a corrupted header', async () => {
    const { store, repo } = await setup();
    const h = await rawHeader(repo);
    await forceHeader(repo, { ...h, version: 1, vaultId: 'nope' });
    await expectCode(store.unlock(PASS), 'corrupted-header');
  });

  it('a KDF downgrade in the header is refused even with a recomputed checksum', async () => {
    const { store, repo } = await setup();
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

  it('a flipped byte in one record reports that record; the rest stays readable', async () => {
    const { store, repo, a, b } = await setup();
    const rec = (await repo.getRecord(a.id)) as StoredRecord;
    await repo.putRecord({ ...rec, ct: flipByte(rec.ct, 40), rev: rec.rev + 1 }, rec.rev);
    const v = await store.unlock(PASS);
    const { accounts, corrupted } = await v.listAccounts();
    expect(corrupted).toEqual([a.id]);
    expect(accounts.map((x) => x.id)).toEqual([b.id]);
    await expectCode(v.getAccount(a.id), 'corrupted-record');
    await expectCode(v.markCode(a.id, a.codes[0]!.id, true), 'corrupted-record');
    // Claims for the healthy account still work.
    expect((await v.claimNextCode('https://google.com')).code.value).toBe('20000000');
  });

  it('ciphertexts swapped between two records fail for both', async () => {
    const { store, repo, a, b } = await setup();
    const ra = (await repo.getRecord(a.id)) as StoredRecord;
    const rb = (await repo.getRecord(b.id)) as StoredRecord;
    await repo.putRecord({ ...ra, iv: rb.iv, ct: rb.ct, rev: ra.rev + 1 }, ra.rev);
    await repo.putRecord({ ...rb, iv: ra.iv, ct: ra.ct, rev: rb.rev + 1 }, rb.rev);
    const { accounts, corrupted } = await (await store.unlock(PASS)).listAccounts();
    expect(accounts).toEqual([]);
    expect(corrupted.sort()).toEqual([a.id, b.id].sort());
  });

  it('a record copied from another vault (same id, same passphrase) does not decrypt', async () => {
    const one = await setup();
    const two = makeStore(new IDBFactory());
    const v2 = await two.store.create(PASS, ITERATIONS);
    const foreign = await v2.addAccount(draft('Evil', 'evil.com'), codes(2));
    const rec = (await two.repo.getRecord(foreign.id)) as StoredRecord;
    await one.repo.putRecord(rec, null);
    const { accounts, corrupted } = await (await one.store.unlock(PASS)).listAccounts();
    expect(corrupted).toEqual([foreign.id]);
    expect(accounts).toHaveLength(2);
  });
});

describe('accounts and codes', () => {
  it('adds, edits, deletes; marks used/unused with undo; replaces a set keeping the old one', async () => {
    const { store } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('Instagram', 'instagram.com'), codes(5));
    const edited = await v.updateAccount(a.id, {
      ...draft('Instagram', 'instagram.com', 'jane.doe'),
      notes: 'main',
    });
    expect(edited.username).toBe('jane.doe');
    const c0 = a.codes[0]!.id;
    const used = await v.markCode(a.id, c0, true);
    expect(used.codes[0]!.state).toBe('used');
    expect(used.codes[0]!.changedAt).toBeTypeOf('number');
    const undone = await v.undo(a.id, c0);
    expect(undone.codes[0]!.state).toBe('unused');
    await expectCode(v.undo(a.id, c0), 'invalid-input');
    const replaced = await v.replaceCodes(a.id, codes(3, '9000'));
    expect(replaced.codes.map((c) => c.value)).toEqual(['90000000', '90000001', '90000002']);
    expect(replaced.archived[0]!.codes).toHaveLength(5);
    expect(replaced.history.map((h) => h.action)).toEqual([
      'created',
      'edited',
      'used',
      'unused',
      'codes-replaced',
    ]);
    await v.deleteAccount(a.id);
    expect((await v.listAccounts()).accounts).toEqual([]);
    await expectCode(v.getAccount(a.id), 'not-found');
  });

  it('claims hand out unused codes in order, then filled → used on submit; never a filled or used one', async () => {
    const { store } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), [
      { value: 'aaaaa-11111', used: true },
      { value: 'bbbbb-22222', used: false },
      { value: 'ccccc-33333', used: false },
    ]);
    const first = await v.claimNextCode('https://github.com');
    expect(first.code.value).toBe('bbbbb-22222');
    expect(first.code.state).toBe('filled');
    const second = await v.claimNextCode('https://github.com');
    expect(second.code.value).toBe('ccccc-33333');
    await expectCode(v.claimNextCode('https://github.com'), 'no-codes-left');
    // Submission from another origin does not confirm.
    await v.confirmUsed(a.id, first.code.id, 'https://evil.example');
    expect((await v.getAccount(a.id)).codes[1]!.state).toBe('filled');
    const confirmed = await v.confirmUsed(a.id, first.code.id, 'https://github.com');
    expect(confirmed.codes[1]).toMatchObject({ state: 'used', origin: 'https://github.com' });
    // Undo of a fill returns the code.
    const back = await v.undo(a.id, second.code.id);
    expect(back.codes[2]!.state).toBe('unused');
    await expectCode(v.claimNextCode('https://github.com.evil.net'), 'not-found');
    await expectCode(v.claimNextCode('http://github.com'), 'not-found');
  });

  it('50 concurrent claims from five contexts return 50 distinct unused codes', async () => {
    const factory = new IDBFactory();
    const main = makeStore(factory);
    const v = await main.store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(60));
    await v.markCode(a.id, a.codes[3]!.id, true);
    const contexts = await Promise.all(
      Array.from({ length: 5 }, async () => makeStore(factory).store.unlock(PASS)),
    );
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) => contexts[i % 5]!.claimNextCode('https://github.com')),
    );
    const values = claims.map((c) => c.code.value);
    expect(new Set(values).size).toBe(50);
    expect(values).not.toContain(a.codes[3]!.value);
    const after = await contexts[0]!.getAccount(a.id);
    expect(after.codes.filter((c) => c.state === 'filled')).toHaveLength(50);
    expect(after.codes.filter((c) => c.state === 'unused')).toHaveLength(9);
  });

  it('an interrupted write leaves the previous state valid', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    // The transaction dies after the compare and before the put commits.
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(function (
      this: IDBObjectStore,
    ) {
      this.transaction.abort();
      throw new DOMException('Simulated crash', 'AbortError');
    });
    await expect(v.markCode(a.id, a.codes[0]!.id, true)).rejects.toBeDefined();
    put.mockRestore();
    const fresh = await store.unlock(PASS);
    expect((await fresh.getAccount(a.id)).codes[0]!.state).toBe('unused');
    // Same for a passphrase change: the old header stays valid.
    const put2 = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(function (
      this: IDBObjectStore,
    ) {
      this.transaction.abort();
      throw new DOMException('Simulated crash', 'AbortError');
    });
    await expect(store.changePassphrase(PASS, 'another long passphrase')).rejects.toBeDefined();
    put2.mockRestore();
    await expect(store.unlock(PASS)).resolves.toBeDefined();
    expect((await rawHeader(repo)).format).toBe('backstop-vault');
  });

  it('imports many accounts all or nothing', async () => {
    const { store } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(2));
    const broken = { ...a, id: 'not-an-id' };
    await expect(v.putAccounts([{ ...a, site: 'Renamed' }, broken])).rejects.toBeDefined();
    expect((await v.getAccount(a.id)).site).toBe('GitHub');
    await v.putAccounts([{ ...a, site: 'Renamed' }]);
    expect((await (await store.unlock(PASS)).getAccount(a.id)).site).toBe('Renamed');
  });
});

describe('nothing sensitive at rest', () => {
  it('no code, domain, site, username or note appears in IndexedDB after a full session', async () => {
    const { store, factory } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(
      {
        site: 'Instagram',
        domains: ['instagram.com', 'cdninstagram.com'],
        username: 'jane.doe@example.org',
        notes: 'secret note',
      },
      [
        { value: '1234 5678', used: false },
        { value: '8765 4321', used: true },
      ],
    );
    await v.markCode(a.id, a.codes[0]!.id, true);
    await v.undo(a.id, a.codes[0]!.id);
    await v.claimNextCode('https://www.instagram.com');
    await v.replaceCodes(a.id, [{ value: 'abcd-efgh', used: false }]);
    await store.changePassphrase(PASS, 'a brand new passphrase');
    const dump = await dumpDb(factory);
    for (const needle of [
      '1234',
      '5678',
      '8765',
      'abcd',
      'instagram',
      'Instagram',
      'jane',
      'example.org',
      'secret',
      PASS,
      'brand new',
    ]) {
      expect(dump.includes(needle), needle).toBe(false);
    }
    const names = (await factory.databases()).map((d) => d.name);
    expect(names).toEqual(['backstop-test']);
  });

  it('record ciphertext lengths fall in padding buckets', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const short = await v.addAccount(draft('A', 'a.com', ''), codes(1));
    const longer = await v.addAccount(draft('Bb', 'bbbbbbbb.com', 'someone'), codes(2));
    const len = async (id: string) =>
      fromBase64(((await repo.getRecord(id)) as StoredRecord).ct)!.length;
    expect(await len(short.id)).toBe(await len(longer.id));
  });
});

describe('VaultStore.resume', () => {
  it('re-opens with the raw session key and refuses a key for another vault', async () => {
    const { store } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount(draft('GitHub', 'github.com'), codes(2));
    const raw = new Uint8Array(v.rawKey);
    const resumed = await store.resume(v.vaultId, raw);
    expect((await resumed.listAccounts()).accounts).toHaveLength(1);
    await expectCode(store.resume('0'.repeat(32), new Uint8Array(raw)), 'locked');
  });
});

void VaultStore;

describe('encrypted account index', () => {
  it('lists summaries from one record, kept in step with every write', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    const b = await v.addAccount(draft('Google', 'google.com'), codes(2, '2000'));
    await v.markCode(a.id, a.codes[0]!.id, true);
    await v.deleteAccount(b.id);
    const fresh = await store.unlock(PASS);
    const get = vi.spyOn(repo, 'allRecords');
    expect(await fresh.summaries()).toMatchObject([
      { id: a.id, site: 'GitHub', total: 3, left: 2 },
    ]);
    expect(get).not.toHaveBeenCalled(); // no full read needed
    get.mockRestore();
    const idx = (await repo.getIndex()) as { ct: string };
    expect(idx.ct).not.toContain('GitHub');
  });

  it('a damaged or stale index is rebuilt from the records', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    const idx = (await repo.getIndex()) as { rev: number; iv: string; ct: string };
    // Damaged: a flipped byte.
    await repo.commit({
      puts: [],
      deletes: [],
      index: { ...idx, ct: flipByte(idx.ct, 3), rev: idx.rev + 1 },
      indexExpectedRev: idx.rev,
    });
    expect((await (await store.unlock(PASS)).summaries()).map((e) => e.id)).toEqual([a.id]);
    // Stale: a record written behind the index's back.
    const other = makeStore(new IDBFactory());
    const ov = await other.store.create(PASS, ITERATIONS);
    await ov.addAccount(draft('X', 'x.com'), codes(1));
    const stray = (await repo.getRecord(a.id)) as StoredRecord;
    await repo.putRecord({ ...stray, id: '0'.repeat(32) }, null);
    const summaries = await (await store.unlock(PASS)).summaries();
    expect(summaries.map((e) => e.id)).toEqual([a.id]); // the stray record does not decrypt
  });
});
