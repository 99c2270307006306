import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAccount } from '../account';
import type { Account, BackupCode, CodeState } from '../types';
import { planMerge } from './merge';
import { account, code, hexId } from './testing/testdata';

const canon = (v: string) => v.toLowerCase().replace(/[\s-]/g, '');
const allCodes = (a: Account) => [...a.codes, ...a.archived.flatMap((s) => s.codes)];

/** The vault after writing a plan's result (replace by id, append new). */
function apply(existing: Account[], result: Account[]): Account[] {
  const byId = new Map(result.map((a) => [a.id, a]));
  const out = existing.map((a) => byId.get(a.id) ?? a);
  const known = new Set(existing.map((a) => a.id));
  return [...out, ...result.filter((a) => !known.has(a.id))];
}

describe('planMerge', () => {
  it('adds unmatched accounts as they are and previews them', () => {
    const a = account({ domains: ['example.com'], username: 'ann' });
    const { result, preview } = planMerge([], [a]);
    expect(result).toEqual([a]);
    expect(preview).toEqual({
      added: [{ site: a.site, domains: a.domains, username: 'ann', codes: 3 }],
      merged: [],
      unchanged: 0,
    });
  });

  it('reports an identical import as unchanged and writes nothing', () => {
    const a = account();
    expect(planMerge([a], [structuredClone(a)])).toEqual({
      result: [],
      preview: { added: [], merged: [], unchanged: 1 },
    });
  });

  it('matches by domain and case-insensitive username when ids differ', () => {
    const mine = account({ username: 'Octocat', codes: [code('AAAA-1111')] });
    const theirs = account({
      username: 'octocat',
      domains: ['GitHub.com', 'github.io'],
      codes: [
        code('aaaa 1111', { state: 'used', changedAt: 5, origin: 'https://github.com' }),
        code('dddd-4444'),
      ],
    });
    const { result, preview } = planMerge([mine], [theirs]);
    expect(result).toHaveLength(1);
    const merged = result[0]!;
    expect(merged.id).toBe(mine.id);
    expect(merged.domains).toEqual(['github.com', 'github.io']);
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
      { site: 'GitHub', username: 'Octocat', newCodes: 1, newlyUsed: 1 },
    ]);
  });

  it('does not match two accounts of the same site with different usernames', () => {
    const a = account({ username: 'alice' });
    const b = account({ username: 'bob' });
    expect(planMerge([a], [b]).preview.added).toHaveLength(1);
  });

  it('does not match accounts without a domain by username alone', () => {
    const a = account({ domains: [], username: 'x' });
    const b = account({ domains: [], username: 'x' });
    expect(planMerge([a], [b]).result).toEqual([b]);
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
    const codes = planMerge([mine], [theirs]).result[0]!.codes;
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
    const a = planMerge([vault], [olderBackup]);
    expect(a.result).toEqual([]);
    // backup is newer: the vault's current codes move to the archive
    const b = planMerge([olderBackup], [vault]).result[0]!;
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
    const merged = planMerge([mine], [theirs]).result[0]!;
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
    expect(planMerge([mine], [theirs]).result[0]!.history).toEqual([
      { at: 1, action: 'created' },
      { at: 3, action: 'filled', codeId: 'x', origin: 'https://a.example' },
      { at: 5, action: 'used', codeId: 'x' },
    ]);
  });

  it('takes site and notes from the more recently updated side, never the username', () => {
    const id = hexId();
    const mine = account({ id, notes: 'old', updatedAt: 10 });
    const theirs = account({
      id,
      notes: 'new',
      site: 'GitHub Enterprise',
      username: 'someone-else',
      updatedAt: 20,
    });
    const merged = planMerge([mine], [theirs]).result[0]!;
    expect([merged.notes, merged.site, merged.username, merged.updatedAt]).toEqual([
      'new',
      'GitHub Enterprise',
      mine.username,
      20,
    ]);
    expect(planMerge([theirs], [mine]).result).toEqual([]);
  });

  it('gives a colliding code id a fresh one and stays valid', () => {
    const id = hexId();
    const shared = hexId();
    const mine = account({ id, codes: [{ id: shared, value: '1234-5679', state: 'unused' }] });
    const theirs = account({ id, codes: [{ id: shared, value: '1234-5678', state: 'unused' }] });
    const merged = planMerge([mine], [theirs]).result[0]!;
    expect(merged.codes.map((c) => c.value)).toEqual(['1234-5679', '1234-5678']);
    expect(new Set(merged.codes.map((c) => c.id)).size).toBe(2);
    expect(validateAccount(merged)).toEqual(merged);
    expect(planMerge([merged], [theirs]).result).toEqual([]);
  });

  it('merges several incoming accounts into one, and duplicates within the import', () => {
    const a = account({ username: 'u', codes: [code('1')] });
    const b = account({ username: 'u', codes: [code('2')] });
    const c = account({ username: 'u', codes: [code('3')] });
    const one = planMerge([a], [b, c]);
    expect(one.result.map((x) => x.codes.map((k) => k.value))).toEqual([['1', '2', '3']]);
    const two = planMerge([], [b, c]);
    expect(two.result.map((x) => x.codes.map((k) => k.value))).toEqual([['2', '3']]);
    expect(two.preview.added).toHaveLength(1);
  });

  it('refuses a merge that would exceed the per-account code limit', () => {
    const id = hexId();
    const many = (p: string) => Array.from({ length: 150 }, (_, i) => code(`${p}${i}`));
    expect(() =>
      planMerge([account({ id, codes: many('a') })], [account({ id, codes: many('b') })]),
    ).toThrow(/more codes than Backstop keeps/);
  });
});

