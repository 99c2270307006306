/**
 * When two codes are the same code: {@link codeKey}, used for duplicates in a
 * paste, in a list sent to the background, in an import and in a backup merge.
 */

const KEY_SEPARATORS =
  /[\s\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * The comparison key of a code: Unicode-compatibility-normalised (so full-width
 * digits equal ASCII ones), lowercased, with spaces and dashes removed.
 * `ABCDE-12345`, `abcde 12345` and `abcde12345` share one key. Idempotent.
 * @param value a code as displayed
 */
export function codeKey(value: string): string {
  // Removing a separator can let NFKC compose the characters around it, and
  // NFKC can produce new spaces; repeat until nothing changes so the key is a
  // fixed point (codeKey(codeKey(x)) === codeKey(x)).
  if (/^[A-Za-z0-9 -]*$/.test(value)) return value.toLowerCase().replace(/[ -]/g, '');
  let key = value;
  for (let i = 0; i < 8; i++) {
    const next = key.normalize('NFKC').toLowerCase().normalize('NFKC').replace(KEY_SEPARATORS, '');
    if (next === key) return key;
    key = next;
  }
  return key;
}
