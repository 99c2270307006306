// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackground, makeAccount, makeCodes } from '../shared/testing/fake-background';
import {
  cleanup,
  click,
  getByLabel,
  getByRole,
  makeServices,
  queryAllByRole,
  render,
  select,
  textOf,
  type,
  waitFor,
} from '../shared/testing/test-utils';
import { act } from 'preact/test-utils';
import { ManagerApp } from './ManagerApp';

afterEach(() => cleanup());

const GOOD = 'lantern orbit velvet canyon';

describe('create vault', () => {
  async function setup() {
    const bg = fakeBackground({ exists: false });
    const root = await render(<ManagerApp />, makeServices(bg.send));
    return { bg, root };
  }

  it('warns in plain words that a forgotten passphrase cannot be recovered', async () => {
    const { root } = await setup();
    expect(textOf(root)).toMatch(/no way to recover a forgotten passphrase/i);
  });

  it('refuses a passphrase shorter than 12 characters', async () => {
    const { bg, root } = await setup();
    await type(getByLabel(root, 'Master passphrase'), 'short pass');
    await type(getByLabel(root, 'Confirm passphrase'), 'short pass');
    await click(getByRole(root, 'button', 'Create vault'));
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toMatch(/at least 12 characters/));
    expect(bg.callsOf('vault.create')).toHaveLength(0);
  });

  it('refuses mismatched confirmation and an easily guessed passphrase', async () => {
    const { bg, root } = await setup();
    await type(getByLabel(root, 'Master passphrase'), GOOD);
    await type(getByLabel(root, 'Confirm passphrase'), `${GOOD}x`);
    await click(getByRole(root, 'button', 'Create vault'));
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toMatch(/not the same/));
    await type(getByLabel(root, 'Master passphrase'), 'password1234');
    await type(getByLabel(root, 'Confirm passphrase'), 'password1234');
    await click(getByRole(root, 'button', 'Create vault'));
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toMatch(/too easy to guess/));
    expect(bg.callsOf('vault.create')).toHaveLength(0);
  });

  it('shows strength feedback while typing', async () => {
    const { root } = await setup();
    await type(getByLabel(root, 'Master passphrase'), 'aaaaaaaaaaaaaa');
    await waitFor(() =>
      expect(textOf(root.querySelector('.strength'))).toMatch(/Strength: (very weak|weak)/),
    );
    await type(getByLabel(root, 'Master passphrase'), GOOD);
    await waitFor(() =>
      expect(textOf(root.querySelector('.strength'))).toMatch(/Strength: (strong|very strong)/),
    );
  });

  it('creates the vault, then nudges to export a backup', async () => {
    const { bg, root } = await setup();
    await type(getByLabel(root, 'Master passphrase'), GOOD);
    await type(getByLabel(root, 'Confirm passphrase'), GOOD);
    await click(getByRole(root, 'button', 'Create vault'));
    await waitFor(() => expect(bg.callsOf('vault.create')).toEqual([{ passphrase: GOOD }]));
    await waitFor(() => getByRole(root, 'button', 'Back up now'));
    await click(getByRole(root, 'button', 'Back up now'));
    expect(document.activeElement).toBe(getByRole(root, 'button', 'Export encrypted backup'));
  });
});

