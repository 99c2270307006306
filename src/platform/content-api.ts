// The extension API as the content script sees it, without
// webextension-polyfill (see ./content-messaging.ts for why): the runtime, for
// messages, and `i18n.getMessage`, for its words (./content-i18n.ts).

export interface Sender {
  id?: string;
  tab?: unknown;
}

export interface ContentPort {
  postMessage(message: unknown): void;
}

export interface ContentRuntime {
  id?: string;
  sendMessage(message: unknown): Promise<unknown>;
  connect(info: { name: string }): ContentPort;
  onMessage: {
    addListener(
      fn: (message: unknown, sender: Sender, reply: (r: unknown) => void) => boolean | undefined,
    ): void;
  };
}

/** The parts of the extension API the content script uses (no polyfill). */
export interface ContentApi {
  runtime?: ContentRuntime;
  i18n?: { getMessage(key: string, substitutions?: string[]): string };
}

/**
 * The extension API of this content script. The namespace is chosen at build
 * time rather than by probing `globalThis.browser`: in Chrome a page element
 * with `id="browser"` would show up there through named access.
 */
export function contentApi(): ContentApi | undefined {
  const g = globalThis as unknown as { browser?: ContentApi; chrome?: ContentApi };
  return import.meta.env.VITE_TARGET === 'firefox' ? g.browser : g.chrome;
}

/** The extension runtime of this content script, while the extension is still there. */
export function contentRuntime(): ContentRuntime | undefined {
  const runtime = contentApi()?.runtime;
  return runtime?.id ? runtime : undefined;
}
