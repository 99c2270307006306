// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackground, makeAccount, makeCodes } from './testing/fake-background';
import { PopupApp } from '../popup/PopupApp';
import {
  cleanup,
  click,
  FakeClipboard,
  flush,
  getByLabel,
  getByRole,
  makeServices,
  queryAllByRole,
  render,
  textOf,
  type,
  waitFor,
} from './testing/test-utils';
import { act } from 'preact/test-utils';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const INSTAGRAM = '1234 5678\n2345 6789\n3456 7890\n4567 8901\n5678 9012';

async function openAdd(bg: ReturnType<typeof fakeBackground>) {
  const root = await render(<PopupApp />, makeServices(bg.send));
  await click(getByRole(root, 'button', 'Add account'));
  return root;
}

describe('add account', () => {
  it('previews pasted codes and saves them; the list then shows "5 left"', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'https://www.instagram.com/accounts/login/');
    await type(getByLabel(root, 'Username'), 'carol');
    await type(
      getByLabel<HTMLTextAreaElement>(root, 'Backup codes'),
      `${INSTAGRAM}\nnot a code at all 12\n1234 5678`,
    );
    const preview = textOf(root.querySelector('.codes-preview'));
    expect(preview).toContain('5 codes found');
    expect(preview).toContain('1 duplicate left out');
    expect(textOf(getByRole(root, 'list', 'Codes found'))).toContain('2345 6789');
    await click(getByRole(root, 'button', 'Save'));
    const [add] = await waitFor(() => {
      const calls = bg.callsOf('accounts.add');
      expect(calls).toHaveLength(1);
      return calls;
    });
    expect(add!.draft).toEqual({
      site: 'Instagram',
      domains: ['instagram.com'],
      hosts: [],
      username: 'carol',
      notes: '',
    });
    // Exactly the rows the preview showed, as a list: the background does not parse again.
    expect(add!.codesText).toBeUndefined();
    expect(add!.codes).toEqual(INSTAGRAM.split('\n').map((value) => ({ value, used: false })));
    await waitFor(() => expect(textOf(getByRole(root, 'list', 'Accounts'))).toContain('5 left'));
    expect(textOf(getByRole(root, 'list', 'Accounts'))).toContain('instagram.com');
  });

  it('reads an imported codes file into the form', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    const input = getByLabel(root, 'Import codes file');
    expect(input.type).toBe('file');
    const file = new File(['abcde-12345\r\nfghij-67890\r\n'], 'github-recovery-codes.txt', {
      type: 'text/plain',
    });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() =>
      expect(getByLabel<HTMLTextAreaElement>(root, 'Backup codes').value).toContain('fghij-67890'),
    );
    expect(textOf(root.querySelector('.codes-preview'))).toContain('2 codes found');
  });

  it('offers JSON, HTML and table files in the picker and reads a JSON file’s used marks', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    const input = getByLabel(root, 'Import codes file');
    for (const kind of ['.json', '.html', '.csv', '.xml', 'image/png'])
      expect(input.accept.split(',')).toContain(kind);
    const json = JSON.stringify([
      { code: '8392 1842', used: true },
      { code: '9921 0042', used: false },
    ]);
    const file = new File([json], 'codes.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() =>
      expect(textOf(root.querySelector('.codes-preview'))).toContain('2 codes found'),
    );
    const rows = [...root.querySelectorAll('.codes-preview .code-row')].map(textOf);
    expect(rows).toEqual(['8392 1842 (used)', '9921 0042']);
  });

  it('refuses to save without a website or without codes, and says why', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel<HTMLTextAreaElement>(root, 'Backup codes'), INSTAGRAM);
    await click(getByRole(root, 'button', 'Save'));
    expect(textOf(getByRole(root, 'alert'))).toMatch(/domain/);
    await type(getByLabel(root, 'Website'), 'github.com');
    await type(getByLabel<HTMLTextAreaElement>(root, 'Backup codes'), '');
    await click(getByRole(root, 'button', 'Save'));
    expect(textOf(getByRole(root, 'alert'))).toMatch(/Paste the backup codes/);
    expect(bg.callsOf('accounts.add')).toHaveLength(0);
  });

  it('shows the background’s reason when saving fails', async () => {
    const bg = fakeBackground({ unlocked: true });
    bg.handlers['accounts.add'] = () => {
      throw new (class extends Error {})('ignored');
    };
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'github.com');
    await type(getByLabel<HTMLTextAreaElement>(root, 'Backup codes'), 'abcde-12345');
    await click(getByRole(root, 'button', 'Save'));
    expect(textOf(getByRole(root, 'alert'))).toMatch(/Something went wrong/);
    getByLabel(root, 'Website'); // still on the form, nothing lost
  });
});

