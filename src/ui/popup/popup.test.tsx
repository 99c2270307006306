// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackstopError } from '../../core/errors';
import { makeAccount, makeCodes, fakeBackground } from '../shared/testing/fake-background';
import { PopupApp } from './PopupApp';
import { FREE_ATTEMPTS } from '../shared/backoff';
import { TOUCH_INTERVAL_MS } from '../shared/session';
import {
  cleanup,
  click,
  getByLabel,
  getByRole,
  makeServices,
  MemoryStore,
  queryAllByRole,
  render,
  submit,
  textOf,
  type,
  waitFor,
} from '../shared/testing/test-utils';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('popup: no vault', () => {
  it('explains and opens the manager page', async () => {
    const bg = fakeBackground({ exists: false });
    const openManager = vi.fn(async () => {});
    const root = await render(<PopupApp />, makeServices(bg.send, { openManager }));
    expect(queryAllByRole(root, 'button', 'Unlock')).toHaveLength(0);
    await click(getByRole(root, 'button', 'Set up Backstop'));
    expect(openManager).toHaveBeenCalledTimes(1);
  });
});

describe('popup: locked', () => {
  it('unlocks with the right passphrase and shows the list', async () => {
    const bg = fakeBackground({ accounts: [makeAccount()] });
    const root = await render(<PopupApp />, makeServices(bg.send));
    await type(getByLabel(root, 'Master passphrase'), 'correct horse battery staple');
    await click(getByRole(root, 'button', 'Unlock'));
    expect(bg.callsOf('vault.unlock')).toEqual([{ passphrase: 'correct horse battery staple' }]);
    const list = getByRole(root, 'list', 'Accounts');
    expect(textOf(list)).toContain('github.com');
    expect(textOf(list)).toContain('5 left');
    getByRole(root, 'button', 'Add account');
    getByRole(root, 'button', 'Lock');
  });

  it('shows "Wrong passphrase" in an alert and stays locked', async () => {
    const bg = fakeBackground();
    const root = await render(<PopupApp />, makeServices(bg.send));
    await type(getByLabel(root, 'Master passphrase'), 'nope nope nope nope');
    await click(getByRole(root, 'button', 'Unlock'));
    const alert = getByRole(root, 'alert');
    expect(textOf(alert)).toContain('Wrong passphrase');
    expect(queryAllByRole(root, 'button', 'Lock')).toHaveLength(0);
  });

  it('shows a damaged header clearly, without blaming the passphrase', async () => {
    const bg = fakeBackground();
    bg.handlers['vault.unlock'] = () => {
      throw new BackstopError('corrupted-header', 'bad header');
    };
    const root = await render(<PopupApp />, makeServices(bg.send));
    await type(getByLabel(root, 'Master passphrase'), 'whatever whatever');
    await click(getByRole(root, 'button', 'Unlock'));
    const alert = textOf(getByRole(root, 'alert'));
    expect(alert).toMatch(/header is damaged/);
    expect(alert).not.toContain('Wrong passphrase');
  });

  it('pauses Unlock with a countdown after repeated failures, then allows it again', async () => {
    let now = 1_000_000;
    const bg = fakeBackground();
    const local = new MemoryStore();
    const root = await render(<PopupApp />, makeServices(bg.send, { now: () => now, local }));
    const input = getByLabel(root, 'Master passphrase');
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await type(input, `wrong ${i} wrong wrong`);
      await click(getByRole(root, 'button', 'Unlock'));
    }
    const button = getByRole(root, 'button', 'Unlock') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(textOf(root)).toMatch(/Try again in 5 s/);
    const polite = [...root.querySelectorAll('[aria-live="polite"]')].map(textOf).join(' ');
    expect(polite).toMatch(/paused for 5 seconds/);
    // The pause survives closing and reopening the popup.
    await render(<PopupApp />, makeServices(bg.send, { now: () => now, local }));
    expect((getByRole(document.body, 'button', 'Unlock') as HTMLButtonElement).disabled).toBe(true);
    now += 5_000;
    await waitFor(() =>
      expect((getByRole(document.body, 'button', 'Unlock') as HTMLButtonElement).disabled).toBe(
        false,
      ),
    );
    expect(bg.callsOf('vault.unlock')).toHaveLength(FREE_ATTEMPTS);
  });

  it('does not count an empty submission as an attempt', async () => {
    const bg = fakeBackground();
    const root = await render(<PopupApp />, makeServices(bg.send));
    await submit(root.querySelector('form')!);
    expect(bg.callsOf('vault.unlock')).toHaveLength(0);
    expect(textOf(getByRole(root, 'alert'))).toMatch(/Enter your passphrase/);
  });
});

