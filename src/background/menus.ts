/**
 * The other ways to ask for a fill: the context-menu item and the keyboard
 * command. Both are trusted user gestures handled by the browser; they tell
 * the frame's content script to fill, and the content script claims the code
 * for its own frame (the background decides from `sender`). With several
 * accounts on the site, the content script asks with what the page shows and
 * may open the account menu on the field instead (docs/design.md §4).
 */
import { browser } from '../platform/browser';
import type { FieldFrames } from './fields';
import type { TabsPort } from './handlers';

export const MENU_ID = 'backstop-fill';
export const COMMAND = 'fill-backup-code';

/**
 * `title` gives the menu item's title in the Language setting (the browser
 * shows it as it was created; `retitleMenu` follows a change).
 */
export function registerFillEntryPoints(
  tabs: TabsPort,
  fields: FieldFrames,
  title: () => Promise<string>,
): void {
  browser.runtime.onInstalled.addListener(() => {
    void title().then((text) =>
      browser.contextMenus.create({ id: MENU_ID, title: text, contexts: ['editable'] }),
    );
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void tabs.fillFrame(tab.id, info.frameId ?? 0);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== COMMAND) return;
    void (async () => {
      const target = tab?.id !== undefined ? tab.id : (await tabs.activeTab())?.id;
      if (target === undefined) return;
      // Prefer the frame that reported a field; fall back to the top frame.
      const frames = await fields.framesOf(target);
      for (const frame of frames.length ? frames : [{ frameId: 0 }]) {
        // The keyboard acts on what has focus: never a field elsewhere on the page.
        if (await tabs.fillFrame(target, frame.frameId, undefined, true)) return;
      }
    })();
  });
}

/** Gives the context-menu item its title in a newly chosen language. */
export async function retitleMenu(title: string): Promise<void> {
  try {
    await browser.contextMenus.update(MENU_ID, { title });
  } catch {
    // Not created yet (the install event is still on its way): it gets the new title then.
  }
}
