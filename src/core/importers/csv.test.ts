import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import { columnReader, parseCsv, parseCsvRows } from './csv';

describe('parseCsvRows', () => {
  it('reads quoted cells with separators, doubled quotes and line breaks', () => {
    expect(parseCsvRows('a,b,c\n"x, y","say ""hi""","line 1\nline 2"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line 1\nline 2'],
    ]);
  });

  it('accepts CRLF, a BOM, a missing final newline and skips blank lines', () => {
    expect(parseCsvRows('\uFEFFa,b\r\n1,2\r\n\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('detects semicolon and tab separators from the header', () => {
    expect(parseCsvRows('a;b\n"1;x";2')).toEqual([
      ['a', 'b'],
      ['1;x', '2'],
    ]);
    expect(parseCsvRows('a\tb\n1,5\t2')).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
  });

  it('keeps empty cells', () => {
    expect(parseCsvRows('a,,c\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('refuses an unterminated quote as damaged', () => {
    try {
      parseCsvRows('a,b\n"open,2\n');
      expect.unreachable();
    } catch (e) {
      expect(isBackstopError(e, 'parse-error')).toBe(true);
      expect((e as { detail: unknown }).detail).toEqual({ reason: 'damaged' });
    }
  });
});

describe('parseCsv / columnReader', () => {
  it('pads short rows and drops cells beyond the header', () => {
    expect(parseCsv('a,b,c\n1\n1,2,3,4\n').rows).toEqual([
      ['1', '', ''],
      ['1', '2', '3'],
    ]);
  });

  it('finds columns by any spelling of their header', () => {
    const cols = columnReader(['Login URI', 'login_username', 'Notes']);
    expect(cols.find('login_uri')).toBe(0);
    expect(cols.find('nope', 'LOGIN-USERNAME')).toBe(1);
    expect(cols.has('notes', 'login uri')).toBe(true);
    expect(cols.has('password')).toBe(false);
  });
});
