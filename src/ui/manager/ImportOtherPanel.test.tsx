// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { BackstopError } from '../../core/errors';
import { fakeBackground, makeAccount } from '../shared/testing/fake-background';
import {
  cleanup,
  click,
  getByLabel,
  getByRole,
  makeServices,
  queryAllByRole,
  render,
  textOf,
  type,
  waitFor,
} from '../shared/testing/test-utils';
import { ManagerApp } from './ManagerApp';

afterEach(() => cleanup());

const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/managers',
);
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));
const LABEL = 'Import from another password manager';

async function setup() {
  const bg = fakeBackground({ exists: true, unlocked: true, accounts: [makeAccount()] });
  const root = await render(<ManagerApp />, makeServices(bg.send));
  await waitFor(() => getByLabel(root, LABEL));
  return { bg, root };
}

async function choose(root: HTMLElement, name: string, content: BlobPart) {
  const input = getByLabel(root, LABEL);
  Object.defineProperty(input, 'files', { value: [new File([content], name)], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const websiteInput = (root: HTMLElement, name: string) =>
  getByRole(root, 'textbox', name) as HTMLInputElement;

const checkbox = (root: HTMLElement, title: string) =>
  getByRole(root, 'checkbox', `Import ${title}`) as HTMLInputElement;

describe('import from another password manager', () => {
  it('previews what was found before anything is saved, then adds the ticked items', async () => {
    const { bg, root } = await setup();
    await choose(root, 'bitwarden_export_20240501.json', fixture('bitwarden/export.json'));
    await waitFor(() => expect(textOf(root)).toContain('Bitwarden (JSON) export'));
    expect(textOf(root)).toContain('Backup codes were found in 4 items.');
    expect(textOf(root)).toContain('4 items had no backup codes.');
    // Nothing is saved by looking.
    expect(bg.calls).not.toContainEqual(expect.objectContaining({ name: 'accounts.import' }));

    for (const title of ['GitHub', 'Google (personal)', 'Discord', 'GitLab recovery codes']) {
      expect(checkbox(root, title).checked).toBe(true);
    }
    const table = textOf(root.querySelector('table'));
    expect(table).toContain('github.com');
    expect(table).toContain('5 codes · 1 used');
    expect(table).toContain('Field “Wiederherstellungscodes”');
    // No website in the export: an inline input, prefilled from the title.
    const website = websiteInput(root, 'Website for GitLab recovery codes');
    expect(website.value).toBe('gitlab.com');
    expect(table).toContain('Needs a website');
    // Traps never reach the preview.
    expect(table).not.toContain('Bank');
    expect(table).not.toContain('Visa');

    await act(() => {
      checkbox(root, 'Discord').click();
    });
    await type(website, 'https://gitlab.com/users/sign_in');
    await click(getByRole(root, 'button', 'Import selected'));

    // One message carries every ticked item, codes and used marks as data.
    const [sent, ...more] = bg.callsOf('accounts.import');
    expect(more).toHaveLength(0);
    expect(sent!.accounts.map(({ codes: _codes, ...rest }) => rest)).toEqual([
      { site: 'GitHub', domains: ['github.com'], username: 'alice@example.com' },
      { site: 'Google (personal)', domains: ['google.com'], username: 'alice.personal@gmail.com' },
      {
        site: 'GitLab recovery codes',
        domains: ['https://gitlab.com/users/sign_in'],
        username: '',
      },
    ]);
    expect(sent!.accounts[0]!.codes).toEqual([
      { value: '4f9a2-c81de', used: false },
      { value: '7b3e0-19fa4', used: true },
      { value: '0c5d7-e2b91', used: false },
      { value: '9a1f3-5d6c8', used: false },
      { value: 'd8e27-03b4a', used: false },
    ]);
    expect(JSON.stringify(sent)).not.toContain('hunter2');
    // Nothing goes the old way: no codes printed as text, no marks set afterwards.
    expect(bg.callsOf('accounts.add')).toHaveLength(0);
    expect(bg.callsOf('codes.mark')).toHaveLength(0);
    const github = bg.state.accounts.find(
      (a) => a.site === 'GitHub' && a.username === 'alice@example.com',
    )!;
    expect(github.codes.filter((c) => c.state === 'used').map((c) => c.value)).toEqual([
      '7b3e0-19fa4',
    ]);
    expect(textOf(getByRole(root, 'status'))).toContain('Imported 3 accounts.');
    // Done: the preview is gone and the file input is back.
    expect(root.querySelector('table')).toBeNull();
    getByLabel(root, LABEL);
  });

  it('sends the used marks of a CSV export as data, for every item at once', async () => {
    const { bg, root } = await setup();
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    await type(websiteInput(root, 'Website for Mastodon'), 'mastodon.social');
    await click(getByRole(root, 'button', 'Import selected'));
    const sent = bg.callsOf('accounts.import');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.accounts).toHaveLength(3);
    const used = sent[0]!.accounts.flatMap((a) => a.codes).filter((c) => c.used);
    expect(used.map((c) => c.value).sort()).toEqual(['2b7d4-91ce6', 'c58f2a0e9d7b1436']);
    const stored = bg.state.accounts.flatMap((a) => a.codes).filter((c) => c.state === 'used');
    expect(stored.map((c) => c.value).sort()).toEqual(['2b7d4-91ce6', 'c58f2a0e9d7b1436']);
    expect(textOf(getByRole(root, 'status'))).toContain('Imported 3 accounts.');
  });

  it('asks for a website before saving anything when an item has none', async () => {
    const { bg, root } = await setup();
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    await click(getByRole(root, 'button', 'Import selected'));
    expect(textOf(getByRole(root, 'alert'))).toContain('Enter the website for “Mastodon”.');
    expect(websiteInput(root, 'Website for Mastodon').getAttribute('aria-invalid')).toBe('true');
    expect(bg.callsOf('accounts.import')).toHaveLength(0);
  });

  it('says which website is wrong and imports nothing until it is fixed', async () => {
    const { bg, root } = await setup();
    const before = bg.state.accounts.length;
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    for (const [typed, reason] of [
      ['not a site', '“not a site” is not a valid domain or web address.'],
      ['co.uk', '“co.uk” is shared by many unrelated sites'],
      ['javascript:alert(1)', 'Enter a web address (https://…) or a domain such as github.com.'],
    ]) {
      await type(websiteInput(root, 'Website for Mastodon'), typed!);
      await click(getByRole(root, 'button', 'Import selected'));
      expect(textOf(getByRole(root, 'alert')), typed).toContain(reason!);
      expect(textOf(root.querySelector('table')), typed).toContain(reason!);
      expect(websiteInput(root, 'Website for Mastodon').getAttribute('aria-invalid')).toBe('true');
    }
    expect(bg.callsOf('accounts.import')).toHaveLength(0);
    expect(bg.state.accounts).toHaveLength(before);
    await type(websiteInput(root, 'Website for Mastodon'), 'mastodon.social');
    await click(getByRole(root, 'button', 'Import selected'));
    expect(bg.callsOf('accounts.import')).toHaveLength(1);
    expect(bg.state.accounts).toHaveLength(before + 3);
    expect(textOf(getByRole(root, 'status'))).toContain('Imported 3 accounts.');
  });

  it('keeps every row when the background refuses the import, and can try again', async () => {
    const { bg, root } = await setup();
    const before = bg.state.accounts.length;
    const plain = bg.handlers['accounts.import']!;
    bg.handlers['accounts.import'] = () => {
      throw new BackstopError(
        'invalid-input',
        '“Instagram”, code 3, is not a single backup code. Nothing was imported.',
      );
    };
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    await type(websiteInput(root, 'Website for Mastodon'), 'mastodon.social');
    await click(getByRole(root, 'button', 'Import selected'));
    expect(textOf(getByRole(root, 'alert'))).toBe(
      '“Instagram”, code 3, is not a single backup code. Nothing was imported.',
    );
    expect(queryAllByRole(root, 'checkbox')).toHaveLength(3);
    expect(bg.state.accounts).toHaveLength(before);
    expect(textOf(getByRole(root, 'status'))).not.toContain('Imported');
    bg.handlers['accounts.import'] = plain;
    await click(getByRole(root, 'button', 'Import selected'));
    expect(bg.state.accounts).toHaveLength(before + 3);
    expect(textOf(getByRole(root, 'status'))).toContain('Imported 3 accounts.');
    expect(root.querySelector('table')).toBeNull();
  });

  it('explains an encrypted export and shows no preview', async () => {
    const { bg, root } = await setup();
    await choose(root, 'bitwarden_encrypted_export.json', fixture('bitwarden/encrypted.json'));
    await waitFor(() =>
      expect(textOf(getByRole(root, 'alert'))).toBe(
        'This Bitwarden export is encrypted; export it as unencrypted JSON, import, then delete the file.',
      ),
    );
    expect(root.querySelector('table')).toBeNull();
    expect(bg.callsOf('accounts.import')).toHaveLength(0);
  });

  it('says so when a file has no codes, and Cancel drops the preview', async () => {
    const { bg, root } = await setup();
    await choose(
      root,
      'export.csv',
      'name,url,notes\nForum,https://forum.example.org,Recovery email: a@b.example\n',
    );
    await waitFor(() => expect(textOf(root)).toContain('No backup codes were found in this file.'));
    expect(textOf(root)).toContain('1 item had no backup codes.');
    expect(queryAllByRole(root, 'button', 'Import selected')).toHaveLength(0);
    await click(getByRole(root, 'button', 'Cancel'));
    getByLabel(root, LABEL);
    expect(bg.callsOf('accounts.import')).toHaveLength(0);
  });

  it('refuses the import button when nothing is ticked', async () => {
    const { root } = await setup();
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    for (const title of ['GitHub', 'Mastodon', 'Instagram']) {
      await act(() => {
        checkbox(root, title).click();
      });
    }
    expect((getByRole(root, 'button', 'Import selected') as HTMLButtonElement).disabled).toBe(true);
  });
});
