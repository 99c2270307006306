/**
 * Every failure the user can meet has a stable code; the UI maps codes to
 * messages and tests assert on codes, never on wording.
 */
export type ErrorCode =
  | 'wrong-passphrase'
  | 'corrupted-header'
  | 'corrupted-record'
  | 'rolled-back'
  | 'vault-exists'
  | 'no-vault'
  | 'locked'
  | 'weak-passphrase'
  | 'not-found'
  | 'invalid-input'
  | 'parse-error'
  | 'image-error'
  | 'invalid-backup'
  | 'no-codes-left'
  | 'origin-not-allowed'
  /** Too many codes asked for in a short time (a tab, a site): nothing was handed out. */
  | 'rate-limited'
  | 'forbidden-sender'
  | 'storage-unavailable'
  | 'internal';

export class BackstopError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'BackstopError';
  }
}

export function isBackstopError(e: unknown, code?: ErrorCode): e is BackstopError {
  return e instanceof BackstopError && (code === undefined || e.code === code);
}
