/**
 * What the text of a code is made of, as every reading of a line sees it:
 * how many letters and digits it has, its letter case, and how to say why a
 * piece of text cannot be one.
 */
import type { CodeAlphabet } from '../sites/schema';

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
/** One to three digits alone: list numbering (or part of a date), never a code nor a failed one. */
export const isListNumber = (s: string) => /^\d{1,3}$/.test(s);

/**
 * `01 1234 5678`: a code after a list number written without punctuation. The
 * groups without that number when the first is one to three digits and the
 * others are longer and of one length; else the groups as they are.
 */
export function withoutListNumber(groups: readonly string[]): readonly string[] {
  const [first, next] = groups;
  const numbered =
    first !== undefined &&
    next !== undefined &&
    isListNumber(first) &&
    next.length > first.length &&
    groups.slice(1).every((g) => g.length === next.length);
  return numbered ? groups.slice(1) : groups;
}

/** Why a value has too few or too many letters and digits for a code, or null when it has neither. */
export function sizeProblem(value: string): string | null {
  const n = codeChars(value);
  if (n < MIN_CODE_CHARS) {
    return `${quote(value)} is too short for a backup code (at least ${MIN_CODE_CHARS} letters or digits).`;
  }
  if (n > MAX_CODE_CHARS) {
    return `${quote(value)} is too long for a backup code (at most ${MAX_CODE_CHARS} letters or digits).`;
  }
  return null;
}

/** The characters each registry alphabet holds, separators not counted. */
export const ALPHABET_CHARS: Record<CodeAlphabet, RegExp> = {
  digits: /^[0-9]+$/,
  'hex-lower': /^[0-9a-f]+$/,
  'alnum-lower': /^[0-9a-z]+$/,
  alnum: /^[0-9A-Za-z]+$/,
  'alnum-upper': /^[0-9A-Z]+$/,
};

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
