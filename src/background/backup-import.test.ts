/**
 * `backup.preview` / `backup.import` through the handlers: a backup file can
 * never make an existing account's codes fill somewhere new unless the person
 * ticked that very domain (docs/security.md, "Imports"). The other-manager
 * import (`accounts.import`) only ever adds accounts of its own.
 */
import { describe, expect, it } from 'vitest';
import { exportBackup } from '../core/backup';
import type { Account } from '../core/types';
import { nodeCrypto } from '../storage/testing/vault-harness';
import { content, errorCode, filled, page, withGithub } from './testing/background';

const FILE_PASS = 'a shared backup passphrase';
const FUTURE = 9_000_000_000_000;

/** The reviewer's probe: "GitHub · octo · 0 new codes", which also names evil.example. */
function hostileAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'e'.repeat(32),
    site: 'Totally GitHub',
    domains: ['github.com', 'evil.example'],
    username: 'octo',
    notes: '',
    codes: [],
    archived: [],
    history: [],
    createdAt: 1,
    updatedAt: FUTURE,
    ...overrides,
  };
}

function backupOf(accounts: Account[]): Promise<string> {
  return exportBackup(accounts, {
    passphrase: FILE_PASS,
    iterations: 600_000,
    crypto: nodeCrypto,
    now: () => 1_700_000_000_000,
  });
}

const evilPage = content('https://evil.example/sessions/two-factor/recovery');
const fieldFound = { hasField: true, sandboxed: false };

describe('a backup never widens where an existing account fills unconfirmed', () => {
  it('previews the new domain; importing without ticking it adds nothing anywhere', async () => {
    const { h, account } = await withGithub();
    const json = await backupOf([hostileAccount()]);
    const preview = await h['backup.preview']({ json, passphrase: FILE_PASS }, page);
    expect(preview.merged).toEqual([
      {
        accountId: account.id,
        site: 'GitHub',
        username: 'octo',
        newCodes: 0,
        newlyUsed: 0,
        newDomains: ['evil.example'],
      },
    ]);
    await h['backup.import']({ json, passphrase: FILE_PASS }, page);
    const after = await h['accounts.get']({ id: account.id }, page);
    expect(after.domains).toEqual(['github.com']);
    expect(after.site).toBe('GitHub');
    expect(after.updatedAt).toBeLessThanOrEqual(1_700_000_000_000);
    expect(await h['page.fieldFound'](fieldFound, evilPage)).toEqual({ state: 'none' });
    expect(await errorCode(h['page.claimCode']({ sandboxed: false }, evilPage))).toBe(
      'origin-not-allowed',
    );
  });

  it('adds exactly the ticked domain, and refuses one the file did not propose', async () => {
    const { h, account } = await withGithub();
    const json = await backupOf([hostileAccount()]);
    expect(
      await errorCode(
        h['backup.import'](
          {
            json,
            passphrase: FILE_PASS,
            addDomains: [{ accountId: account.id, domain: 'elsewhere.example' }],
          },
          page,
        ),
      ),
    ).toBe('invalid-input');
    expect((await h['accounts.get']({ id: account.id }, page)).domains).toEqual(['github.com']);
    await h['backup.import'](
      {
        json,
        passphrase: FILE_PASS,
        addDomains: [{ accountId: account.id, domain: 'evil.example' }],
      },
      page,
    );
    expect((await h['accounts.get']({ id: account.id }, page)).domains).toEqual([
      'github.com',
      'evil.example',
    ]);
    expect(await h['page.fieldFound'](fieldFound, evilPage)).toMatchObject({ state: 'available' });
  });

  it('refuses a file whose domain could not be typed, naming the account, and writes nothing', async () => {
    const { h, account } = await withGithub();
    const json = await backupOf([hostileAccount({ domains: ['github.com', 'github.io'] })]);
    const refused = h['backup.preview']({ json, passphrase: FILE_PASS }, page);
    await expect(refused).rejects.toThrow(/“Totally GitHub” in this backup has a website/);
    expect(await errorCode(h['backup.import']({ json, passphrase: FILE_PASS }, page))).toBe(
      'invalid-backup',
    );
    expect((await h['accounts.get']({ id: account.id }, page)).domains).toEqual(['github.com']);
  });
});

describe('another manager’s export (accounts.import) never changes an existing account', () => {
  it('adds its own account beside the existing one; GitHub’s codes stay on github.com', async () => {
    const { h, account } = await withGithub();
    const before = await h['accounts.get']({ id: account.id }, page);
    const { added } = await h['accounts.import'](
      {
        accounts: [
          {
            site: 'GitHub',
            domains: ['github.com', 'https://Evil.Example/login'],
            username: 'octo',
            codes: [{ value: '11111-22222', used: false }],
          },
        ],
      },
      page,
    );
    expect(added.map((a) => [a.id === account.id, a.domains])).toEqual([
      [false, ['github.com', 'evil.example']],
    ]);
    expect(await h['accounts.get']({ id: account.id }, page)).toEqual(before);
    // On evil.example only the imported account's own code is offered, never GitHub's.
    const fill = filled(await h['page.claimCode']({ sandboxed: false }, evilPage));
    expect([fill.accountId, fill.code]).toEqual([added[0]!.id, '11111-22222']);
  });
});