// ---- properties ----

const STATES: CodeState[] = ['unused', 'filled', 'used'];
const VALUES = [
  'ab12-cd34',
  'AB12 CD34',
  'ef56-gh78',
  'ij90kl12',
  'IJ90-KL12',
  'mn34',
  'op56',
  'qr78',
];
const ACCOUNT_IDS = [1, 2, 3, 4].map((n) => hexId(1000 + n));

const codeArb = fc
  .record({
    value: fc.constantFrom(...VALUES),
    state: fc.constantFrom(...STATES),
    changedAt: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    origin: fc.option(fc.constantFrom('https://a.example', 'https://b.example'), {
      nil: undefined,
    }),
    id: fc.integer({ min: 1, max: 12 }).map((n) => hexId(5000 + n)),
  })
  .map(({ changedAt, origin, ...c }): BackupCode => ({
    ...c,
    ...(changedAt === undefined ? {} : { changedAt }),
    ...(origin === undefined ? {} : { origin }),
  }));

/** Code ids unique within the current set (validateAccount requires it). */
const codesArb = fc.uniqueArray(codeArb, { selector: (c) => c.id, maxLength: 6 });

const accountArb: fc.Arbitrary<Account> = fc
  .record({
    id: fc.constantFrom(...ACCOUNT_IDS),
    // Every account made in Backstop has a domain (validateDraft requires one).
    domains: fc.subarray(['github.com', 'GitHub.com', 'example.org', 'x.test'], { minLength: 1 }),
    username: fc.constantFrom('ann', 'ANN', 'bob', ''),
    site: fc.constantFrom('GitHub', 'Example'),
    notes: fc.constantFrom('', 'n1', 'n2'),
    codes: codesArb,
    archived: fc.array(
      fc.record({ replacedAt: fc.integer({ min: 0, max: 100 }), codes: codesArb }),
      { maxLength: 2 },
    ),
    history: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 20 }),
        action: fc.constantFrom('created' as const, 'used' as const, 'filled' as const),
      }),
      { maxLength: 4 },
    ),
    createdAt: fc.integer({ min: 0, max: 100 }),
    updatedAt: fc.integer({ min: 0, max: 100 }),
  })
  .map((a) => validateAccount(a));

const vaultArb = fc.uniqueArray(accountArb, { selector: (a) => a.id, maxLength: 3 });
const importArb = fc.uniqueArray(accountArb, { selector: (a) => a.id, maxLength: 3 });

describe('planMerge properties', () => {
  it('is idempotent: importing the same backup twice changes nothing the second time', () => {
    fc.assert(
      fc.property(vaultArb, importArb, (existing, incoming) => {
        const once = apply(existing, planMerge(existing, incoming).result);
        const again = planMerge(once, incoming);
        expect(again.result).toEqual([]);
        expect(again.preview.added).toEqual([]);
        expect(again.preview.merged).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('never loses a used mark and keeps every code of both sides', () => {
    fc.assert(
      fc.property(vaultArb, importArb, (existing, incoming) => {
        const after = apply(existing, planMerge(existing, incoming).result);
        const stateAfter = new Map<string, Set<CodeState>>();
        const keysAfter = new Set<string>();
        for (const a of after) {
          for (const c of allCodes(a)) {
            const k = `${a.id}|${canon(c.value)}`;
            keysAfter.add(k);
            stateAfter.set(k, (stateAfter.get(k) ?? new Set()).add(c.state));
          }
        }
        // Each source account ends up in exactly one account after the merge; find it by
        // following the codes: every source code must be in some account, and used stays used.
        for (const source of [...existing, ...incoming]) {
          for (const c of allCodes(source)) {
            const holders = after.filter((a) =>
              allCodes(a).some((x) => canon(x.value) === canon(c.value)),
            );
            expect(holders.length).toBeGreaterThan(0);
            if (c.state === 'used') {
              expect(
                holders.some((a) => stateAfter.get(`${a.id}|${canon(c.value)}`)?.has('used')),
              ).toBe(true);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every code, used mark and domain in the account each incoming account merged into', () => {
    fc.assert(
      fc.property(vaultArb, importArb, (existing, incoming) => {
        const { result } = planMerge(existing, incoming);
        const after = apply(existing, result);
        for (const inc of incoming) {
          // The account this one merged into holds all of its domains and codes, each code with
          // a single mark, used where the incoming one was used.
          const holds = (a: Account) => {
            const domains = new Set(a.domains.map((d) => d.toLowerCase()));
            if (!inc.domains.every((d) => domains.has(d.toLowerCase()))) return false;
            return allCodes(inc).every((c) => {
              const states = allCodes(a)
                .filter((x) => canon(x.value) === canon(c.value))
                .map((x) => x.state);
              return (
                states.length > 0 &&
                new Set(states).size === 1 &&
                (c.state !== 'used' || states[0] === 'used')
              );
            });
          };
          expect(after.some(holds)).toBe(true);
        }
        for (const a of result) expect(validateAccount(a)).toEqual(a);
        // Existing accounts keep all their codes and used marks.
        for (const ex of existing) {
          const now = after.find((a) => a.id === ex.id)!;
          for (const c of allCodes(ex)) {
            const copies = allCodes(now).filter((x) => canon(x.value) === canon(c.value));
            expect(copies.length).toBeGreaterThan(0);
            if (c.state === 'used') expect(copies.map((x) => x.state)).toContain('used');
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
