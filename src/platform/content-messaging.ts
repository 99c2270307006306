// The content script's side of the protocol in src/messages.ts.
//
// Why not ./messaging.ts: it pulls in webextension-polyfill (~10 KB minified)
// and src/core/errors, and the content script runs in every frame of every
// page with a 20 KB budget in total (docs/design.md §6). Both browsers give promises
// from `runtime.sendMessage` in MV3 and both accept `sendResponse` + `return
// true` from an `onMessage` listener, so the few lines below cover them. The
// wire form (envelope, `Result` replies) is shared with the pages and the
// background through ./envelope.ts, which imports nothing heavy.
import type { ErrorCode } from '../core/errors';
import type { ContentProtocol, MessageName, Request, Response } from '../messages';
import { contentRuntime, type ContentPort } from './content-api';
import { contentText } from './content-i18n';
import { envelope, isEnvelope, openReply } from './envelope';

/** The background's refusal (or our own failure to reach it), with a stable code. */
export interface Refusal extends Error {
  code: ErrorCode;
}

// A plain Error with a code rather than core's BackstopError class: nothing
// of src/core is bundled into the content script.
const refusal = (code: ErrorCode, message: string): Refusal =>
  Object.assign(new Error(message), { code });

/** True for an error `ask` threw because the background (or the runtime) refused. */
export const isRefusal = (e: unknown): e is Refusal =>
  e instanceof Error && typeof (e as Partial<Refusal>).code === 'string';

/** Sends a `page.*` request to the background; throws a `Refusal` when it says no. */
export async function ask<K extends MessageName>(
  name: K,
  payload: Request<K>,
  runtime = contentRuntime(),
): Promise<Response<K>> {
  // Without a runtime id the extension was updated or removed under this page.
  const reply = await runtime?.sendMessage(envelope(name, payload));
  return openReply(reply, refusal, contentText('NoAnswer'));
}

/**
 * Posts on a long-lived port to the background, opened on the first post.
 * Posting on a port the background dropped (its worker was stopped) throws;
 * the message then goes on a new port.
 */
export function portPoster(name: string, runtime = contentRuntime()): (message: unknown) => void {
  let port: ContentPort | undefined;
  return (message) => {
    try {
      port!.postMessage(message); // no port yet throws too
    } catch {
      try {
        (port = runtime?.connect({ name }))?.postMessage(message);
      } catch {
        // The extension was updated or removed under this page.
      }
    }
  };
}

export type ContentHandlers = {
  [K in keyof ContentProtocol]: (
    payload: ContentProtocol[K]['req'],
  ) => Promise<ContentProtocol[K]['res']>;
};

/**
 * Answers background → content messages. Only the extension's own background
 * can reach this listener with a sender that has no tab; a page's
 * `postMessage` never arrives here at all.
 */
export function serveBackground(handlers: ContentHandlers, runtime = contentRuntime()): void {
  runtime?.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== runtime.id || sender.tab) return undefined;
    if (!isEnvelope(message) || !Object.hasOwn(handlers, message.name)) return undefined;
    const handler = handlers[message.name as keyof ContentProtocol] as (
      p: unknown,
    ) => Promise<unknown>;
    // The bare response, as `sendToFrame` expects; nothing when the handler failed.
    handler(message.payload).then(reply, () => reply(undefined));
    return true;
  });
}
