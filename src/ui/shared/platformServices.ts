/**
 * The real services for the extension pages. Apart from the pages' entries
 * (which send the start-up requests), this is the only UI module that imports
 * `src/platform/`, so components stay testable with fakes.
 */
import { browser } from '../../platform/browser';
import type { EarlyReplies } from '../../platform/early';
import { send, unwrap } from '../../platform/messaging';
import { ARG_MARKS, setMessageSource } from './i18n';
import { preloadingSend } from './preload';
import { downloadText, pageLocalStorage, type ClipboardPort, type Services } from './services';

export function installBrowserMessages(): void {
  const lang = browser.i18n.getUILanguage();
  // The substitutions come back as marks, so `t` can choose plural forms before filling them in.
  setMessageSource((key) => browser.i18n.getMessage(key, ARG_MARKS), lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = browser.i18n.getMessage('@@bidi_dir') || 'ltr';
  document.title = browser.i18n.getMessage('extName') || document.title;
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
  /** Replies to the start-up reads the page's entry sent (see `preload.ts`). */
  early?: EarlyReplies;
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
  };
}
