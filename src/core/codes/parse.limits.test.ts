import { describe, expect, it } from 'vitest';
import { parseCodes } from './parse';
import { parseErrorOf, values } from './testing/results';

describe('suspicious input', () => {
  it('refuses more than 64 KiB', () => {
    const big = '1234 5678\n'.repeat(6600);
    expect(parseErrorOf(() => parseCodes(big))).toMatch(/64 KiB/);
    // Multi-byte text counts in bytes, not characters.
    const wide = `1234 5678\n${'é'.repeat(1900)}\n`.repeat(18);
    expect(wide.length).toBeLessThan(64 * 1024);
    expect(parseErrorOf(() => parseCodes(wide))).toMatch(/64 KiB/);
  });

  it('refuses binary data', () => {
    expect(parseErrorOf(() => parseCodes('1234 5678\u0000'))).toMatch(/binary/);
    expect(parseErrorOf(() => parseCodes('PK\u0003\u0004\u0014\u0000'))).toMatch(/binary/);
    expect(parseErrorOf(() => parseCodes('1234 5678\n\uFFFD\uFFFD\u0001'))).toMatch(/binary/);
    expect(parseErrorOf(() => parseCodes('1234 5678 \uD800\uD800'))).toMatch(/binary/);
  });

  it('tolerates a stray control character in a long paste', () => {
    const text = `1234 5678\u001b\n${'2345 6789\n'.repeat(5)}`;
    expect(values(parseCodes(text))).toEqual(['2345 6789']);
  });

  it('refuses more than 1,000 lines, and a line over 2,000 characters', () => {
    expect(parseErrorOf(() => parseCodes('1234 5678\n'.repeat(1001)))).toMatch(/1,001 lines/);
    expect(values(parseCodes('1234 5678\n'.repeat(1000)))).toEqual(['1234 5678']);
    expect(parseErrorOf(() => parseCodes(`1234 5678\n${'x'.repeat(2001)}`))).toMatch(
      /Line 2 is 2,001 characters/,
    );
  });

  it('refuses text without codes, and anything that is not text', () => {
    expect(parseErrorOf(() => parseCodes(''))).toBe('No backup codes found in this text.');
    expect(parseErrorOf(() => parseCodes('Keep these backup codes somewhere safe.'))).toBe(
      'No backup codes found in this text.',
    );
    expect(parseErrorOf(() => parseCodes(42 as unknown as string))).toMatch(/text/);
  });
});
