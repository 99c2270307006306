/**
 * What the pages add to the passphrase rule of src/core/passphrase.ts when a
 * new master passphrase is chosen ("Create vault", "Change passphrase", the
 * backup's own passphrase): a strength floor and a matching confirmation.
 */
import { MIN_PASSPHRASE_LENGTH, passphraseLength, samePassphrase } from '../../core/passphrase';

/** zxcvbn scores below this are refused as too easy to guess. */
export const MIN_STRENGTH_SCORE = 2;

export type PassphraseProblem = 'too-short' | 'mismatch' | 'too-weak' | null;

/** `score` is null when strength does not count (the backup's passphrase) or is not known yet. */
export function checkNewPassphrase(
  passphrase: string,
  confirm: string,
  score: number | null,
): PassphraseProblem {
  if (passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH) return 'too-short';
  // A score is only known once the estimator has loaded; without it, length rules.
  if (score !== null && score < MIN_STRENGTH_SCORE) return 'too-weak';
  if (!samePassphrase(passphrase, confirm)) return 'mismatch';
  return null;
}
