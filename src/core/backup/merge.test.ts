import { describe, expect, it } from 'vitest';
import { validateAccount } from '../account';
import type { Account } from '../types';
import { planMerge, sanitizeIncoming } from './merge';
import { account, code, hexId } from './testing/testdata';

// Examples; the properties over random vaults and files are in merge.property.test.ts.

/** Later than every time in these tests: nothing is capped unless a test says so. */
const NOW = { now: 1_800_000_000_000 };

describe('planMerge', () => {
  it('adds unmatched accounts as they are and previews them', () => {
    const a = account({ domains: ['example.com'], username: 'ann' });
    const { result, preview } = planMerge([], [a], NOW);
    expect(result).toEqual([a]);
    expect(preview).toEqual({
      added: [{ site: a.site, domains: a.domains, username: 'ann', codes: 3 }],
      merged: [],
      unchanged: 0,
    });
  });

  it('reports an identical import as unchanged and writes nothing', () => {
    const a = account();
    expect(planMerge([a], [structuredClone(a)], NOW)).toEqual({
      result: [],
      preview: { added: [], merged: [], unchanged: 1 },
    });
  });

  it('matches by domain and case-insensitive username when ids differ', () => {
    const mine = account({ username: 'Octocat', codes: [code('AAAA-1111')] });
    const theirs = account({
      username: 'octocat',
      domains: ['GitHub.com', 'ghe.example'],
      codes: [
        code('aaaa 1111', { state: 'used', changedAt: 5, origin: 'https://github.com' }),
        code('dddd-4444'),
      ],
    });
    const { result, preview } = planMerge([mine], [theirs], NOW);
    expect(result).toHaveLength(1);
    const merged = result[0]!;
    expect(merged.id).toBe(mine.id);
    // ghe.example is only proposed: an existing account never fills anywhere new unconfirmed.
    expect(merged.domains).toEqual(['github.com']);
    expect(merged.codes).toEqual([
      {
        id: mine.codes[0]!.id,
        value: 'AAAA-1111',
        state: 'used',
        changedAt: 5,
        origin: 'https://github.com',
      },
      theirs.codes[1],
    ]);
    expect(preview.merged).toEqual([
      {
        accountId: mine.id,
        site: 'GitHub',
        username: 'Octocat',
        newCodes: 1,
        newlyUsed: 1,
        newDomains: ['ghe.example'],
      },
    ]);
  });

  it('does not match two accounts of the same site with different usernames', () => {
    const a = account({ username: 'alice' });
    const b = account({ username: 'bob' });
    expect(planMerge([a], [b], NOW).preview.added).toHaveLength(1);
  });

  it('does not match accounts without a domain by username alone', () => {
    const a = account({ domains: [], username: 'x' });
    const b = account({ domains: [], username: 'x' });
    expect(planMerge([a], [b], NOW).result).toEqual([b]);
  });

  it('keeps the earliest used time and its origin; used beats filled beats unused', () => {
    const id = hexId();
    const mine = account({
      id,
      codes: [
        code('1', { state: 'used', changedAt: 200, origin: 'https://late.example' }),
        code('2', { state: 'filled', changedAt: 300 }),
        code('3', { state: 'used', changedAt: 400, origin: 'https://mine.example' }),
        code('4'),
      ],
    });
    const theirs = account({
      id,
      codes: [
        code('1', { state: 'used', changedAt: 100, origin: 'https://early.example' }),
        code('2', { state: 'used', changedAt: 350, origin: 'https://theirs.example' }),
        code('3', { state: 'unused' }),
        code('4', { state: 'filled', changedAt: 500 }),
      ],
    });
    const codes = planMerge([mine], [theirs], NOW).result[0]!.codes;
    const marks = codes.map(({ value, state, changedAt, origin }) => ({
      value,
      state,
      changedAt,
      origin,
    }));
    expect(marks).toEqual([
      { value: '1', state: 'used', changedAt: 100, origin: 'https://early.example' },
      { value: '2', state: 'used', changedAt: 350, origin: 'https://theirs.example' },
      { value: '3', state: 'used', changedAt: 400, origin: 'https://mine.example' },
      { value: '4', state: 'filled', changedAt: 500, origin: undefined },
    ]);
    expect(codes.map((c) => c.id)).toEqual(mine.codes.map((c) => c.id));
  });

  it('does not bring replaced (archived) codes back into the current set', () => {
    const id = hexId();
    const old = [code('old-1', { state: 'used', changedAt: 1 }), code('old-2')];
    const fresh = [code('new-1'), code('new-2')];
    const olderBackup = account({ id, codes: structuredClone(old), archived: [] });
    const vault = account({ id, codes: fresh, archived: [{ replacedAt: 10, codes: old }] });
    // vault is newer: the old backup's current codes stay archived
    const a = planMerge([vault], [olderBackup], NOW);
    expect(a.result).toEqual([]);
    // backup is newer: the vault's current codes move to the archive
    const b = planMerge([olderBackup], [vault], NOW).result[0]!;
    expect(b.codes.map((c) => c.value)).toEqual(['new-1', 'new-2']);
    expect(b.archived.flatMap((s) => s.codes.map((c) => c.value))).toEqual(['old-1', 'old-2']);
    expect(b.archived[0]!.codes[0]!.state).toBe('used');
  });

  it('unions archived sets and merges the marks inside them', () => {
    const id = hexId();
    const setA = { replacedAt: 50, codes: [code('a1'), code('a2')] };
    const setB = { replacedAt: 60, codes: [code('b1')] };
    const mine = account({ id, archived: [structuredClone(setA)] });
    const theirsA = structuredClone(setA);
    theirsA.replacedAt = 40;
    theirsA.codes[1]!.state = 'used';
    const theirs = account({ id, archived: [setB, theirsA] });
    const merged = planMerge([mine], [theirs], NOW).result[0]!;
    expect(merged.archived).toHaveLength(2);
    expect(merged.archived[0]!.replacedAt).toBe(40);
    expect(merged.archived[0]!.codes.map((c) => c.state)).toEqual(['unused', 'used']);
    expect(merged.archived[1]).toEqual(setB);
  });

  it('merges history without duplicates, sorted by time', () => {
    const id = hexId();
    const mine = account({
      id,
      history: [
        { at: 1, action: 'created' },
        { at: 5, action: 'used', codeId: 'x' },
      ],
    });
    const theirs = account({
      id,
      history: [
        { at: 1, action: 'created' },
        { at: 3, action: 'filled', codeId: 'x', origin: 'https://a.example' },
      ],
    });
    expect(planMerge([mine], [theirs], NOW).result[0]!.history).toEqual([
      { at: 1, action: 'created' },
      { at: 3, action: 'filled', codeId: 'x', origin: 'https://a.example' },
      { at: 5, action: 'used', codeId: 'x' },
    ]);
  });

  it('takes notes from the more recently updated side, never the site name or username', () => {
    const id = hexId();
    const mine = account({ id, notes: 'old', updatedAt: 10 });
    const theirs = account({
      id,
      notes: 'new',
      site: 'GitHub Enterprise',
      username: 'someone-else',
      updatedAt: 20,
    });
    const merged = planMerge([mine], [theirs], NOW).result[0]!;
    expect([merged.notes, merged.site, merged.username, merged.updatedAt]).toEqual([
      'new',
      mine.site,
      mine.username,
      20,
    ]);
    expect(planMerge([theirs], [mine], NOW).result).toEqual([]);
  });

  it('gives a colliding code id a fresh one and stays valid', () => {
    const id = hexId();
    const shared = hexId();
    const mine = account({ id, codes: [{ id: shared, value: '1234-5679', state: 'unused' }] });
    const theirs = account({ id, codes: [{ id: shared, value: '1234-5678', state: 'unused' }] });
    const merged = planMerge([mine], [theirs], NOW).result[0]!;
    expect(merged.codes.map((c) => c.value)).toEqual(['1234-5679', '1234-5678']);
    expect(new Set(merged.codes.map((c) => c.id)).size).toBe(2);
    expect(validateAccount(merged)).toEqual(merged);
    expect(planMerge([merged], [theirs], NOW).result).toEqual([]);
  });

  it('merges several incoming accounts into one, and duplicates within the import', () => {
    const a = account({ username: 'u', codes: [code('1')] });
    const b = account({ username: 'u', codes: [code('2')] });
    const c = account({ username: 'u', codes: [code('3')] });
    const one = planMerge([a], [b, c], NOW);
    expect(one.result.map((x) => x.codes.map((k) => k.value))).toEqual([['1', '2', '3']]);
    const two = planMerge([], [b, c], NOW);
    expect(two.result.map((x) => x.codes.map((k) => k.value))).toEqual([['2', '3']]);
    expect(two.preview.added).toHaveLength(1);
  });

  it('refuses a merge that would exceed the per-account code limit', () => {
    const id = hexId();
    const many = (p: string) => Array.from({ length: 150 }, (_, i) => code(`${p}${i}`));
    expect(() =>
      planMerge([account({ id, codes: many('a') })], [account({ id, codes: many('b') })], NOW),
    ).toThrow(/more codes than Backstop keeps/);
  });
});

