/**
 * How a stored code is typed into a site's field. Sites display codes with a
 * space or dash for readability and usually accept them without; the site rule
 * data says which form a field wants, and the default is the code as displayed.
 */
import { BackstopError } from '../errors';

/** The form a site's field accepts. Every part is optional; `{}` means "as displayed". */
export interface FieldFormat {
  /** Remove spaces and dashes (`1234 5678` → `12345678`). */
  stripSeparators?: boolean;
  /** Letter case to type; default `as-is`. */
  case?: 'lower' | 'upper' | 'as-is';
  /** Regroup after removing separators, e.g. `{ size: 4, separator: '-' }` → `abcd-1234`. */
  group?: { size: number; separator: string };
}

const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/g;

/**
 * Renders a code the way a site's field accepts it.
 * @param value the code as stored (as displayed by the site)
 * @param format the field's rule; grouping implies removing the displayed separators first
 * @throws BackstopError `invalid-input` for a group size that is not a whole number from 1 to 40,
 *   or a separator longer than 3 characters or containing control characters
 */
export function formatForField(value: string, format: FieldFormat = {}): string {
  let out = value.trim();
  if (format.stripSeparators || format.group) out = out.replace(SEPARATORS, '');
  if (format.case === 'lower') out = out.toLowerCase();
  else if (format.case === 'upper') out = out.toUpperCase();

  if (format.group) {
    const { size, separator } = format.group;
    if (!Number.isInteger(size) || size < 1 || size > 40) {
      throw new BackstopError(
        'invalid-input',
        `Group size must be a whole number from 1 to 40, not ${String(size)}.`,
      );
    }
    // A separator is typed into a page; control characters never belong there.
    if (typeof separator !== 'string' || separator.length > 3 || /\p{Cc}/u.test(separator)) {
      throw new BackstopError(
        'invalid-input',
        'A group separator must be at most 3 printable characters.',
      );
    }
    const groups: string[] = [];
    // Iterate by code point so a stray astral character is never split in half.
    const chars = [...out];
    for (let i = 0; i < chars.length; i += size) groups.push(chars.slice(i, i + size).join(''));
    out = groups.join(separator);
  }
  return out;
}
