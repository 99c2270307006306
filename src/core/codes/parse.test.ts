import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackstopError, isBackstopError } from '../errors';
import { findSiteByDomain } from '../sites/registry';
import { codeKey, formatCodesFile, parseCodes, type ParseResult } from './parse';
import { shapeOfSite, type CodeShape } from './shape';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/codes/${name}`, import.meta.url), 'utf8');

const values = (r: ParseResult) => r.codes.map((c) => c.value);
const usedValues = (r: ParseResult) => r.codes.filter((c) => c.used).map((c) => c.value);
const leftOut = (r: ParseResult) => r.rejected.map((x) => [x.line, x.reason]);

/** Runs `fn`, expecting a parse-error, and returns its message. */
function parseErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isBackstopError(e, 'parse-error')).toBe(true);
    return (e as BackstopError).message;
  }
  throw new Error('expected a parse-error');
}

describe('site files', () => {
  it('reads GitHub’s github-recovery-codes.txt (CRLF, 16 codes, no header)', () => {
    const text = fixture('github-recovery-codes.txt');
    expect(text).toContain('\r\n');
    const r = parseCodes(text);
    expect(values(r)).toEqual([
      '3f9a1-7c2e4',
      '0b7d2-5e8f1',
      '9c4e0-1a6b3',
      '6d2f8-4b0c7',
      'a81c5-2f9e0',
      '47be2-c03d9',
      '5f1a3-8d7c2',
      'e2c94-b7a10',
      'd05f3-61ce8',
      'c6a27-f4913',
      '8e1b4-0c9f2',
      'e5d7a-93b1f',
      '4c8e1-92d0a',
      '71f0b-ad835',
      'b9326-e4c07',
      '2da58-16f3e',
    ]);
    expect(usedValues(r)).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.duplicates).toBe(0);
  });

  it('reads GitLab’s gitlab-recovery-codes.txt (16 hex characters a line)', () => {
    const r = parseCodes(fixture('gitlab-recovery-codes.txt'));
    expect(values(r)).toEqual([
      '5e1c9a07b3d24f68',
      'a0f7d3e9c1b54286',
      '3b8e6d0f92a1c574',
      'f4d2a9b0e7c36158',
      '0c57e1f4a9b2d386',
      '96ab3d0e4f7c2185',
      'e2f8c5a1d06b3974',
      '1d94b7e0c3a5f862',
      '7a0c2e5f9d81b463',
      'c8e3f1a6b2d09745',
    ]);
    expect(r.rejected).toEqual([]);
  });

  it('reads Discord’s discord_backup_codes.txt: header skipped, “(used)” imported, a code without digits kept', () => {
    const r = parseCodes(fixture('discord_backup_codes.txt'));
    expect(values(r)).toEqual([
      '4gk2-8pzq',
      'ab7x-m3vd',
      '9rtn-w2ce',
      'qwhp-zkmr',
      'k5v8-1dsx',
      'e3my-7hqb',
      'z06f-pu4j',
      'n8wc-t2ra',
      '5ljd-kx9e',
      'hy3s-6bvn',
    ]);
    expect(usedValues(r)).toEqual(['ab7x-m3vd', 'k5v8-1dsx']);
    // The header names the account ("jane#0001"); it is prose, listed as left out.
    expect(r.rejected).toEqual([
      {
        line: 1,
        text: 'These are your Discord backup codes for account jane#0001. Keep them safe!',
        reason: 'Text, not a code.',
      },
    ]);
  });

  it('reads Google’s Backup-codes-<user>.txt: numbered two columns, header and footer ignored', () => {
    const r = parseCodes(fixture('Backup-codes-jane.txt'));
    expect(values(r)).toEqual([
      '6138 2479',
      '6402 4716',
      '0571 0342',
      '2154 4536',
      '5938 0461',
      '7041 6453',
      '7493 2106',
      '7851 5203',
      '3902 5267',
      '1295 8714',
    ]);
    expect(leftOut(r)).toEqual([
      [1, 'A heading, not a code.'],
      [2, 'Text, not a code.'],
      [10, 'Text, not a code.'],
      [12, 'Text, not a code.'],
      [13, 'Text, not a code.'],
      [14, 'Text, not a code.'],
    ]);
  });

  it('reads an Instagram paste: `1234 5678` is one code, columns split on wide gaps', () => {
    const r = parseCodes(fixture('instagram-paste.txt'));
    expect(values(r)).toEqual(['8203 5517', '3096 4482', '7719 0264', '5531 9048', '1842 6670']);
    expect(leftOut(r)).toEqual([
      [1, 'A heading, not a code.'],
      [2, 'Text, not a code.'],
      [7, 'A heading, not a code.'],
    ]);
  });

  it('reads Proton’s proton_recovery_codes.txt (CRLF-joined, no final newline), including an all-letter hex code', () => {
    const text = fixture('proton_recovery_codes.txt');
    expect(text.endsWith('\n')).toBe(false);
    expect(values(parseCodes(text))).toEqual([
      '4a9f1c3e',
      'b07d52e8',
      'e1c6a904',
      'fadedcab',
      '73be0d1f',
      '0d5a8c26',
      'c92e4f71',
      '58f1b3a0',
      'a6d0e7c4',
      '2fc84b19',
    ]);
  });

  it('reads a Microsoft recovery code after a “Recovery code:” label', () => {
    const r = parseCodes(fixture('microsoft-recovery-code.txt'));
    expect(values(r)).toEqual(['7BQ4R-M9XK2-PLT6W-HD3CY-8FNVJ']);
    expect(leftOut(r)).toEqual([
      [1, 'A heading, not a code.'],
      [2, 'Text, not a code.'],
    ]);
  });

  it('reads a messy notes-app paste: list styles, used marks, look-alike characters, duplicates, typos', () => {
    const r = parseCodes(fixture('notes-paste.txt'));
    expect(r.codes).toEqual([
      { value: '3f9a1-7c2e4', used: false },
      { value: '0b7d2-5e8f1', used: true },
      { value: '9c4e0-1a6b3', used: true },
      { value: '6d2f8-4b0c7', used: true },
      { value: 'a81c5-2f9e0', used: true },
      { value: '47be2-c03d9', used: false },
      { value: '5f1a3-8d7c2', used: true },
      { value: 'e2c94-b7a10', used: false },
      { value: 'd05f3-61ce8', used: false },
      { value: 'c6a27-f4913', used: true },
      { value: '8e1b4-0c9f2', used: false },
      { value: 'e5d7a-93b1f', used: false },
      { value: '4c8e1-92d0a', used: true },
    ]);
    // `3f9a1-7c2e4` again, and `3F9A1 7C2E4` (same code, other case and separator).
    expect(r.duplicates).toBe(2);
    expect(r.rejected.map((x) => [x.line, x.text])).toEqual([
      [1, 'GitHub backup codes — saved 2024-05-01'],
      [16, '3f9a1-7c2e4'],
      [17, '3F9A1 7C2E4'],
      [18, '12_34-56789'],
      [19, '7c2'],
      [20, 'abc'],
    ]);
    expect(r.rejected[1]!.reason).toBe('The same code as line 3.');
    expect(r.rejected[2]!.reason).toBe('The same code as line 3.');
    expect(r.rejected[3]!.reason).toContain('“_”');
    expect(r.rejected[4]!.reason).toContain('too short');
  });
});

describe('layouts', () => {
  it('keeps a code shown in groups as one code', () => {
    expect(values(parseCodes('1234 5678'))).toEqual(['1234 5678']);
    expect(values(parseCodes('1234 5678 9012 3456'))).toEqual(['1234 5678 9012 3456']);
  });

  it('splits columns separated by two or more spaces, tabs or a table bar', () => {
    expect(values(parseCodes('1234 5678   9012 3456'))).toEqual(['1234 5678', '9012 3456']);
    expect(values(parseCodes('1234 5678\t9012 3456'))).toEqual(['1234 5678', '9012 3456']);
    expect(values(parseCodes('| 1 | 1234 5678 |\n| 2 | 9012 3456 |'))).toEqual([
      '1234 5678',
      '9012 3456',
    ]);
  });

  it('splits lists written on one line and CSV rows', () => {
    expect(values(parseCodes('Codes: 1234 5678, 2345 6789; 3456 7890'))).toEqual([
      '1234 5678',
      '2345 6789',
      '3456 7890',
    ]);
    expect(values(parseCodes('site,code\ngithub.com,abcde-12345\ngithub.com,fghij-67890'))).toEqual(
      ['abcde-12345', 'fghij-67890'],
    );
  });

  it('never takes a date for a code', () => {
    const r = parseCodes('1234 5678 - used 2024-05-01\n2345 6789 (saved 01-05-2024)');
    expect(r.codes).toEqual([
      { value: '1234 5678', used: true },
      { value: '2345 6789', used: false },
    ]);
  });

  it('splits dashed codes separated by single spaces', () => {
    expect(values(parseCodes('abcde-12345 fghij-67890'))).toEqual(['abcde-12345', 'fghij-67890']);
  });

  it.each([
    ['1. 1234 5678\n2. 2345 6789'],
    ['1) 1234 5678\n2) 2345 6789'],
    ['01 - 1234 5678\n02 - 2345 6789'],
    ['(1) 1234 5678\n(2) 2345 6789'],
    ['#1 1234 5678\n#2 2345 6789'],
    ['01 1234 5678\n02 2345 6789'],
    ['- 1234 5678\n- 2345 6789'],
    ['* 1234 5678\n* 2345 6789'],
    ['• 1234 5678\n• 2345 6789'],
    ['`1234 5678`\n"2345 6789"'],
    ['１２３４ ５６７８\n2345\u00a06789'],
  ])('strips list decoration and look-alike characters: %j', (text) => {
    expect(values(parseCodes(text))).toEqual(['1234 5678', '2345 6789']);
  });

  it('ignores CRLF, blank lines, trailing spaces and a byte-order mark', () => {
    const r = parseCodes('\uFEFF\r\n  abcd-1234  \r\n\r\n\r\nefgh-5678\t\r\n');
    expect(values(r)).toEqual(['abcd-1234', 'efgh-5678']);
  });

  it('reads a labelled code and drops the label', () => {
    expect(values(parseCodes('Your recovery code is: ABCDE-12345-FGHIJ-67890-KLMNO'))).toEqual([
      'ABCDE-12345-FGHIJ-67890-KLMNO',
    ]);
    expect(values(parseCodes('Code 1234 5678'))).toEqual(['1234 5678']);
    expect(values(parseCodes('GitHub: abcde-12345'))).toEqual(['abcde-12345']);
  });

  it('does not take English words for codes', () => {
    const r = parseCodes(
      'Backup\nBackup codes\nKeep these backup codes somewhere safe.\nTwo-factor well-known\n1234 5678',
    );
    expect(values(r)).toEqual(['1234 5678']);
    expect(leftOut(r)).toEqual([
      [1, 'A heading, not a code.'],
      [2, 'A heading, not a code.'],
      [3, 'Text, not a code.'],
      [4, '“Two-factor well-known” reads like words, not like the other codes.'],
    ]);
  });

  it('accepts a code without digits that has the shape of the other codes', () => {
    expect(values(parseCodes('ab12-cd34\nqwhp-zkmr\nxy56-zw78'))).toContain('qwhp-zkmr');
    // One of another shape or alphabet, on a line of its own, is kept with a word about
    // it, in a plain list and among other text alike;
    const taken = {
      value: 'qwhp-zkmr',
      used: false,
      warning:
        'Taken as one code because it stands on a line of its own, though “qwhp-zkmr” has no digits and does not look like the other codes.',
    };
    const r = parseCodes('Codes:\n1234 5678\nqwhp-zkmr\n2345 6789\nKeep them safe.');
    expect(r.codes[1]).toEqual(taken);
    expect(leftOut(r)).toEqual([
      [1, 'Text, not a code.'],
      [5, 'Text, not a code.'],
    ]);
    // …but a word among codes and other text is left out, with the reason.
    const words = parseCodes('Codes:\n1234 5678\nThanks\n2345 6789\nKeep them safe.');
    expect(values(words)).toEqual(['1234 5678', '2345 6789']);
    expect(leftOut(words)).toEqual([
      [1, 'Text, not a code.'],
      [3, '“Thanks” reads like words, not like the other codes.'],
      [5, 'Text, not a code.'],
    ]);
    expect(parseCodes('1234 5678\nqwhp-zkmr\n2345 6789').codes).toEqual([
      { value: '1234 5678', used: false },
      {
        value: 'qwhp-zkmr',
        used: false,
        warning:
          'Taken as one code because it stands on a line of its own, though “qwhp-zkmr” has no digits and does not look like the other codes.',
      },
      { value: '2345 6789', used: false },
    ]);
  });

  it('takes a lone line without digits: nothing else is there to be the code', () => {
    expect(values(parseCodes('QWRTP-ZKMXV-BHJLN-DFGSC-TVWXZ'))).toEqual([
      'QWRTP-ZKMXV-BHJLN-DFGSC-TVWXZ',
    ]);
    expect(values(parseCodes('xkqp-zrwt'))).toEqual(['xkqp-zrwt']);
    expect(values(parseCodes('well-done'))).toEqual(['well-done']);
    expect(parseCodes('Keep them safe').codes[0]!.warning).toMatch(/reads like words/);
  });

  it('reports a code-like token next to words that does not look like the other codes', () => {
    const r = parseCodes('Account: jane1234\n\nabcd-1234\nefgh-5678');
    expect(values(r)).toEqual(['abcd-1234', 'efgh-5678']);
    expect(r.rejected).toEqual([
      {
        line: 1,
        text: 'Account: jane1234',
        reason: '“jane1234” is next to other text and does not look like the other codes.',
      },
    ]);
  });

  it('ignores numbers inside sentences silently', () => {
    const r = parseCodes('Generated on Mar 3, 2023 at 10:45\n1234 5678\nPage 1 of 2');
    expect(values(r)).toEqual(['1234 5678']);
    expect(leftOut(r)).toEqual([
      [1, 'Text, not a code.'],
      [3, '“Page 1 of 2” reads like words, not like the other codes.'],
    ]);
  });

  it('reports lines that look like failed codes, once per line', () => {
    const r = parseCodes(
      ['abcd-1234', 'ab1', 'a'.repeat(20) + '1'.repeat(21), 'abcd_1234', 'abcd-1234-', '12'].join(
        '\n',
      ),
    );
    expect(values(r)).toEqual(['abcd-1234']);
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.rejected[0]!.reason).toMatch(/too short/);
    expect(r.rejected[1]!.reason).toMatch(/too long/);
    expect(r.rejected[2]!.reason).toMatch(/cannot have: “_”/);
    expect(r.rejected[3]!.reason).toMatch(/misplaced dash/);
  });
});

describe('used marks', () => {
  it.each([
    'abcd-1234 (used)',
    'abcd-1234 (USED)',
    'abcd-1234 (used on 2024-03-02)',
    'abcd-1234 [used]',
    'abcd-1234 ✓ used',
    'abcd-1234 ✔used',
    'abcd-1234 - used',
    'abcd-1234 — used',
    'abcd-1234 | used',
    'abcd-1234 used',
    'abcd-1234(used)',
    '~~abcd-1234~~',
    '- ~~abcd-1234~~',
    '1. ~~abcd-1234~~',
    '~~1. abcd-1234~~',
    '- [x] abcd-1234',
    '[X] abcd-1234',
    '[used] abcd-1234',
    'abcd-1234\n(used)',
  ])('%j marks the code used', (line) => {
    expect(parseCodes(`${line}\nefgh-5678`).codes).toEqual([
      { value: 'abcd-1234', used: true },
      { value: 'efgh-5678', used: false },
    ]);
  });

  it('marks only the code the mark follows', () => {
    expect(parseCodes('abcde-12345 (used) fghij-67890').codes).toEqual([
      { value: 'abcde-12345', used: true },
      { value: 'fghij-67890', used: false },
    ]);
    expect(parseCodes('1234 5678 (used)   2345 6789').codes).toEqual([
      { value: '1234 5678', used: true },
      { value: '2345 6789', used: false },
    ]);
    expect(parseCodes('- [ ] abcd-1234\n~~ abcd-5678').codes.map((c) => c.used)).toEqual([
      false,
      false,
    ]);
  });
});

describe('duplicates', () => {
  it('counts duplicates by codeKey and keeps a used mark from any copy', () => {
    const r = parseCodes('abcd-1234\nABCD-1234\nefgh-5678\nabcd1234 (used)');
    expect(r.codes).toEqual([
      { value: 'abcd-1234', used: true },
      { value: 'efgh-5678', used: false },
    ]);
    expect(r.duplicates).toBe(2);
  });
});

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

describe('codeKey', () => {
  it('folds case, spaces, dashes and full-width forms', () => {
    expect(codeKey('ABCDE-12345')).toBe('abcde12345');
    expect(codeKey('abcde 12345')).toBe('abcde12345');
    expect(codeKey('ａｂｃｄｅ－１２３４５')).toBe('abcde12345');
    expect(codeKey('1234\u00a05678')).toBe('12345678');
    expect(codeKey('1234 5678')).not.toBe(codeKey('1234 5679'));
  });
});

describe('formatCodesFile', () => {
  it('writes one code a line with used marks and a comment header', () => {
    const file = formatCodesFile(
      [
        { value: '1234 5678', used: false },
        { value: 'abcd-1234', used: true },
      ],
      'GitHub — jane\nexported',
    );
    expect(file).toBe('# GitHub — jane\n# exported\n\n1234 5678\nabcd-1234 (used)\n');
    expect(parseCodes(file).codes).toEqual([
      { value: '1234 5678', used: false },
      { value: 'abcd-1234', used: true },
    ]);
  });

  it('keeps a header that looks like a code out of the codes', () => {
    const file = formatCodesFile(
      [{ value: 'abcd-1234', used: false }],
      '9999 8888\u0000\n\n1234-5678',
    );
    expect(values(parseCodes(file))).toEqual(['abcd-1234']);
  });

  it.each([
    '',
    'ab',
    'abcd 1234 efgh-5678',
    '1234 5678 (used)',
    ' abcd-1234',
    'abcd_1234',
    'Keep these',
  ])('refuses to write %j, which would not read back as one code', (value) => {
    expect(() => formatCodesFile([{ value, used: false }])).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });
});

describe('used marks in other languages', () => {
  it.each([
    ['abcd-1234 (benutzt)', true],
    ['abcd-1234 (utilisé)', true],
    ['abcd-1234 [usado]', true],
    ['abcd-1234 - gebruikt', true],
    ['abcd-1234 (使用済み)', true],
    ['abcd-1234 (已使用)', true],
    ['abcd-1234 (usefulness)', false],
  ])('%s → used %s', (line, used) => {
    const { codes } = parseCodes(`${line}\nefgh-5678\n`);
    expect(codes[0]).toEqual({ value: 'abcd-1234', used });
    expect(codes[1]).toEqual({ value: 'efgh-5678', used: false });
  });
});

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

describe('code labels inside codes', () => {
  it('a group that spells a label word in a code of equal groups is part of the code', () => {
    for (const code of ['AAAA-CODE-BBBB-CCCC', 'abcd code efgh ijkl', 'X7KQ KEYS 9PLM']) {
      expect(values(parseCodes(`${code}\n000000`)), code).toEqual([code, '000000']);
      expect(values(parseCodes(`Codes:\n${code}\nKeep them safe.`)), code).toEqual([code]);
    }
    // …while a label written as a word labels the code after it, or makes a heading.
    expect(values(parseCodes('Code 1234 5678\nBackup codes\n2345 6789'))).toEqual([
      '1234 5678',
      '2345 6789',
    ]);
  });
});
