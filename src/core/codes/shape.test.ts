import { describe, expect, it } from 'vitest';
import { findSiteByDomain } from '../sites/registry';
import { lexLine } from './lex';
import {
  describeShape,
  readLineWithShape,
  shapeMismatch,
  shapeOfSite,
  type CodeShape,
} from './shape';

const site = (domain: string) => findSiteByDomain(domain)!;
const sixDigits: CodeShape = {
  site: 'Example',
  length: 6,
  alphabet: 'digits',
  groups: [2, 2, 2],
  separator: ' ',
  count: null,
};
const read = (line: string, shape: CodeShape) => readLineWithShape(lexLine(line), shape);

describe('shapeOfSite', () => {
  it('takes length, alphabet, grouping and count from the rule', () => {
    expect(shapeOfSite(site('github.com'))).toEqual({
      site: 'GitHub',
      length: 10,
      alphabet: 'hex-lower',
      groups: [5, 5],
      separator: '-',
      count: 16,
    });
    expect(shapeOfSite(site('x.com'))).toMatchObject({ length: 12, groups: null, count: 1 });
  });

  it('is null when the rule knows neither length nor alphabet', () => {
    expect(shapeOfSite(site('slack.com'))).toBeNull();
    expect(shapeOfSite(site('amazon.com'))).toBeNull();
  });
});

describe('describeShape and shapeMismatch', () => {
  const github = shapeOfSite(site('github.com'))!;

  it('describes a shape in words', () => {
    expect(describeShape(github)).toBe('10 digits and the letters a–f, shown as xxxxx-xxxxx');
    expect(describeShape(shapeOfSite(site('x.com'))!)).toBe('12 lowercase letters and digits');
  });

  it('accepts the site’s form, no separators, and even groups of a code with digits', () => {
    expect(shapeMismatch('3f9a1-7c2e4', github)).toBeNull();
    expect(shapeMismatch('3f9a17c2e4', github)).toBeNull();
    expect(shapeMismatch('12 34 56', sixDigits)).toBeNull();
    expect(shapeMismatch('123456', sixDigits)).toBeNull();
    expect(shapeMismatch('123 456', sixDigits)).toBeNull();
  });

  it('says what differs: length, alphabet, case, grouping', () => {
    expect(shapeMismatch('3f9a1-7c2e', github)).toMatch(
      /it has 9 characters, GitHub’s codes have 10/,
    );
    expect(shapeMismatch('3g9a1-7c2e4', github)).toMatch(/only digits and the letters a–f/);
    expect(shapeMismatch('3F9A1-7C2E4', github)).toMatch(/writes its codes in lower case/);
    expect(shapeMismatch('abcde fabcd', github)).toBeNull();
    expect(shapeMismatch('abc defab cd', github)).toMatch(/shows its codes as xxxxx-xxxxx/);
  });
});

describe('readLineWithShape', () => {
  it('cuts codes of whole tokens and never splits a token', () => {
    expect(read('12 34 56 78 90 12', sixDigits).codes.map((c) => c.value)).toEqual([
      '12 34 56',
      '78 90 12',
    ]);
    const joined = read('123456789012', sixDigits);
    expect(joined.codes).toEqual([]);
    expect(joined.fragments).toEqual(['123456789012']);
  });

  it('takes a lone number at the start of a line or column as list numbering', () => {
    expect(read('10 12 34 56', sixDigits).codes.map((c) => c.value)).toEqual(['12 34 56']);
    const columns = read('1 12 34 56   6 65 43 21', sixDigits);
    expect(columns.codes.map((c) => c.value)).toEqual(['12 34 56', '65 43 21']);
    expect(columns.fragments).toEqual([]);
  });

  it('applies used marks to the code they follow or precede', () => {
    const r = read('[x] 12 34 56   65 43 21 (used)   11 22 33', sixDigits);
    expect(r.codes.map((c) => [c.value, c.used])).toEqual([
      ['12 34 56', true],
      ['65 43 21', true],
      ['11 22 33', false],
    ]);
  });

  it('counts the words beside the codes, not a code label or what precedes it', () => {
    const x = shapeOfSite(site('x.com'))!;
    expect(read('Your backup code: oeknqqofqqqg', x).words).toBe(0);
    expect(read('Use oeknqqofqqqg to sign in', x).words).toBe(4);
    expect(read('Use oeknqqofqqqg to sign in', x).codes[0]).toEqual({
      value: 'oeknqqofqqqg',
      used: false,
      exact: true,
    });
  });

  it('tells the site’s own form (exact) from another grouping', () => {
    const google = shapeOfSite(site('google.com'))!;
    expect(read('1234 5678', google).codes[0]!.exact).toBe(true);
    expect(read('12345678', google).codes[0]!.exact).toBe(false);
    expect(read('1234-5678', google).codes[0]!.exact).toBe(false);
  });
});
