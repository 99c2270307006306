import { describe, expect, it, vi } from 'vitest';
import { calibrateIterations, MIN_ITERATIONS, CALIBRATION_CAP } from '../crypto';
import {
  ITERATIONS,
  PASS,
  dumpDb,
  makeStore,
  nodeCrypto,
} from '../../storage/testing/vault-harness';
import { codes, draft, expectCode, rawHeader } from './testing/fixtures';

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

  it('an interrupted passphrase change leaves the previous header valid', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    // The transaction dies after the compare and before the put commits.
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

  it('a passphrase change that races another context says so and keeps what the other wrote', async () => {
    const OURS = 'the passphrase that lost';
    const THEIRS = 'the passphrase that won the race';
    for (const change of ['changePassphrase', 'changePassphraseAndReencrypt'] as const) {
      const { store, repo, factory } = makeStore();
      const v = await store.create(PASS, ITERATIONS);
      await v.addAccount(draft('GitHub', 'github.com'), codes(3));
      // Another context (its own lock) changes the passphrase just before this one's write.
      const other = makeStore(factory).store;
      const putHeader = repo.putHeader.bind(repo);
      const replaceAll = repo.replaceAll.bind(repo);
      const spies = [
        vi.spyOn(repo, 'putHeader').mockImplementationOnce(async (...args) => {
          await other.changePassphrase(PASS, THEIRS);
          return putHeader(...args);
        }),
        vi.spyOn(repo, 'replaceAll').mockImplementationOnce(async (...args) => {
          await other.changePassphrase(PASS, THEIRS);
          return replaceAll(...args);
        }),
      ];
      const attempt = store[change](PASS, OURS);
      await expectCode(attempt, 'internal');
      await expect(attempt).rejects.toThrow(
        'The vault changed at the same time. Nothing was changed; try again.',
      );
      for (const spy of spies) spy.mockRestore();
      await expectCode(store.unlock(OURS), 'wrong-passphrase');
      const { accounts, corrupted } = await (await store.unlock(THEIRS)).listAccounts();
      expect(corrupted, change).toEqual([]);
      expect(accounts.map((a) => a.codes.length)).toEqual([3]);
    }
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

  it('calibrates on real derivations where the browser remembers PBKDF2 results (Firefox)', async () => {
    // Firefox's NSS answers a repeated (password, salt, count) from a cache at
    // once: a clock that only moves for a derivation not seen before.
    let t = 0;
    const seen = new Set<string>();
    const subtle = new Proxy(nodeCrypto.subtle, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
        if (prop !== 'deriveBits') return value.bind(target);
        return (params: Pbkdf2Params, ...rest: unknown[]) => {
          const key = `${Buffer.from(params.salt as Uint8Array).toString('hex')}/${params.iterations}`;
          if (!seen.has(key)) t += 100; // 100 ms per 100,000 iterations
          seen.add(key);
          return value.call(target, params, ...rest);
        };
      },
    });
    const caching = {
      subtle,
      getRandomValues: nodeCrypto.getRandomValues.bind(nodeCrypto),
    } as unknown as Crypto;
    // 300 ms target at 1 ms per 1,000 iterations: 300,000, i.e. the floor.
    expect(await calibrateIterations(caching, () => t)).toBe(MIN_ITERATIONS);
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
