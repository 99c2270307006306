import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { ITERATIONS, PASS, dumpDb, makeStore } from '../../storage/testing/vault-harness';
import type { StoredRecord } from './format';
import { codes, draft, expectCode, flipByte, twoAccounts } from './testing/fixtures';

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
    expect(first.again).toBe(false);
    // The same origin asking again before it submitted gets the same code.
    const repeat = await v.claimNextCode('https://github.com');
    expect(repeat).toMatchObject({ again: true, code: { id: first.code.id, state: 'filled' } });
    // Another origin of the account gets the next one.
    const second = await v.claimNextCode('https://gist.github.com');
    expect(second.code.value).toBe('ccccc-33333');
    await expectCode(v.claimNextCode('https://api.github.com'), 'no-codes-left');
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

  it('50 concurrent claims from 50 origins in five contexts return 50 distinct unused codes', async () => {
    const factory = new IDBFactory();
    const main = makeStore(factory);
    const v = await main.store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(60));
    await v.markCode(a.id, a.codes[3]!.id, true);
    const contexts = await Promise.all(
      Array.from({ length: 5 }, async () => makeStore(factory).store.unlock(PASS)),
    );
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        contexts[i % 5]!.claimNextCode(`https://s${i}.github.com`),
      ),
    );
    const values = claims.map((c) => c.code.value);
    expect(new Set(values).size).toBe(50);
    expect(values).not.toContain(a.codes[3]!.value);
    const after = await contexts[0]!.getAccount(a.id);
    expect(after.codes.filter((c) => c.state === 'filled')).toHaveLength(50);
    expect(after.codes.filter((c) => c.state === 'unused')).toHaveLength(9);
  });

  it('50 concurrent claims from one origin in five contexts hand out one code, once', async () => {
    const factory = new IDBFactory();
    const main = makeStore(factory);
    const v = await main.store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(60));
    const contexts = await Promise.all(
      Array.from({ length: 5 }, async () => makeStore(factory).store.unlock(PASS)),
    );
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) => contexts[i % 5]!.claimNextCode('https://github.com')),
    );
    expect(new Set(claims.map((c) => c.code.value))).toEqual(new Set([a.codes[0]!.value]));
    expect(claims.filter((c) => !c.again)).toHaveLength(1);
    const after = await contexts[0]!.getAccount(a.id);
    expect(after.codes.filter((c) => c.state === 'filled')).toHaveLength(1);
    expect(after.history.filter((h) => h.action === 'filled')).toHaveLength(1);
  });

  it('a claim that hands a code out again writes nothing', async () => {
    const { store, repo } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    const a = await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    await v.claimNextCode('https://github.com');
    const before = { record: await repo.getRecord(a.id), indexRev: await repo.getIndexRev() };
    expect((await v.claimNextCode('https://github.com')).again).toBe(true);
    expect({ record: await repo.getRecord(a.id), indexRev: await repo.getIndexRev() }).toEqual(
      before,
    );
  });

  it('without a fresh code allowed, a claim is refused unless a code was filled there just now', async () => {
    const { store } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount(draft('GitHub', 'github.com'), codes(3));
    await expectCode(
      v.claimNextCode('https://github.com', undefined, { fresh: false }),
      'rate-limited',
    );
    const first = await v.claimNextCode('https://github.com');
    const again = await v.claimNextCode('https://github.com', undefined, { fresh: false });
    expect(again.code.id).toBe(first.code.id);
    await expectCode(
      v.claimNextCode('https://gist.github.com', undefined, { fresh: false }),
      'rate-limited',
    );
  });

  it('pinned hosts reach the origin check through the index', async () => {
    const { store } = makeStore();
    const v = await store.create(PASS, ITERATIONS);
    await v.addAccount({ ...draft('GitHub', 'github.com'), hosts: ['login.github.com'] }, codes(2));
    await expectCode(v.claimNextCode('https://github.com'), 'not-found');
    expect((await v.claimNextCode('https://login.github.com')).code.value).toBe('10000000');
  });

  it('an interrupted write leaves the previous state valid', async () => {
    const { store } = makeStore();
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

describe('a damaged record', () => {
  it('a flipped byte in one record reports that record; the rest stays readable', async () => {
    const { store, repo, a, b } = await twoAccounts();
    const rec = (await repo.getRecord(a.id)) as StoredRecord;
    await repo.putRecord({ ...rec, ct: flipByte(rec.ct, 40) }, rec.rev);
    const v = await store.unlock(PASS);
    const { accounts, corrupted } = await v.listAccounts();
    expect(corrupted).toEqual([a.id]);
    expect(accounts.map((x) => x.id)).toEqual([b.id]);
    await expectCode(v.getAccount(a.id), 'corrupted-record');
    await expectCode(v.markCode(a.id, a.codes[0]!.id, true), 'corrupted-record');
    // Claims for the healthy account still work.
    expect((await v.claimNextCode('https://google.com')).code.value).toBe('20000000');
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
});
