/**
 * Test helper: the background's handlers over a vault on fake-indexeddb, with
 * in-memory storage areas, a settable clock and a fake tab, as a service
 * worker would wire them. Passing the same `env` again is what a restarted
 * worker looks like.
 */
import { IDBFactory } from 'fake-indexeddb';
import { fillDecisionFor } from '../../core/sites/hosts';
import { isBackstopError } from '../../core/errors';
import { VaultStore } from '../../core/vault';
import type { AccountMenu, FillInstruction, SenderInfo } from '../../messages';
import { memoryArea } from '../../platform/testing/memory-area';
import { IdbVaultRepository } from '../../storage/db';
import { IdbSettingsArea } from '../../storage/settings-db';
import { nodeCrypto, PASS } from '../../storage/testing/vault-harness';
import { ClaimLimits } from '../claim-limits';
import { ClipboardClearing } from '../clipboard';
import { FieldFrames } from '../fields';
import { createHandlers, type TabsPort } from '../handlers';
import { Session } from '../session';
import { SettingsStore } from '../settings';
import { confirmOnLeave, PendingSubmits } from '../submits';

export const page: SenderInfo = {
  extensionPage: true,
  url: 'chrome-extension://id/src/ui/popup/index.html',
};
export const content = (url: string, extra: Partial<SenderInfo> = {}): SenderInfo => ({
  extensionPage: false,
  tabId: 7,
  frameId: 0,
  url,
  ...extra,
});

export function background(
  shared?: {
    factory: IDBFactory;
    session: ReturnType<typeof memoryArea>;
    local: ReturnType<typeof memoryArea>;
    clock: { t: number };
  },
  calibrated = 600_000,
  activeTab: { id: number; url: string } = {
    id: 7,
    url: 'https://github.com/sessions/two-factor/recovery',
  },
) {
  const env = shared ?? {
    factory: new IDBFactory(),
    session: memoryArea(),
    local: memoryArea(),
    clock: { t: 1_700_000_000_000 },
  };
  const now = () => env.clock.t;
  const store = new VaultStore({
    repo: new IdbVaultRepository(env.factory, 'bg-test'),
    crypto: nodeCrypto,
    now,
    originAllowed: (origin, account) =>
      fillDecisionFor({ url: origin, sandboxed: false }, account).allowed,
  });
  // As in a worker: the settings in the extension's IndexedDB, storage.local only read once to migrate.
  const settings = new SettingsStore(new IdbSettingsArea(env.factory, 'bg-settings'), env.local);
  /** When the clipboard was cleared. */
  const clears: number[] = [];
  // Timers and alarms are the test's to fire: it calls clearIfDue as they would.
  const clipboard = new ClipboardClearing({
    area: env.session,
    now,
    clear: async () => void clears.push(now()),
    wakeAt: async () => undefined,
    cancelWake: async () => undefined,
    setTimer: () => null,
  });
  // As in index.ts: a lock clears a copied code.
  const session = new Session(store, env.session, settings, now, {
    onLocked: async () => void (await clipboard.clearNow()),
  });
  const filled: { tabId: number; frameId: number; accountId?: string }[] = [];
  const tabs: TabsPort = {
    activeTab: async () => activeTab,
    fillFrame: async (tabId, frameId, accountId) => {
      filled.push({ tabId, frameId, ...(accountId ? { accountId } : {}) });
      return 'filled';
    },
  };
  const languageChanges: string[] = [];
  const submits = new PendingSubmits(confirmOnLeave(session), now);
  const h = createHandlers({
    store,
    session,
    settings,
    fields: new FieldFrames(env.session),
    limits: new ClaimLimits(env.session, now),
    clipboard,
    tabs,
    crypto: nodeCrypto,
    now,
    calibrate: async () => calibrated,
    // Stands for BackgroundLanguage (tested in language.test.ts): says which language it was asked.
    contentWords: async (language) => ({
      lang: language || 'en',
      dir: 'ltr',
      text: { contentUndo: `undo in ${language || 'the browser language'}` },
    }),
    languageChanged: (language) => languageChanges.push(language),
    submits,
  });
  return { h, env, filled, session, languageChanges, submits, clipboard, clears };
}

export async function errorCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isBackstopError(e)) throw new Error(`expected a BackstopError, got ${String(e)}`);
  return e.code;
}

export const GITHUB_CODES = 'abcde-12345\r\nfghij-67890\r\nklmno-13579\r\n';

export async function withGithub() {
  const bg = background();
  await bg.h['vault.create']({ passphrase: PASS }, page);
  const account = await bg.h['accounts.add'](
    {
      draft: { site: 'GitHub', domains: ['https://github.com/login'], username: 'octo', notes: '' },
      codesText: GITHUB_CODES,
    },
    page,
  );
  return { ...bg, account };
}

/** A `page.claimCode` answer that must be a fill, not the account menu. */
export function filled(answer: FillInstruction | AccountMenu): FillInstruction {
  if ('choose' in answer) throw new Error(`expected a code, got a menu: ${JSON.stringify(answer)}`);
  return answer;
}
