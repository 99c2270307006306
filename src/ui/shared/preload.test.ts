import { describe, expect, it, vi } from 'vitest';
import { BackstopError } from '../../core/errors';
import type { MessageName } from '../../messages';
import { PRELOAD_MAX_AGE_MS, preloadingSend } from './preload';
import type { SendFn } from './services';

/** A background that counts calls and answers with the call number. */
function counter() {
  const calls: string[] = [];
  const send = vi.fn(async (name: MessageName) => {
    calls.push(name);
    if (name === 'accounts.list' && calls.filter((c) => c === 'vault.unlock').length === 0) {
      throw new BackstopError('locked', 'locked');
    }
    return `${name}#${calls.length}`;
  }) as unknown as SendFn;
  return { send, calls };
}

/** What a page's entry does: send the reads before the UI exists. */
function early(send: SendFn, names: MessageName[]): Map<MessageName, Promise<unknown>> {
  return new Map(names.map((n) => [n, (send as (m: MessageName) => Promise<unknown>)(n)]));
}

describe('preloadingSend', () => {
  it('serves each early answer once', async () => {
    const bg = counter();
    const send = preloadingSend(bg.send, early(bg.send, ['vault.status', 'ui.tabContext']));
    expect(bg.calls).toEqual(['vault.status', 'ui.tabContext']);
    expect(await send('vault.status')).toBe('vault.status#1');
    expect(bg.calls).toHaveLength(2);
    // The second call asks the background again.
    expect(await send('vault.status')).toBe('vault.status#3');
  });

  it('drops early answers once a message that changes state is sent', async () => {
    const bg = counter();
    const send = preloadingSend(bg.send, early(bg.send, ['vault.status', 'accounts.list']));
    await send('settings.get'); // a read: keeps them
    await send('vault.unlock', { passphrase: 'x' });
    // The early list was refused (locked); after the unlock it is asked afresh.
    expect(await send('accounts.list')).toBe('accounts.list#5');
    expect(await send('vault.status')).toBe('vault.status#6');
  });

  it('passes on an early failure to the first caller only', async () => {
    const bg = counter();
    const send = preloadingSend(bg.send, early(bg.send, ['accounts.list']));
    await expect(send('accounts.list')).rejects.toMatchObject({ code: 'locked' });
    await expect(send('accounts.list')).rejects.toMatchObject({ code: 'locked' });
    expect(bg.calls).toEqual(['accounts.list', 'accounts.list']);
  });

  it('does not serve answers older than the limit', async () => {
    const bg = counter();
    let now = 1_000;
    const send = preloadingSend(bg.send, early(bg.send, ['vault.status']), () => now);
    now += PRELOAD_MAX_AGE_MS + 1;
    expect(await send('vault.status')).toBe('vault.status#2');
  });

  it('never leaves an unhandled rejection for an answer nobody asks for', async () => {
    const bg = counter();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      preloadingSend(bg.send, early(bg.send, ['accounts.list']));
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
