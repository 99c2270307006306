import { isBackstopError, type ErrorCode } from '../../core/errors';
import { speaksEnglish, t } from './i18n';

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

/**
 * For the detailed codes in another language than English: the core and the
 * background explain these in English only, so the UI says what kind of
 * problem it is, in the UI language (the importers' `detail.reason` narrows it).
 */
const LOCALIZED: Partial<Record<ErrorCode, string>> = {
  'invalid-input': 'errInvalidInput',
  'parse-error': 'errParseError',
  'invalid-backup': 'errInvalidBackup',
  'weak-passphrase': 'errTooWeak',
};
const REASONS: Record<string, string> = {
  encrypted: 'errImportEncrypted',
  'unknown-format': 'errImportUnknown',
  unsupported: 'errImportUnknown',
  damaged: 'errImportDamaged',
};

/** Plain-words text for any failure, in the UI language; never a stack trace. */
export function describeError(e: unknown): string {
  if (isBackstopError(e)) {
    // Picture errors name their own message and values (src/ocr/prepare.ts).
    if (e.code === 'image-error') {
      const d = e.detail as { key?: unknown; subs?: unknown } | undefined;
      if (d && typeof d.key === 'string') {
        // Numbers stay numbers, so `t` writes them the UI language's way.
        const subs = Array.isArray(d.subs)
          ? d.subs.map((s: unknown) => (typeof s === 'number' ? s : String(s)))
          : [];
        return t(d.key, ...subs);
      }
      return speaksEnglish() ? e.message : t('errImageDamaged');
    }
    if (DETAILED.has(e.code) && e.message) {
      if (speaksEnglish()) return e.message;
      const reason = (e.detail as { reason?: unknown } | undefined)?.reason;
      return t((typeof reason === 'string' && REASONS[reason]) || LOCALIZED[e.code]!);
    }
    const key = KEYS[e.code];
    if (key) return t(key);
  }
  return t('errInternal');
}
