// Types shared by the page side of detection (src/content/detect/, which
// collects a FieldContext per candidate field) and its qualification here in
// core (which the background runs with the full vocabulary). Types only, so
// the content script may import them without bundling any of core.

/**
 * What qualification sees of one field: short strings and attributes, never
 * the field's value. Collected in the page (src/content/detect/collect.ts),
 * sent to Backstop's own background, qualified there, never stored.
 */
export interface FieldContext {
  /** The input's `type` property (`text`, `tel`, `number`, `password`). */
  type: string;
  autocomplete: string;
  inputMode: string;
  /** -1 when absent. */
  maxLength: number;
  pattern: string;
  /** 1 for a single input, the number of boxes for split one-character boxes. */
  boxes: number;
  /** name and id: developer-facing, so weaker evidence than what the user reads. */
  identifiers: string[];
  /**
   * class names: weaker still. Sites put hints for password managers there
   * (`lastPassSearch`), so a trap word in a class name alone never vetoes a field.
   */
  classes: string[];
  /** aria-label, placeholder, title, `<label>` (for= and wrapping) and aria-labelledby texts. */
  labels: string[];
  /** aria-describedby texts and the text of the field's own container (hints). */
  descriptions: string[];
  /** The nearest heading and text before the field's container. */
  context: string[];
}

/**
 * What the site registry says about the frame's URL that qualification uses
 * (the background computes it from the sender's URL, never from the page).
 */
export interface QualifyHint {
  /** The site's challenge field takes app codes and backup codes alike. */
  sharedWithAppCodes?: boolean | null;
  /** The URL is an app-code-only step: filling a backup code there would burn it. */
  appOnly?: boolean;
  /** The URL is the site's 2FA challenge step. */
  isChallengeStep?: boolean;
}

/** The verdict on one field. */
export interface Qualification {
  isBackupCodeField: boolean;
  score: number;
  /** Why, for debugging and tests: e.g. `positive:label:backup cod`. */
  reasons: string[];
}
