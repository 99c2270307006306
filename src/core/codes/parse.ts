/**
 * Turns pasted text or a site's downloaded codes file into backup codes.
 *
 * Two passes: `line.ts` reads each line on its own; this file then judges the
 * doubtful candidates (a code-like token next to words, a code without digits)
 * against the shape of the codes that were found on clean lines, because "does
 * this look like the other codes?" is the best evidence a parser has.
 */
import { BackstopError } from '../errors';
import { analyzeLine, type Candidate, type LineKind } from './line';

/** A code as found in the text. */
export interface ParsedCode {
  /** As displayed by the site, e.g. `1234 5678` or `abcde-12345`. */
  value: string;
  /** The text marked it as spent (`(used)`, `[used]`, `✓ used`, `- used`, `~~code~~`, `[x] code`). */
  used: boolean;
}

/** A line the parser did not take although part of it looked like a code. */
export interface RejectedLine {
  /** 1-based line number in the given text. */
  line: number;
  /** The line as given (trimmed, shortened if very long). */
  text: string;
  /** Plain English, shown to the user. */
  reason: string;
}

export interface ParseResult {
  /** Distinct codes (by {@link codeKey}) in the order they appear. */
  codes: ParsedCode[];
  /** Lines that looked like attempted codes but were not taken. Prose is ignored silently. */
  rejected: RejectedLine[];
  /** Codes dropped because an equal code (by {@link codeKey}) came earlier. */
  duplicates: number;
}

/** Limits beyond which the input is surely not a list of backup codes (and parsing it would only cost time). */
export const PARSE_LIMITS = {
  maxBytes: 64 * 1024,
  maxLines: 1000,
  maxLineLength: 2000,
} as const;

const LINE_SPLIT = /\r\n|[\n\r\u0085\u2028\u2029]/;

