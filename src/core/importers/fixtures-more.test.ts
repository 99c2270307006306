// KeePass, Proton Pass and generic CSV fixture exports against exactly what must
// be found in them — and the traps that must not be (see fixtures.test.ts).
import { describe, expect, it } from 'vitest';
import { allCodeKeys, expectNoneOf, readFixture, summary } from './testing/fixtures';

describe('KeePass', () => {
  it('XML: custom protected field, French notes, a site known by its code shape; no history, no recycle bin', async () => {
    const r = await readFixture('keepass/export.xml');
    expect(r.format).toBe('keepass-xml');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'GitHub',
        domains: ['github.com'],
        suggested: null,
        username: 'alice',
        where: 'field:Recovery Codes',
        // 6a2e9-0d4c7 is also the password: left out, with a warning.
        codes: ['f1b83-e75a0', '3c0d6-b9e24 (used)', '8e5f1-2a7c3', 'b47d0-c19e6'],
        warnings: 1,
      },
      {
        title: 'Facebook',
        domains: ['facebook.com'],
        suggested: null,
        username: 'alice.exemple',
        where: 'notes',
        codes: ['5830 2941', '1176 8402', '6092 3357 (used)'],
        warnings: 0,
      },
      {
        title: 'mastodon.social',
        domains: ['mastodon.social'],
        suggested: null,
        username: 'alice@mastodon.social',
        where: 'notes',
        codes: ['4c1e8a9b27d03f65', 'd9a27f4e1b6c0835', '0e63b5c8a2f79d14'],
        warnings: 0,
      },
    ]);
    expect(r.itemCount).toBe(5);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), [
      '6a2e9-0d4c7',
      '0ld00-c0de1', // only in the entry's history
      'aaaa1-bbbb2', // recycle bin
      'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      '12345678', // router PIN
      'abcd-1234-efgh', // WPA key
      '06 12 34 56 78',
    ]);
  });

  it('KeePassXC CSV: German label, TOTP column, recycle bin row skipped', async () => {
    const r = await readFixture('keepass/keepassxc.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'Google',
        domains: ['google.com'],
        suggested: null,
        username: 'alice.example@gmail.com',
        where: 'notes',
        codes: ['2285 9013', '6740 1592 (used)', '3318 0746'],
        warnings: 0,
      },
      {
        title: 'npm',
        domains: ['npmjs.com'],
        suggested: null,
        username: 'alice',
        where: 'notes',
        codes: ['1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f', '9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a'],
        warnings: 0,
      },
    ]);
    expect(r.itemCount).toBe(3);
    expect(r.withoutCodes).toBe(1);
    expectNoneOf(allCodeKeys(r), ['1111 2222', 'MZXW6YTBOI']);
  });
});

describe('Proton Pass', () => {
  const expectedJson = [
    {
      title: 'Discord',
      domains: ['discord.com'],
      suggested: null,
      username: 'alice_games',
      where: 'field:Códigos de backup',
      codes: ['h4kq-2m9z', 'x8rt-5c1p', 'b6nw-3y7e', 'j2fd-9s4g (used)'],
      warnings: 0,
    },
    {
      title: 'Epic Games backup codes',
      domains: [],
      suggested: 'epicgames.com',
      username: '',
      where: 'notes',
      codes: ['471923', '830516', '259408'],
      warnings: 0,
    },
    {
      title: 'Reddit',
      domains: ['reddit.com'],
      suggested: null,
      username: 'alice_reads',
      where: 'notes',
      codes: ['582139', '904713', '366025 (used)'],
      warnings: 0,
    },
    {
      title: 'Hugging Face',
      domains: ['huggingface.co'],
      suggested: null,
      username: 'alice@example.com',
      where: 'field:2FA',
      codes: ['d3f81a', '7c02be', '91e4d7', '5ab6c0'],
      warnings: 0,
    },
  ];

  it('JSON: hidden Portuguese field, Chinese label, Italian label after a recovery e-mail, a loosely named field', async () => {
    const r = await readFixture('protonpass/export.json');
    expect(r.candidates.map(summary)).toEqual(expectedJson);
    // The trashed item is not counted; the card and the alias have no codes.
    expect(r.itemCount).toBe(6);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), [
      'h4kq-2m9z-pw',
      'IFBEGRCFIZDUQSKK',
      '8426 1937', // Recovery PIN
      '9a9a9-0b0b0', // trashed
      '5555 4444 3333 1111',
      'hf_AbCdEfGh12345678', // API token
    ]);
  });

  it('ZIP: the zipped data.json reads the same', async () => {
    const r = await readFixture('protonpass/export.zip');
    expect(r.candidates.map(summary)).toEqual(expectedJson);
  });

  it('CSV: leaves out the code that is the password, and a "recovery code" mentioned in prose', async () => {
    const r = await readFixture('protonpass/export.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'GitHub',
        domains: ['github.com'],
        suggested: null,
        username: 'alice',
        where: 'notes',
        codes: ['c3a58-2f9e1', '05b7c-de843 (used)', 'a92f6-1b4d7'],
        warnings: 1,
      },
      {
        title: 'Nintendo backup codes',
        domains: [],
        suggested: 'nintendo.com',
        username: '',
        where: 'notes',
        codes: ['86204175', '31957028', '64810392'],
        warnings: 0,
      },
    ]);
    expect(r.itemCount).toBe(4);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), ['7d1e4-b06a9', 'R12345', '4455', 'OBQXG43XN5ZGI']);
  });
});

describe('generic CSV', () => {
  it('reads a "Backup codes" column and notes; a BOM and CRLF do not matter', async () => {
    const r = await readFixture('generic/codes.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'Nintendo',
        domains: ['nintendo.com'],
        suggested: null,
        username: 'alice',
        where: 'column:Backup codes',
        codes: ['49271836', '05318264', '77102495 (used)'],
        warnings: 0,
      },
      {
        title: 'Codeberg',
        domains: ['codeberg.org'],
        suggested: null,
        username: 'alice',
        where: 'notes',
        codes: ['8c4f1e2a09'],
        warnings: 0,
      },
    ]);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), ['N1nt3ndo!', 'ab12-cd34-ef56', '1234 5678', '9999 0000']);
  });

  it('reads a LastPass-style export, including a secure note (http://sn)', async () => {
    const r = await readFixture('generic/lastpass.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'Dropbox',
        domains: ['dropbox.com'],
        suggested: null,
        username: 'alice@example.com',
        where: 'notes',
        codes: ['1930 4725', '8861 0274', '5502 9163 (used)'],
        warnings: 0,
      },
      {
        title: 'Atlassian',
        domains: [],
        suggested: 'atlassian.com',
        username: '',
        where: 'notes',
        codes: ['K7PD-3XQM-9RWT'],
        warnings: 0,
      },
    ]);
    expect(r.withoutCodes).toBe(1);
    expectNoneOf(allCodeKeys(r), ['pw-1234-5678', 'JBSWY3DPEHPK3PXP']);
  });

  it('reads semicolon-separated files', async () => {
    const r = await readFixture('generic/semicolon.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'Heroku',
        domains: ['heroku.com'],
        suggested: null,
        username: 'alice@example.com',
        where: 'notes',
        codes: ['b1c2d3e4f5', 'a6b7c8d9e0'],
        warnings: 0,
      },
    ]);
    expect(r.itemCount).toBe(2);
  });
});
