/**
 * Start-up answers handed to the UI.
 *
 * A page's first render waits for the background's answers (is there a vault,
 * is it unlocked, which accounts). The page's entry sends those requests
 * before the UI bundle has loaded (src/platform/early.ts); this wraps `send`
 * so the first matching call gets that early answer, and only while nothing
 * that changes state has been sent since: after an unlock, an add or a lock,
 * every call goes to the background again.
 */
import type { MessageName } from '../../messages';
import type { SendFn } from './services';

/** Messages that only read; sending them does not make an earlier answer stale. */
const READ_ONLY: ReadonlySet<MessageName> = new Set<MessageName>([
  'vault.status',
  'accounts.list',
  'ui.tabContext',
  'settings.get',
]);

/** Answers older than this are not used (a page left open on a slow start). */
export const PRELOAD_MAX_AGE_MS = 5_000;

/**
 * A `send` that serves each of `early` (answers to payload-less reads, already
 * decoded) once, then asks the background as usual.
 */
export function preloadingSend(
  send: SendFn,
  early: ReadonlyMap<MessageName, Promise<unknown>>,
  now: () => number = () => Date.now(),
): SendFn {
  const startedAt = now();
  const pending = new Map(early);
  // Consumed later, or never (e.g. the list while locked): no unhandled rejection.
  for (const answer of pending.values()) answer.catch(() => undefined);
  return ((name: MessageName, ...payload: unknown[]) => {
    if (!READ_ONLY.has(name)) pending.clear();
    const answer = pending.get(name);
    if (answer && payload.length === 0) {
      pending.delete(name);
      if (now() - startedAt <= PRELOAD_MAX_AGE_MS) return answer;
    }
    return (send as (n: MessageName, ...p: unknown[]) => Promise<unknown>)(name, ...payload);
  }) as SendFn;
}
