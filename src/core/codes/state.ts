/**
 * The life of one backup code, as a pure state machine (docs/design.md §3):
 *
 *   unused --claim(origin)--> filled --confirm(same origin)--> used
 *   any state --mark used / mark unused--> used / unused (by hand)
 *   any change --undo--> the state before it (one step)
 *
 * A `filled` code has been handed to a page and is never handed out again;
 * only a submit from the origin it was filled into makes it `used`. Every
 * change keeps the state before it on the code for the one-step undo.
 *
 * No crypto, no storage, no clock: the time of each event is passed in, and
 * the vault (src/core/vault/unlocked.ts) persists what these functions return.
 */
import { withHistory } from '../account';
import { BackstopError } from '../errors';
import type { Account, BackupCode, HistoryAction } from '../types';

/** Something that happens to one code. */
export type CodeEvent =
  /** The person marks the code used by hand. */
  | { type: 'mark-used' }
  /** The person marks the code unused by hand. */
  | { type: 'mark-unused' }
  /** The code is handed to a page on `origin` (only an unused code can be). */
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
 * origin: a page cannot mark codes it was never given).
 * @throws BackstopError `invalid-input` for a claim of a code that is not
 *   unused, or an undo with nothing to undo
 */
export function codeAfter(code: BackupCode, event: CodeEvent, at: number): BackupCode | null {
  switch (event.type) {
    case 'mark-used':
      return changed(code, 'used', at, code.origin);
    case 'mark-unused':
      return changed(code, 'unused', at, undefined);
    case 'claim':
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
  if (!next) return account;
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

/**
 * Hands out the account's next unused code (in the order the site listed
 * them) to `origin`: it becomes `filled`.
 * @throws BackstopError `no-codes-left` when no code is unused
 */
export function claimNext(
  account: Account,
  origin: string,
  at: number,
): { account: Account; code: BackupCode } {
  const next = account.codes.find((c) => c.state === 'unused');
  if (!next) throw new BackstopError('no-codes-left', 'No unused backup codes left for this site.');
  const after = applyCodeEvent(account, next.id, { type: 'claim', origin }, at);
  return { account: after, code: after.codes.find((c) => c.id === next.id)! };
}