function fail(message: string, detail?: unknown): never {
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
 * The lengths of a code's groups and its separators, e.g. `4 4` for `1234 5678`,
 * `5-5` for `abcde-12345`, `16` for a GitLab code.
 */
function shapeOf(value: string): string {
  return value.replace(/[A-Za-z0-9]+/g, (g) => String(g.length));
}

interface ShapeStats {
  lower: boolean;
  upper: boolean;
  /** Letters beyond a–f: tells hex codes (GitHub, GitLab) from alphanumeric ones. */
  nonHex: boolean;
}

function learnShapes(values: readonly string[]): Map<string, ShapeStats> {
  const shapes = new Map<string, ShapeStats>();
  for (const v of values) {
    const key = shapeOf(v);
    const s = shapes.get(key) ?? { lower: false, upper: false, nonHex: false };
    s.lower ||= /[a-z]/.test(v);
    s.upper ||= /[A-Z]/.test(v);
    s.nonHex ||= /[g-zG-Z]/.test(v);
    shapes.set(key, s);
  }
  return shapes;
}

/** Same groups and separators, and only kinds of letters the known codes of that shape use. */
function fitsShapes(value: string, shapes: Map<string, ShapeStats>): boolean {
  const s = shapes.get(shapeOf(value));
  if (!s) return false;
  if (/[a-z]/.test(value) && !s.lower) return false;
  if (/[A-Z]/.test(value) && !s.upper) return false;
  if (/[g-zG-Z]/.test(value) && !s.nonHex) return false;
  return true;
}

/**
 * A code without digits can be real (one in fourteen Discord codes has none),
 * but so is every hyphenated word. Without other codes to compare with, take
 * it only when it has a code's regular grouping and few vowels.
 */
function looksRandom(value: string): boolean {
  const groups = value.split(/[ -]/);
  const size = groups[0]?.length ?? 0;
  if (groups.length < 2 || size < 3 || groups.some((g) => g.length !== size)) return false;
  if (groups.length >= 3) return true;
  const letters = groups.join('');
  const vowels = letters.replace(/[^aeiouyAEIOUY]/g, '').length;
  return letters.length >= 8 && vowels / letters.length <= 0.3;
}

/** Short numbers next to words are years and counts ("Generated: Mar 3, 2023"), not failed codes. */
const isMinorNumber = (value: string) => /^\d{1,4}$/.test(value);

interface Found extends Candidate {
  line: number;
  kind: LineKind;
}

function shorten(line: string): string {
  const t = line.trim();
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}

/**
 * Reads backup codes from pasted text or a downloaded codes file.
 *
 * Accepts one code a line or several (columns separated by a tab or two or
 * more spaces, or codes with internal dashes separated by spaces), numbered
 * lists, bullets, Markdown check boxes and strikethrough, site headers and
 * footers, CRLF or LF. A code is 4–40 letters and digits, optionally in groups
 * separated by single spaces or dashes; `1234 5678` is one code.
 *
 * @param text the whole paste or file content
 * @returns distinct codes in order, lines rejected with a reason, and the number of duplicates dropped
 * @throws BackstopError `parse-error` when the text is too large, binary, has
 *   over 1,000 lines or a line over 2,000 characters, or holds no code at all.
 *   Never throws anything else.
 */
export function parseCodes(text: string): ParseResult {
  if (typeof text !== 'string') fail('Backup codes must be given as text.');
  const { maxBytes, maxLines, maxLineLength } = PARSE_LIMITS;
  // The length check first: a huge string is refused before it is even scanned.
  if (text.length > maxBytes || utf8Length(text) > maxBytes) {
    fail(
      'This is too large to be a list of backup codes (over 64 KiB). Check that you chose the right file.',
    );
  }
  // A stray control character or two can come with a paste; more than that,
  // or a NUL, means a binary file or the wrong encoding.
  const { unreadable, visible } = countUnreadable(text);
  if (unreadable < 0 || unreadable >= 8 || (unreadable >= 2 && unreadable * 50 >= visible)) {
    fail(
      'This does not look like text: it contains binary or unreadable characters. Check that you chose the right file.',
    );
  }

  const lines = text.split(LINE_SPLIT);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > maxLines) {
    fail(
      `This has ${lines.length.toLocaleString('en-US')} lines, more than a list of backup codes could have (at most 1,000). Check that you chose the right file.`,
    );
  }
  const longLine = lines.findIndex((l) => l.length > maxLineLength);
  if (longLine >= 0) {
    fail(
      `Line ${longLine + 1} is ${lines[longLine]!.length.toLocaleString('en-US')} characters long, more than a list of backup codes could have (at most 2,000). Check that you chose the right file.`,
    );
  }

  const found: Found[] = [];
  const reasons = new Map<number, string[]>();
  const reject = (line: number, reason: string) => {
    const list = reasons.get(line);
    if (list) list.push(reason);
    else reasons.set(line, [reason]);
  };

  let previousLineFound: Found | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const a = analyzeLine(raw);
    if (a.kind === 'blank') return;
    // A "(used)" alone on a line belongs to the code on the line above it.
    if (a.danglingUsed && previousLineFound) previousLineFound.used = true;
    if (a.kind !== 'prose') for (const p of a.problems) reject(line, p);
    for (const c of a.candidates) found.push({ ...c, line, kind: a.kind });
    previousLineFound = a.candidates.length ? found[found.length - 1] : undefined;
  });

  // Pass 2. Codes on clean lines are taken; they set the shapes against which
  // everything doubtful is judged.
  const clean = found.filter((f) => !f.weak && f.kind === 'clean');
  const cleanShapes = learnShapes(clean.map((f) => f.value));
  const keep = new Set<Found>(clean);
  for (const f of found) {
    if (f.weak || f.kind === 'clean') continue;
    if (clean.length === 0 || fitsShapes(f.value, cleanShapes)) keep.add(f);
    else if (f.kind === 'mixed' && !isMinorNumber(f.value)) {
      reject(f.line, `“${f.value}” is next to other text and does not look like the other codes.`);
    }
  }
  const strong = found.filter((f) => keep.has(f));
  const strongShapes = learnShapes(strong.map((f) => f.value));
  for (const f of found) {
    // A word in a sentence is a word, whatever its shape.
    if (!f.weak || f.kind === 'prose') continue;
    if (fitsShapes(f.value, strongShapes)) keep.add(f);
    else if (!looksRandom(f.value)) continue;
    else if (strong.length === 0) keep.add(f);
    else reject(f.line, `“${f.value}” has no digits and does not look like the other codes.`);
  }

  const codes: ParsedCode[] = [];
  const byKey = new Map<string, ParsedCode>();
  let duplicates = 0;
  for (const f of found) {
    if (!keep.has(f)) continue;
    const key = codeKey(f.value);
    const seen = byKey.get(key);
    if (seen) {
      duplicates++;
      // A spent mark is never lost: if any copy says used, the code is used.
      seen.used ||= f.used;
      continue;
    }
    const code = { value: f.value, used: f.used };
    byKey.set(key, code);
    codes.push(code);
  }

  const rejected: RejectedLine[] = [...reasons.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, list]) => ({
      line,
      text: shorten(lines[line - 1] ?? ''),
      reason: list.join(' '),
    }));

  if (codes.length === 0) fail('No backup codes found in this text.', { rejected });
  return { codes, rejected, duplicates };
}

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