describe('planMerge: a file never moves codes to another domain unconfirmed (issue 9)', () => {
  const FUTURE = 9_000_000_000_000;
  const mine = () =>
    account({ username: 'alice', site: 'GitHub', domains: ['github.com'], updatedAt: 1_000 });
  /** The reviewer's probe: a "shared" backup that adds evil.example to alice's GitHub. */
  const hostile = (over: Partial<Account> = {}) =>
    account({
      username: 'alice',
      site: 'Evil',
      notes: 'from the file',
      domains: ['github.com', 'evil.example'],
      codes: [],
      updatedAt: FUTURE,
      ...over,
    });

  it('proposes the new domain, adds nothing, keeps the site name and caps the file time', () => {
    const vault = mine();
    const { result, preview } = planMerge([vault], [hostile()], NOW);
    expect(preview.merged).toEqual([
      {
        accountId: vault.id,
        site: 'GitHub',
        username: 'alice',
        newCodes: 0,
        newlyUsed: 0,
        newDomains: ['evil.example'],
      },
    ]);
    const merged = result[0]!;
    expect(merged.domains).toEqual(['github.com']);
    expect(merged.site).toBe('GitHub');
    expect(merged.updatedAt).toBe(NOW.now);
  });

  it('adds exactly the domains confirmed for that account, and nothing for another one', () => {
    const vault = mine();
    const other = account({ username: 'bob', domains: ['github.com'] });
    const file = [hostile({ domains: ['github.com', 'evil.example', 'other.example'] })];
    const plan = planMerge([vault, other], file, {
      ...NOW,
      addDomains: [{ accountId: vault.id, domain: 'other.example' }],
    });
    expect(plan.result.find((a) => a.id === vault.id)!.domains).toEqual([
      'github.com',
      'other.example',
    ]);
    expect(plan.result.find((a) => a.id === other.id)).toBeUndefined();
  });

  it('refuses a confirmation the file does not propose (another account, another domain)', () => {
    const vault = mine();
    const other = account({ username: 'bob', domains: ['github.com'] });
    for (const change of [
      { accountId: other.id, domain: 'evil.example' },
      { accountId: vault.id, domain: 'elsewhere.example' },
      { accountId: vault.id, domain: 'EVIL.example' },
      { accountId: vault.id, domain: 'github.com' },
      { accountId: 'nope', domain: 'evil.example' },
      { accountId: vault.id } as unknown as { accountId: string; domain: string },
    ]) {
      expect(() =>
        planMerge([vault, other], [hostile()], { ...NOW, addDomains: [change] }),
      ).toThrow(/does not propose/);
    }
  });

  it('normalises every incoming domain like a typed website before matching', () => {
    const vault = mine();
    const typed = [
      'WWW.GitHub.COM.',
      'https://github.com/login',
      'github.com:443',
      'gist.github.com',
      ' github.com ',
    ];
    for (const first of typed) {
      const { preview } = planMerge([vault], [hostile({ domains: [first, 'Evil.Example'] })], NOW);
      expect(preview.merged.map((m) => m.newDomains)).toEqual([['evil.example']]);
    }
    const added = planMerge(
      [],
      [hostile({ username: 'x', domains: ['https://Shop.Example.co.uk/a'] })],
      NOW,
    );
    expect(added.preview.added[0]!.domains).toEqual(['example.co.uk']);
  });

  it('refuses the whole import for any domain a person could not type, naming the account', () => {
    for (const bad of [
      'evil',
      'co.uk',
      'github.io',
      'blogspot.com',
      'https://github.com@evil.example/',
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'a b.example',
      '',
      'x'.repeat(254),
      'ftp://github.com',
    ]) {
      expect(() => planMerge([mine()], [hostile({ domains: ['github.com', bad] })], NOW)).toThrow(
        /“Evil” in this backup has a website Backstop cannot use: .*Nothing was imported\./,
      );
    }
  });

  it('caps every time in the file at now', () => {
    const later = NOW.now + 1;
    const incoming = account({
      username: 'new',
      createdAt: FUTURE,
      updatedAt: FUTURE,
      codes: [
        code('aaaa-0001', {
          state: 'used',
          changedAt: FUTURE,
          origin: 'https://github.com',
          previous: { state: 'filled', changedAt: FUTURE },
        }),
      ],
      archived: [{ replacedAt: FUTURE, codes: [code('bbbb-0002', { changedAt: later })] }],
      history: [{ at: FUTURE, action: 'created' }],
    });
    const [added] = planMerge([], [incoming], NOW).result;
    const times = JSON.stringify(added).match(
      /"(?:at|changedAt|replacedAt|createdAt|updatedAt)":\d+/g,
    )!;
    // The merge keeps no undo state (`previous`), so six times remain, all capped.
    expect(times.length).toBe(6);
    for (const t of times) expect(Number(t.split(':')[1])).toBeLessThanOrEqual(NOW.now);
    const sanitized = JSON.stringify(sanitizeIncoming(incoming, NOW.now));
    expect(sanitized).not.toContain(String(FUTURE));
    expect(sanitized).not.toContain(String(later));
  });
});

// ---- properties ----
