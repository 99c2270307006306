/**
 * A copied code leaves the clipboard after the person's delay and on lock,
 * cleared by the background after the page that copied has closed
 * (docs/security.md, "A copied code left on the clipboard").
 */
import { describe, expect, it } from 'vitest';
import { memoryArea } from '../platform/testing/memory-area';
import { ClipboardClearing } from './clipboard';
import { authorize } from './handlers';
import { background, content, errorCode, withGithub, page } from './testing/background';

function clearing(area = memoryArea(), clock = { t: 1_000_000 }) {
  const clears: number[] = [];
  const wakes: (number | null)[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  let failing = false;
  const c = new ClipboardClearing({
    area,
    now: () => clock.t,
    clear: async () => {
      if (failing) throw new Error('no clipboard');
      clears.push(clock.t);
    },
    wakeAt: async (when) => void wakes.push(when),
    cancelWake: async () => void wakes.push(null),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  return { c, area, clock, clears, wakes, timers, fail: (f: boolean) => (failing = f) };
}

describe('ClipboardClearing', () => {
  it('clears once the delay has passed, not before, and only once', async () => {
    const { c, clock, clears, wakes, timers } = clearing();
    await c.copied(20);
    expect(wakes).toEqual([1_020_000]);
    expect(timers.map((x) => x.ms)).toEqual([20_000]);
    clock.t += 19_999;
    expect(await c.clearIfDue()).toBe(false);
    clock.t += 1;
    timers[0]!.fn(); // the running worker's timer
    await expect.poll(() => clears).toEqual([1_020_000]);
    expect(await c.clearIfDue()).toBe(false); // the alarm after it: nothing left to clear
    expect(clears).toHaveLength(1);
    expect(wakes.at(-1)).toBeNull();
  });

  it('a restarted worker clears on the alarm (the pending code is in storage.session)', async () => {
    const first = clearing();
    await first.c.copied(60);
    const second = clearing(first.area, first.clock); // same session storage, fresh worker
    first.clock.t += 60_000;
    expect(await second.c.clearIfDue()).toBe(true);
    expect(second.clears).toHaveLength(1);
  });

  it('a copy of another code postpones the clear; the old timer does nothing', async () => {
    const { c, clock, clears, timers } = clearing();
    await c.copied(20);
    clock.t += 15_000;
    await c.copied(20);
    clock.t += 5_000;
    timers[0]!.fn();
    await Promise.resolve();
    expect(await c.clearIfDue()).toBe(false);
    clock.t += 15_000;
    expect(await c.clearIfDue()).toBe(true);
    expect(clears).toHaveLength(1);
  });

  it('a failed clear is kept for the next try; lock clears at once; nothing copied: nothing cleared', async () => {
    const { c, clock, clears, fail } = clearing();
    expect(await c.clearNow()).toBe(false); // never wipes what Backstop did not put there
    await c.copied(600);
    fail(true);
    clock.t += 600_000;
    await expect(c.clearIfDue()).rejects.toThrow('no clipboard');
    fail(false);
    expect(await c.clearNow()).toBe(true);
    expect(clears).toEqual([clock.t]);
  });
});

describe('ui.copied', () => {
  it('schedules a clear after the settings’ delay, and locking clears at once', async () => {
    const bg = await withGithub();
    await bg.h['settings.set']({ clipboardClearSeconds: 30 }, page);
    await bg.h['ui.copied'](undefined, page);
    bg.env.clock.t += 29_000;
    expect(await bg.clipboard.clearIfDue()).toBe(false);
    await bg.h['vault.lock'](undefined, page);
    expect(bg.clears).toEqual([bg.env.clock.t]);
  });

  it('after the delay the background clears with no page open', async () => {
    const bg = await withGithub();
    await bg.h['ui.copied'](undefined, page);
    const { clipboardClearSeconds } = await bg.h['settings.get'](undefined, page);
    bg.env.clock.t += clipboardClearSeconds * 1000;
    expect(await bg.clipboard.clearIfDue()).toBe(true);
    expect(bg.clears).toHaveLength(1);
  });

  it('only Backstop’s own pages may send it, and only while unlocked', async () => {
    expect(() => authorize('ui.copied', content('https://github.com/'))).toThrow(
      expect.objectContaining({ code: 'forbidden-sender' }),
    );
    expect(() => authorize('ui.copied', page)).not.toThrow();
    const empty = background();
    expect(await errorCode(empty.h['ui.copied'](undefined, page))).toBe('locked');
    expect(empty.clears).toEqual([]);
  });
});
