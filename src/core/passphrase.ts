/**
 * The master passphrase rule (docs/design.md §2), in one place for the vault,
 * the encrypted backup and the pages that ask for a new passphrase.
 *
 * A passphrase is Unicode NFKC-normalized before anything else looks at it, so
 * the same passphrase typed on another system (composed or decomposed accents,
 * full-width letters, ligatures) unlocks the same vault; its length is counted
 * in code points of the normalized text. A new one needs at least 12.
 */
import { BackstopError } from './errors';

export const MIN_PASSPHRASE_LENGTH = 12;
/** Passphrases longer than this are refused (keeps PBKDF2 input sane; 1,024 is generous). */
export const MAX_PASSPHRASE_LENGTH = 1024;

/** The form the key is derived from. */
export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize('NFKC');
}

/** Length in user-perceived characters (code points) after normalization. */
export function passphraseLength(passphrase: string): number {
  return [...normalizePassphrase(passphrase)].length;
}

/** True when both derive the same key (e.g. a confirmation typed with a different keyboard). */
export function samePassphrase(a: string, b: string): boolean {
  return normalizePassphrase(a) === normalizePassphrase(b);
}

/** Throws `weak-passphrase` when a new passphrase is too short (or absurdly long). */
export function assertNewPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string') {
    throw new BackstopError('invalid-input', 'The passphrase must be text.');
  }
  const length = passphraseLength(passphrase);
  if (length < MIN_PASSPHRASE_LENGTH) {
    throw new BackstopError(
      'weak-passphrase',
      `Use at least ${MIN_PASSPHRASE_LENGTH} characters for the master passphrase.`,
    );
  }
  if (length > MAX_PASSPHRASE_LENGTH) {
    throw new BackstopError(
      'invalid-input',
      `The passphrase is longer than ${MAX_PASSPHRASE_LENGTH} characters.`,
    );
  }
  return passphrase;
}
