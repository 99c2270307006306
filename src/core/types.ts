/**
 * The vault's data model. Everything here is what the user typed or what
 * Backstop learned while tracking codes; all of it is stored only encrypted.
 */

/**
 * `filled`: handed to a page, not yet confirmed used. Handed out again only
 * to that same origin, within a few minutes (docs/design.md §3).
 */
export type CodeState = 'unused' | 'filled' | 'used';

export interface BackupCode {
  /** Random id, stable across edits (used by mark/undo). */
  id: string;
  /** The code as the site displayed it (e.g. `1234 5678`, `abcde-12345`). */
  value: string;
  state: CodeState;
  /** When it became `filled` or `used` (ms since epoch). */
  changedAt?: number;
  /** Origin it was filled into / used on, e.g. `https://github.com`. */
  origin?: string;
  /** The state before the last change, kept for a one-step undo. */
  previous?: { state: CodeState; changedAt?: number; origin?: string };
}

export type HistoryAction =
  'created' | 'edited' | 'filled' | 'used' | 'unused' | 'codes-replaced' | 'imported';

export interface HistoryEntry {
  at: number;
  action: HistoryAction;
  codeId?: string;
  origin?: string;
}

/** An earlier set of codes kept after "Replace codes" (never silently deleted). */
export interface ArchivedCodeSet {
  replacedAt: number;
  codes: BackupCode[];
}

export interface Account {
  id: string;
  /** Display name of the site, e.g. "GitHub". */
  site: string;
  /** Registrable domains the codes may be filled on; the first is the primary. */
  domains: string[];
  /**
   * Exact hosts the person pinned: the codes fill only there (each within
   * `domains`). Absent or empty: the site's login hosts (docs/sites.md).
   */
  hosts?: string[];
  username: string;
  notes: string;
  codes: BackupCode[];
  archived: ArchivedCodeSet[];
  history: HistoryEntry[];
  createdAt: number;
  updatedAt: number;
}

/** What a list view needs; computed from an Account. */
export interface AccountSummary {
  id: string;
  site: string;
  domains: string[];
  /** Pinned hosts, when the person pinned any. */
  hosts?: string[];
  username: string;
  total: number;
  left: number;
  low: boolean;
}

/** The fields a person edits; codes come as text and go through the parser. */
export interface AccountDraft {
  site: string;
  domains: string[];
  /** Pinned hosts (see {@link Account.hosts}); absent or empty: none. */
  hosts?: string[];
  username: string;
  notes: string;
}

export interface Settings {
  /** Minutes of inactivity before locking; `null` = only on browser restart. */
  autoLockMinutes: 1 | 5 | 15 | 60 | null;
  /** Seconds after which a copied code is cleared from the clipboard. */
  clipboardClearSeconds: number;
  /** Warn when this many or fewer unused codes remain. */
  lowCodesThreshold: number;
  /** The UI's language: a `_locales` folder name, or '' for the browser's language. */
  language: string;
}

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  clipboardClearSeconds: 30,
  lowCodesThreshold: 3,
  language: '',
};
