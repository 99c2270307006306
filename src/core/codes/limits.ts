/**
 * What text can be a list of backup codes at all: limits on size, lines and
 * line length, and no binary data. Text past them is refused before it is
 * read, with a message that says why (a file chosen by mistake, most often).
 */
import { BackstopError } from '../errors';

/** Limits beyond which the input is surely not a list of backup codes (and parsing it would only cost time). */
export const PARSE_LIMITS = {
  maxBytes: 64 * 1024,
  maxLines: 1000,
  maxLineLength: 2000,
} as const;

/** Every line break the parser splits lines at: CRLF, LF, CR, NEL and the Unicode separators. */
export const LINE_SPLIT = /\r\n|[\n\r\u0085\u2028\u2029]/;

/** The error every refusal of the parser throws: `parse-error`, with plain-words `message`. */
export function parseError(message: string, detail?: unknown): never {
  throw new BackstopError('parse-error', message, detail);
}

/** UTF-8 size without allocating; a lone surrogate counts as the 3 bytes of U+FFFD it would be written as. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Counts characters that do not occur in text a person pasted or a site wrote:
 * control characters (other than tab, line breaks and form feeds), U+FFFD left
 * by a failed decode, and lone surrogates; and, to compare with, the characters
 * that are not whitespace (so CRLF or trailing spaces never change the verdict).
 * `unreadable` is -1 on a NUL character.
 */
function countUnreadable(s: string): { unreadable: number; visible: number } {
  let n = 0;
  let visible = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return { unreadable: -1, visible };
    if (c === 0x20) continue;
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) n++;
      else continue;
    } else if (c >= 0x7f && c <= 0x9f) {
      if (c !== 0x85) n++;
    } else if (c === 0xfffd) {
      n++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else n++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      n++;
    }
    visible++;
  }
  return { unreadable: n, visible };
}

/**
 * The lines of `text` (without a last empty one after a final line break),
 * once the text is known to be within {@link PARSE_LIMITS} and readable.
 * @throws BackstopError `parse-error` saying which limit the text is past
 */
export function linesWithinLimits(text: string): string[] {
  const { maxBytes, maxLines, maxLineLength } = PARSE_LIMITS;
  // The length check first: a huge string is refused before it is even scanned.
  if (text.length > maxBytes || utf8Length(text) > maxBytes) {
    parseError(
      'This is too large to be a list of backup codes (over 64 KiB). Check that you chose the right file.',
    );
  }
  // A stray control character or two can come with a paste; more than that,
  // or a NUL, means a binary file or the wrong encoding.
  const { unreadable, visible } = countUnreadable(text);
  if (unreadable < 0 || unreadable >= 8 || (unreadable >= 2 && unreadable * 50 >= visible)) {
    parseError(
      'This does not look like text: it contains binary or unreadable characters. Check that you chose the right file.',
    );
  }

  const lines = text.split(LINE_SPLIT);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > maxLines) {
    parseError(
      `This has ${lines.length.toLocaleString('en-US')} lines, more than a list of backup codes could have (at most 1,000). Check that you chose the right file.`,
    );
  }
  const longLine = lines.findIndex((l) => l.length > maxLineLength);
  if (longLine >= 0) {
    parseError(
      `Line ${longLine + 1} is ${lines[longLine]!.length.toLocaleString('en-US')} characters long, more than a list of backup codes could have (at most 2,000). Check that you chose the right file.`,
    );
  }
  return lines;
}
