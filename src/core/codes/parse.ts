/**
 * Turns pasted text, a site's downloaded codes file or text read from a
 * screenshot into backup codes — exactly the codes that will be saved, and
 * every line left out with the reason.
 *
 * The one entry point is {@link parseCodes}`(text, { shape, mode })`:
 * - `text`: the whole paste or file;
 * - `shape`: the site's code shape from the registry (`shapeOfSite` in `shape.ts`),
 *   or none for a site Backstop does not know;
 * - `mode`: `smart` (default) or `lines` ("one code per line").
 * The result is a pure function of these three, so the preview and anything
 * that checks it later see the same codes.
 *
 Text past the limits (`limits.ts`) is refused before it is read. Each line
 * is lexed and read once (`reading.ts`); then one reading of the whole text
 * is chosen, and `collect.ts` turns it into the result.
 *
 * How `smart` reads:
 * - With a shape that has a length, each line's tokens are cut into codes of
 *   that shape (`read-shape.ts`, `shape.ts`): whole tokens only, never a
 *   character changed. A line with no code of that shape falls back to the
 *   reading below, and whatever it takes is marked with a warning saying how
 *   it differs.
 * - Without one, the heuristic (`read-heuristic.ts`) reads each line on its
 *   own (`line.ts`) and the doubtful candidates (a code-like token next to
 *   words, a code without digits) are judged against the codes found on clean
 *   lines. Then the literal reading (`read-literal.ts`) — each line minus list
 *   decoration is one code — wins when the heuristic would lose something:
 *   when every line is a single candidate and the heuristic drops, splits,
 *   merges or truncates any of them, or when it finds nothing at all although
 *   some line is a candidate.
 *
 * A code is never shortened, merged with another or changed beyond the
 * look-alike characters `normalizeLine` folds (full-width digits, non-breaking
 * spaces and hyphens). "No backup codes found" is thrown only when no line
 * holds anything code-like.
 */
import { collectResult } from './collect';
import { linesWithinLimits, parseError } from './limits';
import { readLines, readSmart } from './read-literal';
import { readWithShape, withShapeWarnings } from './read-shape';
import { rowsOf } from './reading';
import { describeShape, shapeMismatch, type CodeShape } from './shape';
import { asCodeLines } from './structured';

export type { CodeShape } from './shape';

/** A code as it will be saved. */
export interface ParsedCode {
  /** As displayed by the site, e.g. `1234 5678` or `abcde-12345`. */
  value: string;
  /** The text marked it as spent (`(used)`, `[used]`, `✓ used`, `- used`, `~~code~~`, `[x] code`). */
  used: boolean;
  /**
   * Present when the code is saved as typed but something about it is worth a
   * look: it does not fit the site's shape, or it reads like words. Plain English.
   */
  warning?: string;
}

/** A line that gave no code, or a line from which something was left out. */
export interface RejectedLine {
  /** 1-based line number in the given text. */
  line: number;
  /** The line as given (trimmed, shortened if very long). */
  text: string;
  /** Plain English, shown to the user. */
  reason: string;
}

/** `smart` reads codes among other text; `lines` takes each line (minus list decoration) as one code. */
export type ParseMode = 'smart' | 'lines';

export interface ParseOptions {
  /** The site's code shape; absent or null for an unknown site. */
  shape?: CodeShape | null;
  /** Default `smart`. */
  mode?: ParseMode;
}

export interface ParseResult {
  /** Distinct codes (by `codeKey`, `key.ts`) in the order they appear: exactly what will be saved. */
  codes: ParsedCode[];
  /** Every non-blank line that gave no code, and every line from which a part was left out, with why. */
  rejected: RejectedLine[];
  /** Codes dropped because an equal code (by `codeKey`, `key.ts`) came earlier. */
  duplicates: number;
  /**
   * How the codes were read: `lines` in `lines` mode, and in `smart` mode when
   * the literal reading won (see the module comment).
   */
  reading: ParseMode;
  /** About the set as a whole (more codes than the site gives, none like the site's). */
  warnings: string[];
}

/**
 * Reads backup codes from pasted text, a downloaded codes file or text read
 * from a screenshot.
 *
 * Accepts one code a line or several (columns separated by a tab or two or
 * more spaces, or codes with internal dashes separated by spaces), numbered
 * lists, bullets, Markdown check boxes and strikethrough, "used" marks, site
 * headers and footers, CRLF or LF. A code is 4–40 letters and digits,
 * optionally in groups separated by single spaces or dashes.
 *
 * @param text the whole paste or file content
 * @param options the site's code shape (when the site is known) and the mode
 * @returns the distinct codes in order, exactly as they will be saved; every
 *   line left out with a reason; the number of duplicates dropped
 * @throws BackstopError `parse-error` when the text is too large, binary, has
 *   over 1,000 lines or a line over 2,000 characters, or holds nothing that
 *   could be a code (`detail.rejected` then lists the lines and why).
 *   Never throws anything else.
 */
export function parseCodes(text: string, options: ParseOptions = {}): ParseResult {
  if (typeof text !== 'string') parseError('Backup codes must be given as text.');
  const rows = rowsOf(linesWithinLimits(asCodeLines(text)));
  const shape = options.shape ?? null;
  const reading =
    options.mode === 'lines'
      ? readLines(rows, shape)
      : shape && shape.length !== null
        ? readWithShape(rows, shape)
        : withShapeWarnings(readSmart(rows), shape);

  const { codes, rejected, duplicates } = collectResult(rows, reading);
  if (codes.length === 0) parseError('No backup codes found in this text.', { rejected });

  const warnings: string[] = [];
  if (shape) {
    if (shape.count !== null && codes.length > shape.count) {
      warnings.push(
        `${shape.site} gives ${shape.count === 1 ? 'one code' : `${shape.count} codes`} at a time; this text has ${codes.length}. Check that they all belong to this account.`,
      );
    }
    if (codes.every((c) => shapeMismatch(c.value, shape) !== null)) {
      warnings.push(
        `None of these look like ${shape.site}’s codes (${describeShape(shape)}). Check the website, and that you copied the whole codes.`,
      );
    }
  }
  return { codes, rejected, duplicates, reading: reading.reading, warnings };
}
