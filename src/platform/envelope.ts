/**
 * The wire form of the protocol in src/messages.ts, for every sender and
 * receiver: a request travels as `{ backstop: 1, name, payload }`, a reply as
 * a `Result` (`{ ok: true, value }` or `{ ok: false, error: { code, message } }`).
 *
 * The content script bundles this file, so it imports only types: no
 * webextension-polyfill and no core values (docs/design.md §6). Each side
 * turns a refusal into its own error (`BackstopError` in the extension's
 * pages, a plain `Error` with a code in the content script).
 */
import type { ErrorCode } from '../core/errors';
import type { Envelope, Result } from '../messages';

export function envelope<N extends string, P>(name: N, payload: P): Envelope<N, P> {
  return { backstop: 1, name, payload };
}

/** True for a Backstop request (anything else on the runtime's message bus is not ours). */
export function isEnvelope(message: unknown): message is Envelope {
  // Optional chaining reads nothing from null, undefined or a primitive.
  const m = message as Partial<Envelope> | null | undefined;
  return m?.backstop === 1 && typeof m.name === 'string';
}

export function success<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/**
 * The value of a reply, or the error `refuse` makes of the receiver's refusal.
 * Anything that is not a well-formed `Result` (no receiver, the extension was
 * reloaded under a page, something else answered) is refused as `internal`
 * with `noAnswer`, so a caller never mistakes silence for a value.
 */
export function openReply<T>(
  reply: unknown,
  refuse: (code: ErrorCode, message: string) => Error,
  noAnswer: string,
): T {
  const r = reply as { ok?: unknown; value?: unknown; error?: unknown } | null | undefined;
  if (r?.ok === true) return r.value as T;
  const error = (r?.ok === false ? r.error : undefined) as
    { code?: unknown; message?: unknown } | null | undefined;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    throw refuse(error.code as ErrorCode, error.message);
  }
  throw refuse('internal', noAnswer);
}
