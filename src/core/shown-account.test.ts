import { describe, expect, it } from 'vitest';
import { isBackstopError } from './errors';
import {
  accountChoices,
  accountsShownOnPage,
  MAX_SHOWN,
  MAX_SHOWN_LENGTH,
  readShownStrings,
} from './shown-account';

const alice = { id: 'a', username: 'alice@gmail.com' };
const bob = { id: 'b', username: 'bob@example.com' };
const google = [alice, bob];

describe('readShownStrings', () => {
  it('reads an absent list as no evidence and a bounded list of strings as given', () => {
    expect(readShownStrings(undefined)).toEqual([]);
    const many = Array.from({ length: MAX_SHOWN }, (_, i) => `s${i}`);
    expect(readShownStrings(many)).toEqual(many);
    expect(readShownStrings(['x'.repeat(MAX_SHOWN_LENGTH)])).toHaveLength(1);
  });

  it.each([
    ['not a list', 'bob@example.com'],
    ['null', null],
    ['an object', { 0: 'bob' }],
    ['a number in the list', ['bob', 7]],
    ['too many strings', Array.from({ length: MAX_SHOWN + 1 }, () => 'bob')],
    ['a string too long', ['x'.repeat(MAX_SHOWN_LENGTH + 1)]],
  ])('refuses %s with invalid-input', (_, value) => {
    let error: unknown;
    try {
      readShownStrings(value);
    } catch (e) {
      error = e;
    }
    expect(isBackstopError(error) && error.code).toBe('invalid-input');
  });
});

describe('accountsShownOnPage', () => {
  it.each([
    ['an account chip with the address', ['bob@example.com']],
    ['the address in another case', ['BOB@Example.COM']],
    ['the address inside a sentence', ['Signed in as bob@example.com.']],
    ['the address among other texts', ['Welcome', 'Use a backup code', 'bob@example.com']],
    ['a tagged address of the same mailbox', ['bob+work@example.com']],
    ['full-width letters', ['ｂｏｂ@example.com']],
  ])('picks Bob from %s', (_, shown) => {
    expect(accountsShownOnPage(google, shown)).toEqual(['b']);
  });

  it('knows Gmail ignores dots and googlemail.com is gmail.com', () => {
    expect(accountsShownOnPage(google, ['A.Lice@googlemail.com'])).toEqual(['a']);
    // Not for other providers: a.lice@example.com is another mailbox there.
    const other = [{ id: 'x', username: 'alice@example.com' }, bob];
    expect(accountsShownOnPage(other, ['a.lice@example.com'])).toBeNull();
  });

  it('matches a username without a domain to an address, and an address to its local part', () => {
    const handles = [
      { id: 'a', username: 'alice' },
      { id: 'b', username: 'bob' },
    ];
    expect(accountsShownOnPage(handles, ['bob@example.com'])).toEqual(['b']);
    expect(accountsShownOnPage(google, ['bob'])).toEqual(['b']);
    expect(accountsShownOnPage(handles, ['@alice'])).toEqual(['a']);
  });

  it('finds a username as a whole word of a short text, never inside another word', () => {
    const handles = [
      { id: 'a', username: 'alice' },
      { id: 'b', username: 'bob' },
    ];
    expect(accountsShownOnPage(handles, ['Signed in as bob.'])).toEqual(['b']);
    expect(accountsShownOnPage(handles, ['Hi, (Alice)!'])).toEqual(['a']);
    expect(accountsShownOnPage(handles, ['Signed in as bobby'])).toBeNull();
    expect(accountsShownOnPage(handles, ['malice aforethought'])).toBeNull();
    // Too short to tell from an ordinary word.
    const short = [
      { id: 'x', username: 'me' },
      { id: 'y', username: 'you' },
    ];
    expect(accountsShownOnPage(short, ['Tell me the code'])).toBeNull();
  });

  it('the strongest sign decides: an exact address beats a looser match of another account', () => {
    const accounts = [
      { id: 'a', username: 'alice' }, // local part of the address below
      { id: 'b', username: 'alice@example.com' }, // the address exactly
    ];
    expect(accountsShownOnPage(accounts, ['alice@example.com'])).toEqual(['b']);
  });

  it('answers every account the page shows when it shows several', () => {
    expect(accountsShownOnPage(google, ['alice@gmail.com', 'bob@example.com'])).toEqual(['a', 'b']);
  });

  it.each([
    ['no strings', []],
    ['an unrelated address', ['carol@example.com']],
    ['a look-alike address', ['bob@example.co']],
    ['a longer local part', ['bobby@example.com']],
    ['prose only', ['Enter one of your backup codes']],
  ])('answers null for %s', (_, shown) => {
    expect(accountsShownOnPage(google, shown)).toBeNull();
  });

  it('never picks an account without a username', () => {
    const accounts = [
      { id: 'a', username: '' },
      { id: 'b', username: '  ' },
    ];
    expect(accountsShownOnPage(accounts, ['', ' ', 'anything'])).toBeNull();
  });
});

describe('accountChoices', () => {
  it('names each item by its username exactly, in order, with codes left', () => {
    expect(
      accountChoices([
        { ...alice, site: 'Google', left: 10 },
        { ...bob, site: 'Google', left: 0 },
      ]),
    ).toEqual([
      { accountId: 'a', name: 'alice@gmail.com', left: 10 },
      { accountId: 'b', name: 'bob@example.com', left: 0 },
    ]);
  });

  it('names an account without a username by its site, and numbers names that would be alike', () => {
    expect(
      accountChoices([
        { id: '1', username: '', site: 'Google', left: 1 },
        { id: '2', username: 'jane', site: 'Google', left: 1 },
        { id: '3', username: ' ', site: 'Google', left: 1 },
        { id: '4', username: 'jane', site: 'Google', left: 1 },
      ]).map((c) => c.name),
    ).toEqual(['Google (1)', 'jane (1)', 'Google (2)', 'jane (2)']);
  });
});
