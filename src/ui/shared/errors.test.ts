import { afterEach, describe, expect, it } from 'vitest';
import english from '../../../public/_locales/en/messages.json';
import german from '../../../public/_locales/de/messages.json';
import { BackstopError } from '../../core/errors';
import { describeError } from './errors';
import { setMessageSource, sourceFromLocale } from './i18n';

afterEach(() => setMessageSource(sourceFromLocale(english)));

const de = german as Record<string, { message: string }>;
const detailed = new BackstopError('parse-error', 'Line 3 is 2,500 characters long.');

describe('describeError', () => {
  it('shows the detailed English explanation in English', () => {
    setMessageSource(sourceFromLocale(english), 'en-GB');
    expect(describeError(detailed)).toBe('Line 3 is 2,500 characters long.');
  });

  it('says what kind of problem it is in another language, never the English detail', () => {
    setMessageSource(sourceFromLocale(german), 'de');
    expect(describeError(detailed)).toBe(de.errParseError!.message);
    expect(describeError(new BackstopError('invalid-backup', 'Not a backup.'))).toBe(
      de.errInvalidBackup!.message,
    );
    expect(describeError(new BackstopError('invalid-input', 'Bad.'))).toBe(
      de.errInvalidInput!.message,
    );
    expect(describeError(new BackstopError('weak-passphrase', 'Short.'))).toBe(
      de.errTooWeak!.message,
    );
    expect(
      describeError(new BackstopError('parse-error', 'Encrypted.', { reason: 'encrypted' })),
    ).toBe(de.errImportEncrypted!.message);
    expect(
      describeError(new BackstopError('parse-error', 'What?', { reason: 'unknown-format' })),
    ).toBe(de.errImportUnknown!.message);
    expect(describeError(new BackstopError('wrong-passphrase', 'x'))).toBe(
      de.errWrongPassphrase!.message,
    );
    expect(describeError(new Error('boom'))).toBe(de.errInternal!.message);
  });
});
