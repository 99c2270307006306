/**
 * Gentle back-off after repeated wrong passphrases. This is a courtesy, not
 * the protection: the key-derivation cost is what makes guessing slow, and
 * the background enforces nothing here. The count lives in the page's
 * `localStorage` (no secret in it) so closing and reopening the popup does
 * not reset it.
 */
import type { KeyValue } from './services';

export const FREE_ATTEMPTS = 5;
export const FIRST_PAUSE_S = 5;
export const MAX_PAUSE_S = 60;
const KEY = 'backstop.unlockFailures';

export interface BackoffState {
  failures: number;
  /** Unlock is paused until this time (ms since epoch); 0 = not paused. */
  until: number;
}

export function readBackoff(store: KeyValue | null): BackoffState {
  try {
    const v = JSON.parse(store?.getItem(KEY) ?? 'null') as unknown;
    if (v && typeof v === 'object') {
      const { failures, until } = v as Record<string, unknown>;
      if (typeof failures === 'number' && typeof until === 'number') return { failures, until };
    }
  } catch {
    // Unreadable state is treated as no failures.
  }
  return { failures: 0, until: 0 };
}

/** Pause after the n-th failure: none for the first few, then 5 s, 10 s, 20 s … up to a minute. */
export function pauseSeconds(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_PAUSE_S, FIRST_PAUSE_S * 2 ** (failures - FREE_ATTEMPTS));
}

export function recordFailure(store: KeyValue | null, now: number): BackoffState {
  const failures = readBackoff(store).failures + 1;
  const pause = pauseSeconds(failures);
  const next = { failures, until: pause ? now + pause * 1000 : 0 };
  try {
    store?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Quota or disabled storage: the back-off then lasts for this page only.
  }
  return next;
}

export function resetBackoff(store: KeyValue | null): void {
  try {
    store?.removeItem(KEY);
  } catch {
    // Nothing to reset.
  }
}
