/**
 * What the handlers are given: browser specifics arrive here as ports, so the
 * handlers run in Node tests with fakes (src/background/testing/).
 */
import type { VaultStore } from '../../core/vault';
import type { ContentWords, Handlers, MessageName } from '../../messages';
import type { ClaimLimits } from '../claim-limits';
import type { ClipboardClearing } from '../clipboard';
import type { FieldFrames } from '../fields';
import type { PendingSubmits } from '../submits';
import type { Session } from '../session';
import type { SettingsStore } from '../settings';

export type FrameFill = 'filled' | 'choosing' | false;

export interface TabsPort {
  /** The active tab of the last focused window. */
  activeTab(): Promise<{ id: number; url: string } | null>;
  /**
   * Asks one frame's content script to fill (it then claims the code
   * itself): `filled`, `choosing` (the account menu opened on its field
   * instead), or false when that frame did neither. `focusedOnly`: fill only
   * the frame's focused field, and only if the frame has focus.
   */
  fillFrame(
    tabId: number,
    frameId: number,
    accountId?: string,
    focusedOnly?: boolean,
  ): Promise<FrameFill>;
}

export interface BackgroundDeps {
  store: VaultStore;
  session: Session;
  settings: SettingsStore;
  fields: FieldFrames;
  /** How many codes pages may ask for (../claim-limits.ts). */
  limits: ClaimLimits;
  /** Clears a copied code after the delay and on lock (../clipboard.ts). */
  clipboard: ClipboardClearing;
  tabs: TabsPort;
  crypto: Crypto;
  now: () => number;
  /** PBKDF2 iterations for a new vault (calibrated in this browser). */
  calibrate: () => Promise<number>;
  /** The content script's words in a Language setting (see `../language.ts`). */
  contentWords: (language: string) => Promise<ContentWords>;
  /** The Language setting changed: menus and open pages' content scripts follow. */
  languageChanged?: (language: string) => void;
  /** Codes armed to be confirmed when their page goes away (../submits.ts). */
  submits: Pick<PendingSubmits, 'forget'>;
}

/**
 * The handlers of one message family (`vault.*`, `page.*`…): each family's
 * file returns its map, and `createHandlers` in ../handlers.ts merges them,
 * where the `Handlers` type still makes a missing one a compile error.
 */
export type HandlerFamily<F extends string> = Pick<
  Handlers,
  Extract<MessageName, `${F}.${string}`>
>;