/**
 * The value is exactly one code as the parser reads and writes it: a line
 * holding only it gives back that code, unchanged and without a used mark.
 * An import that arrives as data (`accounts.import`) is checked with this, as
 * every code read from text is by {@link parseCodes}.
 * @param value a code as displayed, e.g. `1234 5678`
 */
export function isSingleCode(value: string): boolean {
  if (typeof value !== 'string' || value.trim() !== value || value === '') return false;
  const a = analyzeLine(value);
  const only = a.candidates[0];
  return a.kind === 'clean' && a.candidates.length === 1 && only?.value === value && !only.used;
}

const MAX_HEADER_LINES = 20;
const MAX_HEADER_LINE = 200;

/**
 * Renders codes as a plain-text file, one code a line, spent ones followed by
 * ` (used)`, that {@link parseCodes} reads back to the same values and marks.
 * An optional header is written as `# ` comment lines, which the parser skips.
 *
 * A code without any digit is read back when it looks like the codes around it
 * (as it did when it was first imported) or like a random code on its own.
 *
 * @param codes the codes to write; each value must be a single code as the parser understands it
 * @param header free text (e.g. site and account); control characters are dropped and long lines cut
 * @throws BackstopError `invalid-input` for a value that is not one code, or more codes than a file may hold
 */
export function formatCodesFile(codes: readonly ParsedCode[], header?: string): string {
  const out: string[] = [];
  if (header !== undefined && header.trim() !== '') {
    const headerLines = header.split(LINE_SPLIT).slice(0, MAX_HEADER_LINES);
    for (const h of headerLines) {
      // Control characters, U+FFFD and lone surrogates would make the parser call the file binary.
      const clean = h.replace(/[\p{Cc}\uFFFD]/gu, ' ').replace(/\p{Cs}/gu, '');
      out.push(`# ${clean.trim().slice(0, MAX_HEADER_LINE)}`.trimEnd());
    }
    out.push('');
  }
  for (const code of codes) {
    const value = typeof code?.value === 'string' ? code.value : '';
    if (!isSingleCode(value)) {
      throw new BackstopError(
        'invalid-input',
        `“${value.slice(0, 60)}” is not a single backup code and cannot be written to a codes file.`,
      );
    }
    out.push(code.used ? `${value} (used)` : value);
  }
  const file = `${out.join('\n')}\n`;
  if (out.length > PARSE_LIMITS.maxLines || utf8Length(file) > PARSE_LIMITS.maxBytes) {
    throw new BackstopError('invalid-input', 'Too many codes to write to one codes file.');
  }
  return file;
}
