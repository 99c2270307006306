/**
 * Background entry (service worker in Chrome, event page in Firefox): the
 * only writer of the vault. Thin wiring of browser events to the handlers.
 * Listeners are registered synchronously at top level so a woken worker
 * receives the event that woke it.
 */
import { calibrateIterations } from '../core/crypto';
import { memoryLock, VaultStore, type LockProvider } from '../core/vault';
import { fillDecisionFor } from '../core/sites/hosts';
import { IdbVaultRepository } from '../storage/db';
import { IdbSettingsArea } from '../storage/settings-db';
import { browser } from '../platform/browser';
import { parseCatalog } from '../i18n/format';
import { serve, servePorts, sendToFrame, sendToTab } from '../platform/messaging';
import { SUBMIT_PORT } from '../messages';
import { localArea, sessionArea } from '../platform/storage-areas';
import { clipboardClearer } from '../platform/clipboard-clear';
import { ClaimLimits } from './claim-limits';
import { CLIPBOARD_ALARM, ClipboardClearing } from './clipboard';
import { createHandlers, authorize, type TabsPort } from './handlers';
import { FieldFrames } from './fields';
import { Session } from './session';
import { SettingsStore } from './settings';
import { BackgroundLanguage } from './language';
import { registerFillEntryPoints, retitleMenu } from './menus';
import { confirmOnLeave, PendingSubmits } from './submits';

const AUTO_LOCK_ALARM = 'backstop-auto-lock';

function locks(): LockProvider {
  const nav = globalThis.navigator as Navigator | undefined;
  if (nav?.locks) {
    return {
      run: <T>(name: string, fn: () => Promise<T>) =>
        nav.locks.request(name, fn) as unknown as Promise<T>,
    };
  }
  return memoryLock();
}

const now = () => Date.now();
const store = new VaultStore({
  repo: new IdbVaultRepository(indexedDB),
  crypto: globalThis.crypto,
  now,
  locks: locks(),
  originAllowed: (origin, account) =>
    fillDecisionFor({ url: origin, sandboxed: false }, account).allowed,
});
// The extension's own IndexedDB, out of content scripts' reach; the settings
// that earlier versions kept in storage.local are moved over once.
const settings = new SettingsStore(new IdbSettingsArea(indexedDB), localArea());
const fields = new FieldFrames(sessionArea());
const clipboard = new ClipboardClearing({
  area: sessionArea(),
  now,
  clear: clipboardClearer(),
  wakeAt: async (when) => {
    // Chrome fires alarms 30 s after they are set at the earliest; the timer
    // in ClipboardClearing covers shorter delays while the worker runs.
    await browser.alarms.create(CLIPBOARD_ALARM, { when: Math.max(when, now() + 30_000) });
  },
  cancelWake: async () => {
    await browser.alarms.clear(CLIPBOARD_ALARM);
  },
});
const session = new Session(store, sessionArea(), settings, now, {
  onUnlocked: async () => {
    await browser.alarms.create(AUTO_LOCK_ALARM, { periodInMinutes: 0.5 });
  },
  onLocked: async () => {
    await browser.alarms.clear(AUTO_LOCK_ALARM);
    await clipboard.clearNow().catch((e: unknown) => console.warn('Backstop: clipboard', e));
  },
});

const tabs: TabsPort = {
  async activeTab() {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url } : null;
  },
  async fillFrame(tabId, frameId, accountId, focusedOnly) {
    try {
      const res = await sendToFrame(tabId, frameId, 'content.fill', {
        ...(accountId ? { accountId } : {}),
        ...(focusedOnly ? { focusedOnly: true } : {}),
      });
      return res?.filled === true ? 'filled' : res?.choosing === true ? 'choosing' : false;
    } catch {
      return false;
    }
  },
};

const language = new BackgroundLanguage({
  getMessage: (key, subs) => browser.i18n.getMessage(key, subs),
  browserLanguage: browser.i18n.getUILanguage(),
  async loadCatalog(locale) {
    const response = await fetch(browser.runtime.getURL(`_locales/${locale}/messages.json`));
    if (!response.ok) throw new Error(`_locales/${locale}: ${response.status}`);
    return parseCatalog(await response.json());
  },
});
const menuTitle = async (choice?: string) =>
  (await language.words(choice ?? (await settings.get()).language)).t('menuFill');

/** The Language setting changed: the menu item and every open page's content script follow. */
async function languageChanged(choice: string): Promise<void> {
  await retitleMenu(await menuTitle(choice));
  const words = await language.contentWords(choice);
  for (const tab of await browser.tabs.query({})) {
    // Pages without our content script (browser pages, the stores) refuse: nothing to tell them.
    if (tab.id !== undefined) void sendToTab(tab.id, 'content.words', words).catch(() => {});
  }
}

// Codes armed by content scripts on their submit port are confirmed when the
// port disconnects: the frame went away (./submits.ts, docs/architecture.md).
const submits = new PendingSubmits(confirmOnLeave(session), now);
servePorts(SUBMIT_PORT, (sender) => submits.open(sender));

serve(
  createHandlers({
    store,
    session,
    settings,
    fields,
    limits: new ClaimLimits(sessionArea(), now),
    clipboard,
    tabs,
    crypto: globalThis.crypto,
    now,
    calibrate: () => calibrateIterations(globalThis.crypto, () => performance.now()),
    contentWords: (choice) => language.contentWords(choice),
    languageChanged: (choice) => void languageChanged(choice),
    submits,
  }),
  authorize,
  (name, error) => console.debug('Backstop: message failed', name, error),
);

registerFillEntryPoints(tabs, fields, () => menuTitle());

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTO_LOCK_ALARM) void session.check();
  if (alarm.name === CLIPBOARD_ALARM) void clipboard.clearIfDue().catch(() => undefined);
});

browser.runtime.onInstalled.addListener(({ reason }) => {
  // A new user lands on "Create vault".
  if (reason === 'install') void browser.runtime.openOptionsPage();
});

browser.runtime.onStartup.addListener(() => {
  // storage.session is already empty after a browser restart; lock explicitly anyway.
  void session.lock();
  // The browser's own language may have changed since the menu item was made.
  void menuTitle().then(retitleMenu);
});

browser.tabs.onRemoved.addListener((tabId) => void fields.forgetTab(tabId));
