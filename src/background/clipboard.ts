/**
 * Clears a copied code from the clipboard after the person's delay and on
 * lock, from the background (docs/security.md, "A copied code left on the
 * clipboard"). The page that copied cannot do it alone: its timer dies when
 * the popup or the manager closes.
 *
 * The code waits in `storage.session` (memory only, out of content scripts'
 * reach, where the unlocked data key already is) so a service worker stopped
 * while idle still clears it: an alarm wakes it. Alarms fire at the earliest
 * 30 s after they are set in Chrome, so a shorter delay is kept by a timer in
 * the running worker, with the alarm as the fallback.
 *
 * Neither a Chrome offscreen document nor Firefox's background page may read
 * the clipboard without the `clipboardRead` permission, which Backstop does
 * not ask for; so the clear happens when the code was copied last through
 * Backstop, and a copy made since in another application may be cleared too.
 * A copy of another code through Backstop replaces the pending one.
 */
import type { KeyValueArea } from '../platform/storage-areas';

export const CLIPBOARD_ALARM = 'backstop-clipboard';
const KEY = 'clipboard';

interface Pending {
  /** When to clear (ms since the epoch). */
  at: number;
}

export interface ClipboardPorts {
  area: KeyValueArea;
  now: () => number;
  /** Empties the system clipboard (an offscreen document in Chrome, the event page in Firefox). */
  clear: () => Promise<void>;
  /** Wakes the background at `when` (an alarm), replacing an earlier one. */
  wakeAt: (when: number) => Promise<void>;
  cancelWake: () => Promise<void>;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export class ClipboardClearing {
  private timer: unknown = null;

  constructor(private readonly ports: ClipboardPorts) {}

  /** A code was just copied through Backstop: clear it `afterSeconds` from now. */
  async copied(afterSeconds: number): Promise<void> {
    const at = this.ports.now() + afterSeconds * 1000;
    await this.ports.area.set(KEY, { at } satisfies Pending);
    await this.ports.wakeAt(at);
    const setTimer = this.ports.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    const timer = setTimer(() => {
      if (this.timer === timer) void this.clearIfDue();
    }, afterSeconds * 1000);
    this.timer = timer;
  }

  /** Clears when the pending code's time has come (the alarm and the timer call this). */
  async clearIfDue(): Promise<boolean> {
    const pending = (await this.ports.area.get(KEY)) as Pending | undefined;
    if (!pending || typeof pending.at !== 'number' || this.ports.now() < pending.at) return false;
    return this.clearNow();
  }

  /** On lock: clears at once when a copied code may still be on the clipboard. */
  async clearNow(): Promise<boolean> {
    const pending = (await this.ports.area.get(KEY)) as Pending | undefined;
    if (!pending) return false;
    this.timer = null;
    await this.ports.clear();
    // Forgotten only once cleared: a failed clear is tried again by the alarm.
    await this.ports.area.remove(KEY);
    await this.ports.cancelWake();
    return true;
  }
}
