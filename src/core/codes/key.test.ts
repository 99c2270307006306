import { describe, expect, it } from 'vitest';
import { codeKey } from './key';

describe('codeKey', () => {
  it('folds case, spaces, dashes and full-width forms', () => {
    expect(codeKey('ABCDE-12345')).toBe('abcde12345');
    expect(codeKey('abcde 12345')).toBe('abcde12345');
    expect(codeKey('ａｂｃｄｅ－１２３４５')).toBe('abcde12345');
    expect(codeKey('1234\u00a05678')).toBe('12345678');
    expect(codeKey('1234 5678')).not.toBe(codeKey('1234 5679'));
  });
});
