/**
 * The one protocol between Backstop's contexts. Each entry maps a message name
 * to its request and response types; the background registers exactly one
 * handler per name (a missing one is a compile error, see `Handlers`).
 *
 * Direction is part of the name: `vault.*`, `accounts.*`, `codes.*`,
 * `backup.*`, `settings.*`, `ui.*` come from the extension's own pages (popup,
 * manager); `page.*` comes from content scripts, and the background takes the
 * page's origin from the sender, never from the payload. `content.*` goes from
 * the background to a content script.
 */
import type { CodeEntry } from './core/codes/list';
import type { ErrorCode } from './core/errors';
import type { BackupVersion, DomainChange, ImportPreview } from './core/backup';
import type { Account, AccountDraft, AccountSummary, Settings } from './core/types';
import type { FieldContext, Qualification } from './core/detect/types';
import type { AccountImport } from './core/importers/accounts';
import type { AccountChoice } from './core/shown-account';

export type Result<T> =
  { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export interface VaultStatus {
  /** A vault exists in this browser profile. */
  exists: boolean;
  unlocked: boolean;
  /** IndexedDB cannot be used (e.g. an always-private-browsing profile). */
  storageUnavailable?: boolean;
}

export interface UnlockResult {
  /** Records that failed to decrypt; the rest of the vault is usable. */
  corruptedRecords: string[];
}

/**
 * The codes of `accounts.add` and `codes.replace`, exactly one of:
 * - `codes`: the list the preview showed and the person approved, saved as is
 *   once each value is checked to be one code (Backstop's own pages send this);
 * - `codesText`: text the background reads itself, in smart mode with the
 *   site's code shape, as the preview would (for scripts, the demo and tests).
 */
export type { CodeEntry };
export type CodesInput =
  { codes: CodeEntry[]; codesText?: never } | { codesText: string; codes?: never };

/**
 * What an import of a backup will do (and did), and the file's format version:
 * in version 1 the list of accounts is not authenticated, so the page says so.
 */
export type BackupPreview = ImportPreview & { fileVersion: BackupVersion };

/** What the popup learns about the active tab. */
export interface TabContext {
  tabId: number | null;
  /** Registrable domain of the tab, if it is a web page. */
  domain: string | null;
  /** A recognized backup-code field is on the page and fill is allowed. */
  hasField: boolean;
  /** Accounts that match the tab's domain. */
  matchingAccountIds: string[];
  /**
   * Accounts match the tab's domain, but none fills on its host (a page on
   * `docs.google.com` for a Google account): the site and the hosts where
   * its codes are filled, for the popup to say why nothing is offered.
   */
  notOffered?: { site: string; hosts: string[] };
}

/** Per-site knowledge from the site registry; every member is optional. */
export interface SiteRuleHint {
  /** CSS selectors of the site's backup-code field; used before any heuristic. */
  fieldSelectors?: string[];
  /** The site's challenge field takes app codes and backup codes alike. */
  sharedWithAppCodes?: boolean | null;
  /** The URL is an app-code-only step: filling a backup code there would burn it. */
  appOnly?: boolean;
  /** The URL is the site's 2FA challenge step. */
  isChallengeStep?: boolean;
}

export type FieldOffer =
  | { state: 'locked' }
  /** Nothing to offer here (no matching account, or the frame may not receive codes). */
  | { state: 'none' }
  /** Accounts match this frame but every code is spent. */
  | { state: 'exhausted'; site: string }
  | { state: 'available'; left: number; site: string; username: string };

export type { AccountChoice };

/**
 * `page.claimCode`'s other answer: several accounts may fill this frame and
 * the page does not show which one it is for, so the person chooses in
 * Backstop's own menu; nothing was claimed. The page never sees this list.
 */
export interface AccountMenu {
  choose: AccountChoice[];
}

export interface FillInstruction {
  /** The code in the form the site's field accepts (rule data decides). */
  code: string;
  accountId: string;
  codeId: string;
  left: number;
}

/**
 * The content script's words in the Language setting, from the background
 * (the content script has no catalog or formatter of its own: it runs in
 * every frame within 20 KB, docs/design.md §6). `text` maps each `content*`
 * message, named without the prefix (`Undo` for `contentUndo`), to its text, `$1`…`$9` the substitutions and `$$` a dollar
 * sign; a message that counts `$1` maps to its plural forms instead, by
 * `Intl.PluralRules` category or `=N`, with `#` for the count (docs/i18n.md).
 */
export interface ContentWords {
  /** BCP 47 tag of the language (for `lang`, `Intl.PluralRules`, `Intl.NumberFormat`). */
  lang: string;
  dir: 'ltr' | 'rtl';
  text: Record<string, string | Record<string, string>>;
}

export interface Protocol {
  // ---- extension pages only ----
  'vault.status': { req: void; res: VaultStatus };
  'vault.create': { req: { passphrase: string }; res: VaultStatus };
  'vault.unlock': { req: { passphrase: string }; res: UnlockResult };
  'vault.lock': { req: void; res: VaultStatus };
  /**
   * `reencrypt`: also a new data key, every record and the index re-encrypted
   * under it in one transaction ("Change passphrase and re-encrypt everything").
   */
  'vault.changePassphrase': {
    req: { current: string; next: string; reencrypt?: boolean };
    res: void;
  };
  /** Needs the word DELETE and the master passphrase (checked by unwrapping the data key). */
  'vault.delete': { req: { confirm: string; passphrase: string }; res: VaultStatus };
  /** Resets the auto-lock clock (the UI calls it on user activity). */
  'vault.touch': { req: void; res: void };

  'accounts.list': { req: void; res: { accounts: AccountSummary[]; corruptedRecords: string[] } };
  'accounts.get': { req: { id: string }; res: Account };
  'accounts.add': { req: { draft: AccountDraft } & CodesInput; res: Account };
  /**
   * New accounts from another password manager's export, as the person ticked
   * them: codes and used marks as data, websites explicit per account. Checked
   * completely, then written in one transaction (docs/importing.md).
   */
  'accounts.import': { req: { accounts: AccountImport[] }; res: { added: AccountSummary[] } };
  'accounts.update': { req: { id: string; draft: AccountDraft }; res: Account };
  'accounts.delete': { req: { id: string }; res: void };

  'codes.mark': { req: { accountId: string; codeId: string; used: boolean }; res: Account };
  /** Reverts the most recent state change of a code (mark or fill). */
  'codes.undo': { req: { accountId: string; codeId: string }; res: Account };
  /** Replaces the whole set; the old set is archived on the account. */
  'codes.replace': { req: { accountId: string } & CodesInput; res: Account };

  'backup.export': { req: { passphrase?: string }; res: { fileName: string; json: string } };
  'backup.preview': { req: { json: string; passphrase: string }; res: BackupPreview };
  /**
   * `addDomains`: the new domains for existing accounts the person ticked in the
   * preview, one by one (none by default); anything the file did not propose is refused.
   */
  'backup.import': {
    req: { json: string; passphrase: string; addDomains?: DomainChange[] };
    res: BackupPreview;
  };
  'backup.plaintext': { req: { confirm: true }; res: Account[] };

  /**
   * A page copied a code: the background clears the clipboard after the
   * person's delay and on lock, after the page has closed (background/clipboard.ts).
   */
  'ui.copied': { req: void; res: void };

  'settings.get': { req: void; res: Settings };
  'settings.set': { req: Partial<Settings>; res: Settings };

  'ui.tabContext': { req: void; res: TabContext };
  /**
   * Popup "Fill on this page" of one account (the person chose it in the
   * popup): asks the active tab's content script to fill that account's code.
   */
  'ui.fillActiveTab': { req: { accountId: string }; res: void };

  // ---- content scripts only (origin from sender) ----
  /**
   * `sandboxed` can only make the background more restrictive: the content
   * script reports an opaque origin it sees; the background also checks
   * `sender.origin` where the browser provides it.
   */
  'page.fieldFound': { req: { hasField: boolean; sandboxed: boolean }; res: FieldOffer };
  /** What the site registry knows about the sending frame's URL (sent only when it has text inputs). */
  'page.siteHint': { req: void; res: SiteRuleHint | null };
  /**
   * Which of the frame's candidate fields take backup codes: one verdict per
   * context, in order, from the full vocabulary and the site rules for the
   * sender's URL. The contexts are short strings about each field (labels,
   * hints, attributes; never a value), bounded in length and count; the
   * background qualifies them and keeps nothing (docs/security.md).
   */
  'page.qualify': { req: { fields: FieldContext[] }; res: Qualification[] };
  /**
   * A code for the sending frame: of `accountId` (the person chose it), else
   * of the one account that may fill the frame, else of the account the page
   * shows in `shown` (short strings the page displays: e-mail-like text, texts
   * near the field and in its account chip; at most 24 of at most 256
   * characters, matched against the usernames and kept nowhere). When the
   * page shows none or several of them, the answer is an `AccountMenu`.
   */
  'page.claimCode': {
    req: { accountId?: string; sandboxed: boolean; shown?: string[] };
    res: FillInstruction | AccountMenu;
  };
  'page.submitted': { req: { codeId: string; accountId: string }; res: void };
  'page.undoFill': { req: { codeId: string; accountId: string }; res: void };
  'page.openPopup': { req: void; res: void };
  /** The content script's words in the Language setting. */
  'page.words': { req: void; res: ContentWords };
}

/**
 * The port a content script opens to the background after it filled a code
 * (`runtime.connect({ name: SUBMIT_PORT })`), so that a page which goes away
 * (a full navigation, the tab closed, the frame removed) confirms the code
 * without having to send anything while it dies: the background sees the
 * port disconnect. On it the content script posts `SubmitWatch` messages.
 * See docs/architecture.md, _Submit_.
 */
export const SUBMIT_PORT = 'page.submitWatch';

/**
 * "If this frame goes away within `windowMs` from now, the code was
 * submitted." Posted right after the fill and again on each trusted submit
 * (a click on a button by the field, Enter, the form's submit); `windowMs: 0`
 * takes it back (the field no longer holds the code, or a newer fill). The
 * background caps the window and confirms only a code filled on the port's
 * own origin.
 */
export interface SubmitWatch {
  accountId: string;
  codeId: string;
  windowMs: number;
}

export type MessageName = keyof Protocol;
export type Request<K extends MessageName> = Protocol[K]['req'];
export type Response<K extends MessageName> = Protocol[K]['res'];

/**
 * A request as it travels (built and read by src/platform/envelope.ts): `name`
 * is a message of `Protocol`, or of `ContentProtocol` from the background.
 */
export interface Envelope<N extends string = string, P = unknown> {
  backstop: 1;
  name: N;
  payload: P;
}

/** Background → content script (never carries vault data besides one code). */
export interface ContentProtocol {
  /**
   * `choosing`: nothing was filled, the account menu is open on the field instead.
   * `focusedOnly` (the keyboard command): only the focused field of a focused frame.
   */
  'content.fill': {
    req: { accountId?: string; focusedOnly?: boolean };
    res: { filled: boolean; choosing?: boolean };
  };
  'content.probe': { req: void; res: { hasField: boolean } };
  /** The Language setting changed: speak these words from now on. */
  'content.words': { req: ContentWords; res: void };
}

/** Where a message came from, as the background sees it (from `sender`). */
export interface SenderInfo {
  /** The sender is one of the extension's own pages (not a content script). */
  extensionPage: boolean;
  tabId?: number;
  frameId?: number;
  /** Full URL of the sending frame (content scripts). */
  url?: string;
  /** The sending frame's origin where the browser reports it (`"null"` when sandboxed). */
  origin?: string;
}

/**
 * The address the background judges a frame by. A web frame's own URL; for an
 * `about:blank` or `about:srcdoc` frame (a frame the page wrote itself, which
 * has no URL of its own and inherits its parent's origin) the origin the
 * browser reports for it, as `https://host/`. Never the page's word: without a
 * browser-reported http(s) origin the frame keeps its `about:` URL, which no
 * account fills, and a sandboxed one reports `"null"`.
 */
export function frameAddress(
  url: string | undefined,
  origin: string | undefined,
): string | undefined {
  if (!url?.startsWith('about:') || !origin) return url;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return url;
  }
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return web && parsed.origin === origin ? `${origin}/` : url;
}

export type Handler<K extends MessageName> = (
  payload: Request<K>,
  sender: SenderInfo,
) => Promise<Response<K>>;

/** The background must implement every message: a missing key fails to compile. */
export type Handlers = { [K in MessageName]: Handler<K> };

export const PAGE_ONLY: ReadonlySet<MessageName> = new Set<MessageName>([
  'page.fieldFound',
  'page.siteHint',
  'page.qualify',
  'page.claimCode',
  'page.submitted',
  'page.undoFill',
  'page.openPopup',
  'page.words',
]);
