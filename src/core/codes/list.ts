/**
 * The list of codes a person approved in the preview, checked before it is
 * saved. The manager page parses what was pasted, shows the result, and sends
 * the background exactly that list: the background does not parse again, so
 * what is saved is what was shown (after edits, in either mode, whatever the
 * registry said when the page was opened). It only checks that every value is
 * one code the parser could have produced and that none repeats.
 */
import { MAX_CODES } from '../account';
import { BackstopError } from '../errors';
import { codeChars, MAX_CODE_CHARS, MIN_CODE_CHARS } from './line';
import { codeKey } from './parse';

/** One code as sent to the background. */
export interface CodeEntry {
  value: string;
  used: boolean;
}

/** What the parser writes: letters and digits in groups joined by single spaces or dashes. */
const CODE = /^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/;
/** Longest value `account.ts` stores; 40 letters and digits in groups of two or more fit. */
const MAX_VALUE_LENGTH = 64;

function invalid(message: string): never {
  throw new BackstopError('invalid-input', message);
}

/**
 * Checks a list of codes from the preview and returns a clean copy.
 * @param input what the page sent
 * @throws BackstopError `invalid-input` for anything but 1–200 distinct codes,
 *   each `{ value, used }` with a value that is a single code exactly as the
 *   parser writes one (letters and digits in groups separated by single spaces
 *   or dashes, 4–40 of them)
 */
export function validateCodeList(input: unknown): CodeEntry[] {
  if (!Array.isArray(input) || input.length === 0) invalid('Paste the backup codes.');
  if (input.length > MAX_CODES) invalid(`At most ${MAX_CODES} codes can be saved for one account.`);
  const seen = new Set<string>();
  return input.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) invalid('A code is missing.');
    const { value, used } = entry as Record<string, unknown>;
    if (typeof value !== 'string' || typeof used !== 'boolean') invalid('A code is malformed.');
    const shown = value.length > 48 ? `${value.slice(0, 47)}…` : value;
    if (value.length > MAX_VALUE_LENGTH) invalid(`“${shown}” is too long to be a backup code.`);
    const chars = codeChars(value);
    if (!CODE.test(value) || chars < MIN_CODE_CHARS || chars > MAX_CODE_CHARS) {
      invalid(`“${shown}” is not a single backup code.`);
    }
    const key = codeKey(value);
    if (seen.has(key)) invalid(`“${shown}” is listed twice.`);
    seen.add(key);
    return { value, used };
  });
}
