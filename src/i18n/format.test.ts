import { describe, expect, it } from 'vitest';
import locale from '../../public/_locales/en/messages.json';
import { formatMessage, parseMessage, sourceFromLocale } from './format';

/** A template as a source returns it, from message text written with `$1`…`$9`. */
function template(message: string): string {
  return sourceFromLocale({ m: { message } })('m');
}
function format(message: string, lang: string, ...subs: (string | number)[]): string {
  return formatMessage(template(message), subs, lang);
}

const LEFT_PL =
  '{$1, plural, one {Został # kod} few {Zostały # kody} many {Zostało # kodów} other {Zostało # kodu}}';
const LEFT_RU =
  '{$1, plural, one {Остался # код} few {Осталось # кода} many {Осталось # кодов} other {Осталось # кода}}';
const LEFT_AR =
  '{$1, plural, zero {لا رموز} one {رمز واحد} two {رمزان} few {# رموز} many {# رمزًا} other {# رمز}}';

describe('plural blocks', () => {
  it.each([
    [1, 'Został 1 kod'],
    [2, 'Zostały 2 kody'],
    [4, 'Zostały 4 kody'],
    [5, 'Zostało 5 kodów'],
    [12, 'Zostało 12 kodów'],
    [22, 'Zostały 22 kody'],
    [25, 'Zostało 25 kodów'],
    [0, 'Zostało 0 kodów'],
  ])('Polish %i → %s', (n, text) => expect(format(LEFT_PL, 'pl', n)).toBe(text));

  it.each([
    [1, 'Остался 1 код'],
    [2, 'Осталось 2 кода'],
    [5, 'Осталось 5 кодов'],
    [11, 'Осталось 11 кодов'],
    [21, 'Остался 21 код'],
  ])('Russian %i → %s', (n, text) => expect(format(LEFT_RU, 'ru', n)).toBe(text));

  it.each([
    [0, 'لا رموز'],
    [1, 'رمز واحد'],
    [2, 'رمزان'],
    [3, `${new Intl.NumberFormat('ar').format(3)} رموز`],
    [11, `${new Intl.NumberFormat('ar').format(11)} رمزًا`],
    [100, `${new Intl.NumberFormat('ar').format(100)} رمز`],
  ])('Arabic %i → %s', (n, text) => expect(format(LEFT_AR, 'ar', n)).toBe(text));

  it('Japanese has only "other", for every count', () => {
    for (const n of [0, 1, 2, 5, 21, 1000])
      expect(format('{$1, plural, other {残り # 個}}', 'ja', n)).toBe(
        `残り ${n.toLocaleString('ja')} 個`,
      );
  });

  it('formats the count and number substitutions in the language’s own way', () => {
    expect(format('{$1, plural, other {# Codes}}', 'de', 1234)).toBe('1.234 Codes');
    expect(format('$1 / $2', 'de', 1234, '1234')).toBe('1.234 / 1234'); // strings stay as given
    expect(format('{$1, plural, other {# codes}}', 'en', 1234)).toBe('1,234 codes');
  });

  it('prefers an exact =N branch, and falls back to "other" for a category it lacks', () => {
    const m = '{$1, plural, =0 {none} one {# one} other {# many}}';
    expect(format(m, 'en', 0)).toBe('none');
    expect(format(m, 'en', 1)).toBe('1 one');
    expect(format('{$1, plural, one {# kod} other {# x}}', 'pl', 5)).toBe('5 x');
  });

  it('fills other substitutions inside branches, several blocks, and nested blocks', () => {
    expect(
      format(
        '{$2, plural, one {Delete $1 and its # code} other {Delete $1 and its # codes}}',
        'en',
        'a.com',
        1,
      ),
    ).toBe('Delete a.com and its 1 code');
    expect(
      format('{$1, plural, one {# new} other {# new}}, {$2, plural, other {# used}}', 'en', 3, 4),
    ).toBe('3 new, 4 used');
    const nested =
      '{$1, plural, one {# site {$2, plural, one {and # code} other {and # codes}}} other {# sites}}';
    expect(format(nested, 'en', 1, 2)).toBe('1 site and 2 codes');
    expect(format(nested, 'en', 3, 2)).toBe('3 sites');
  });

  it('leaves braces and # outside plural blocks alone', () => {
    expect(format('Use {curly} braces #1 for $1', 'en', 'x')).toBe('Use {curly} braces #1 for x');
  });

  it.each([
    ['{$1, plural, one {# code}}', /needs an "other" branch/],
    ['{$1, plural, one {# code} other {# codes}', /expected a plural branch name/],
    ['{$1, plural, single {x} other {y}}', /unknown plural category "single"/],
    ['{$1, plural, other {a} other {b}}', /given twice/],
    ['{$1, plural, other x}', /expected "\{" after "other"/],
    ['{$1, plural, other {unclosed', /is not closed/],
  ])('rejects the malformed %s', (message, error) => {
    expect(() => parseMessage(template(message))).toThrow(error);
    // …and shows it rather than nothing when it reaches the screen.
    expect(format(message, 'en', 5)).toContain('5');
  });
});

describe('English plural keys', () => {
  // The messages as they were when English plurals were pairs `key` / `keyOne`: one key must say
  // exactly the same for every count people see.
  const before: Record<string, [one: string, other: string]> = {
    corruptedRecords: [
      '1 account could not be decrypted and is hidden. Restore it by importing a backup.',
      '$1 accounts could not be decrypted and are hidden. Restore them by importing a backup.',
    ],
    codesFound: ['1 code found', '$1 codes found'],
    codesDuplicates: ['1 duplicate left out', '$1 duplicates left out'],
    codesRejected: ['1 line left out', '$1 lines left out'],
    codesCheck: [
      'Check the code marked below before saving.',
      'Check the $1 codes marked below before saving.',
    ],
    lowCodesTitle: ['Only 1 code left.', 'Only $1 codes left.'],
    archivedSets: ['Archived sets (1)', 'Archived sets ($1)'],
    importAdded: ['1 new account', '$1 new accounts'],
    importMerged: ['1 account updated', '$1 accounts updated'],
    importUnchanged: ['1 account is already up to date.', '$1 accounts are already up to date.'],
    importNothing: [
      'Nothing to import: the account is already up to date.',
      'Nothing to import: all $1 accounts are already up to date.',
    ],
    nCodes: ['1 code', '$1 codes'],
    nSeconds: ['1 second', '$1 seconds'],
    importOtherFound: [
      'Backup codes were found in 1 item.',
      'Backup codes were found in $1 items.',
    ],
    importOtherNoCodes: ['1 item had no backup codes.', '$1 items had no backup codes.'],
    importOtherDone: [
      'Imported 1 account. Delete the export file now: it holds your passwords unencrypted.',
      'Imported $1 accounts. Delete the export file now: it holds your passwords unencrypted.',
    ],
    importOtherSomeFailed: [
      '1 item could not be imported; see the message next to it.',
      '$1 items could not be imported; see the messages next to them.',
    ],
    nLeft: ['1 left', '$1 left'],
  };
  const en = sourceFromLocale(locale);

  it.each(Object.entries(before))('%s says what the pair said', (key, [one, other]) => {
    for (const n of [0, 1, 2, 3, 7, 16, 42, 999]) {
      const expected = n === 1 ? one : other.replace('$1', String(n));
      expect(formatMessage(en(key), [n], 'en')).toBe(expected);
    }
  });

  it('no longer has the `…One` halves', () => {
    expect(Object.keys(locale).filter((k) => k.endsWith('One'))).toEqual([]);
  });
});