describe('popup: unlocked list', () => {
  it('marks low and empty accounts, and sorts the current tab first', async () => {
    const low = makeAccount({
      site: 'Discord',
      domains: ['discord.com'],
      codes: makeCodes(['a1', 'b2', 'c3', 'd4'], [0, 1]),
    });
    const empty = makeAccount({
      site: 'Amazon',
      domains: ['amazon.com'],
      codes: makeCodes(['a1'], [0]),
    });
    const gh = makeAccount();
    const bg = fakeBackground({
      unlocked: true,
      accounts: [low, empty, gh],
      tab: { tabId: 1, domain: 'github.com', hasField: true, matchingAccountIds: [gh.id] },
    });
    const root = await render(<PopupApp />, makeServices(bg.send));
    const items = queryAllByRole(getByRole(root, 'list', 'Accounts'), 'listitem');
    expect(items.map((li) => li.querySelector('.account-site')!.textContent)).toEqual([
      'GitHub',
      'Amazon',
      'Discord',
    ]);
    expect(textOf(items[1]!)).toContain('0 left');
    expect(items[1]!.classList.contains('is-empty')).toBe(true);
    expect(textOf(items[2]!)).toContain('2 left');
    expect(items[2]!.classList.contains('is-low')).toBe(true);
    expect(items[0]!.classList.contains('is-low')).toBe(false);
    // Only the matching account offers to fill.
    expect(queryAllByRole(root, 'button', 'Fill on this page')).toHaveLength(1);
    await click(getByRole(items[0]!, 'button', 'Fill on this page'));
    expect(bg.callsOf('ui.fillActiveTab')).toEqual([{ accountId: gh.id }]);
    await waitFor(() => expect(textOf(getByRole(root, 'list', 'Accounts'))).toContain('4 left'));
  });

  it('two accounts on the page’s site: each row names its account and fills that one', async () => {
    const alice = makeAccount({
      site: 'Google',
      domains: ['google.com'],
      username: 'alice@gmail.com',
    });
    const bob = makeAccount({
      site: 'Google',
      domains: ['google.com'],
      username: 'bob@example.com',
    });
    const bg = fakeBackground({
      unlocked: true,
      accounts: [alice, bob],
      tab: {
        tabId: 1,
        domain: 'google.com',
        hasField: true,
        matchingAccountIds: [alice.id, bob.id],
      },
    });
    const root = await render(<PopupApp />, makeServices(bg.send));
    const items = queryAllByRole(getByRole(root, 'list', 'Accounts'), 'listitem');
    expect(items.map((li) => li.querySelector('.account-user')!.textContent)).toEqual([
      'alice@gmail.com',
      'bob@example.com',
    ]);
    expect(queryAllByRole(root, 'button', 'Fill on this page')).toHaveLength(2);
    await click(getByRole(items[1]!, 'button', 'Fill on this page'));
    expect(bg.callsOf('ui.fillActiveTab')).toEqual([{ accountId: bob.id }]);
  });

  it('says why nothing is offered on a page of the site that is not where it signs in', async () => {
    const google = makeAccount({ site: 'Google', domains: ['google.com'] });
    const bg = fakeBackground({
      unlocked: true,
      accounts: [google],
      tab: {
        tabId: 1,
        domain: 'google.com',
        hasField: false,
        matchingAccountIds: [google.id],
        notOffered: { site: 'Google', hosts: ['accounts.google.com'] },
      },
    });
    const root = await render(<PopupApp />, makeServices(bg.send));
    await waitFor(() =>
      expect(textOf(root.querySelector('[role=note].not-offered'))).toBe(
        'Backstop fills Google codes only on accounts.google.com.',
      ),
    );
    expect(queryAllByRole(root, 'button', 'Fill on this page')).toHaveLength(0);
  });

  it('filters by site, domain and username', async () => {
    const bg = fakeBackground({
      unlocked: true,
      accounts: [
        makeAccount(),
        makeAccount({ site: 'GitLab', domains: ['gitlab.com'], username: 'bob' }),
        makeAccount({ site: 'Instagram', domains: ['instagram.com'], username: 'carol' }),
      ],
    });
    const root = await render(<PopupApp />, makeServices(bg.send));
    const search = getByLabel(root, 'Search accounts');
    await type(search, 'git');
    expect(queryAllByRole(getByRole(root, 'list', 'Accounts'), 'listitem')).toHaveLength(2);
    await type(search, 'CAROL');
    expect(textOf(getByRole(root, 'list', 'Accounts'))).toContain('instagram.com');
    await type(search, 'gitlab.com');
    expect(queryAllByRole(getByRole(root, 'list', 'Accounts'), 'listitem')).toHaveLength(1);
    await type(search, 'zzz');
    expect(queryAllByRole(root, 'list', 'Accounts')).toHaveLength(0);
    expect(textOf(root)).toContain('Nothing matches “zzz”');
  });

  it('returns to the locked screen when the background answers "locked"', async () => {
    const bg = fakeBackground({ unlocked: true, accounts: [makeAccount()] });
    const root = await render(<PopupApp />, makeServices(bg.send));
    bg.state.unlocked = false; // auto-lock fired in the background
    await click(root.querySelector<HTMLElement>('.account-row')!);
    await waitFor(() => getByLabel(root, 'Master passphrase'));
    getByRole(root, 'button', 'Unlock');
  });

  it('locks with the Lock button', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await render(<PopupApp />, makeServices(bg.send));
    await click(getByRole(root, 'button', 'Lock'));
    expect(bg.state.unlocked).toBe(false);
    getByRole(root, 'button', 'Unlock');
  });

  it('drops the "Locked." message once the vault is unlocked again', async () => {
    const bg = fakeBackground({ unlocked: true });
    const root = await render(<PopupApp />, makeServices(bg.send));
    await click(getByRole(root, 'button', 'Lock'));
    const statusLine = () =>
      textOf(root.querySelector<HTMLElement>('.status-bar [role="status"]')!);
    expect(statusLine()).toBe('Locked.');
    await type(getByLabel(root, 'Master passphrase'), 'correct horse battery staple');
    await click(getByRole(root, 'button', 'Unlock'));
    await waitFor(() => getByRole(root, 'button', 'Lock'));
    expect(statusLine()).toBe('');
  });

  it('touches the vault on activity at most once per interval', async () => {
    let now = 5_000_000;
    const bg = fakeBackground({ unlocked: true });
    const root = await render(<PopupApp />, makeServices(bg.send, { now: () => now }));
    const key = () => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    key();
    expect(bg.callsOf('vault.touch')).toHaveLength(0); // unlocking just counted as activity
    now += TOUCH_INTERVAL_MS;
    key();
    key();
    root.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(bg.callsOf('vault.touch')).toHaveLength(1);
    now += TOUCH_INTERVAL_MS - 1;
    key();
    expect(bg.callsOf('vault.touch')).toHaveLength(1);
    now += 1;
    key();
    expect(bg.callsOf('vault.touch')).toHaveLength(2);
  });
});
