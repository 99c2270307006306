// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { BackstopError } from '../../core/errors';
import { fakeBackground, makeAccount } from '../shared/fake-background';
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
} from '../shared/test-utils';
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
    expect(bg.callsOf('accounts.add')).toHaveLength(0);

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

    const adds = bg.callsOf('accounts.add');
    expect(adds.map((a) => a.draft)).toEqual([
      { site: 'GitHub', domains: ['github.com'], username: 'alice@example.com', notes: '' },
      {
        site: 'Google (personal)',
        domains: ['google.com'],
        username: 'alice.personal@gmail.com',
        notes: '',
      },
      {
        site: 'GitLab recovery codes',
        domains: ['https://gitlab.com/users/sign_in'],
        username: '',
        notes: '',
      },
    ]);
    // The codes go as the list that was read, used marks included; nothing is re-parsed.
    expect(adds[0]!.codesText).toBeUndefined();
    expect(adds[0]!.codes).toEqual([
      { value: '4f9a2-c81de', used: false },
      { value: '7b3e0-19fa4', used: true },
      { value: '0c5d7-e2b91', used: false },
      { value: '9a1f3-5d6c8', used: false },
      { value: 'd8e27-03b4a', used: false },
    ]);
    expect(adds.some((a) => a.codes!.some((c) => c.value.includes('hunter2')))).toBe(false);
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

  it('marks used codes afterwards when the added account did not keep the marks', async () => {
    const { bg, root } = await setup();
    const plainAdd = bg.handlers['accounts.add']!;
    bg.handlers['accounts.add'] = (payload) =>
      plainAdd({ draft: payload.draft, codes: payload.codes!.map((c) => ({ ...c, used: false })) });
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    await type(websiteInput(root, 'Website for Mastodon'), 'mastodon.social');
    await click(getByRole(root, 'button', 'Import selected'));
    expect(bg.callsOf('accounts.add')).toHaveLength(3);
    const marks = bg.callsOf('codes.mark');
    expect(marks).toHaveLength(2);
    expect(marks.every((m) => m.used)).toBe(true);
    const used = bg.state.accounts.flatMap((a) => a.codes).filter((c) => c.state === 'used');
    expect(used.map((c) => c.value).sort()).toEqual(['2b7d4-91ce6', 'c58f2a0e9d7b1436']);
  });

  it('asks for a website before saving anything when an item has none', async () => {
    const { bg, root } = await setup();
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    await click(getByRole(root, 'button', 'Import selected'));
    expect(textOf(getByRole(root, 'alert'))).toContain('Enter the website for “Mastodon”.');
    expect(websiteInput(root, 'Website for Mastodon').getAttribute('aria-invalid')).toBe('true');
    expect(bg.callsOf('accounts.add')).toHaveLength(0);
  });

  it('keeps the items that failed, with the reason, and imports the others', async () => {
    const { bg, root } = await setup();
    const plainAdd = bg.handlers['accounts.add']!;
    bg.handlers['accounts.add'] = (payload) => {
      if (payload.draft.domains[0] === 'not a site') {
        throw new BackstopError(
          'invalid-input',
          '“not a site” is not a valid domain or web address.',
        );
      }
      return plainAdd(payload);
    };
    await choose(root, 'export.csv', fixture('bitwarden/export.csv'));
    await waitFor(() => getByRole(root, 'button', 'Import selected'));
    await type(websiteInput(root, 'Website for Mastodon'), 'not a site');
    await click(getByRole(root, 'button', 'Import selected'));
    expect(bg.callsOf('accounts.add')).toHaveLength(3);
    expect(textOf(getByRole(root, 'alert'))).toContain('1 item could not be imported');
    expect(queryAllByRole(root, 'checkbox')).toHaveLength(1);
    expect(textOf(root.querySelector('table'))).toContain('is not a valid domain or web address');
    expect(textOf(getByRole(root, 'status'))).toContain('Imported 2 accounts.');
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
    expect(bg.callsOf('accounts.add')).toHaveLength(0);
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
    expect(bg.callsOf('accounts.add')).toHaveLength(0);
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
