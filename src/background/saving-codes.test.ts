// accounts.add and codes.replace save exactly what the preview showed (handlers/accounts.ts).
import { describe, expect, it } from 'vitest';
import { background, errorCode, page } from './testing/background';
import { PASS } from '../storage/testing/vault-harness';

describe('saving codes: exactly what the preview showed', () => {
  const draft = (website: string) => ({ site: '', domains: [website], username: '', notes: '' });
  const stored = (a: { codes: { value: string; state: string }[] }) =>
    a.codes.map((c) => [c.value, c.state]);

  it('saves the preview’s list as is, letter-only codes and used marks included', async () => {
    const { h } = background();
    await h['vault.create']({ passphrase: PASS }, page);
    const a = await h['accounts.add'](
      {
        draft: draft('x.com'),
        codes: [{ value: 'oeknqqofqqqg', used: false }],
      },
      page,
    );
    expect(stored(a)).toEqual([['oeknqqofqqqg', 'unused']]);
    const b = await h['accounts.add'](
      {
        draft: draft('example.org'),
        codes: [
          { value: 'abcd efgh ijkl mnop qrst uvwx yz12 3456', used: false },
          { value: 'Backup codes', used: true },
        ],
      },
      page,
    );
    expect(stored(b)).toEqual([
      ['abcd efgh ijkl mnop qrst uvwx yz12 3456', 'unused'],
      ['Backup codes', 'used'],
    ]);
    const replaced = await h['codes.replace'](
      { accountId: a.id, codes: [{ value: 'pqrstuvwxyz1', used: false }] },
      page,
    );
    expect(stored(replaced)).toEqual([['pqrstuvwxyz1', 'unused']]);
  });

  it('reads text with the site’s shape, as the preview does in smart mode', async () => {
    const { h } = background();
    await h['vault.create']({ passphrase: PASS }, page);
    const x = await h['accounts.add'](
      { draft: draft('https://x.com/home'), codesText: 'Your backup code:\noeknqqofqqqg\n' },
      page,
    );
    expect(stored(x)).toEqual([['oeknqqofqqqg', 'unused']]);
    const google = await h['accounts.add'](
      { draft: draft('google.com'), codesText: '1234 5678 2345 6789' },
      page,
    );
    expect(stored(google)).toEqual([
      ['1234 5678', 'unused'],
      ['2345 6789', 'unused'],
    ]);
    // codes.replace takes the shape from the account's domains.
    const again = await h['codes.replace'](
      { accountId: google.id, codesText: '3456 7890 4567 8901' },
      page,
    );
    expect(stored(again).map(([v]) => v)).toEqual(['3456 7890', '4567 8901']);
  });

  it.each<[string, unknown]>([
    ['no codes', []],
    ['not a list', 'abcd-1234'],
    ['a value with a mark', [{ value: 'abcd-1234 (used)', used: false }]],
    ['two codes in one value', [{ value: 'abcd-1234\nefgh-5678', used: false }]],
    ['a value too short', [{ value: 'ab1', used: false }]],
    [
      'a repeated code',
      [
        { value: 'abcd-1234', used: false },
        { value: 'ABCD 1234', used: true },
      ],
    ],
    ['used not a boolean', [{ value: 'abcd-1234', used: 'yes' }]],
  ])('refuses %s, saving nothing', async (_, codes) => {
    const { h } = background();
    await h['vault.create']({ passphrase: PASS }, page);
    const add = h['accounts.add'](
      { draft: draft('example.org'), codes } as unknown as Parameters<
        (typeof h)['accounts.add']
      >[0],
      page,
    );
    expect(await errorCode(add)).toBe('invalid-input');
    expect((await h['accounts.list'](undefined, page)).accounts).toEqual([]);
  });

  it('refuses a request with both a list and text', async () => {
    const { h } = background();
    await h['vault.create']({ passphrase: PASS }, page);
    const both = {
      draft: draft('example.org'),
      codes: [{ value: 'abcd-1234', used: false }],
      codesText: 'efgh-5678',
    };
    expect(
      await errorCode(
        h['accounts.add'](both as unknown as Parameters<(typeof h)['accounts.add']>[0], page),
      ),
    ).toBe('invalid-input');
  });
});
