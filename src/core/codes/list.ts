/**
 * What may be saved as a code, and the list of codes a person approved in the
 * preview, checked before it is saved. The manager page parses what was
 * pasted, shows the result, and sends the background exactly that list: the
 * background does not parse again, so what is saved is what was shown (after
 * edits, in either mode, whatever the registry said when the page was opened).
 * It only checks that every value is one code the parser could have produced
 * and that none repeats.
 *
 * {@link isSingleCode} is the one rule for "a single code": Add account and
 * Replace codes (`validateCodeList`) and an import from another manager
 * (`importers/accounts.ts`) all check with it, so a code that can be saved one
 * way can be saved every way.
 */
import { MAX_CODE_VALUE, MAX_CODES } from '../account';
import { BackstopError } from '../errors';
import { codeChars, MAX_CODE_CHARS, MIN_CODE_CHARS, quote } from './code-text';
import { codeKey } from './key';

/** One code as sent to the background. */
export interface CodeEntry {
  value: string;
  used: boolean;
}

/** What the parser writes: letters and digits in groups joined by single spaces or dashes. */
const CODE = /^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/;

/**
 * The value is one code as the parser writes one, in either mode: letters and
 * digits in groups separated by single spaces or dashes, 4–40 of them, at most
 * 64 characters in all. Purely syntactic: "one code per line" may save a line
 * (`hello world`) that the smart reading would not call a code, and what it
 * saves must stay importable and restorable.
 * @param value a code as displayed, e.g. `1234 5678`
 */
export function isSingleCode(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_CODE_VALUE || !CODE.test(value)) return false;
  const chars = codeChars(value);
  return chars >= MIN_CODE_CHARS && chars <= MAX_CODE_CHARS;
}

function invalid(message: string): never {
  throw new BackstopError('invalid-input', message);
}

/**
 * Checks a list of codes from the preview and returns a clean copy.
 * @param input what the page sent
 * @throws BackstopError `invalid-input` for anything but 1–200 distinct codes,
 *   each `{ value, used }` with a value that {@link isSingleCode} accepts
 */
export function validateCodeList(input: unknown): CodeEntry[] {
  if (!Array.isArray(input) || input.length === 0) invalid('Paste the backup codes.');
  if (input.length > MAX_CODES) invalid(`At most ${MAX_CODES} codes can be saved for one account.`);
  const seen = new Set<string>();
  return input.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) invalid('A code is missing.');
    const { value, used } = entry as Record<string, unknown>;
    if (typeof value !== 'string' || typeof used !== 'boolean') invalid('A code is malformed.');
    if (value.length > MAX_CODE_VALUE) invalid(`${quote(value)} is too long to be a backup code.`);
    if (!isSingleCode(value)) invalid(`${quote(value)} is not a single backup code.`);
    const key = codeKey(value);
    if (seen.has(key)) invalid(`${quote(value)} is listed twice.`);
    seen.add(key);
    return { value, used };
  });
}
