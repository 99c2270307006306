// Public types of the detector (kept apart so collect/qualify/index share them without cycles).
// The site hint the background sends (`SiteRuleHint`) is a wire type: it lives in src/messages.ts.

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
