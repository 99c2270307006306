import { describe, expect, it } from 'vitest';
import { parseCodes } from './parse';
import { leftOut, values } from './testing/results';

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

describe('text from other writing systems and apps', () => {
  it.each([
    ['Arabic-Indic digits', '١٢٣٤٥٦٧٨\n٢٣٤٥٦٧٨٩', ['12345678', '23456789']],
    ['Persian digits', '۱۲۳۴ ۵۶۷۸\n۲۳۴۵ ۶۷۸۹', ['1234 5678', '2345 6789']],
    [
      'right-to-left marks around codes',
      '\u200F12345678\u200F\n\u202B23456789\u202C',
      ['12345678', '23456789'],
    ],
    ['a bullet against the code', '•12345678\n•23456789', ['12345678', '23456789']],
    ['Japanese bullets', '・12345678\n・23456789', ['12345678', '23456789']],
    ['square bullets', '■ abcd-1234\n▪ efgh-5678', ['abcd-1234', 'efgh-5678']],
    ['arrows', '→ abcd-1234\n➤ efgh-5678', ['abcd-1234', 'efgh-5678']],
  ])('%s', (_name, text, want) => {
    expect(values(parseCodes(text))).toEqual(want);
  });
});

describe('columns of an unknown site’s codes', () => {
  it.each([
    [
      'dashed codes without digits beside others',
      'abcd-efgh\tijkl-mnop\nqrst-uvwx\tyzab-cdef',
      ['abcd-efgh', 'ijkl-mnop', 'qrst-uvwx', 'yzab-cdef'],
    ],
    [
      'a hex code that happens to have no digit',
      '4f00e1   abcdef\n9e8d7c   fedcba',
      ['4f00e1', 'abcdef', '9e8d7c', 'fedcba'],
    ],
    [
      'a group of letters inside a code',
      'k3jd 9fke qzmx 2nvc   a8df 3kdl 22kd pqrs',
      ['k3jd 9fke qzmx 2nvc', 'a8df 3kdl 22kd pqrs'],
    ],
    [
      'a used mark, then the next column',
      '1234 5678 (used)   2345 6789',
      ['1234 5678', '2345 6789'],
    ],
    ['a last group of one', '1. 1234 5678 9   2. 2345 6789 0', ['1234 5678 9', '2345 6789 0']],
    [
      'mixed case beside a code',
      'bVLnfiaP 1234567   2345678 3456789',
      ['bVLnfiaP 1234567', '2345678 3456789'],
    ],
  ])('%s: every code whole', (_name, text, want) => {
    expect(values(parseCodes(text))).toEqual(want);
  });

  it('lists a line from which letters that could be a code were left out', () => {
    const r = parseCodes('Backup code bVLnfiaP 1234567 for jane');
    expect(values(r)).toEqual(['1234567']);
    expect(leftOut(r)).toEqual([[1, '“bVLnfiaP” has no digits and was read as a word.']]);
  });
});

describe('a heading written as one compound word', () => {
  // Languages that write "backup codes" as one word; each heading is letters only, so
  // alone on its line it reads like a code of letters.
  const headings = [
    'Sicherungscodes',
    'Wiederherstellungscodes',
    'NOTFALLCODES',
    'Herstelcodes',
    'Backupcodes',
    'Reservekoder',
    'Gjenopprettingskoder',
    'Backupkoder',
    'Reservkoder',
    'Varmistuskoodit',
    'Varukoodid',
    'Palautuskoodi',
    'Wiederherstellungsschluessel',
  ];
  const lists = [
    ['83921842', '99210042', '12345678'],
    ['8392 1842', '9921 0042'],
    ['a1b2c-3d4e5', 'f6a7b-8c9d0'],
    ['k7m2-q9x4', 'p3w8-z5n1'],
    ['ABCD-1234-EFGH', 'JKLM-5678-NPQR'],
  ];
  it.each(headings)('%s is a heading above codes of every shape, not a code', (heading) => {
    for (const codes of lists) {
      const r = parseCodes([heading, ...codes].join('\n'));
      expect(values(r)).toEqual(codes);
      expect(leftOut(r)).toEqual([[1, 'A heading, not a code.']]);
    }
  });

  it('a code of letters is still a code, whatever its letters spell', () => {
    expect(values(parseCodes('abcdefgh\nqrstuvwx\nmnopkodx\nwxyzcodq'))).toEqual([
      'abcdefgh',
      'qrstuvwx',
      'mnopkodx',
      'wxyzcodq',
    ]);
  });
});