describe('manager: unlocked', () => {
  async function setup(over: Parameters<typeof fakeBackground>[0] = {}) {
    const download = vi.fn();
    const print = vi.fn();
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount()], ...over });
    const root = await render(<ManagerApp />, makeServices(bg.send, { download, print }));
    return { bg, root, download, print };
  }

  it('exports with a confirmed file passphrase and downloads the file', async () => {
    const { bg, root, download } = await setup();
    await click(getByRole(root, 'button', 'Export encrypted backup'));
    expect(textOf(getByRole(root, 'alert'))).toMatch(/at least 12 characters/);
    await type(getByLabel(root, 'File passphrase'), 'a separate long phrase');
    await type(getByLabel(root, 'Repeat file passphrase'), 'a separate long phrasx');
    await click(getByRole(root, 'button', 'Export encrypted backup'));
    expect(textOf(getByRole(root, 'alert'))).toMatch(/not the same/);
    expect(bg.callsOf('backup.export')).toHaveLength(0);
    await type(getByLabel(root, 'Repeat file passphrase'), 'a separate long phrase');
    await click(getByRole(root, 'button', 'Export encrypted backup'));
    expect(bg.callsOf('backup.export')).toEqual([{ passphrase: 'a separate long phrase' }]);
    expect(download).toHaveBeenCalledWith(
      'backstop-backup.json',
      expect.stringContaining('"fake"'),
      'application/json',
    );
    expect(getByLabel(root, 'File passphrase').value).toBe('');
  });

  it('imports: file + passphrase → preview → confirm', async () => {
    const { bg, root } = await setup({
      preview: {
        added: [{ site: 'GitLab', domains: ['gitlab.com'], username: 'bob', codes: 10 }],
        merged: [
          {
            accountId: 'a'.repeat(32),
            site: 'GitHub',
            username: 'alice',
            newCodes: 0,
            newlyUsed: 2,
            newDomains: [],
          },
        ],
        unchanged: 3,
        fileVersion: 1,
      },
    });
    const file = getByLabel(root, 'Backup file');
    Object.defineProperty(file, 'files', {
      value: [new File(['{"format":"x"}'], 'b.json')],
      configurable: true,
    });
    await act(() => {
      file.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await type(getByLabel(root, 'Backup passphrase'), 'wrong wrong wrong');
    await click(getByRole(root, 'button', 'Import backup'));
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toContain('Wrong passphrase'));
    await type(getByLabel(root, 'Backup passphrase'), bg.state.passphrase);
    await click(getByRole(root, 'button', 'Import backup'));
    await waitFor(() => expect(bg.callsOf('backup.preview')).toHaveLength(2));
    expect(bg.callsOf('backup.preview')[1]).toEqual({
      json: '{"format":"x"}',
      passphrase: bg.state.passphrase,
    });
    const preview = textOf(root.querySelector('.import-preview'));
    expect(preview).toContain('1 new account');
    expect(preview).toContain('GitLab');
    expect(preview).toContain('2 newly marked used');
    expect(preview).toContain('3 accounts are already up to date');
    // A version 1 file: its list of accounts is not authenticated, and the page says so.
    expect(preview).toContain('older Backstop (format 1), which does not protect its list');
    expect(bg.callsOf('backup.import')).toHaveLength(0);
    await click(getByRole(root, 'button', 'Confirm import'));
    expect(bg.callsOf('backup.import')).toHaveLength(1);
    expect(textOf(getByRole(root, 'status'))).toContain('1 added, 1 updated');
  });

  it('names each domain a backup would add to an account; only ticked ones are sent', async () => {
    const accountId = 'a'.repeat(32);
    const { bg, root } = await setup({
      preview: {
        added: [],
        merged: [
          {
            accountId,
            site: 'GitHub',
            username: 'alice',
            newCodes: 0,
            newlyUsed: 0,
            newDomains: ['evil.example', 'ghe.example'],
          },
        ],
        unchanged: 0,
        fileVersion: 2,
      },
    });
    const file = getByLabel(root, 'Backup file');
    Object.defineProperty(file, 'files', {
      value: [new File(['{"format":"x"}'], 'b.json')],
      configurable: true,
    });
    await act(() => {
      file.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const preview = async () => {
      await type(getByLabel(root, 'Backup passphrase'), bg.state.passphrase);
      await click(getByRole(root, 'button', 'Import backup'));
      await waitFor(() => expect(root.querySelector('.import-preview')).not.toBeNull());
    };
    await preview();
    expect(textOf(root.querySelector('.import-preview'))).not.toContain('format 1');
    const group = getByRole(root, 'group', 'Websites this backup adds to GitHub · alice');
    expect(textOf(group)).toContain('unticked websites are not added');
    const evil = getByLabel(group, 'Also fill GitHub · alice codes on evil.example');
    const ghe = getByLabel(group, 'Also fill GitHub · alice codes on ghe.example');
    expect([evil.checked, ghe.checked]).toEqual([false, false]);
    // Untouched: nothing is added.
    await click(getByRole(root, 'button', 'Confirm import'));
    expect(bg.callsOf('backup.import').at(-1)).toEqual({
      json: '{"format":"x"}',
      passphrase: bg.state.passphrase,
      addDomains: [],
    });
    // Ticked (then one unticked again): exactly that one domain for that account.
    Object.defineProperty(file, 'files', {
      value: [new File(['{"format":"x"}'], 'b.json')],
      configurable: true,
    });
    await act(() => {
      file.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await preview();
    await click(getByLabel(root, 'Also fill GitHub · alice codes on evil.example'));
    await click(getByLabel(root, 'Also fill GitHub · alice codes on ghe.example'));
    await click(getByLabel(root, 'Also fill GitHub · alice codes on evil.example'));
    await click(getByRole(root, 'button', 'Confirm import'));
    expect(bg.callsOf('backup.import').at(-1)).toEqual({
      json: '{"format":"x"}',
      passphrase: bg.state.passphrase,
      addDomains: [{ accountId, domain: 'ghe.example' }],
    });
  });

  it('shows the plaintext copy only after an explicit warning, and prints it', async () => {
    const { bg, root, print } = await setup({
      accounts: [makeAccount({ codes: makeCodes(['aaaaa-11111', 'bbbbb-22222'], [1]) })],
    });
    await click(getByRole(root, 'button', 'Print codes on paper…'));
    expect(bg.callsOf('backup.plaintext')).toHaveLength(0);
    expect(textOf(root)).toMatch(/every code unencrypted/);
    await click(getByRole(root, 'button', 'Show printable page'));
    expect(bg.callsOf('backup.plaintext')).toEqual([{ confirm: true }]);
    const sheet = textOf(root.querySelector('.print-sheet'));
    expect(sheet).toContain('aaaaa-11111');
    expect(sheet).toMatch(/bbbbb-22222 Used/);
    await click(getByRole(root, 'button', 'Print'));
    expect(print).toHaveBeenCalledTimes(1);
    await click(getByRole(root, 'button', 'Close'));
    expect(root.querySelector('.print-sheet')).toBeNull();
  });

  it('saves auto-lock, including "Only when the browser restarts" as null', async () => {
    const { bg, root } = await setup();
    const autoLock = getByLabel<HTMLSelectElement>(root, 'Auto-lock after');
    expect(autoLock.value).toBe('15');
    expect([...autoLock.options].map((o) => o.textContent)).toEqual([
      '1 minute',
      '5 minutes',
      '15 minutes',
      '1 hour',
      'Only when the browser restarts',
    ]);
    await select(autoLock, 'restart');
    await select(autoLock, '1');
    await select(getByLabel<HTMLSelectElement>(root, 'Clear copied codes after'), '60');
    expect(bg.callsOf('settings.set')).toEqual([
      { autoLockMinutes: null },
      { autoLockMinutes: 1 },
      { clipboardClearSeconds: 60 },
    ]);
    expect(bg.state.settings.clipboardClearSeconds).toBe(60);
  });

  it('changes the passphrase after checking the new one', async () => {
    const { bg, root } = await setup();
    await type(getByLabel(root, 'Current passphrase'), bg.state.passphrase);
    await type(getByLabel(root, 'New passphrase'), GOOD);
    await type(getByLabel(root, 'Confirm new passphrase'), 'different');
    await click(getByRole(root, 'button', 'Change passphrase'));
    await waitFor(() => expect(textOf(root)).toMatch(/not the same/));
    await type(getByLabel(root, 'Confirm new passphrase'), GOOD);
    await click(getByRole(root, 'button', 'Change passphrase'));
    await waitFor(() => expect(bg.state.passphrase).toBe(GOOD));
    expect(textOf(getByRole(root, 'status'))).toBe('Passphrase changed.');
    expect(bg.callsOf('vault.changePassphrase').map((c) => c.reencrypt)).toEqual([false]);
  });

  it('"Change passphrase and re-encrypt everything" asks for a new data key too', async () => {
    const { bg, root } = await setup();
    await type(getByLabel(root, 'Current passphrase'), bg.state.passphrase);
    await type(getByLabel(root, 'New passphrase'), GOOD);
    await type(getByLabel(root, 'Confirm new passphrase'), GOOD);
    await click(getByRole(root, 'button', 'Change passphrase and re-encrypt everything'));
    await waitFor(() => expect(bg.state.passphrase).toBe(GOOD));
    expect(bg.callsOf('vault.changePassphrase')).toEqual([
      { current: 'correct horse battery staple', next: GOOD, reencrypt: true },
    ]);
    expect(textOf(getByRole(root, 'status'))).toBe(
      'Passphrase changed, and everything re-encrypted with a new key.',
    );
  });

  it('deletes the vault only after DELETE and the master passphrase, then offers to create one', async () => {
    const { bg, root } = await setup();
    const button = () => getByRole(root, 'button', 'Delete vault') as HTMLButtonElement;
    expect(button().disabled).toBe(true);
    await type(getByLabel(root, 'Type DELETE to confirm'), 'delete');
    expect(button().disabled).toBe(true);
    await type(getByLabel(root, 'Type DELETE to confirm'), 'DELETE');
    await click(button());
    expect(textOf(getByRole(root, 'alert'))).toBe(
      "Enter the vault's master passphrase to delete it.",
    );
    expect(bg.callsOf('vault.delete')).toEqual([]);
    await type(getByLabel(root, 'Vault passphrase'), 'not the passphrase');
    await click(button());
    await waitFor(() => expect(textOf(getByRole(root, 'alert'))).toContain('Wrong passphrase'));
    expect(bg.state.exists).toBe(true);
    await type(getByLabel(root, 'Vault passphrase'), bg.state.passphrase);
    await click(button());
    expect(bg.callsOf('vault.delete')).toEqual([
      { confirm: 'DELETE', passphrase: 'not the passphrase' },
      { confirm: 'DELETE', passphrase: bg.state.passphrase },
    ]);
    await waitFor(() => getByRole(root, 'button', 'Create vault'));
  });

  it('keeps the list beside the open account', async () => {
    const { root } = await setup();
    await click(root.querySelector<HTMLElement>('.account-row')!);
    await waitFor(() => getByRole(root, 'list', 'Backup codes'));
    getByRole(root, 'list', 'Accounts');
    expect(queryAllByRole(root, 'button', 'Back')).toHaveLength(0);
  });
});
