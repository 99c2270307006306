// Public types of the page side of detection (kept apart so collect, index
// and observe share them without cycles). Qualification's types are in
// src/core/detect/types.ts.

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

/** A field the page wants a backup code in. */
export interface FieldCandidate {
  /** The input to fill (the first box for split boxes). */
  element: HTMLInputElement;
  kind: 'single' | 'split';
  /** All boxes, in order, for `split`. */
  boxes?: HTMLInputElement[];
  score: number;
  /** Why, for debugging and tests: e.g. `positive:label:backup code`. */
  reasons: string[];
}