describe('codes preview: what is shown is what is saved', () => {
  const previewRows = (root: HTMLElement) =>
    queryAllByRole(getByRole(root, 'list', 'Codes found'), 'listitem').map(textOf);
  async function save(root: HTMLElement, bg: ReturnType<typeof fakeBackground>) {
    await click(getByRole(root, 'button', 'Save'));
    return waitFor(() => {
      const calls = bg.callsOf('accounts.add');
      expect(calls).toHaveLength(1);
      return calls[0]!;
    });
  }

  it('saves X’s single letter-only code', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'x.com');
    await type(getByLabel<HTMLTextAreaElement>(root, 'Backup codes'), 'oeknqqofqqqg');
    expect(previewRows(root)).toEqual(['oeknqqofqqqg']);
    const add = await save(root, bg);
    expect(add.codes).toEqual([{ value: 'oeknqqofqqqg', used: false }]);
    expect(bg.state.accounts[0]!.codes.map((c) => c.value)).toEqual(['oeknqqofqqqg']);
  });

  it('shows and saves a 32-character code in groups of four whole', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    const code = 'abcd efgh ijkl mnop qrst uvwx yz12 3456';
    await type(getByLabel(root, 'Website'), 'example.org');
    await type(getByLabel<HTMLTextAreaElement>(root, 'Backup codes'), code);
    expect(previewRows(root)).toEqual([code]);
    expect((await save(root, bg)).codes).toEqual([{ value: code, used: false }]);
  });

  it('“One code per line” reads each line whole, and that is what is saved', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'example.org');
    await type(
      getByLabel<HTMLTextAreaElement>(root, 'Backup codes'),
      'abcde-12345 fghij-67890\nklmno-13579 (used)',
    );
    expect(previewRows(root)).toEqual(['abcde-12345', 'fghij-67890', 'klmno-13579 (used)']);
    const oneLine = getByLabel<HTMLInputElement>(root, 'One code per line');
    expect(oneLine.type).toBe('checkbox');
    await click(oneLine);
    expect(previewRows(root)).toEqual(['abcde-12345 fghij-67890', 'klmno-13579 (used)']);
    expect((await save(root, bg)).codes).toEqual([
      { value: 'abcde-12345 fghij-67890', used: false },
      { value: 'klmno-13579', used: true },
    ]);
  });

  it('lists every line left out with its reason, and marks a code unlike the site’s', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'github.com');
    await type(
      getByLabel<HTMLTextAreaElement>(root, 'Backup codes'),
      'GitHub recovery codes for octo:\n3f9a1-7c2e4\n0b7d2-5e8f\nab_12-34567',
    );
    // The shape loads with the registry; then the short code carries a warning.
    await waitFor(() =>
      expect(textOf(root.querySelector('.codes-preview'))).toContain('Check the code'),
    );
    expect(previewRows(root)).toEqual([
      '3f9a1-7c2e4',
      '0b7d2-5e8fDoes not look like GitHub’s codes (10 digits and the letters a–f, shown as xxxxx-xxxxx): it has 9 characters, GitHub’s codes have 10.',
    ]);
    const leftOut = textOf(root.querySelector('.rejected'));
    expect(leftOut).toContain('2 lines left out');
    expect(leftOut).toContain('Line 1: GitHub recovery codes for octo: — Text, not a code.');
    expect(leftOut).toContain('Line 4: ab_12-34567 — “ab_12-34567” contains characters');
    // Saved as typed, not dropped and not “fixed”.
    expect((await save(root, bg)).codes!.map((c) => c.value)).toEqual([
      '3f9a1-7c2e4',
      '0b7d2-5e8f',
    ]);
  });

  it('says when a known site issues no backup codes', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'amazon.com');
    await waitFor(() => expect(textOf(root)).toContain('Amazon / AWS does not issue backup codes'));
  });

  it('“No backup codes found” comes with the lines and why, and nothing is sent', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await openAdd(bg);
    await type(getByLabel(root, 'Website'), 'example.org');
    await type(getByLabel<HTMLTextAreaElement>(root, 'Backup codes'), 'Keep these codes safe.');
    const preview = textOf(root.querySelector('.codes-preview'));
    expect(preview).toContain('No backup codes found in this text.');
    expect(preview).toContain('Line 1: Keep these codes safe. — Text, not a code.');
    await click(getByRole(root, 'button', 'Save'));
    expect(textOf(getByRole(root, 'alert'))).toContain('No backup codes found');
    expect(bg.callsOf('accounts.add')).toHaveLength(0);
  });
});

