import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import { isSingleCode, validateCodeList } from './list';
import { parseCodes } from './parse';

const CODES = new URL('../../../test/fixtures/codes/', import.meta.url);

describe('isSingleCode: the one rule for a code, in Add account and in an import', () => {
  it('accepts every code the parser reads from the code fixtures', () => {
    const files = readdirSync(CODES).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(5);
    let seen = 0;
    for (const file of files) {
      for (const { value } of parseCodes(readFileSync(new URL(file, CODES), 'utf8')).codes) {
        expect(isSingleCode(value), `${file}: ${value}`).toBe(true);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(40);
  });

  it('accepts the shapes sites use', () => {
    for (const code of [
      '4f9a2-c81de', // GitHub
      '1234 5678', // Google
      'c58f2a0e9d7b1436', // GitLab
      '12345678', // Instagram, Discord…
      'ABCD-EFGH-1234', // grouped upper case
      'xkqp 1a2b',
      'oeknqqofqqqg', // X: letters only
      'ABZUXZFBNQ',
    ]) {
      expect(isSingleCode(code), code).toBe(true);
    }
  });

  it('accepts what “one code per line” saves, though the smart reading would not', () => {
    const text = 'hello world\nmy backup codes are here\n4f9a2-c81de 7b3e0-19fa4\na b c d';
    const { codes } = parseCodes(text, { mode: 'lines' });
    expect(codes.map((c) => c.value)).toEqual(text.split('\n'));
    for (const { value } of codes) expect(isSingleCode(value), value).toBe(true);
  });

  it('refuses anything that is not exactly one code', () => {
    for (const value of [
      '',
      ' 1234 5678',
      '1234 5678 ',
      '1234  5678',
      '4f9a2-c81de\n7b3e0-19fa4',
      '4f9a2-c81de, 7b3e0-19fa4',
      '4f9a2-c81de (used)',
      '~~4f9a2-c81de~~',
      '[x] 4f9a2-c81de',
      '1. 4f9a2-c81de',
      'Backup code: 4f9a2-c81de',
      'my code is here.',
      'abc',
      'a b c',
      'a'.repeat(41),
      `${'a1b2c3d4 '.repeat(8)}x9`,
      '4f9a2\u0000c81de',
      '4f9a2—c81de',
      '１２３４５６７８',
      'abcd--1234',
      '-abcd1234',
      12345678,
      null,
    ]) {
      expect(isSingleCode(value), JSON.stringify(value)).toBe(false);
    }
  });
});

describe('validateCodeList', () => {
  const refusal = (input: unknown): string => {
    try {
      validateCodeList(input);
    } catch (e) {
      expect(isBackstopError(e, 'invalid-input')).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('returns a clean copy of 1–200 distinct codes', () => {
    const input = [
      { value: 'hello world', used: false, extra: 1 },
      { value: '1234 5678', used: true },
    ];
    expect(validateCodeList(input)).toEqual([
      { value: 'hello world', used: false },
      { value: '1234 5678', used: true },
    ]);
  });

  it('says what is wrong', () => {
    expect(refusal([])).toBe('Paste the backup codes.');
    expect(refusal('1234 5678')).toBe('Paste the backup codes.');
    expect(
      refusal(Array.from({ length: 201 }, (_, i) => ({ value: `code${i}`, used: false }))),
    ).toBe('At most 200 codes can be saved for one account.');
    expect(refusal([null])).toBe('A code is missing.');
    expect(refusal([{ value: '1234 5678' }])).toBe('A code is malformed.');
    expect(refusal([{ value: 'a'.repeat(65), used: false }])).toMatch(/too long/);
    expect(refusal([{ value: 'ab', used: false }])).toBe('“ab” is not a single backup code.');
    expect(
      refusal([
        { value: 'abcd-1234', used: false },
        { value: 'ABCD 1234', used: true },
      ]),
    ).toBe('“ABCD 1234” is listed twice.');
  });
});
