/**
 * How many codes pages may ask for (docs/security.md, "A compromised
 * renderer"). A page that claims a code and never submits gets that same
 * code again (codes/state.ts), but a page whose renderer is compromised can
 * also send the submit itself and claim again. These limits bound how fast
 * it can drain an account:
 *
 * - a tab gets at most {@link FRESH_PER_TAB} fresh codes in {@link FRESH_TAB_WINDOW_MS};
 * - one origin, in all its tabs together, at most {@link FRESH_PER_ORIGIN}
 *   in {@link FRESH_ORIGIN_WINDOW_MS} (opening more tabs does not help);
 * - a tab may ask at most {@link CLAIMS_PER_TAB} times a minute at all,
 *   fresh or not (each claim decrypts and may write).
 *
 * A person signing in needs one fresh code per account, and one more when a
 * code is refused; these numbers leave room for that. Past a limit, a page
 * still gets the code already filled there just now, never a new one.
 *
 * The counts live in `storage.session` (memory only; content scripts cannot
 * read or write it), so a service worker that stops when idle — something a
 * page can wait for — does not reset them. Entries older than their window
 * are dropped on every write, and at most {@link MAX_KEYS} tabs and origins
 * are kept.
 */
import { BackstopError } from '../core/errors';
import type { KeyValueArea } from '../platform/storage-areas';

export const FRESH_PER_TAB = 3;
export const FRESH_TAB_WINDOW_MS = 10 * 60_000;
export const FRESH_PER_ORIGIN = 6;
export const FRESH_ORIGIN_WINDOW_MS = 60 * 60_000;
export const CLAIMS_PER_TAB = 20;
export const CLAIMS_WINDOW_MS = 60_000;
export const MAX_KEYS = 64;

const KEY = 'claims';

/** Times (ms) of recent events per key. */
type Log = Record<string, number[]>;
interface Stored {
  /** fresh codes per tab */
  tab: Log;
  /** fresh codes per origin */
  origin: Log;
  /** every claim per tab */
  any: Log;
}

function readLog(v: unknown): Log {
  const log: Log = {};
  if (!v || typeof v !== 'object') return log;
  for (const [k, times] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(times)) log[k] = times.filter((t): t is number => typeof t === 'number');
  }
  return log;
}

/** Keeps only the times within `windowMs` before `now`, and the `MAX_KEYS` most recent keys. */
function prune(log: Log, now: number, windowMs: number): Log {
  const kept = Object.entries(log)
    .map(([k, times]) => [k, times.filter((t) => t > now - windowMs && t <= now)] as const)
    .filter(([, times]) => times.length > 0)
    .sort(([, a], [, b]) => Math.max(...b) - Math.max(...a))
    .slice(0, MAX_KEYS);
  return Object.fromEntries(kept);
}

const count = (log: Log, key: string) => log[key]?.length ?? 0;

export class ClaimLimits {
  /** Claims run one at a time, so two at once cannot both see room for a fresh code. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: KeyValueArea,
    private readonly now: () => number,
  ) {}

  private async load(now: number): Promise<Stored> {
    const raw = ((await this.area.get(KEY)) ?? {}) as Partial<Record<keyof Stored, unknown>>;
    return {
      tab: prune(readLog(raw.tab), now, FRESH_TAB_WINDOW_MS),
      origin: prune(readLog(raw.origin), now, FRESH_ORIGIN_WINDOW_MS),
      any: prune(readLog(raw.any), now, CLAIMS_WINDOW_MS),
    };
  }

  /**
   * Runs one claim from `tabId` for `origin` within the limits: `take` is
   * told whether a fresh code is allowed (otherwise only the code already
   * filled there just now may be handed out) and reports whether what it
   * handed out was a fresh code.
   * @throws BackstopError `rate-limited` when the tab asks too often at all
   */
  claim<T extends { again: boolean }>(
    tabId: number,
    origin: string,
    take: (fresh: boolean) => Promise<T>,
  ): Promise<T> {
    const run = this.queue.then(async () => {
      const now = this.now();
      const log = await this.load(now);
      const tab = String(tabId);
      if (count(log.any, tab) >= CLAIMS_PER_TAB) {
        throw new BackstopError(
          'rate-limited',
          'This page asked Backstop for codes too often. Wait a minute and try again.',
        );
      }
      log.any[tab] = [...(log.any[tab] ?? []), now];
      await this.area.set(KEY, log);
      const fresh =
        count(log.tab, tab) < FRESH_PER_TAB && count(log.origin, origin) < FRESH_PER_ORIGIN;
      const result = await take(fresh);
      if (!result.again) {
        log.tab[tab] = [...(log.tab[tab] ?? []), now];
        log.origin[origin] = [...(log.origin[origin] ?? []), now];
        await this.area.set(KEY, log);
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
