/**
 * The life of one backup code, as a pure state machine (docs/design.md §3):
 *
 *   unused --claim(origin)--> filled --confirm(same origin)--> used
 *   filled --claim(same origin, within CLAIM_AGAIN_MS)--> the same code, unchanged
 *   any state --mark used / mark unused--> used / unused (by hand)
 *   any change --undo--> the state before it (one step)
 *
 * A `filled` code has been handed to a page and not yet submitted. The same
 * origin asking again within {@link CLAIM_AGAIN_MS} gets that same code
 * again, not a fresh one: a page (or a compromised renderer) that claims and
 * never submits cannot drain the account. Any other origin never gets it, and
 * after the window the code is left `filled` and the next unused one is
 * handed out. Only a submit from the origin it was filled into makes it
 * `used`. Every change keeps the state before it on the code for the
 * one-step undo.
 *
 * No crypto, no storage, no clock: the time of each event is passed in, and
 * the vault (src/core/vault/unlocked.ts) persists what these functions return.
 */
import { withHistory } from '../account';
import { BackstopError } from '../errors';
import type { Account, BackupCode, HistoryAction } from '../types';

/**
 * How long a filled, unsubmitted code is handed out again to the origin it
 * was filled into (docs/design.md §3). Ten minutes covers one sign-in
 * attempt — a retry after the site's error, a reload, the same step in a
 * second tab all get the code already typed — and is short enough that a
 * code a site did take through a submit Backstop could not see (a tab closed
 * at once) is not offered for long. It also bounds a hostile page to one new
 * code per account every ten minutes, on top of the per-tab claim limits.
 */
export const CLAIM_AGAIN_MS = 10 * 60_000;

/** True when `code` was filled into `origin` less than {@link CLAIM_AGAIN_MS} before `at`. */
export function claimableAgain(code: BackupCode, origin: string, at: number): boolean {
  return (
    code.state === 'filled' &&
    code.origin === origin &&
    code.changedAt !== undefined &&
    at >= code.changedAt &&
    at - code.changedAt < CLAIM_AGAIN_MS
  );
}

/** Something that happens to one code. */
export type CodeEvent =
  /** The person marks the code used by hand. */
  | { type: 'mark-used' }
  /** The person marks the code unused by hand. */
  | { type: 'mark-unused' }
  /**
   * The code is handed to a page on `origin`: an unused code becomes filled;
   * a code filled there moments ago is handed out again unchanged.
   */
  | { type: 'claim'; origin: string }
  /** The page on `origin` submitted: a code filled there becomes used. */
  | { type: 'confirm'; origin: string }
  /** The last change is reverted. */
  | { type: 'undo' };

/** A code as it enters the vault (added or replacing a set). */
export function newCode(id: string, value: string, used: boolean, at: number): BackupCode {
  const code: BackupCode = { id, value, state: used ? 'used' : 'unused' };
  if (used) code.changedAt = at;
  return code;
}

/**
 * The code after `event` at time `at`, or null when the event does not apply
 * to it and changes nothing (a confirm for a code that was not filled on that
 * origin: a page cannot mark codes it was never given). A claim of a code
 * {@link claimableAgain} for that origin returns the code itself: it is
 * handed out again and nothing changes.
 * @throws BackstopError `invalid-input` for a claim of a code that is not
 *   unused (nor claimable again), or an undo with nothing to undo
 */
export function codeAfter(code: BackupCode, event: CodeEvent, at: number): BackupCode | null {
  switch (event.type) {
    case 'mark-used':
      return changed(code, 'used', at, code.origin);
    case 'mark-unused':
      return changed(code, 'unused', at, undefined);
    case 'claim':
      if (claimableAgain(code, event.origin, at)) return code;
      if (code.state !== 'unused') {
        throw new BackstopError('invalid-input', 'This code was already handed out or used.');
      }
      return changed(code, 'filled', at, event.origin);
    case 'confirm':
      if (code.state !== 'filled' || code.origin !== event.origin) return null;
      return changed(code, 'used', at, event.origin);
    case 'undo':
      return restored(code);
  }
}

