import { isBackstopError, type ErrorCode } from '../../core/errors';
import { t } from './i18n';

/** Error codes whose message from the background is specific and worth showing as-is. */
const DETAILED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid-input',
  'parse-error',
  'invalid-backup',
  'weak-passphrase',
]);

const KEYS: Partial<Record<ErrorCode, string>> = {
  'wrong-passphrase': 'errWrongPassphrase',
  'corrupted-header': 'errCorruptedHeader',
  'corrupted-record': 'errCorruptedRecord',
  'rolled-back': 'errRolledBack',
  'vault-exists': 'errVaultExists',
  'no-vault': 'errNoVault',
  locked: 'errLocked',
  'not-found': 'errNotFound',
  'no-codes-left': 'errNoCodesLeft',
  'storage-unavailable': 'errStorageUnavailable',
  'origin-not-allowed': 'errOriginNotAllowed',
  'rate-limited': 'errRateLimited',
};

export function errorCode(e: unknown): ErrorCode | null {
  return isBackstopError(e) ? e.code : null;
}

/** Plain-words text for any failure; never a stack trace. */
export function describeError(e: unknown): string {
  if (isBackstopError(e)) {
    // Picture errors name their own message and values (src/ocr/prepare.ts).
    if (e.code === 'image-error') {
      const d = e.detail as { key?: unknown; subs?: unknown } | undefined;
      if (d && typeof d.key === 'string') {
        const subs = Array.isArray(d.subs) ? d.subs.map(String) : [];
        return t(d.key, ...subs);
      }
      return e.message;
    }
    if (DETAILED.has(e.code) && e.message) return e.message;
    const key = KEYS[e.code];
    if (key) return t(key);
  }
  return t('errInternal');
}