async function openDetail(bg: ReturnType<typeof fakeBackground>, clipboard = new FakeClipboard()) {
  const root = await render(<PopupApp />, makeServices(bg.send, { clipboard }));
  await click(root.querySelector<HTMLElement>('.account-row')!);
  await waitFor(() => getByRole(root, 'list', 'Backup codes'));
  return root;
}

describe('account detail', () => {
  it('masks codes until "Show codes", and hides them again', async () => {
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount()] });
    const root = await openDetail(bg);
    const list = () => getByRole(root, 'list', 'Backup codes');
    expect(textOf(list())).not.toContain('aaaaa-11111');
    await click(getByRole(root, 'button', 'Show codes'));
    expect(textOf(list())).toContain('aaaaa-11111');
    await click(getByRole(root, 'button', 'Hide codes'));
    expect(textOf(list())).not.toContain('aaaaa-11111');
  });

  it('marks a code used, offers Undo, and undoes it', async () => {
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount()] });
    const root = await openDetail(bg);
    const first = () => queryAllByRole(getByRole(root, 'list', 'Backup codes'), 'listitem')[0]!;
    getByRole(first(), 'button', 'Copy');
    await click(getByRole(first(), 'button', 'Mark used'));
    expect(textOf(first())).toContain('Used');
    getByRole(first(), 'button', 'Mark unused');
    expect(queryAllByRole(first(), 'button', 'Copy')).toHaveLength(0);
    expect(textOf(getByRole(root, 'status'))).toBe('Marked as used');
    expect(textOf(root)).toContain('4 of 5 left');
    await click(getByRole(root, 'button', 'Undo'));
    expect(bg.callsOf('codes.undo')).toHaveLength(1);
    getByRole(first(), 'button', 'Mark used');
    expect(textOf(root)).toContain('5 of 5 left');
  });

  it('offers the buttons each state allows, and none twice while a mark is on its way', async () => {
    const codes = makeCodes(['unus-1111', 'fill-2222', 'used-3333'], [2]);
    codes[1] = { ...codes[1]!, state: 'filled', changedAt: 1_700_000_000_000 };
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount({ codes })] });
    const root = await openDetail(bg);
    const items = () => queryAllByRole(getByRole(root, 'list', 'Backup codes'), 'listitem');
    const names = (item: HTMLElement) =>
      queryAllByRole(item, 'button').map((b) => b.textContent?.trim());
    expect(items().map(names)).toEqual([
      ['Mark used', 'Copy'],
      ['Mark used', 'Mark unused'],
      ['Mark unused'],
    ]);
    expect(textOf(items()[1]!)).toContain('Filled');
    expect(textOf(items()[2]!)).toContain('Used');
    // While one mark waits for the background, no Mark button can send another.
    let release!: () => void;
    const plain = bg.handlers['codes.mark']!;
    bg.handlers['codes.mark'] = async (p) => {
      await new Promise<void>((r) => (release = r));
      return plain(p);
    };
    await click(getByRole(items()[0]!, 'button', 'Mark used'));
    const marks = items().flatMap((item) =>
      queryAllByRole(item, 'button').filter((b) => b.textContent?.startsWith('Mark')),
    );
    expect(marks.map((b) => (b as HTMLButtonElement).disabled)).toEqual([true, true, true, true]);
    await act(async () => release());
    await flush();
    expect(bg.callsOf('codes.mark')).toHaveLength(1);
    expect(names(items()[0]!)).toEqual(['Mark unused']);
  });

  it('marks a used code unused', async () => {
    const bg = fakeBackground({
      unlocked: true,
      accounts: [makeAccount({ codes: makeCodes(['x1y2z3', 'q9w8e7'], [1]) })],
    });
    const root = await openDetail(bg);
    const second = queryAllByRole(getByRole(root, 'list', 'Backup codes'), 'listitem')[1]!;
    expect(textOf(second)).toMatch(/Used .*github\.com/);
    await click(getByRole(second, 'button', 'Mark unused'));
    expect(bg.callsOf('codes.mark')[0]).toMatchObject({ used: false });
    expect(textOf(getByRole(root, 'status'))).toBe('Marked as unused');
  });

  it('copies a code and clears the clipboard after the configured delay if unchanged', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const clipboard = new FakeClipboard();
    const bg = fakeBackground({
      unlocked: true,
      accounts: [makeAccount()],
      settings: {
        autoLockMinutes: 15,
        clipboardClearSeconds: 20,
        lowCodesThreshold: 3,
        language: '',
      },
    });
    const root = await openDetailWithTimers(bg, clipboard);
    const first = queryAllByRole(getByRole(root, 'list', 'Backup codes'), 'listitem')[0]!;
    await act(() => getByRole(first, 'button', 'Copy').click());
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10);
    });
    expect(clipboard.text).toBe('aaaaa-11111');
    expect(textOf(getByRole(root, 'status'))).toContain('clears in 20 s');
    // The background is told too: it clears after this page has closed.
    expect(bg.callsOf('ui.copied')).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(19_000);
    });
    expect(clipboard.text).toBe('aaaaa-11111');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_500);
    });
    expect(clipboard.text).toBe('');
  });

  it('replaces the codes, keeping the old set under Archived sets', async () => {
    const bg = fakeBackground({
      unlocked: true,
      accounts: [makeAccount({ codes: makeCodes(['old-1111', 'old-2222'], [0, 1]) })],
    });
    const root = await openDetail(bg);
    expect(textOf(root)).toContain('No codes left.');
    await click(getByRole(root, 'button', 'Replace codes'));
    await type(
      getByLabel<HTMLTextAreaElement>(root, 'New backup codes'),
      'new11-22222\nnew33-44444\nnew55-66666',
    );
    expect(textOf(root.querySelector('.codes-preview'))).toContain('3 codes found');
    await click(getByRole(root, 'button', 'Replace codes'));
    expect(bg.callsOf('codes.replace')).toHaveLength(1);
    expect(bg.callsOf('codes.replace')[0]!.codes!.map((c) => c.value)).toEqual([
      'new11-22222',
      'new33-44444',
      'new55-66666',
    ]);
    expect(textOf(root)).toContain('3 of 3 left');
    expect(textOf(root)).toContain('Archived sets (1)');
  });

  it('pins exact hosts under More options, shown again when editing', async () => {
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount()] });
    const root = await openDetail(bg);
    await click(getByRole(root, 'button', 'Edit'));
    const pins = getByLabel(root, 'Fill only on (optional)');
    expect(pins.value).toBe('');
    await type(pins, 'github.com, Login.GitHub.com  enterprise.github.com');
    await click(getByRole(root, 'button', 'Save'));
    // Sent as typed, one entry each; the background normalizes and checks them.
    expect(bg.callsOf('accounts.update')[0]!.draft.hosts).toEqual([
      'github.com',
      'Login.GitHub.com',
      'enterprise.github.com',
    ]);
    // The saved pins (this fake keeps them as sent) fill the field again.
    await click(getByRole(root, 'button', 'Edit'));
    expect(getByLabel(root, 'Fill only on (optional)').value).toBe(
      'github.com, Login.GitHub.com, enterprise.github.com',
    );
    expect(root.querySelector<HTMLDetailsElement>('details.more-fields')!.open).toBe(true);
  });

  it('edits an account and deletes it after confirmation', async () => {
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount()] });
    const root = await openDetail(bg);
    await click(getByRole(root, 'button', 'Edit'));
    expect(getByLabel(root, 'Website').value).toBe('github.com');
    expect(
      queryAllByRole(root, 'textbox').some(
        (e) => e.id && textOf(document.querySelector(`label[for="${e.id}"]`)) === 'Backup codes',
      ),
    ).toBe(false);
    await type(getByLabel(root, 'Username'), 'alice@example.com');
    await click(getByRole(root, 'button', 'Save'));
    expect(bg.callsOf('accounts.update')[0]!.draft.username).toBe('alice@example.com');
    await click(getByRole(root, 'button', 'Edit'));
    await click(getByRole(root, 'button', 'Delete account'));
    expect(bg.callsOf('accounts.delete')).toHaveLength(0);
    await click(getByRole(root, 'button', 'Delete'));
    expect(bg.state.accounts).toHaveLength(0);
    await waitFor(() => expect(textOf(root)).toContain('No accounts yet'));
  });
});

async function openDetailWithTimers(
  bg: ReturnType<typeof fakeBackground>,
  clipboard: FakeClipboard,
) {
  const root = await renderWithTimers(bg, clipboard);
  await act(() => root.querySelector<HTMLElement>('.account-row')!.click());
  for (let i = 0; i < 10; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5);
    });
  }
  getByRole(root, 'list', 'Backup codes');
  return root;
}

async function renderWithTimers(bg: ReturnType<typeof fakeBackground>, clipboard: FakeClipboard) {
  const { render: preactRender } = await import('preact');
  const { ServicesProvider } = await import('./services');
  const el = document.createElement('div');
  document.body.append(el);
  await act(() => {
    preactRender(
      <ServicesProvider services={makeServices(bg.send, { clipboard })}>
        <PopupApp />
      </ServicesProvider>,
      el,
    );
  });
  for (let i = 0; i < 10; i++) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5);
    });
  }
  void flush;
  return el;
}