/** The new state, with the current one kept as `previous` for undo. */
function changed(
  code: BackupCode,
  state: BackupCode['state'],
  at: number,
  origin: string | undefined,
): BackupCode {
  const previous: NonNullable<BackupCode['previous']> = { state: code.state };
  if (code.changedAt !== undefined) previous.changedAt = code.changedAt;
  if (code.origin !== undefined) previous.origin = code.origin;
  const next: BackupCode = { id: code.id, value: code.value, state, previous, changedAt: at };
  if (origin !== undefined) next.origin = origin;
  return next;
}

/** The state kept in `previous`; undo is one step, so nothing is kept after it. */
function restored(code: BackupCode): BackupCode {
  if (!code.previous) {
    throw new BackstopError('invalid-input', 'There is nothing to undo for this code.');
  }
  const back: BackupCode = { id: code.id, value: code.value, state: code.previous.state };
  if (code.previous.changedAt !== undefined) back.changedAt = code.previous.changedAt;
  if (code.previous.origin !== undefined) back.origin = code.previous.origin;
  return back;
}

/** What the account's history says about an event (the state the code ended in). */
function historyAction(event: CodeEvent, result: BackupCode): HistoryAction {
  switch (event.type) {
    case 'mark-used':
    case 'confirm':
      return 'used';
    case 'mark-unused':
      return 'unused';
    case 'claim':
      return 'filled';
    case 'undo':
      return result.state;
  }
}

/**
 * Applies `event` to the code `codeId` of `account` at time `at`: the account
 * with that code changed and the change in its history, or the same account
 * when the event changes nothing. The account passed in is not modified.
 * @throws BackstopError `not-found` when the account has no such code, and
 *   the refusals of {@link codeAfter}
 */
export function applyCodeEvent(
  account: Account,
  codeId: string,
  event: CodeEvent,
  at: number,
): Account {
  const code = account.codes.find((c) => c.id === codeId);
  if (!code) throw new BackstopError('not-found', 'That code no longer exists.');
  const next = codeAfter(code, event, at);
  if (!next || next === code) return account;
  // A page's origin goes into the history for fills and submits; changes by
  // hand and undos happen in Backstop's own pages and have none.
  const origin = event.type === 'claim' || event.type === 'confirm' ? event.origin : undefined;
  const entry = { at, action: historyAction(event, next), codeId };
  return {
    ...account,
    codes: account.codes.map((c) => (c.id === codeId ? next : c)),
    history: withHistory(account, origin === undefined ? entry : { ...entry, origin }),
  };
}

/** What a claim handed out. */
export interface ClaimResult {
  /** The account after the claim (the same object when nothing changed). */
  account: Account;
  code: BackupCode;
  /** The code had already been filled into this origin and is handed out again. */
  again: boolean;
}

/**
 * Hands a code of `account` to `origin`: the one filled there within
 * {@link CLAIM_AGAIN_MS} if there is one (the most recent), unchanged;
 * otherwise, when `fresh` allows, the next unused code in the order the site
 * listed them, which becomes `filled`.
 * @throws BackstopError `no-codes-left` when no code is unused, or
 *   `rate-limited` when only a fresh code would do and `fresh` is false
 */
export function claimNext(
  account: Account,
  origin: string,
  at: number,
  { fresh = true }: { fresh?: boolean } = {},
): ClaimResult {
  let again: BackupCode | undefined;
  for (const c of account.codes) {
    if (claimableAgain(c, origin, at) && (!again || c.changedAt! > again.changedAt!)) again = c;
  }
  if (again) return { account, code: again, again: true };
  const next = account.codes.find((c) => c.state === 'unused');
  if (!next) throw new BackstopError('no-codes-left', 'No unused backup codes left for this site.');
  if (!fresh) {
    throw new BackstopError(
      'rate-limited',
      'Backstop has handed out several codes here in a short time. Wait a few minutes, or copy a code from Backstop’s own window.',
    );
  }
  const after = applyCodeEvent(account, next.id, { type: 'claim', origin }, at);
  return { account: after, code: after.codes.find((c) => c.id === next.id)!, again: false };
}
