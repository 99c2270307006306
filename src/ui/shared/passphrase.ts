/** Rules for a new master passphrase, shared by "Create vault" and "Change passphrase". */

export const MIN_PASSPHRASE_LENGTH = 12;
/** zxcvbn scores below this are refused as too easy to guess. */
export const MIN_STRENGTH_SCORE = 2;

/** Length in characters after NFKC normalization (what the vault derives the key from). */
export function passphraseLength(passphrase: string): number {
  return [...passphrase.normalize('NFKC')].length;
}

export type PassphraseProblem = 'too-short' | 'mismatch' | 'too-weak' | null;

export function checkNewPassphrase(
  passphrase: string,
  confirm: string,
  score: number | null,
): PassphraseProblem {
  if (passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH) return 'too-short';
  // A score is only known once the estimator has loaded; without it, length rules.
  if (score !== null && score < MIN_STRENGTH_SCORE) return 'too-weak';
  if (passphrase.normalize('NFKC') !== confirm.normalize('NFKC')) return 'mismatch';
  return null;
}
