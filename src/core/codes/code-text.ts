/**
 * What the text of a code is made of, as every reading of a line sees it:
 * how many letters and digits it has, its letter case, and how to say why a
 * piece of text cannot be one.
 */

/** Fewest letters and digits in a code (separators not counted). */
export const MIN_CODE_CHARS = 4;
/** Most letters and digits in a code; Apple's 28-character recovery key fits with room to spare. */
export const MAX_CODE_CHARS = 40;

export const hasDigit = (s: string) => /\d/.test(s);
/** `2024-05-01`, `01-05-2024`: a date is never a backup code. */
export const DATE = /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})$/;
export const isLetters = (s: string) => /^[A-Za-z]+$/.test(s);
/** Letters and digits in a value, separators not counted. */
export const codeChars = (value: string) => value.replace(/[ -]/g, '').length;

/** Lower/upper/mixed, from the letters only; `none` when there are no letters. */
export function letterCase(s: string): 'none' | 'lower' | 'upper' | 'mixed' {
  const lower = /[a-z]/.test(s);
  const upper = /[A-Z]/.test(s);
  if (lower && upper) return 'mixed';
  return lower ? 'lower' : upper ? 'upper' : 'none';
}

/** A piece of text in curly quotes, shortened for a message. */
export function quote(s: string): string {
  const short = s.length > 48 ? `${s.slice(0, 47)}…` : s;
  return `“${short}”`;
}

/** Why `token` cannot be a code: the characters it has that codes never have. */
export function describeBadChars(token: string): string {
  const bad = new Set<string>();
  for (const ch of token) {
    if (/[A-Za-z0-9-]/.test(ch)) continue;
    const cp = ch.codePointAt(0) ?? 0;
    bad.add(
      cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffd
        ? 'an unreadable character'
        : `“${ch}”`,
    );
  }
  if (bad.size === 0) return `${quote(token)} has a misplaced dash.`;
  return `${quote(token)} contains characters a backup code cannot have: ${[...bad].join(', ')}.`;
}
