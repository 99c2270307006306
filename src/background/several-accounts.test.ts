// Which account's code a page gets when a person has several on one site
// (docs/design.md §4 "Several accounts on one site"): the one the page shows,
// else none until the person chooses in Backstop's menu.
import { describe, expect, it } from 'vitest';
import { background, content, errorCode, filled, page } from './testing/background';
import { PASS } from '../storage/testing/vault-harness';

const URL = 'https://accounts.google.com/v3/signin/challenge/bc';
const ALICE_CODES = '1111 2222\n3333 4444\n';
const BOB_CODES = '5555 6666\n7777 8888\n';

async function twoGoogleAccounts(bobCodes = BOB_CODES) {
  const bg = background();
  const { h } = bg;
  await h['vault.create']({ passphrase: PASS }, page);
  const add = (username: string, codesText: string) =>
    h['accounts.add'](
      { draft: { site: 'Google', domains: ['google.com'], username, notes: '' }, codesText },
      page,
    );
  const alice = await add('alice@gmail.com', ALICE_CODES);
  const bob = await add('bob@example.com', bobCodes);
  const claim = (shown?: string[], accountId?: string, url = URL) =>
    h['page.claimCode'](
      { sandboxed: false, ...(shown ? { shown } : {}), ...(accountId ? { accountId } : {}) },
      content(url),
    );
  const states = async (id: string) =>
    (await h['accounts.get']({ id }, page)).codes.map((c) => c.state);
  return { ...bg, alice, bob, claim, states };
}

describe('page.claimCode with several accounts on one site', () => {
  it('fills the account the page shows, not the first one', async () => {
    const { claim, alice, bob, states } = await twoGoogleAccounts();
    const answer = filled(await claim(['Use a backup code', 'bob@example.com']));
    expect(answer).toMatchObject({ accountId: bob.id, code: '55556666', left: 1 });
    expect(await states(bob.id)).toEqual(['filled', 'unused']);
    expect(await states(alice.id)).toEqual(['unused', 'unused']);
    // The same for Alice, shown the way Gmail may write her address.
    expect(filled(await claim(['A.Lice@gmail.com'])).accountId).toBe(alice.id);
  });

  it.each([
    ['no evidence at all', undefined],
    ['an empty list', []],
    ['only prose', ['Enter one of the 8-digit backup codes you saved']],
    ['another person’s address', ['carol@example.com']],
    ['both accounts', ['alice@gmail.com', 'bob@example.com']],
  ])('answers the menu, claiming nothing, for %s', async (_, shown) => {
    const { claim, alice, bob, states } = await twoGoogleAccounts();
    expect(await claim(shown)).toEqual({
      choose: [
        { accountId: alice.id, name: 'alice@gmail.com', left: 2 },
        { accountId: bob.id, name: 'bob@example.com', left: 2 },
      ],
    });
    expect(await states(alice.id)).toEqual(['unused', 'unused']);
    expect(await states(bob.id)).toEqual(['unused', 'unused']);
  });

  it('the person’s choice fills that account, whatever the page shows', async () => {
    const { claim, alice, bob, h, states } = await twoGoogleAccounts();
    const answer = filled(await claim(['bob@example.com'], alice.id));
    expect(answer).toMatchObject({ accountId: alice.id, code: '11112222' });
    await h['page.submitted'](
      { accountId: alice.id, codeId: answer.codeId },
      content('https://accounts.google.com/'),
    );
    expect(await states(alice.id)).toEqual(['used', 'unused']);
    expect(await states(bob.id)).toEqual(['unused', 'unused']);
  });

  it('one account on the site fills without a menu, whatever the page shows', async () => {
    const { h } = background();
    await h['vault.create']({ passphrase: PASS }, page);
    const only = await h['accounts.add'](
      {
        draft: { site: 'Google', domains: ['google.com'], username: 'alice', notes: '' },
        codesText: `${ALICE_CODES}5555 6666\n`,
      },
      page,
    );
    for (const shown of [undefined, [], ['bob@example.com']]) {
      const answer = await h['page.claimCode'](
        { sandboxed: false, ...(shown ? { shown } : {}) },
        content(URL),
      );
      expect(filled(answer).accountId).toBe(only.id);
    }
  });

  it('accounts of other sites never make a menu, nor can the page name them', async () => {
    const { h, claim, alice } = await twoGoogleAccounts();
    await h['accounts.add'](
      {
        draft: { site: 'GitHub', domains: ['github.com'], username: 'bob@example.com', notes: '' },
        codesText: 'abcde-12345\n',
      },
      page,
    );
    const menu = await claim(['carol@example.com']);
    expect('choose' in menu && menu.choose.map((c) => c.name)).toEqual([
      'alice@gmail.com',
      'bob@example.com',
    ]);
    // A choice of an account this frame may not fill is refused.
    const github = (await h['accounts.list'](undefined, page)).accounts.find(
      (a) => a.site === 'GitHub',
    )!;
    expect(await errorCode(claim([], github.id))).toBe('origin-not-allowed');
    expect(alice.id).not.toBe(github.id);
  });

  it('the shown account with no codes left: an error, never the other account’s code', async () => {
    const { claim, alice, bob, states, h } = await twoGoogleAccounts('5555 6666\n');
    const first = filled(await claim(['bob@example.com']));
    await h['page.submitted']({ accountId: bob.id, codeId: first.codeId }, content(URL));
    expect(await errorCode(claim(['bob@example.com']))).toBe('no-codes-left');
    expect(await states(alice.id)).toEqual(['unused', 'unused']);
    // Without evidence the menu still lists Bob, with nothing left to choose.
    expect(await claim([])).toMatchObject({
      choose: [
        { accountId: alice.id, left: 2 },
        { accountId: bob.id, left: 0 },
      ],
    });
  });

  it('refuses malformed evidence with invalid-input, claiming nothing', async () => {
    const { h, alice, bob, states } = await twoGoogleAccounts();
    for (const shown of ['bob@example.com', [1], Array(25).fill('bob'), ['x'.repeat(257)]]) {
      const bad = h['page.claimCode'](
        { sandboxed: false, shown } as unknown as { sandboxed: boolean; shown: string[] },
        content(URL),
      );
      expect(await errorCode(bad)).toBe('invalid-input');
    }
    expect(await states(alice.id)).toEqual(['unused', 'unused']);
    expect(await states(bob.id)).toEqual(['unused', 'unused']);
  });
});

describe('ui.fillActiveTab with several accounts on one site', () => {
  it('asks the frame to fill the account the person chose in the popup, and nothing else', async () => {
    const { h, filled: asked, alice, bob } = await twoGoogleAccounts();
    await h['page.fieldFound']({ hasField: true, sandboxed: false }, content(URL));
    // Without an account: refused, nothing asked of the page.
    expect(
      await errorCode(
        h['ui.fillActiveTab']({} as unknown as { accountId: string }, {
          ...page,
        }),
      ),
    ).toBe('invalid-input');
    expect(asked).toEqual([]);
    await h['ui.fillActiveTab']({ accountId: bob.id }, page);
    expect(asked).toEqual([{ tabId: 7, frameId: 0, accountId: bob.id }]);
    expect(alice.id).not.toBe(bob.id);
  });
});
