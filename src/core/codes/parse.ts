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
 * How `smart` reads:
 * - With a shape that has a length, each line's tokens are cut into codes of
 *   that shape (`shape.ts`): whole tokens only, never a character changed.
 *   A line with no code of that shape falls back to the reading below, and
 *   whatever it takes is marked with a warning saying how it differs.
 * - Without one, `line.ts` reads each line on its own and the doubtful
 *   candidates (a code-like token next to words, a code without digits) are
 *   judged against the codes found on clean lines. Then the literal reading —
 *   each line minus list decoration is one code — wins when the heuristic
 *   would lose something: when every line is a single candidate and the
 *   heuristic drops, splits, merges or truncates any of them, or when it finds
 *   nothing at all although some line is a candidate.
 *
 * A code is never shortened, merged with another or changed beyond the
 * look-alike characters `normalizeLine` folds (full-width digits, non-breaking
 * spaces and hyphens). "No backup codes found" is thrown only when no line
 * holds anything code-like.
 */
import { BackstopError } from '../errors';
import {
  analyzeItems,
  analyzeLine,
  hasLabelWord,
  isHeading,
  lexLine,
  literalItems,
  type Candidate,
  type LexedLine,
  type LineAnalysis,
  type LineKind,
  type LiteralLine,
} from './line';
import { describeShape, readLineWithShape, shapeMismatch, type CodeShape } from './shape';

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
  /** Distinct codes (by {@link codeKey}) in the order they appear: exactly what will be saved. */
  codes: ParsedCode[];
  /** Every non-blank line that gave no code, and every line from which a part was left out, with why. */
  rejected: RejectedLine[];
  /** Codes dropped because an equal code (by {@link codeKey}) came earlier. */
  duplicates: number;
  /**
   * How the codes were read: `lines` in `lines` mode, and in `smart` mode when
   * the literal reading won (see the module comment).
   */
  reading: ParseMode;
  /** About the set as a whole (more codes than the site gives, none like the site's). */
  warnings: string[];
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
const hasDigit = (value: string) => /\d/.test(value);

/**
 * Letters only, in groups of different lengths or with a capital at the start
 * of a group: "Keep them safe", "Thank you". A line like that taken as a code
 * gets a warning (it is still taken: it stands alone where a code would).
 */
function readsLikeWords(value: string): boolean {
  if (hasDigit(value)) return false;
  const groups = value.split(/[ -]/);
  if (groups.length < 2) return /^[A-Z][a-z]+$/.test(value);
  return groups.some((g) => g.length !== groups[0]!.length || /^[A-Z][a-z]+$/.test(g));
}

/** "“x” has…" stays as is; "It holds…" becomes "it holds…". */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function shorten(line: string): string {
  const t = line.trim();
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}

/** One line of the text, lexed once for every reading. */
interface Row {
  /** 1-based. */
  line: number;
  raw: string;
  lexed: LexedLine;
  heuristic: LineAnalysis;
  /** The line as one code, columns counting as separate codes. */
  literal: LiteralLine;
}

/** A code taken from a line, before duplicates are removed. */
interface Taken {
  value: string;
  used: boolean;
  line: number;
  warning?: string;
}

/** What one reading took, line by line, and why parts were left out. */
interface Reading {
  byLine: Map<number, Taken[]>;
  reasons: Map<number, string[]>;
  reading: ParseMode;
}

function newReading(reading: ParseMode): Reading {
  return { byLine: new Map(), reasons: new Map(), reading };
}

function addReason(r: Reading, line: number, reason: string): void {
  const list = r.reasons.get(line);
  if (!list) r.reasons.set(line, [reason]);
  else if (!list.includes(reason)) list.push(reason);
}

function addCode(r: Reading, code: Taken): void {
  const list = r.byLine.get(code.line);
  if (list) list.push(code);
  else r.byLine.set(code.line, [code]);
}

interface Found extends Candidate {
  line: number;
  kind: LineKind;
}

/**
 * The heuristic reading: every line on its own (`line.ts`), then the doubtful
 * candidates judged against the codes found on clean lines.
 */
