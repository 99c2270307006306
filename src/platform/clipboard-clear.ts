/**
 * Empties the system clipboard from the background (src/background/clipboard.ts).
 *
 * - Firefox: the event page is a document with the `clipboardWrite`
 *   permission, so it writes the empty text itself.
 * - Chrome: a service worker has no clipboard; an offscreen document (reason
 *   `CLIPBOARD`, permission `offscreen`) does it and answers, then is closed.
 *
 * `emptyClipboard` is what either document runs: `navigator.clipboard` where
 * the document may use it, else `execCommand('copy')` with empty text put in
 * by its `copy` event (an offscreen document is never focused, which the
 * asynchronous clipboard API requires).
 */
import { browser, IS_FIREFOX } from './browser';

export const OFFSCREEN_PATH = 'src/platform/offscreen/clipboard.html';
/** The one message the offscreen document answers. */
export const CLEAR_MESSAGE = { backstopOffscreen: 'clear-clipboard' } as const;

export async function emptyClipboard(doc: Document): Promise<void> {
  try {
    await doc.defaultView!.navigator.clipboard.writeText('');
    return;
  } catch {
    // Not focused (offscreen) or not allowed: the copy command below.
  }
  let wrote = false;
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
    wrote = e.clipboardData !== null;
  };
  doc.addEventListener('copy', onCopy);
  try {
    if (!doc.execCommand('copy') || !wrote) throw new Error('The clipboard could not be cleared.');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

/** The background's way to empty the clipboard in this browser. */
export function clipboardClearer(): () => Promise<void> {
  if (IS_FIREFOX) return () => emptyClipboard(document);
  return async () => {
    const offscreen = (globalThis as unknown as { chrome: { offscreen: OffscreenApi } }).chrome
      .offscreen;
    // One offscreen document per extension: a clear still running reuses it.
    await offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['CLIPBOARD'],
        justification: 'Clear a copied backup code from the clipboard.',
      })
      .catch(async (e: unknown) => {
        if (!(await offscreen.hasDocument?.())) throw e;
      });
    try {
      const reply = (await browser.runtime.sendMessage(CLEAR_MESSAGE)) as { ok?: boolean } | null;
      if (!reply?.ok) throw new Error('The clipboard could not be cleared.');
    } finally {
      await offscreen.closeDocument().catch(() => undefined);
    }
  };
}
