import { describe, expect, it } from 'vitest';
import { findSiteByDomain } from '../sites/registry';
import { parseCodes } from './parse';
import { shapeOfSite, type CodeShape } from './shape';
import { leftOut, parseErrorOf, values } from './testing/results';

describe('pastes that used to lose or bend a code (issue 8)', () => {
  const shapeFor = (domain: string) => shapeOfSite(findSiteByDomain(domain)!);

  it('saves X’s single 12-letter code, with and without the site’s shape', () => {
    for (const shape of [shapeFor('x.com'), null]) {
      const r = parseCodes('oeknqqofqqqg', { shape });
      expect(r.codes).toEqual([{ value: 'oeknqqofqqqg', used: false }]);
      expect(r.rejected).toEqual([]);
    }
    // The same code among the words X shows around it.
    const r = parseCodes(
      'Backup code\nYour backup code is: oeknqqofqqqg\nKeep it somewhere safe.',
      {
        shape: shapeFor('x.com'),
      },
    );
    expect(values(r)).toEqual(['oeknqqofqqqg']);
  });

  it('saves a lone upper-case letter code and a list of letter-only codes', () => {
    expect(values(parseCodes('ABZUXZFBNQ'))).toEqual(['ABZUXZFBNQ']);
    const list = 'ABZUXZFBNQ\nQWERTYUIOP\nZXCVBNMASD\nPLMOKNIJBU';
    expect(values(parseCodes(list))).toEqual(list.split('\n'));
    expect(values(parseCodes(`Your backup codes:\n${list}\nKeep them safe.`))).toEqual(
      list.split('\n'),
    );
  });

  it('never truncates a 32-character code shown in groups of four', () => {
    const code = 'abcd efgh ijkl mnop qrst uvwx yz12 3456';
    const grouped32: CodeShape = {
      site: 'Example',
      length: 32,
      alphabet: 'alnum-lower',
      groups: [4, 4, 4, 4, 4, 4, 4, 4],
      separator: ' ',
      count: null,
    };
    for (const shape of [null, grouped32]) {
      for (const text of [
        code,
        `Recovery code:\n${code}`,
        `Your recovery code: ${code}`,
        `1. ${code} (used)`,
        `${code}\n${code.toUpperCase().replace(/ /g, '-')}`,
      ]) {
        const r = parseCodes(text, { shape });
        expect(values(r), text).toEqual([code]);
      }
    }
  });

  it('never saves a part of a code line, among other text too', () => {
    for (const text of [
      'Your codes:\n0000 QK\nKeep them safe.',
      'Your codes:\n1234 abcd 5678\nKeep them safe.',
      'Your codes:\nabcd efgh ijkl mnop qrst uvwx yz12 3456\nKeep them safe.',
    ]) {
      const line = text.split('\n')[1]!;
      expect(values(parseCodes(text)), text).toEqual([line]);
    }
    // Dates and notes after a used mark are about the mark, not part of the code.
    expect(parseCodes('Codes:\n1234 5678 - used 2024-05-01\n2345 6789').codes).toEqual([
      { value: '1234 5678', used: true },
      { value: '2345 6789', used: false },
    ]);
  });

  it('says “No backup codes found” only when no line could be a code', () => {
    expect(parseErrorOf(() => parseCodes('Keep these backup codes somewhere safe.'))).toBe(
      'No backup codes found in this text.',
    );
    // Anything that stands alone on a line like a code is taken, with a word when it reads like words.
    expect(parseCodes('Thanks again').codes).toEqual([
      {
        value: 'Thanks again',
        used: false,
        warning:
          'Taken as one code because it stands on a line of its own, but it reads like words. Remove it if it is not a code.',
      },
    ]);
  });

  it('keeps a code that does not fit the site’s shape, with a warning saying how', () => {
    const r = parseCodes('oeknqqofqqq', { shape: shapeFor('x.com') });
    expect(r.codes).toEqual([
      {
        value: 'oeknqqofqqq',
        used: false,
        warning:
          'Does not look like X (Twitter)’s codes (12 lowercase letters and digits): it has 11 characters, X (Twitter)’s codes have 12.',
      },
    ]);
    expect(r.warnings).toEqual([
      'None of these look like X (Twitter)’s codes (12 lowercase letters and digits). Check the website, and that you copied the whole codes.',
    ]);
  });

  it('warns when there are more codes than the site gives', () => {
    const r = parseCodes('oeknqqofqqqg\nabcdabcdabc1', { shape: shapeFor('x.com') });
    expect(values(r)).toEqual(['oeknqqofqqqg', 'abcdabcdabc1']);
    expect(r.warnings).toEqual([
      'X (Twitter) gives one code at a time; this text has 2. Check that they all belong to this account.',
    ]);
  });

  it('cuts a line by the site’s shape: two Google codes on one line, an extra group left over', () => {
    const google = shapeFor('google.com');
    expect(values(parseCodes('1234 5678 2345 6789', { shape: google }))).toEqual([
      '1234 5678',
      '2345 6789',
    ]);
    const r = parseCodes('1234 5678 2345', { shape: google });
    expect(values(r)).toEqual(['1234 5678']);
    expect(leftOut(r)).toEqual([
      [1, '“2345” is left over: it is not one of Google’s codes (8 digits, shown as xxxx xxxx).'],
    ]);
  });

  it('in “one code per line” mode takes each line whole', () => {
    const r = parseCodes('Backup codes\n1. abcde-12345 fghij-67890\nfoo_bar\n~~1234 5678~~', {
      mode: 'lines',
    });
    expect(r.reading).toBe('lines');
    expect(r.codes).toEqual([
      {
        value: 'Backup codes',
        used: false,
        warning: 'This looks like a heading, not a code. Remove the line if it is one.',
      },
      { value: 'abcde-12345 fghij-67890', used: false },
      { value: '1234 5678', used: true },
    ]);
    expect(leftOut(r)).toEqual([
      [3, '“foo_bar” contains characters a backup code cannot have: “_”.'],
    ]);
  });
});
