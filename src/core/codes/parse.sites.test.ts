import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCodes } from './parse';
import { leftOut, usedValues, values } from './testing/results';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/codes/${name}`, import.meta.url), 'utf8');

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
