import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatForField, type FieldFormat } from './format';
import { codeKey } from './key';

describe('formatForField', () => {
  it('types the code as displayed by default', () => {
    expect(formatForField('1234 5678', {})).toBe('1234 5678');
    expect(formatForField('abcde-12345')).toBe('abcde-12345');
    expect(formatForField('ABCDE-12345', { case: 'as-is' })).toBe('ABCDE-12345');
  });

  it('removes spaces and dashes when the field wants them gone', () => {
    expect(formatForField('1234 5678', { stripSeparators: true })).toBe('12345678');
    expect(formatForField('7BQ4R-M9XK2-PLT6W-HD3CY-8FNVJ', { stripSeparators: true })).toBe(
      '7BQ4RM9XK2PLT6WHD3CY8FNVJ',
    );
  });

  it('changes letter case', () => {
    expect(formatForField('AbCd-1234', { case: 'lower' })).toBe('abcd-1234');
    expect(formatForField('abcd-1234', { case: 'upper' })).toBe('ABCD-1234');
    expect(formatForField('abcd 1234', { case: 'upper', stripSeparators: true })).toBe('ABCD1234');
  });

  it('regroups after removing the displayed separators', () => {
    expect(formatForField('12345678', { group: { size: 4, separator: ' ' } })).toBe('1234 5678');
    expect(formatForField('ab12-cd34-ef', { group: { size: 5, separator: '-' } })).toBe(
      'ab12c-d34ef',
    );
    expect(formatForField('1234 5678', { group: { size: 2, separator: '' } })).toBe('12345678');
    expect(formatForField('abcd1234', { group: { size: 4, separator: '-' }, case: 'upper' })).toBe(
      'ABCD-1234',
    );
  });

  it('refuses impossible groupings', () => {
    const bad: FieldFormat[] = [
      { group: { size: 0, separator: ' ' } },
      { group: { size: 2.5, separator: ' ' } },
      { group: { size: Number.NaN, separator: ' ' } },
      { group: { size: 41, separator: ' ' } },
      { group: { size: 4, separator: '----' } },
      { group: { size: 4, separator: '\n' } },
    ];
    for (const format of bad) {
      expect(() => formatForField('12345678', format)).toThrow(
        expect.objectContaining({ code: 'invalid-input' }),
      );
    }
  });

  it('never changes which code it is (same codeKey) for any format', () => {
    const code = fc.stringMatching(/^[A-Za-z0-9]{2,8}(?:[ -][A-Za-z0-9]{2,8}){0,4}$/);
    const format = fc.record(
      {
        stripSeparators: fc.boolean(),
        case: fc.constantFrom('lower' as const, 'upper' as const, 'as-is' as const),
        group: fc.record({
          size: fc.integer({ min: 1, max: 40 }),
          separator: fc.constantFrom('', ' ', '-'),
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(code, format, (c, f) => {
        expect(codeKey(formatForField(c, f))).toBe(codeKey(c));
      }),
      { numRuns: 200 },
    );
  });
});
