// Each fixture export (test/fixtures/managers, see its README) against exactly
// what must be found in it — and the traps that must not be: format detection,
// Bitwarden and 1Password here; KeePass, Proton Pass and CSV in fixtures-more.test.ts.
import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import { detectFormat } from './detect';
import { allCodeKeys, expectNoneOf, fixtureBytes, readFixture, summary } from './testing/fixtures';
import type { ImportFormat } from './types';

describe('detectFormat', () => {
  const cases: [string, ImportFormat][] = [
    ['bitwarden/export.json', 'bitwarden-json'],
    ['bitwarden/export.csv', 'bitwarden-csv'],
    ['1password/export.1pux', '1password-1pux'],
    ['1password/export.data', '1password-1pux'],
    ['1password/export.csv', '1password-csv'],
    ['keepass/export.xml', 'keepass-xml'],
    ['keepass/keepassxc.csv', 'keepassxc-csv'],
    ['protonpass/export.json', 'protonpass-json'],
    ['protonpass/export.zip', 'protonpass-json'],
    ['protonpass/export.csv', 'protonpass-csv'],
    ['generic/codes.csv', 'generic-csv'],
    ['generic/lastpass.csv', 'generic-csv'],
    ['generic/semicolon.csv', 'generic-csv'],
  ];
  it.each(cases)('%s is %s (from the content, whatever the name)', (file, format) => {
    expect(detectFormat(file, fixtureBytes(file))).toBe(format);
    expect(detectFormat('download', fixtureBytes(file))).toBe(format);
  });

  it.each([
    ['bitwarden/encrypted.json', /Bitwarden export is encrypted; export it as unencrypted JSON/],
    ['protonpass/encrypted.pgp', /Proton Pass export is encrypted/],
    ['keepass/database.kdbx', /KeePass database, which is encrypted/],
  ])('refuses the encrypted %s and says what to do', (file, message) => {
    try {
      detectFormat(file, fixtureBytes(file));
      expect.unreachable();
    } catch (e) {
      expect(isBackstopError(e, 'parse-error')).toBe(true);
      expect((e as { detail: unknown }).detail).toEqual({ reason: 'encrypted' });
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe('Bitwarden JSON', () => {
  it('finds codes in notes, hidden and German-named fields, and a secure note without a URL', async () => {
    const r = await readFixture('bitwarden/export.json');
    expect(r.format).toBe('bitwarden-json');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'GitHub',
        domains: ['github.com'],
        suggested: null,
        username: 'alice@example.com',
        where: 'notes',
        codes: ['4f9a2-c81de', '7b3e0-19fa4 (used)', '0c5d7-e2b91', '9a1f3-5d6c8', 'd8e27-03b4a'],
        warnings: 0,
      },
      {
        title: 'Google (personal)',
        domains: ['google.com'],
        suggested: null,
        username: 'alice.personal@gmail.com',
        where: 'field:Backup codes',
        codes: ['7215 0398', '4862 1175', '9031 6624 (used)', '3358 4409', '6127 8850'],
        warnings: 0,
      },
      {
        title: 'Discord',
        domains: ['discord.com'],
        suggested: null,
        username: 'alice#4821',
        where: 'field:Wiederherstellungscodes',
        codes: ['ab3k-9xq2', 'm7pt-4hz8', 'q2vn-8c1d', 't5wy-0jr6 (used)'],
        warnings: 0,
      },
      {
        title: 'GitLab recovery codes',
        domains: [],
        suggested: 'gitlab.com',
        username: '',
        where: 'notes',
        codes: ['3f9c1a7e5b2d8046', 'a07e4c2b91d35f68', '5d2b8e0f7c41a936'],
        warnings: 0,
      },
    ]);
    // The trashed item is not an item; bank, X, card and router have no codes.
    expect(r.itemCount).toBe(8);
    expect(r.withoutCodes).toBe(4);
    expectNoneOf(allCodeKeys(r), [
      'hunter2-1234', // GitHub password
      'c0ffe-e1234', // an old GitHub password
      'JBSWY3DPEHPK3PXP', // TOTP secret
      '4821 7730', // hidden PIN field
      '0100 2345', // recovery phone
      'KRSXG5CTMVRXEZLU', // "Authenticator key (backup)"
      '4417 2290', // a customer number in notes without a code label
      '1234 5678', // in a card's notes
      '5f2c8-a91e0', // "Admin password:" under "Backup codes: none yet"
      '9876 5432', // "PIN:" line
      '11aa2-33bb4', // trashed item
    ]);
  });
});

describe('Bitwarden CSV', () => {
  it('reads the fields cell, notes in French, and leaves out a code equal to the password', async () => {
    const r = await readFixture('bitwarden/export.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'GitHub',
        domains: ['github.com'],
        suggested: null,
        username: 'alice',
        where: 'field:Recovery codes',
        codes: ['5c8e1-a0f39', '2b7d4-91ce6 (used)', 'e6f03-7a2b5', '18c9d-4e0fa'],
        warnings: 0,
      },
      {
        title: 'Mastodon',
        domains: [],
        suggested: null,
        username: '',
        where: 'notes',
        codes: [
          '9e4b07c2d15a3f86',
          '0b7d3e91a6c4f258',
          'c58f2a0e9d7b1436 (used)',
          '71a6e4d0b3f95c28',
        ],
        warnings: 0,
      },
      {
        title: 'Instagram',
        domains: ['instagram.com'],
        suggested: null,
        username: 'alice.pics',
        where: 'notes',
        codes: ['4418 2093'],
        warnings: 1,
      },
    ]);
    expect(r.candidates[2]!.warnings[0]).toMatch(/equal to the password/);
    expect(r.itemCount).toBe(5);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), [
      '2046 1188',
      '7150 6632',
      '5521 9940',
      'a1b2c-d3e4f',
      'MFRGGZDFMZTWQ2LK',
    ]);
  });
});

