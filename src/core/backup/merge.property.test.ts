/**
 * planMerge over random vaults and backup files (fast-check): idempotent, never
 * loses a code or a used mark, never moves codes to an unconfirmed domain.
 * The examples are in merge.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAccount } from '../account';
import type { Account, BackupCode, CodeState } from '../types';
import { normalizeWebsiteInput } from '../sites/domain';
import { planMerge } from './merge';
import { hexId } from './testing/testdata';

/** Later than every time in these tests: nothing is capped unless a test says so. */
const NOW = { now: 1_800_000_000_000 };
const canon = (v: string) => v.toLowerCase().replace(/[\s-]/g, '');
const allCodes = (a: Account) => [...a.codes, ...a.archived.flatMap((s) => s.codes)];

/** The vault after writing a plan's result (replace by id, append new). */
function apply(existing: Account[], result: Account[]): Account[] {
  const byId = new Map(result.map((a) => [a.id, a]));
  const out = existing.map((a) => byId.get(a.id) ?? a);
  const known = new Set(existing.map((a) => a.id));
  return [...out, ...result.filter((a) => !known.has(a.id))];
}

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
        const once = apply(existing, planMerge(existing, incoming, NOW).result);
        const again = planMerge(once, incoming, NOW);
        expect(again.result).toEqual([]);
        expect(again.preview.added).toEqual([]);
        // What is left are the domains still only proposed (never added unconfirmed).
        for (const m of again.preview.merged) {
          expect([m.newCodes, m.newlyUsed]).toEqual([0, 0]);
          expect(m.newDomains.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never loses a used mark and keeps every code of both sides', () => {
    fc.assert(
      fc.property(vaultArb, importArb, (existing, incoming) => {
        const after = apply(existing, planMerge(existing, incoming, NOW).result);
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

  it('never changes where an existing account fills unless each new domain is confirmed', () => {
    fc.assert(
      fc.property(vaultArb, importArb, (existing, incoming) => {
        const { result, preview } = planMerge(existing, incoming, NOW);
        for (const a of result) {
          const before = existing.find((e) => e.id === a.id);
          if (before) expect(a.domains).toEqual(before.domains);
        }
        // Each proposal names a domain the account does not have yet, exactly once.
        for (const m of preview.merged) {
          const before = existing.find((e) => e.id === m.accountId)!;
          expect(new Set(m.newDomains).size).toBe(m.newDomains.length);
          for (const d of m.newDomains) expect(before.domains).not.toContain(d);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with every proposal confirmed, keeps every code, used mark and domain in the account each incoming account merged into', () => {
    fc.assert(
      fc.property(vaultArb, importArb, (existing, incoming) => {
        const proposals = planMerge(existing, incoming, NOW).preview.merged.flatMap((m) =>
          m.newDomains.map((domain) => ({ accountId: m.accountId, domain })),
        );
        const { result } = planMerge(existing, incoming, { ...NOW, addDomains: proposals });
        const after = apply(existing, result);
        for (const inc of incoming) {
          // The account this one merged into holds all of its domains and codes, each code with
          // a single mark, used where the incoming one was used.
          const holds = (a: Account) => {
            const domains = new Set(a.domains.map((d) => d.toLowerCase()));
            if (!inc.domains.every((d) => domains.has(normalizeWebsiteInput(d)))) return false;
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
