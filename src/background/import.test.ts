/**
 * `accounts.import`: another manager's export comes in as data, is checked
 * completely, and is written all or nothing (docs/importing.md).
 */
import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../core/errors';
import { failNthRecordPut } from '../storage/testing/fail-writes';
import { PASS } from '../storage/testing/vault-harness';
import { authorize } from './handlers';
import { background, content, errorCode, page, withGithub } from './testing/background';

describe('accounts.import (another manager’s export)', () => {
  type Item = {
    site: string;
    domains: string[];
    username: string;
    codes: { value: string; used: boolean }[];
  };
  const github = (): Item => ({
    site: 'GitHub',
    domains: ['https://github.com/login'],
    username: 'alice@example.com',
    codes: [
      { value: '4f9a2-c81de', used: false },
      { value: '7b3e0-19fa4', used: true },
      { value: '0c5d7-e2b91', used: false },
    ],
  });
  const google = (): Item => ({
    site: 'Google (personal)',
    domains: ['google.com'],
    username: 'alice.personal@gmail.com',
    codes: [
      { value: '1234 5678', used: true },
      { value: '2345 6789', used: true },
      { value: '3456 7890', used: false },
    ],
  });

  /** What the vault holds, to compare before and after a refused import. */
  async function snapshot(h: ReturnType<typeof background>['h']) {
    const { accounts } = await h['accounts.list'](undefined, page);
    return Promise.all(accounts.map((a) => h['accounts.get']({ id: a.id }, page)));
  }

  it('adds every account with its codes and used marks, in one message', async () => {
    const { h } = await withGithub();
    const { added } = await h['accounts.import']({ accounts: [github(), google()] }, page);
    expect(added.map((a) => [a.site, a.domains, a.username, a.total, a.left])).toEqual([
      ['GitHub', ['github.com'], 'alice@example.com', 3, 2],
      ['Google (personal)', ['google.com'], 'alice.personal@gmail.com', 3, 1],
    ]);
    const imported = await h['accounts.get']({ id: added[0]!.id }, page);
    expect(imported.codes.map((c) => [c.value, c.state])).toEqual([
      ['4f9a2-c81de', 'unused'],
      ['7b3e0-19fa4', 'used'],
      ['0c5d7-e2b91', 'unused'],
    ]);
    expect(imported.codes[1]!.changedAt).toBe(1_700_000_000_000);
    expect(imported.history).toEqual([{ at: 1_700_000_000_000, action: 'created' }]);
    // Beside the account that was there; the list and the origin checks see the new ones.
    const list = (await h['accounts.list'](undefined, page)).accounts;
    expect(list.map((a) => `${a.site}:${a.left}`).sort()).toEqual([
      'GitHub:2',
      'GitHub:3',
      'Google (personal):1',
    ]);
    expect(
      await h['page.fieldFound'](
        { hasField: true, sandboxed: false },
        content('https://accounts.google.com/signin/challenge'),
      ),
    ).toMatchObject({ state: 'available', left: 1 });
  });

  it('refuses a hostile or broken payload with a clear error and writes nothing', async () => {
    const { h } = await withGithub();
    const before = await snapshot(h);
    const many = <T>(n: number, make: (i: number) => T) =>
      Array.from({ length: n }, (_, i) => make(i));
    const withItem = (change: (item: Item) => unknown) => ({
      accounts: [google(), change(github())],
    });
    const withCode = (code: unknown) => withItem((i) => ({ ...i, codes: [...i.codes, code] }));
    const payloads: [string, unknown][] = [
      ['nothing', undefined],
      ['null', null],
      ['a list', [github()]],
      ['no accounts', {}],
      ['accounts not a list', { accounts: 'GitHub' }],
      ['an empty list', { accounts: [] }],
      ['an extra key', { accounts: [github()], merge: true }],
      ['an own __proto__', JSON.parse(`{"accounts":[],"__proto__":{"polluted":1}}`)],
      ['too many accounts', { accounts: many(1001, () => github()) }],
      ['an item that is not an object', withItem(() => 'GitHub')],
      ['an item with an id of its own', withItem((i) => ({ ...i, id: 'a'.repeat(32) }))],
      ['an item with notes', withItem((i) => ({ ...i, notes: 'x' }))],
      ['a missing username', withItem(({ username: _u, ...i }) => i)],
      ['a site that is not text', withItem((i) => ({ ...i, site: 42 }))],
      ['a site too long', withItem((i) => ({ ...i, site: 'x'.repeat(201) }))],
      ['a username too long', withItem((i) => ({ ...i, username: 'x'.repeat(501) }))],
      ['domains as text', withItem((i) => ({ ...i, domains: 'github.com' }))],
      ['no domain', withItem((i) => ({ ...i, domains: [] }))],
      ['21 domains', withItem((i) => ({ ...i, domains: many(21, (n) => `site${n}.com`) }))],
      ['a domain that is not text', withItem((i) => ({ ...i, domains: [7] }))],
      ['a javascript: URL', withItem((i) => ({ ...i, domains: ['javascript:alert(1)'] }))],
      ['a public suffix', withItem((i) => ({ ...i, domains: ['co.uk'] }))],
      ['a one-label host', withItem((i) => ({ ...i, domains: ['intranet'] }))],
      ['userinfo', withItem((i) => ({ ...i, domains: ['https://github.com@evil.net/'] }))],
      ['an empty domain', withItem((i) => ({ ...i, domains: [''] }))],
      ['a huge domain', withItem((i) => ({ ...i, domains: [`${'a'.repeat(3000)}.com`] }))],
      ['codes as text', withItem((i) => ({ ...i, codes: '4f9a2-c81de' }))],
      ['no codes', withItem((i) => ({ ...i, codes: [] }))],
      [
        '201 codes',
        withItem((i) => ({
          ...i,
          codes: many(201, (n) => ({ value: `c${String(n).padStart(4, '0')}-abcde`, used: false })),
        })),
      ],
      ['a code that is text', withCode('9a1f3-5d6c8')],
      ['a code with a state', withCode({ value: '9a1f3-5d6c8', used: false, state: 'filled' })],
      ['a code with an id', withCode({ value: '9a1f3-5d6c8', used: false, id: 'b'.repeat(32) })],
      ['a code without a mark', withCode({ value: '9a1f3-5d6c8' })],
      ['a mark that is text', withCode({ value: '9a1f3-5d6c8', used: 'yes' })],
      ['a value that is a number', withCode({ value: 12345678, used: false })],
      ['an empty value', withCode({ value: '', used: false })],
      ['two codes in a list', withCode({ value: '9a1f3-5d6c8, d8e27-03b4a', used: false })],
      ['two codes in columns', withCode({ value: '9a1f3-5d6c8  d8e27-03b4a', used: false })],
      ['two lines in one', withCode({ value: '9a1f3-5d6c8\nd8e27-03b4a', used: false })],
      ['a used mark inside', withCode({ value: '9a1f3-5d6c8 (used)', used: false })],
      ['spaces around', withCode({ value: ' 9a1f3-5d6c8', used: false })],
      ['a sentence', withCode({ value: 'my code is here.', used: false })],
      ['a control character', withCode({ value: '9a1f3\u0000-5d6c8', used: false })],
      ['a value too long', withCode({ value: `${'a1b2c3d4 '.repeat(8)}x9`, used: false })],
      ['a repeated code', withCode({ value: '4F9A2 C81DE', used: false })],
    ];
    for (const [what, payload] of payloads) {
      const error = await h['accounts.import'](payload as never, page).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isBackstopError(error, 'invalid-input'), what).toBe(true);
      expect((error as Error).message, what).toMatch(/Nothing was imported\.$/);
    }
    expect(await snapshot(h)).toEqual(before);
  });

  it('accepts every code Add account saves, as Add account saves it, and both restore from a backup', async () => {
    // What "one code per line" saves, though the smart reading would not call it a code.
    const codes = [
      { value: 'hello world', used: false },
      { value: 'ABZUXZFBNQ', used: true },
      { value: '9a1f3-5d6c8 d8e27-03b4a', used: false },
      { value: 'a b c d', used: false },
    ];
    const { h } = await withGithub();
    const draft = { site: 'Typed', domains: ['example.com'], username: 'jane', notes: '' };
    const typed = await h['accounts.add']({ draft, codes }, page);
    const { added } = await h['accounts.import'](
      { accounts: [{ site: 'Imported', domains: ['example.com'], username: 'joe', codes }] },
      page,
    );
    const imported = await h['accounts.get']({ id: added[0]!.id }, page);
    const saved = (a: typeof typed) => a.codes.map((c) => [c.value, c.state]);
    expect(saved(imported)).toEqual(saved(typed));
    expect(saved(imported)).toEqual(codes.map((c) => [c.value, c.used ? 'used' : 'unused']));
    // Exported and restored into another vault, both accounts come back with the same codes.
    const { json } = await h['backup.export']({ passphrase: 'backup passphrase 123' }, page);
    const other = background().h;
    await other['vault.create']({ passphrase: PASS }, page);
    await other['backup.import']({ json, passphrase: 'backup passphrase 123' }, page);
    const restored = await Promise.all(
      (await other['accounts.list'](undefined, page)).accounts
        .filter((a) => a.site === 'Typed' || a.site === 'Imported')
        .map((a) => other['accounts.get']({ id: a.id }, page)),
    );
    expect(restored.map(saved)).toEqual([saved(typed), saved(typed)]);
  });

  it('names the item that is wrong, so the person can fix it', async () => {
    const { h } = await withGithub();
    const mastodon = { ...github(), site: 'Mastodon', domains: ['not a site'] };
    await expect(h['accounts.import']({ accounts: [github(), mastodon] }, page)).rejects.toThrow(
      '“Mastodon”: “not a site” is not a valid domain or web address. Nothing was imported.',
    );
    const bad = {
      ...github(),
      codes: [
        { value: '4f9a2-c81de', used: false },
        { value: 'x', used: false },
      ],
    };
    await expect(h['accounts.import']({ accounts: [bad] }, page)).rejects.toThrow(
      '“GitHub”, code 2, is not a single backup code.',
    );
  });

  it('a write that fails half-way leaves the vault as it was', async () => {
    const { h, env } = await withGithub();
    const before = await snapshot(h);
    for (const failure of ['aborts', 'throws'] as const) {
      // The second account's record fails inside the one transaction.
      const fault = failNthRecordPut(2, failure);
      try {
        await expect(
          h['accounts.import']({ accounts: [github(), google()] }, page),
          failure,
        ).rejects.toBeDefined();
      } finally {
        fault.restore();
      }
      expect(fault.seen(), failure).toBeGreaterThanOrEqual(2);
      expect(await snapshot(h), failure).toEqual(before);
      // A worker that starts afresh reads the records again: nothing half-written on disk.
      expect(await snapshot(background(env).h), failure).toEqual(before);
    }
    // The vault is still writable afterwards.
    await h['accounts.import']({ accounts: [google()] }, page);
    expect((await h['accounts.list'](undefined, page)).accounts).toHaveLength(2);
  });

  it('only Backstop’s own pages may import, and only into an unlocked vault', async () => {
    const { h } = await withGithub();
    expect(() => authorize('accounts.import', content('https://github.com/'))).toThrow(/own pages/);
    await h['vault.lock'](undefined, page);
    expect(await errorCode(h['accounts.import']({ accounts: [github()] }, page))).toBe('locked');
  });
});