function readHeuristic(rows: readonly Row[]): Reading {
  const out = newReading('smart');
  const found: Found[] = [];
  let previousLineFound: Found | undefined;
  for (const row of rows) {
    const a = row.heuristic;
    if (a.kind === 'blank') continue;
    // A "(used)" alone on a line belongs to the code on the line above it.
    // Only a line with nothing else on it: "00 de 00 (used)" marks its own text.
    if (a.danglingUsed && row.literal.kind === 'none' && previousLineFound) {
      previousLineFound.used = true;
    }
    if (a.kind !== 'prose') for (const p of a.problems) addReason(out, row.line, p);
    for (const c of a.candidates) found.push({ ...c, line: row.line, kind: a.kind });
    previousLineFound = a.candidates.length ? found[found.length - 1] : undefined;
  }

  // Codes on clean lines are taken; they set the shapes against which
  // everything doubtful is judged.
  const clean = found.filter((f) => !f.weak && f.kind === 'clean');
  const cleanShapes = learnShapes(clean.map((f) => f.value));
  const keep = new Set<Found>(clean);
  for (const f of found) {
    if (f.weak || f.kind === 'clean') continue;
    // "Generated: Mar 3, 2023": a short number among words is a year or a count.
    if (isMinorNumber(f.value)) continue;
    if (clean.length === 0 || fitsShapes(f.value, cleanShapes)) keep.add(f);
    else if (f.kind === 'mixed' && !isMinorNumber(f.value)) {
      addReason(
        out,
        f.line,
        `“${f.value}” is next to other text and does not look like the other codes.`,
      );
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
    else
      addReason(out, f.line, `“${f.value}” has no digits and does not look like the other codes.`);
  }
  for (const f of found) {
    if (keep.has(f)) addCode(out, { value: f.value, used: f.used, line: f.line });
  }
  return out;
}

/**
 * The heuristic read this line as its literal reading: the same single code,
 * or codes written with dashes that a single space separates
 * (`abcde-12345 fghij-67890` is two GitHub codes, not one).
 */
function agrees(taken: readonly Taken[] | undefined, literal: string): boolean {
  if (!taken || taken.length === 0) return false;
  if (taken.length === 1) return taken[0]!.value === literal;
  return (
    taken.every((t) => t.value.includes('-')) && taken.map((t) => t.value).join(' ') === literal
  );
}

/**
 * The smart reading for a site without a known length: the heuristic, unless
 * the literal reading must win (see the module comment).
 */
function readSmart(rows: readonly Row[]): Reading {
  const heuristic = readHeuristic(rows);
  // "Code 1234 5678": a line with a code label is the heuristic's to read.
  const candidate = (r: Row): r is Row & { literal: { kind: 'code' } } =>
    r.literal.kind === 'code' && !hasLabelWord(r.literal.value);
  const loses = (r: Row) => candidate(r) && !agrees(heuristic.byLine.get(r.line), r.literal.value);
  const oneCandidatePerLine = rows.every((r) => r.literal.kind !== 'not-code');
  const nothing = heuristic.byLine.size === 0;
  // The whole text is a list of candidates, or the heuristic found nothing in it.
  const wholeText = (oneCandidatePerLine && rows.some(loses)) || (nothing && rows.some(candidate));
  // Among other text, a line the heuristic would take only part of is taken whole (a part
  // of a code is never saved), and a line it would drop, when that line looks like a code.
  const literal = (r: Row) =>
    candidate(r) &&
    loses(r) &&
    (wholeText ||
      (heuristic.byLine.get(r.line)?.length ?? 0) > 0 ||
      looksLikeACode(r.literal.value));
  if (!rows.some(literal)) return heuristic;

  const out = newReading(wholeText ? 'lines' : 'smart');
  let previous: Taken | undefined;
  for (const row of rows) {
    const lit = row.literal;
    if (lit.kind === 'none') {
      if (lit.danglingUsed && previous) previous.used = true;
      if (row.lexed.kind !== 'blank') previous = undefined;
      continue;
    }
    const doubts = heuristic.reasons.get(row.line) ?? [];
    if (lit.kind === 'code' && literal(row)) {
      const code: Taken = { value: lit.value, used: lit.used, line: row.line };
      // Say what made the heuristic hesitate: the person decides.
      if (doubts.length > 0) {
        code.warning = `Taken as one code because it stands on a line of its own, though ${lowerFirst(doubts.join(' '))}`;
      } else if (readsLikeWords(lit.value)) {
        code.warning =
          'Taken as one code because it stands on a line of its own, but it reads like words. Remove it if it is not a code.';
      }
      addCode(out, code);
    } else {
      for (const t of heuristic.byLine.get(row.line) ?? []) addCode(out, t);
      for (const reason of doubts) addReason(out, row.line, reason);
    }
    const list = out.byLine.get(row.line);
    previous = list?.[list.length - 1];
  }
  return out;
}

/**
 * A line, alone, that looks like a code rather than words: one group (of six
 * or more without digits), or groups of equal length but for a shorter last
 * one; with digits, or without a group written like a capitalized word
 * (`ABZUXZFBNQ`, `abcd efgh ijkl`, `aBcD-eFgH`, not `Thanks` or `Keep them safe`).
 */
function looksLikeACode(value: string): boolean {
  const digits = hasDigit(value);
  const groups = value.split(/[ -]/);
  const size = groups[0]!.length;
  const last = groups[groups.length - 1]!.length;
  const regular =
    groups.length === 1
      ? digits || size >= 6
      : size >= 2 && last <= size && groups.slice(0, -1).every((g) => g.length === size);
  return regular && (digits || !groups.some((g) => /^[A-Z][a-z]+$/.test(g)));
}

/**
 * A value the heuristic or literal reading took on a line where the site's
 * shape found nothing: keep it (with a warning) unless it reads like words
 * that do not even share the site's alphabet or length.
 */
function plausibleForShape(value: string, shape: CodeShape): boolean {
  if (hasDigit(value)) return true;
  const chars = value.replace(/[ -]/g, '');
  if (shape.alphabet === 'digits') return false;
  if (shape.alphabet && shape.alphabet !== 'alnum') {
    const lower = shape.alphabet !== 'alnum-upper';
    if (lower ? /[A-Z]/.test(chars) : /[a-z]/.test(chars)) return false;
    if (shape.alphabet === 'hex-lower' && /[g-z]/.test(chars)) return false;
  }
  const groups = value.split(/[ -]/);
  const regular = groups.every((g) => g.length === groups[0]!.length);
  return shape.length === null || chars.length === shape.length || regular;
}

function amongWordsReason(value: string, shape: CodeShape): string {
  return `“${value}” looks like one of ${shape.site}’s codes but stands among other words. If it is a code, put it on a line of its own.`;
}

/** The smart reading for a site whose code length is known. */
function readWithShape(rows: readonly Row[], shape: CodeShape): Reading {
  const fallback = readSmart(rows);
  const out = newReading('smart');
  const amongWords: Taken[] = [];
  const unshaped: Row[] = [];
  const about = `${shape.site}’s codes (${describeShape(shape)})`;
  for (const row of rows) {
    if (row.lexed.kind !== 'text') continue;
    const shaped = readLineWithShape(row.lexed, shape);
    // A code without digits is taken only from a line of codes: next to words it
    // may be one ("Backup codes", "Thanks again" fit a 6-letter shape).
    const heading = row.literal.kind === 'code' && isHeading(row.literal.value);
    const take = shaped.codes.filter((c) =>
      !hasDigit(c.value) ? shaped.words === 0 && !heading : shaped.words <= 1 || c.exact,
    );
    for (const c of shaped.codes) {
      if (take.includes(c)) continue;
      amongWords.push({ value: c.value, used: c.used, line: row.line });
      addReason(out, row.line, amongWordsReason(c.value, shape));
    }
    if (take.length > 0) {
      for (const c of take) {
        const code: Taken = { value: c.value, used: c.used, line: row.line };
        const warning = shapeMismatch(c.value, shape);
        if (warning) code.warning = warning;
        addCode(out, code);
      }
      for (const f of shaped.fragments) {
        addReason(out, row.line, `“${f}” is left over: it is not one of ${about}.`);
      }
      continue;
    }
    if (shaped.codes.length === 0) unshaped.push(row);
  }
  // Lines with nothing of the site's shape: what the reading without a shape
  // took there, marked with how it differs. Once the shape found codes, numbers
  // inside sentences ("Generated: Mar 3, 2023") are not among them.
  const shapeFound = out.byLine.size > 0;
  for (const row of unshaped) {
    const kind = row.heuristic.kind;
    for (const c of fallback.byLine.get(row.line) ?? []) {
      if (shapeFound && kind !== 'clean' && (kind === 'prose' || /^\d{1,4}$/.test(c.value))) {
        continue;
      }
      if (!plausibleForShape(c.value, shape)) {
        addReason(out, row.line, `“${c.value}” reads like words, not like ${about}.`);
        continue;
      }
      const warning = shapeMismatch(c.value, shape);
      addCode(out, warning ? { ...c, warning } : c);
    }
    for (const reason of fallback.reasons.get(row.line) ?? []) addReason(out, row.line, reason);
  }
  // "Your code is oeknqqofqqqg": when nothing else is there, a code of the
  // site's shape inside a sentence is taken after all, with a word about it.
  if (out.byLine.size === 0) {
    for (const c of amongWords) {
      addCode(out, {
        ...c,
        warning: 'Taken from a sentence: check that it is the code and not a word.',
      });
      const reasons = out.reasons
        .get(c.line)
        ?.filter((r) => r !== amongWordsReason(c.value, shape));
      if (reasons?.length) out.reasons.set(c.line, reasons);
      else out.reasons.delete(c.line);
    }
  }
  // "(used)" alone on a line belongs to the code on the line above it.
  let previous: Taken | undefined;
  for (const row of rows) {
    if (row.lexed.kind === 'blank') continue;
    const list = out.byLine.get(row.line);
    if (list) previous = list[list.length - 1];
    else {
      if (row.heuristic.danglingUsed && row.literal.kind === 'none' && previous) {
        previous.used = true;
      }
      previous = undefined;
    }
  }
  return out;
}

/** "One code per line": every line minus list decoration and "used" marks is one code. */
function readLines(rows: readonly Row[], shape: CodeShape | null): Reading {
  const out = newReading('lines');
  let previous: Taken | undefined;
  for (const row of rows) {
    const lit = literalItems(row.lexed, 'join');
    if (lit.kind === 'none') {
      if (lit.danglingUsed && previous) previous.used = true;
      if (row.lexed.kind !== 'blank') previous = undefined;
      continue;
    }
    previous = undefined;
    if (lit.kind === 'not-code') {
      addReason(out, row.line, lit.reason);
      continue;
    }
    const code: Taken = { value: lit.value, used: lit.used, line: row.line };
    const warning = shape
      ? shapeMismatch(lit.value, shape)
      : isHeading(lit.value)
        ? 'This looks like a heading, not a code. Remove the line if it is one.'
        : readsLikeWords(lit.value)
          ? 'This reads like words. Remove the line if it is not a code.'
          : null;
    if (warning) code.warning = warning;
    addCode(out, code);
    previous = code;
  }
  return out;
}

/** Why a line gave nothing, when no reading said. */
function defaultReason(row: Row): string {
  if (row.lexed.kind === 'comment') return 'A comment (it starts with “#”).';
  if (row.literal.kind === 'code' && isHeading(row.literal.value)) return 'A heading, not a code.';
  if (row.literal.kind === 'code')
    return `“${row.literal.value}” reads like words, not like the other codes.`;
  return 'Text, not a code.';
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

  const rows: Row[] = lines.map((raw, index) => {
    const lexed = lexLine(raw);
    return {
      line: index + 1,
      raw,
      lexed,
      heuristic: analyzeItems(lexed),
      literal: literalItems(lexed, 'split'),
    };
  });
  const shape = options.shape ?? null;
  const reading =
    options.mode === 'lines'
      ? readLines(rows, shape)
      : shape && shape.length !== null
        ? readWithShape(rows, shape)
        : withShapeWarnings(readSmart(rows), shape);

  const codes: ParsedCode[] = [];
  const byKey = new Map<string, { code: ParsedCode; line: number }>();
  const duplicateOf = new Map<number, number>();
  let duplicates = 0;
  for (const row of rows) {
    for (const t of reading.byLine.get(row.line) ?? []) {
      const key = codeKey(t.value);
      const seen = byKey.get(key);
      if (seen) {
        duplicates++;
        // A spent mark is never lost: if any copy says used, the code is used.
        seen.code.used ||= t.used;
        if (!duplicateOf.has(row.line)) duplicateOf.set(row.line, seen.line);
        continue;
      }
      const code: ParsedCode = { value: t.value, used: t.used };
      if (t.warning) code.warning = t.warning;
      byKey.set(key, { code, line: row.line });
      codes.push(code);
    }
  }

  const rejected: RejectedLine[] = [];
  for (const row of rows) {
    if (row.lexed.kind === 'blank') continue;
    const reasons = [...(reading.reasons.get(row.line) ?? [])];
    const gave = (reading.byLine.get(row.line) ?? []).length > 0;
    const duplicateLine = duplicateOf.get(row.line);
    if (duplicateLine !== undefined) {
      reasons.push(
        gave &&
          reading.byLine.get(row.line)!.every((t) => byKey.get(codeKey(t.value))!.line !== row.line)
          ? `The same code as line ${duplicateLine}.`
          : `A code on it repeats line ${duplicateLine}.`,
      );
    }
    const lonelyUsedMark =
      row.literal.kind === 'none' && row.literal.danglingUsed && row.lexed.kind === 'text';
    if (!gave && reasons.length === 0 && !lonelyUsedMark) reasons.push(defaultReason(row));
    if (reasons.length > 0) {
      rejected.push({ line: row.line, text: shorten(row.raw), reason: reasons.join(' ') });
    }
  }

  if (codes.length === 0) fail('No backup codes found in this text.', { rejected });

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

/** A shape without a length cannot cut lines, but its alphabet still checks each code. */
function withShapeWarnings(r: Reading, shape: CodeShape | null): Reading {
  if (!shape) return r;
  for (const list of r.byLine.values()) {
    for (const t of list) {
      const warning = shapeMismatch(t.value, shape);
      if (warning && !t.warning) t.warning = warning;
    }
  }
  return r;
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
