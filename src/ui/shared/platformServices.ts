/**
 * The real services for the extension pages. Apart from the pages' entries
 * (which send the start-up requests), this is the only UI module that imports
 * `src/platform/`, so components stay testable with fakes.
 */
import { browser } from '../../platform/browser';
import type { EarlyReplies } from '../../platform/early';
import { send, unwrap } from '../../platform/messaging';
import { parseCatalog } from '../../i18n/format';
import { startLanguage, type LanguageControl } from './language';
import { preloadingSend } from './preload';
import { downloadText, pageLocalStorage, type ClipboardPort, type Services } from './services';

/**
 * Puts the page's language in place (see `language.ts`). Render once `ready`
 * resolves, when it is not null (another language than the browser's).
 */
export function installBrowserMessages(): {
  language: LanguageControl;
  ready: Promise<void> | null;
} {
  const { control, ready } = startLanguage({
    getMessage: (key, subs) => browser.i18n.getMessage(key, subs),
    browserLanguage: browser.i18n.getUILanguage(),
    async loadCatalog(locale) {
      const response = await fetch(browser.runtime.getURL(`_locales/${locale}/messages.json`));
      if (!response.ok) throw new Error(`_locales/${locale}: ${response.status}`);
      return parseCatalog(await response.json());
    },
    local: pageLocalStorage(),
    catalogVersion: browser.runtime.getManifest().version,
    document,
    window,
  });
  return { language: control, ready };
}

/**
 * Reading the clipboard is attempted only when the browser already grants it
 * silently: otherwise Chrome would show a permission prompt (and Firefox a
 * "Paste" button) half a minute after a copy, which is worse than the
 * fallback. Firefox does not know `clipboard-read` in `permissions.query`, so
 * there the guard always uses its own record (see `clipboard.ts`).
 */
function pageClipboard(): ClipboardPort | null {
  const c = globalThis.navigator?.clipboard;
  if (!c?.writeText) return null;
  return {
    writeText: (text) => c.writeText(text),
    async readText() {
      const status = await navigator.permissions.query({
        name: 'clipboard-read' as PermissionName,
      });
      if (status.state !== 'granted') throw new Error('clipboard-read not granted');
      return c.readText();
    },
  };
}

export function browserServices(opts: {
  closeAfterOpeningManager: boolean;
  language?: LanguageControl;
  /** Replies to the start-up reads the page's entry sent (see `preload.ts`). */
  early?: EarlyReplies;
  /** The manager page's picture reader (the popup has none). */
  readImage?: Services['readImage'];
}): Services {
  const early = new Map(
    [...(opts.early ?? [])].map(([name, reply]) => [name, reply.then((r) => unwrap(r))] as const),
  );
  return {
    send: early.size ? preloadingSend(send, early) : send,
    async openManager() {
      await browser.runtime.openOptionsPage();
      // The popup stays open over the new tab otherwise.
      if (opts.closeAfterOpeningManager) window.close();
    },
    clipboard: pageClipboard(),
    download: downloadText,
    print: () => window.print(),
    now: () => Date.now(),
    local: pageLocalStorage(),
    language: opts.language,
    ...(opts.readImage ? { readImage: opts.readImage } : {}),
  };
}
