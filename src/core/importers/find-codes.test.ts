import { describe, expect, it } from 'vitest';
import { findSiteByDomain } from '../sites/registry';
import { codePassages, findCodes, siteCodePattern } from './find-codes';
import type { SourceField, SourceItem } from './types';

function item(over: Partial<SourceItem> = {}): SourceItem {
  return {
    title: 'Example',
    urls: [],
    username: '',
    notes: '',
    fields: [],
    secrets: [],
    category: 'login',
    ...over,
  };
}

function field(name: string, value: string, kind: SourceField['kind'] = 'text'): SourceField {
  return { name, value, kind, origin: 'field' };
}

const values = (r: ReturnType<typeof findCodes>) =>
  r?.codes.map((c) => (c.used ? `${c.value} (used)` : c.value)) ?? null;

describe('codePassages', () => {
  it('takes the codes after a label and stops at prose, another label or a secret line', () => {
    const notes = [
      'Account for work.',
      'Backup codes (keep safe):',
      '',
      '1234 5678',
      '2345 6789 (used)',
      'PIN: 4455 6677',
      '3456 7890',
    ].join('\n');
    expect(codePassages(notes)).toEqual(['\n1234 5678\n2345 6789 (used)']);
  });

  it('continues over blank lines between codes and ends at a blank line before prose', () => {
    const notes = 'Recovery codes:\n\naaaa1-bbbb2\n\ncccc3-dddd4\n\nCall 555 0100 2345 if lost';
    expect(codePassages(notes)).toEqual(['\naaaa1-bbbb2\ncccc3-dddd4']);
  });

  it('reads codes on the label line after its colon, but not a date in a title', () => {
    expect(codePassages('Backup codes: 1234 5678, 2345 6789')).toEqual([' 1234 5678, 2345 6789']);
    expect(codePassages('Recovery codes (2024-03-02)\nsee the drawer')).toEqual([]);
  });

  it('takes nothing after a secret label on the label line', () => {
    expect(codePassages('Backup codes for the router: see PIN: 1234 5678')).toEqual([]);
    expect(codePassages('Notes:Recovery codes for Atlassian: K7PD-3XQM-9RWT')).toEqual([
      ' K7PD-3XQM-9RWT',
    ]);
  });

  it('starts a new passage at each label and never passes a "Label:" line', () => {
    const notes =
      'Google backup codes:\n1111 2222\nGitHub recovery codes:\nab12c-34de5\nPhone: 555 0100 2345';
    expect(codePassages(notes)).toEqual(['\n1111 2222', '\nab12c-34de5']);
  });

  it('allows "Code 1:" lines inside a passage', () => {
    expect(codePassages('Backup codes\nCode 1: 1234 5678\nCode 2: 8765 4321')).toEqual([
      '\nCode 1: 1234 5678\nCode 2: 8765 4321',
    ]);
  });
});

describe('siteCodePattern', () => {
  it('builds the exact shape from the registry, grouped or bare', () => {
    const github = siteCodePattern(findSiteByDomain('github.com')!)!;
    expect(github.test('4f9a2-c81de')).toBe(true);
    expect(github.test('4f9a2c81de')).toBe(true);
    expect(github.test('4F9A2-C81DE')).toBe(false);
    expect(github.test('4f9a2-c81dz')).toBe(false);
    const google = siteCodePattern(findSiteByDomain('google.com')!)!;
    expect(google.test('1234 5678')).toBe(true);
    expect(google.test('12345678')).toBe(true);
    expect(google.test('1234-5678')).toBe(false);
  });

  it('is null when the registry does not know the alphabet', () => {
    expect(siteCodePattern(findSiteByDomain('slack.com')!)).toBeNull();
  });
});

