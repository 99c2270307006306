/**
 * One rule for "a single code": whatever Add account would save (the
 * preview's list, checked by `validateCodeList`), an import from another
 * manager (`accounts.import`, checked by `readAccountImports`) accepts too,
 * and the other way round; and what it accepts becomes a valid account with
 * exactly those codes. Over codes of every registry shape and random shapes
 * (letter-only and digit-only ones included), what "one code per line" saves
 * (`hello world`), and near misses.
 */
import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCodeList, type CodeEntry } from '../codes/list';
import { codeKey } from '../codes/key';
import { parseCodes } from '../codes/parse';
import { shapedCode } from '../codes/testing/shapes';
import { accountsFromImports, readAccountImports } from './accounts';

const crypto = webcrypto as unknown as Crypto;

const accepts = (check: () => unknown): boolean => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

const importOf = (codes: readonly CodeEntry[]) => ({
  accounts: [{ site: 'Example', domains: ['example.com'], username: 'jane', codes }],
});

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const word = (alphabet: string, max: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: max }).map((cs) => cs.join(''));

/** What "one code per line" saves from lines of words and numbers: `hello world`, `a b c d`. */
const oneCodePerLine: fc.Arbitrary<string[]> = fc
  .array(
    fc
      .array(fc.oneof(word(LETTERS, 9), word(`${LETTERS}0123456789`, 9)), {
        minLength: 1,
        maxLength: 8,
      })
      .chain((words) =>
        fc
          .array(fc.constantFrom(' ', '-', '  ', '\t'), {
            minLength: words.length,
            maxLength: words.length,
          })
          .map((seps) => words.map((w, i) => (i === 0 ? w : seps[i]! + w)).join('')),
      )
      .chain((line) => fc.constantFrom(line, `- ${line}`, `1. ${line}`, `${line} (used)`)),
    { minLength: 1, maxLength: 12 },
  )
  .map((lines) => {
    try {
      return parseCodes(lines.join('\n'), { mode: 'lines' }).codes.map((c) => c.value);
    } catch {
      return [];
    }
  });

/** Near misses: the characters codes are made of, and a few they never hold. */
const nearMiss = fc.string({
  unit: fc.constantFrom(...'aZ09 -- _.:\t\n(x)éー１'),
  maxLength: 70,
});

describe('a code Add account saves, an import accepts', () => {
  it('every value: accepted by both checks or by neither', () => {
    const value = fc.oneof(
      shapedCode,
      oneCodePerLine.filter((vs) => vs.length > 0).chain((vs) => fc.constantFrom(...vs)),
      nearMiss,
    );
    fc.assert(
      fc.property(value, fc.boolean(), (v, used) => {
        const entry = { value: v, used };
        const added = accepts(() => validateCodeList([entry]));
        expect(
          accepts(() => readAccountImports(importOf([entry]))),
          JSON.stringify(v),
        ).toBe(added);
      }),
      { numRuns: 600 },
    );
  });

  it('a list the preview would save imports as the same codes and marks', () => {
    const list = fc.oneof(
      fc.uniqueArray(shapedCode, { selector: codeKey, minLength: 1, maxLength: 30 }),
      oneCodePerLine.filter((vs) => vs.length > 0),
    );
    fc.assert(
      fc.property(list, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (vs, used) => {
        const codes = validateCodeList(vs.map((value, i) => ({ value, used: used[i]! })));
        const [account] = accountsFromImports(readAccountImports(importOf(codes)), {
          crypto,
          now: () => 1_750_000_000_000,
        });
        expect(account!.codes.map((c) => ({ value: c.value, used: c.state === 'used' }))).toEqual(
          codes,
        );
      }),
      { numRuns: 200 },
    );
  });
});
