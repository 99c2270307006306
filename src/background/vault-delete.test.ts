/**
 * `vault.delete` needs the master passphrase as well as the word DELETE
 * (issue 9): someone at a locked browser cannot empty the vault.
 */
import { describe, expect, it } from 'vitest';
import { PASS } from '../storage/testing/vault-harness';
import { errorCode, page, withGithub } from './testing/background';

describe('vault.delete', () => {
  it('while locked, refuses DELETE without the passphrase or with a wrong one, and keeps everything', async () => {
    const { h, account } = await withGithub();
    await h['vault.lock'](undefined, page);
    for (const passphrase of [
      undefined,
      '',
      'wrong passphrase!!',
      PASS + ' ',
      PASS.toUpperCase(),
    ]) {
      const request = { confirm: 'DELETE', passphrase } as { confirm: string; passphrase: string };
      expect(await errorCode(h['vault.delete'](request, page))).toBe('wrong-passphrase');
    }
    expect(await h['vault.status'](undefined, page)).toEqual({ exists: true, unlocked: false });
    await h['vault.unlock']({ passphrase: PASS }, page);
    expect((await h['accounts.get']({ id: account.id }, page)).codes).toHaveLength(3);
  });

  it('while unlocked, a wrong passphrase neither deletes nor locks', async () => {
    const { h } = await withGithub();
    const refused = h['vault.delete'](
      { confirm: 'DELETE', passphrase: 'wrong passphrase!!' },
      page,
    );
    await expect(refused).rejects.toThrow('Wrong passphrase');
    expect(await h['vault.status'](undefined, page)).toEqual({ exists: true, unlocked: true });
    expect((await h['accounts.list'](undefined, page)).accounts).toHaveLength(1);
  });

  it('with DELETE and the master passphrase, deletes everything and locks, locked or not', async () => {
    for (const lockedFirst of [false, true]) {
      const { h } = await withGithub();
      if (lockedFirst) await h['vault.lock'](undefined, page);
      expect(await h['vault.delete']({ confirm: 'DELETE', passphrase: PASS }, page)).toEqual({
        exists: false,
        unlocked: false,
      });
      expect(await errorCode(h['vault.unlock']({ passphrase: PASS }, page))).toBe('no-vault');
    }
  });
});