describe('findCodes', () => {
  it('prefers a field named for codes over the notes, and says so when they differ', () => {
    const r = findCodes(
      item({
        fields: [field('Backup codes', '1111 2222\n3333 4444')],
        notes: 'Old backup codes:\n5555 6666\n7777 8888',
      }),
      [],
    );
    expect(values(r)).toEqual(['1111 2222', '3333 4444']);
    expect(r!.where).toBe('field:Backup codes');
    expect(r!.warnings).toEqual([
      'Other codes were also found in the notes; only those in the field “Backup codes” are listed.',
    ]);
  });

  it('says nothing when the other place repeats the same codes', () => {
    const r = findCodes(
      item({ fields: [field('Backup codes', '1111 2222')], notes: 'Backup codes: 1111-2222' }),
      [],
    );
    expect(r!.warnings).toEqual([]);
  });

  it('never reads TOTP, URL, e-mail, boolean fields or otpauth values, whatever their name', () => {
    const r = findCodes(
      item({
        fields: [
          field('Backup codes', 'JBSWY3DPEHPK3PXP', 'totp'),
          field('Recovery codes', 'otpauth://totp/X?secret=JBSWY3DPEHPK3PXP'),
          field('Backup codes URL', 'https://example.com/1234-5678', 'url'),
          field('Backup codes', 'true', 'boolean'),
        ],
      }),
      [],
    );
    expect(r).toBeNull();
  });

  it('reads a concealed field only when it is named for codes', () => {
    expect(
      values(findCodes(item({ fields: [field('Backup codes', '1111 2222', 'concealed')] }), [])),
    ).toEqual(['1111 2222']);
    const notesLike = 'Backup codes:\n1111 2222\n3333 4444';
    expect(findCodes(item({ fields: [field('Extra', notesLike, 'concealed')] }), [])).toBeNull();
    expect(values(findCodes(item({ fields: [field('Extra', notesLike)] }), []))).toEqual([
      '1111 2222',
      '3333 4444',
    ]);
  });

  it('skips fields named as secrets even when they hold code-like values', () => {
    for (const name of [
      'Password',
      'PIN',
      'Recovery PIN',
      'TOTP',
      'Secret key',
      'Authenticator key (backup)',
    ]) {
      expect(
        findCodes(item({ fields: [field(name, '1111 2222\n3333 4444\n5555 6666')] }), []),
        name,
      ).toBeNull();
    }
  });

  it('drops "PIN:", "Password:" and otpauth lines inside a field named for codes', () => {
    const value =
      '1111 2222\n3333 4444\nPIN: 5555 6666\nPassword: 7777-8888\notpauth://totp/X?secret=ABCD2345';
    expect(values(findCodes(item({ fields: [field('Backup codes', value)] }), []))).toEqual([
      '1111 2222',
      '3333 4444',
    ]);
  });

  it('needs three codes in a loosely named field', () => {
    expect(findCodes(item({ fields: [field('2FA', 'JBSWY3DPEHPK3PXP')] }), [])).toBeNull();
    expect(findCodes(item({ fields: [field('Backup', '1111 2222\n3333 4444')] }), [])).toBeNull();
    expect(
      values(findCodes(item({ fields: [field('Backup', '1111 2222\n3333 4444\n5555 6666')] }), [])),
    ).toHaveLength(3);
  });

  it('leaves out values equal to the password, TOTP secret (also inside an otpauth URI) or a PIN field', () => {
    const r = findCodes(
      item({
        notes: 'Backup codes:\n1111 2222\n3333 4444\nJBSWY3DPEHPK3PXP\n5555 6666\n7777 8888',
        secrets: ['3333 4444', 'otpauth://totp/X:alice?secret=JBSWY3DPEHPK3PXP&issuer=X'],
        fields: [field('PIN', '5555-6666', 'concealed')],
      }),
      [],
    );
    expect(values(r)).toEqual(['1111 2222', '7777 8888']);
    expect(r!.warnings).toEqual(['3 values equal to the password or TOTP secret were left out.']);
  });

  it('finds no codes in notes without a label unless they have the known site’s exact shape', () => {
    const notes = 'a1b2c-3d4e5\nf6a7b-8c9d0\n0e1f2-a3b4c';
    expect(findCodes(item({ notes }), [])).toBeNull();
    expect(findCodes(item({ notes }), ['example.com'])).toBeNull();
    expect(values(findCodes(item({ notes }), ['github.com']))).toEqual([
      'a1b2c-3d4e5',
      'f6a7b-8c9d0',
      '0e1f2-a3b4c',
    ]);
    // One stray token of the right shape is not a list.
    expect(findCodes(item({ notes: 'Ticket a1b2c-3d4e5' }), ['github.com'])).toBeNull();
    expect(findCodes(item({ notes: 'a1b2c-3d4e5' }), ['github.com'])).toBeNull();
    // A labelled secret with the right shape is still a secret.
    expect(
      findCodes(item({ notes: 'Password: a1b2c-3d4e5\nPIN: f6a7b-8c9d0' }), ['github.com']),
    ).toBeNull();
  });

  it('ignores notes that merely mention recovery (an e-mail, a phone number, a plan)', () => {
    for (const notes of [
      'Recovery email: alice@example.com',
      'Recovery phone: +1 555 0100 2345',
      'Backup codes are in the safe.',
      'TODO: generate recovery codes\nOrder 5521 9940',
    ]) {
      expect(findCodes(item({ notes }), []), notes).toBeNull();
    }
  });

  it('never reads cards or identities', () => {
    const notes = 'Backup codes:\n1111 2222\n3333 4444';
    expect(findCodes(item({ notes, category: 'card' }), [])).toBeNull();
    expect(findCodes(item({ notes, category: 'identity' }), [])).toBeNull();
    expect(findCodes(item({ notes, category: 'note' }), [])).not.toBeNull();
  });
});

/**
 * Milliseconds of CPU this process spent in `work`: a guard against
 * super-linear reading that other processes on a busy machine cannot trip,
 * as they trip a wall clock. Speed itself is measured by `npm run bench`.
 */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

describe('size', () => {
  it('handles a huge notes field quickly and finds nothing in an overlong line', () => {
    const long = `backup codes: ${'1234 5678 '.repeat(100_000)}`;
    let found: unknown;
    const ms = cpuMs(() => {
      found = findCodes(item({ notes: `${long}\n${'x'.repeat(200_000)}` }), ['google.com']);
    });
    expect(found).toBeNull();
    expect(ms).toBeLessThan(2000);
  });

  it('reads an export-sized batch of items in reasonable time', () => {
    const notes = 'Some notes.\nRecovery email: a@b.example\n'.repeat(20);
    const ms = cpuMs(() => {
      for (let i = 0; i < 2000; i++)
        findCodes(item({ notes, urls: ['https://github.com'] }), ['github.com']);
    });
    expect(ms).toBeLessThan(5000);
  });
});
