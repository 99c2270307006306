/**
 * Chrome's offscreen document for clearing the clipboard
 * (src/platform/clipboard-clear.ts): answers the background's one message.
 * Only the background sends runtime messages to it; anything else is ignored.
 */
import { browser, type Runtime } from '../browser';
import { CLEAR_MESSAGE, emptyClipboard } from '../clipboard-clear';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const m = message as { backstopOffscreen?: unknown } | null;
  if (m?.backstopOffscreen !== CLEAR_MESSAGE.backstopOffscreen || sender.id !== browser.runtime.id)
    return undefined;
  return emptyClipboard(document).then(
    () => ({ ok: true }),
    () => ({ ok: false }),
  );
});
