/**
 * A control whose accessible name differs from its visible text must contain that text, word for
 * word (WCAG 2.5.3 "Label in Name"; axe-core's label-content-name-mismatch): someone who says
 * "click Show" to voice control, or reads the screen, finds the button. Checked in every language
 * for each such pair the UI has.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../i18n/locales';
import { readCatalog } from './testing/catalogs';

/** [visible text, accessible name] of the same control (see src/ui/shared/components.tsx). */
const PAIRS = [['showShort', 'showPassphrase']] as const;

/** Languages written without spaces between words: containment is the best test there. */
const NO_SPACES = new Set(['ja', 'zh_CN', 'zh_TW']);

function containsWords(name: string, visible: string, locale: string): boolean {
  const norm = (s: string) => s.toLocaleLowerCase(locale.replace('_', '-')).trim();
  if (NO_SPACES.has(locale)) return norm(name).includes(norm(visible));
  const words = norm(name).split(/[\s\p{P}]+/u);
  const wanted = norm(visible).split(/[\s\p{P}]+/u);
  return words.some((_, i) => wanted.every((w, j) => words[i + j] === w));
}

describe.each(LOCALES)('%s', (locale) => {
  const catalog = readCatalog(locale);
  it.each(PAIRS)('the name %s is inside %s, as whole words', (visible, name) => {
    expect(
      containsWords(catalog[name]!.message, catalog[visible]!.message, locale),
      `"${catalog[visible]!.message}" in "${catalog[name]!.message}"`,
    ).toBe(true);
  });
});

it('tells a word from a part of one', () => {
  expect(containsWords('Passphrase anzeigen', 'Zeigen', 'de')).toBe(false);
  expect(containsWords('Passphrase anzeigen', 'Anzeigen', 'de')).toBe(true);
  expect(containsWords('パスフレーズを表示', '表示', 'ja')).toBe(true);
});
