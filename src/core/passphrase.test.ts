import { describe, expect, it } from 'vitest';
import { isBackstopError } from './errors';
import {
  assertNewPassphrase,
  MAX_PASSPHRASE_LENGTH,
  MIN_PASSPHRASE_LENGTH,
  normalizePassphrase,
  passphraseLength,
  samePassphrase,
} from './passphrase';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isBackstopError(e) ? e.code : 'not a BackstopError';
  }
}

describe('the passphrase rule', () => {
  it('is at least 12 characters (docs/design.md §2)', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
  });

  it('counts characters after NFKC normalization', () => {
    expect(passphraseLength('ﬁ')).toBe(2); // ligature → "fi"
    expect(passphraseLength('e\u0301')).toBe(1); // composed to "é"
    expect(passphraseLength('😀😀')).toBe(2); // code points, not UTF-16 units
    expect(passphraseLength('ＡＢＣ')).toBe(3); // full-width → ASCII, still three
    expect(normalizePassphrase('ＡＢＣ ﬁ')).toBe('ABC fi');
  });

  it('treats the same passphrase typed in different forms as the same', () => {
    expect(samePassphrase('caf\u00e9 au lait!', 'cafe\u0301 au lait!')).toBe(true);
    expect(samePassphrase('ＰＡＳＳ phrase', 'PASS phrase')).toBe(true);
    expect(samePassphrase('pass phrase', 'Pass phrase')).toBe(false);
    expect(samePassphrase('pass phrase', 'pass phrase ')).toBe(false);
  });

  it('refuses a new passphrase shorter than the minimum, counted after normalization', () => {
    expect(codeOf(() => assertNewPassphrase('a'.repeat(MIN_PASSPHRASE_LENGTH - 1)))).toBe(
      'weak-passphrase',
    );
    expect(assertNewPassphrase('a'.repeat(MIN_PASSPHRASE_LENGTH))).toBe('a'.repeat(12));
    // Eleven decomposed "é" are 22 UTF-16 units but eleven characters.
    expect(codeOf(() => assertNewPassphrase('e\u0301'.repeat(11)))).toBe('weak-passphrase');
    // Twelve emoji are 24 UTF-16 units and twelve characters: enough.
    expect(codeOf(() => assertNewPassphrase('😀'.repeat(12)))).toBeNull();
    // Six ligatures become twelve letters.
    expect(codeOf(() => assertNewPassphrase('ﬁ'.repeat(6)))).toBeNull();
  });

  it('refuses an absurdly long one and anything that is not text', () => {
    expect(codeOf(() => assertNewPassphrase('a'.repeat(MAX_PASSPHRASE_LENGTH)))).toBeNull();
    expect(codeOf(() => assertNewPassphrase('a'.repeat(MAX_PASSPHRASE_LENGTH + 1)))).toBe(
      'invalid-input',
    );
    for (const value of [undefined, null, 123456789012, ['a'.repeat(12)], {}]) {
      expect(codeOf(() => assertNewPassphrase(value))).toBe('invalid-input');
    }
  });
});
