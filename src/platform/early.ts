/**
 * Start-up requests of the extension pages, sent by each page's entry before
 * its first render so the background answers while Preact renders the shell.
 * Plain `runtime.sendMessage` (both browsers return promises in MV3); the raw
 * replies are decoded by `unwrap` in ./messaging.ts.
 */
import type { MessageName } from '../messages';
import { contentRuntime } from './content-api';
import { envelope } from './envelope';

/** Raw replies (the `Result` envelopes) by message name. */
export type EarlyReplies = ReadonlyMap<MessageName, Promise<unknown>>;

export function requestEarly(names: readonly MessageName[]): EarlyReplies {
  const runtime = contentRuntime();
  const replies = new Map<MessageName, Promise<unknown>>();
  for (const name of names) {
    const reply = runtime
      ? runtime.sendMessage(envelope(name, undefined))
      : Promise.reject(new Error('no extension runtime'));
    // Consumed later, or never (e.g. the list while locked): no unhandled rejection.
    reply.catch(() => undefined);
    replies.set(name, reply);
  }
  return replies;
}
