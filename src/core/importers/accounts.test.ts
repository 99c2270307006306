import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { accountImportOf, accountsFromImports, readAccountImports } from './accounts';
import type { ImportCandidate } from './types';

const crypto = webcrypto as unknown as Crypto;

describe('accounts.import payloads', () => {
  const candidate = (over: Partial<ImportCandidate> = {}): ImportCandidate => ({
    sourceTitle: 'GitHub',
    domains: ['github.com'],
    suggestedDomain: null,
    username: 'alice',
    codes: [
      { value: '4f9a2-c81de', used: false },
      { value: '7b3e0-19fa4', used: true },
    ],
    where: 'notes',
    warnings: ['a warning stays in the page'],
    ...over,
  });

  it('what the page sends holds the account and its codes, nothing else', () => {
    expect(accountImportOf(candidate(), 'ignored.example')).toEqual({
      site: 'GitHub',
      domains: ['github.com'],
      username: 'alice',
      codes: [
        { value: '4f9a2-c81de', used: false },
        { value: '7b3e0-19fa4', used: true },
      ],
    });
    // Without a website in the export, the one the person typed.
    expect(
      accountImportOf(candidate({ domains: [], suggestedDomain: 'gitlab.com' }), ' gitlab.com ')
        .domains,
    ).toEqual(['gitlab.com']);
  });

  it('reduces websites to registrable domains, once each, and trims names', () => {
    const [item] = readAccountImports({
      accounts: [
        {
          ...accountImportOf(candidate(), ''),
          site: '  GitHub ',
          username: ' alice ',
          domains: ['https://www.github.com/login', 'github.com', 'GITHUB.COM.'],
        },
      ],
    });
    expect(item).toMatchObject({ site: 'GitHub', username: 'alice', domains: ['github.com'] });
  });

  it('becomes new accounts: fresh ids, marks kept, a used code dated at the import', () => {
    const items = readAccountImports({
      accounts: [
        accountImportOf(candidate(), ''),
        { ...accountImportOf(candidate({ username: 'bob' }), ''), site: '' },
      ],
    });
    const [a, b] = accountsFromImports(items, { crypto, now: () => 1_750_000_000_000 });
    expect(a!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(
      new Set([a!.id, b!.id, ...a!.codes.map((c) => c.id), ...b!.codes.map((c) => c.id)]).size,
    ).toBe(6);
    expect(a!.codes.map(({ id: _id, ...c }) => c)).toEqual([
      { value: '4f9a2-c81de', state: 'unused' },
      { value: '7b3e0-19fa4', state: 'used', changedAt: 1_750_000_000_000 },
    ]);
    expect(a).toMatchObject({
      notes: '',
      archived: [],
      history: [{ at: 1_750_000_000_000, action: 'created' }],
      createdAt: 1_750_000_000_000,
    });
    // A nameless item is named by its website, as a typed account is.
    expect(b!.site).toBe('github.com');
  });
});
