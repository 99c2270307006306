/**
 * Typed messaging over `runtime.sendMessage`. Callers use `send(name, payload)`
 * and get the response type of that message or a thrown `BackstopError`; the
 * background registers `Handlers` with `serve`. webextension-polyfill lets a
 * listener return a promise in Chrome too, so that difference lives here.
 * The wire form (envelope, `Result` replies) is ./envelope.ts.
 */
import { BackstopError, isBackstopError, type ErrorCode } from '../core/errors';
import {
  frameAddress,
  type ContentProtocol,
  type Handlers,
  type MessageName,
  type Request,
  type Response,
  type Result,
  type SenderInfo,
} from '../messages';
import { browser, type Runtime } from './browser';
import { envelope, failure, isEnvelope, openReply, success } from './envelope';

export async function send<K extends MessageName>(
  name: K,
  ...payload: Request<K> extends void ? [] : [Request<K>]
): Promise<Response<K>> {
  return unwrap<K>(await browser.runtime.sendMessage(envelope(name, payload[0] as Request<K>)));
}

const backstopError = (code: ErrorCode, message: string) => new BackstopError(code, message);

/** The value of the background's reply to `K`, or its refusal as a `BackstopError`. */
export function unwrap<K extends MessageName>(reply: unknown): Response<K> {
  return openReply(reply, backstopError, 'Backstop’s background did not answer. Try again.');
}

/** Describes a sender using only what the browser vouches for. */
export function describeSender(sender: Runtime.MessageSender): SenderInfo {
  // Compare URL prefixes, not origins: `moz-extension://…` has an opaque
  // ("null") origin in URL parsers, as do sandboxed and data: frames.
  const ownPrefix = browser.runtime.getURL('/');
  const url = sender.url ?? '';
  const origin = (sender as { origin?: string }).origin;
  // Content scripts never run inside the extension's own pages, so a sender
  // whose URL is ours is the popup or the manager page.
  const extensionPage = sender.id === browser.runtime.id && url.startsWith(ownPrefix);
  return {
    extensionPage,
    tabId: sender.tab?.id,
    frameId: sender.frameId,
    url: frameAddress(sender.url, origin),
    origin,
  };
}

/**
 * Registers one handler per message name. `authorize` decides, from the
 * browser-provided sender, whether a message may be handled at all.
 */
export function serve(
  handlers: Handlers,
  authorize: (name: MessageName, sender: SenderInfo) => void,
  onError: (name: MessageName, error: unknown) => void = () => {},
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isEnvelope(message)) return undefined;
    const name = message.name as MessageName;
    const handler = (handlers as Record<string, unknown>)[name] as
      ((p: unknown, s: SenderInfo) => Promise<unknown>) | undefined;
    if (!handler || !Object.prototype.hasOwnProperty.call(handlers, name)) {
      return Promise.resolve(failure('invalid-input', `Unknown message “${String(name)}”.`));
    }
    return (async (): Promise<Result<unknown>> => {
      try {
        const info = describeSender(sender);
        authorize(name, info);
        return success(await handler(message.payload, info));
      } catch (e) {
        onError(name, e);
        if (isBackstopError(e)) return failure(e.code, e.message);
        return failure('internal', 'Something went wrong inside Backstop. Nothing was changed.');
      }
    })();
  });
}

/** Background → every frame's content script in a tab (nothing is awaited from each). */
export async function sendToTab<K extends keyof ContentProtocol>(
  tabId: number,
  name: K,
  payload: ContentProtocol[K]['req'],
): Promise<void> {
  await browser.tabs.sendMessage(tabId, envelope(name, payload));
}

/**
 * Background → one frame's content script. The content script answers with the
 * bare response (`undefined` when it failed), not a `Result`: it has no
 * refusals to explain, and the caller treats anything unexpected as "not filled".
 */
export async function sendToFrame<K extends keyof ContentProtocol>(
  tabId: number,
  frameId: number,
  name: K,
  payload: ContentProtocol[K]['req'],
): Promise<ContentProtocol[K]['res'] | undefined> {
  return (await browser.tabs.sendMessage(tabId, envelope(name, payload), { frameId })) as
    ContentProtocol[K]['res'] | undefined;
}

/** What the background does with one long-lived connection. */
export interface PortSession {
  message(payload: unknown): void;
  /** The port disconnected: the other side went away or closed it. */
  gone(): unknown;
}

/**
 * Long-lived connections named `name` from content scripts (`runtime.connect`).
 * `open` decides from the browser-provided sender whether to take a port; a
 * refused port is closed at once.
 */
export function servePorts(name: string, open: (sender: SenderInfo) => PortSession | undefined) {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== name) return;
    const session = port.sender ? open(describeSender(port.sender)) : undefined;
    if (!session) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((payload: unknown) => session.message(payload));
    port.onDisconnect.addListener(() => void session.gone());
  });
}