describe('1Password', () => {
  const expected1pux = [
    {
      title: 'Microsoft',
      domains: ['live.com', 'microsoft.com'],
      suggested: null,
      username: 'alice@outlook.com',
      where: 'field:recovery code',
      codes: ['H3KQ7-2WX9P-M4TZR-8BVN6-YC5DJ'],
      warnings: 0,
    },
    {
      title: 'Proton',
      domains: ['proton.me'],
      suggested: null,
      username: 'alice@proton.me',
      where: 'notes',
      codes: ['8f3a1c9e', '2d7b6e04', 'b91c05fa', '64e8a3d2 (used)'],
      warnings: 0,
    },
    {
      title: 'Google backup codes',
      domains: [],
      suggested: 'google.com',
      username: '',
      where: 'field:Backup codes',
      codes: ['8302 4471', '5519 0286', '9911 2046 (used)', '7740 3318'],
      warnings: 0,
    },
    {
      title: 'Dropbox',
      domains: ['dropbox.com'],
      suggested: null,
      username: 'alice@example.com',
      where: 'notes',
      codes: ['37195820', '60428157', '91736402'],
      warnings: 0,
    },
  ];

  it('1PUX: concealed section field, Japanese label, a section of one-code fields, an archived item', async () => {
    const r = await readFixture('1password/export.1pux');
    expect(r.format).toBe('1password-1pux');
    expect(r.candidates.map(summary)).toEqual(expected1pux);
    expect(r.itemCount).toBe(6);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), [
      '7340 2218', // PIN in the Microsoft item
      'NB2W45DFOIZA',
      '4455 6677', // card PIN
      '4111 1111 1111 1111',
      '2285-9013-6740', // Amazon password
      'JBSWY3DPEHPK3PXP',
      '03-1234-5678', // a phone number after the Japanese codes
    ]);
  });

  it('1PUX: the unzipped export.data reads the same', async () => {
    const r = await readFixture('1password/export.data');
    expect(r.candidates.map(summary)).toEqual(expected1pux);
  });

  it('CSV: notes with and without a colon after the label; PIN and password traps', async () => {
    const r = await readFixture('1password/export.csv');
    expect(r.candidates.map(summary)).toEqual([
      {
        title: 'GitLab',
        domains: ['gitlab.com'],
        suggested: null,
        username: 'alice',
        where: 'notes',
        codes: ['2c8f4a1e6b3d9075', 'e71b5d0a4c9f2863', '94d06a2f1e8c7b35 (used)'],
        warnings: 0,
      },
      {
        title: 'Slack (acme)',
        domains: ['slack.com'],
        suggested: null,
        username: 'alice@acme.example',
        where: 'notes',
        codes: ['5k8m2q7x', '9p3w6t1z', '4r7n1v8b'],
        warnings: 0,
      },
    ]);
    expect(r.itemCount).toBe(4);
    expect(r.withoutCodes).toBe(2);
    expectNoneOf(allCodeKeys(r), ['1234 5678', '2580 1470', 'c0de-b1ue-w1f1', 'ORSXG5DJNZTQ']);
  });
});
