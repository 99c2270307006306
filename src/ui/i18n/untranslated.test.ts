/**
 * No English left in a translation (docs/i18n.md): a message that reads the same as English, an
 * English word in a language that does not write in Latin letters, or an English sentence in one
 * that does. Brand names, formats and codes stay as they are: they are on the allow-list below.
 * Also: named placeholders exactly as in English.
 */
import { describe, expect, it } from 'vitest';
import { readCatalog as read, TRANSLATIONS as translations } from './testing/catalogs';

const en = read('en');

/** Names and formats that stay in Latin letters in every language. */
const ALLOWED = [
  'Backstop',
  'GitHub',
  'Google',
  'Instagram',
  'Microsoft',
  'Bitwarden',
  '1Password',
  'KeePassXC',
  'KeePass',
  'Proton Pass',
  'Web Crypto',
  'PBKDF2-SHA256',
  'PBKDF2',
  'SHA-256',
  'AES-256-GCM',
  'AES',
  'CSV',
  'JSON',
  'PNG',
  'JPEG',
  'WebP',
  'MB', // the unit symbol, written so in Japanese, Korean and Chinese too
  '2FA',
  'URL',
  'HTTPS',
];

/** Keys whose message is a name or a code, the same in every language. */
const SAME_EVERYWHERE = new Set(['extName', 'catalogLocale']);

/** Messages that are, word for word, the same in that language as in English. */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  de: ['siteName'], // "Name (optional)"
  fr: ['lock1', 'lock5', 'lock15'], // "1 minute", "5 minutes"
  nl: ['nCodes'], // "# code", "# codes"
};

/**
 * English words that are not words of any of the Latin-script languages here (so "was", "will",
 * "also", "been", "is", "in", "to" are not on it): one of them in a translation is English left over.
 */
const ENGLISH_ONLY = new Set(
  `the and your you this that with from have they their what when where here which should could
  would there these those doesn't don't can't isn't couldn't didn't won't it's only already
  cannot nothing something anyone nobody never again because while please`.split(/\s+/),
);

/** The message's own words: without substitutions, plural syntax and the allowed names. */
function words(message: string): string {
  let text = message
    .replace(/\{\s*\$\d\s*,\s*plural\s*,/g, ' ')
    .replace(/(?:^|\s)(?:=\d+|zero|one|two|few|many|other)\s*\{/g, ' ')
    .replace(/\$\d|\$[A-Za-z_]+\$|#/g, ' ');
  for (const name of ALLOWED) text = text.split(name).join(' ');
  // Quoted examples of what someone types ("aaa", "@" for "a") are characters, not words.
  text = text.replace(/[«„“"'‘「『]\s?[^\s«»„“”"'‘’「」『』]{1,12}\s?[»“”"'’」』]/g, ' ');
  // Web addresses and field names (github.com, kdf.salt) are not words.
  return text.replace(/\b[\w-]+(?:\.[\w-]+)+\b/g, ' ');
}

/** Words in Latin letters (accented ones included, so "Frühere" is one word, not "Fr" and "here"). */
const latinWords = (text: string) => text.match(/\p{Script=Latin}[\p{Script=Latin}'’]*/gu) ?? [];
const writesInLatin = (locale: string) =>
  !['ru', 'uk', 'ja', 'ko', 'zh_CN', 'zh_TW', 'ar', 'he'].includes(locale);

describe.each(translations)('%s has no English left', (locale) => {
  const catalog = read(locale);
  const keys = Object.keys(en).filter((k) => catalog[k] && !SAME_EVERYWHERE.has(k));

  it('no message reads exactly as in English (unless it is only names and numbers)', () => {
    const same = keys.filter(
      (k) =>
        !SAME_AS_ENGLISH[locale]?.includes(k) &&
        catalog[k]!.message.trim() === en[k]!.message.trim() &&
        /\p{L}/u.test(words(en[k]!.message)),
    );
    expect(same).toEqual([]);
  });

  // A script without Latin letters may hold no Latin word besides brand names and formats; a
  // Latin-script language may hold Latin words, but none that only English uses.
  const latinScript = writesInLatin(locale);
  it(
    latinScript
      ? 'no English-only word'
      : 'no word in Latin letters besides brand names and formats',
    () => {
      const found = keys
        .map((k) => [k, latinWords(words(catalog[k]!.message))] as const)
        .map(
          ([k, latin]) =>
            [
              k,
              latinScript ? latin.filter((w) => ENGLISH_ONLY.has(w.toLowerCase())) : latin,
            ] as const,
        )
        .filter(([, latin]) => latin.length)
        .map(([k, latin]) => `${k}: ${latin.join(' ')}`);
      expect(found).toEqual([]);
    },
  );

  it('keeps named placeholders exactly as English has them', () => {
    const differing = keys.filter(
      (k) =>
        JSON.stringify(catalog[k]!.placeholders ?? {}) !==
        JSON.stringify(en[k]!.placeholders ?? {}),
    );
    expect(differing).toEqual([]);
  });
});

describe('the English-left check', () => {
  // The check must be able to fail: it is fed English as if it were a translation.
  it('finds English in a Latin-script and in a non-Latin-script "translation"', () => {
    const sample = 'Only # codes left. Make a new set in your GitHub security settings.';
    expect(latinWords(words(sample)).filter((w) => ENGLISH_ONLY.has(w.toLowerCase()))).toEqual([
      'Only',
      'your',
    ]);
    expect(latinWords(words('Код для GitHub и github.com: $1, JSON'))).toEqual([]);
    expect(latinWords(words('コードを Backup に'))).toEqual(['Backup']);
    expect(latinWords(words('Frühere Codes'))).toEqual(['Frühere', 'Codes']);
    expect(latinWords(words('像「aaa」这样，例如用“@”代替“a”'))).toEqual([]);
    expect(latinWords(words('Repeated characters like "aaa" are easy'))).toEqual([
      'Repeated',
      'characters',
      'like',
      'are',
      'easy',
    ]);
  });
});
