/**
 * Copy a code and clear it from the clipboard after a delay — but only if the
 * clipboard still holds that code, so we never wipe something the person
 * copied afterwards.
 *
 * Where `navigator.clipboard.readText` is unavailable or refused (it needs the
 * `clipboardRead` permission or focus), we fall back to our own record: we
 * clear only when the last thing *this page* wrote is the code being cleared.
 * That fallback cannot see a copy made in another app after ours, so in that
 * case it may clear the other text; and the timer lives in this page, so
 * closing the popup before the delay ends leaves the code on the clipboard
 * (the person is told the delay; the background's lock also clears).
 */
import type { ClipboardPort } from './services';

type Schedule = (fn: () => void, ms: number) => unknown;
type Cancel = (handle: unknown) => void;

export class ClipboardGuard {
  private lastWritten: string | null = null;
  private pending: unknown = null;

  constructor(
    private readonly port: ClipboardPort | null,
    private readonly schedule: Schedule = (fn, ms) => setTimeout(fn, ms),
    private readonly cancel: Cancel = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  ) {}

  get available(): boolean {
    return this.port !== null;
  }

  /** Writes `value`; clears it after `clearAfterSeconds` (0 = never) if still current. */
  async copy(value: string, clearAfterSeconds: number): Promise<void> {
    if (!this.port) throw new Error('clipboard unavailable');
    await this.port.writeText(value);
    this.lastWritten = value;
    if (this.pending !== null) this.cancel(this.pending);
    this.pending = null;
    if (clearAfterSeconds > 0) {
      this.pending = this.schedule(() => {
        this.pending = null;
        void this.clearIfCurrent(value);
      }, clearAfterSeconds * 1000);
    }
  }

  /** Clears the clipboard when it still holds `value` (see the module comment). */
  async clearIfCurrent(value: string): Promise<boolean> {
    const port = this.port;
    if (!port) return false;
    let current: boolean;
    try {
      if (!port.readText) throw new Error('no readText');
      current = (await port.readText()) === value;
    } catch {
      current = this.lastWritten === value;
    }
    if (!current) return false;
    try {
      await port.writeText('');
      this.lastWritten = '';
      return true;
    } catch {
      return false;
    }
  }
}

const guards = new WeakMap<object, ClipboardGuard>();
const NO_CLIPBOARD = {};

/** One guard per clipboard port, so copies from different screens share the record. */
export function clipboardGuardFor(port: ClipboardPort | null): ClipboardGuard {
  const key = port ?? NO_CLIPBOARD;
  let guard = guards.get(key);
  if (!guard) {
    guard = new ClipboardGuard(port);
    guards.set(key, guard);
  }
  return guard;
}
