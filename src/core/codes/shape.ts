/**
 * A known site's code shape (length, alphabet, grouping, count, from
 * `registry.json`) and how it cuts a line into codes.
 *
 * A shape settles what the heuristics in `line.ts` can only guess: `oeknqqofqqqg`
 * is a code when the site's codes are 12 lowercase letters and digits, and
 * `abcd efgh ijkl mnop qrst uvwx yz12 3456` is one 32-character code, not some
 * words and a short code. The cut never splits a group and never changes a
 * character: a code is a run of whole tokens, kept exactly as typed.
 */
import type { CodeAlphabet, SiteRule } from '../sites/schema';
import { ALPHABET_CHARS, codeChars, hasDigit, isListNumber } from './code-text';
import { isCodeLabel } from './labels';
import type { LexedLine } from './lex';

/** What a site's codes look like; `null` where no public source says. */
export interface CodeShape {
  /** The site's name, for messages ("X's codes have 12 characters"). */
  site: string;
  /** Letters and digits per code, separators not counted. */
  length: number | null;
  alphabet: CodeAlphabet | null;
  /** How the site groups a code for display (`[4, 4]` for `1234 5678`); null when shown as one group. */
  groups: number[] | null;
  separator: '' | ' ' | '-' | null;
  /** Codes per set. */
  count: number | null;
}

/**
 * The code shape a registry rule states, or null when it states neither a
 * length nor an alphabet (then nothing about the shape is known).
 */
export function shapeOfSite(rule: SiteRule): CodeShape | null {
  const { length, alphabet, display } = rule.format;
  if (length === null && alphabet === null) return null;
  const grouped = display !== null && display.groups.length > 1;
  return {
    site: rule.name,
    length,
    alphabet,
    groups: grouped ? [...display.groups] : null,
    separator: grouped ? display.separator : null,
    count: rule.count,
  };
}

const ALPHABET_WORDS: Record<CodeAlphabet, string> = {
  digits: 'digits',
  'hex-lower': 'digits and the letters a–f',
  'alnum-lower': 'lowercase letters and digits',
  alnum: 'letters and digits',
  'alnum-upper': 'capital letters and digits',
};

const groupsOf = (value: string) => value.split(/[ -]/).map((g) => g.length);
const sameList = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((n, i) => n === b[i]);

/** How a value's characters relate to an alphabet: in it as typed, only when case is ignored, or not at all. */
function alphabetFit(chars: string, alphabet: CodeAlphabet | null): 'yes' | 'case' | 'no' {
  if (alphabet === null) return 'yes';
  const re = ALPHABET_CHARS[alphabet];
  if (re.test(chars)) return 'yes';
  return re.test(chars.toLowerCase()) || re.test(chars.toUpperCase()) ? 'case' : 'no';
}

/** "8 digits in groups of 4", "12 lowercase letters and digits", "10 digits and the letters a–f (xxxxx-xxxxx)". */
export function describeShape(shape: CodeShape): string {
  const what = shape.alphabet ? ALPHABET_WORDS[shape.alphabet] : 'letters and digits';
  const size = shape.length === null ? what : `${shape.length} ${what}`;
  if (!shape.groups) return size;
  const sep = shape.separator === '-' ? '-' : ' ';
  return `${size}, shown as ${shape.groups.map((n) => 'x'.repeat(n)).join(sep)}`;
}

/**
 * How `value` differs from the site's codes, in plain English, or null when it
 * fits. Case alone, or a grouping other than the site's, is worth a word too:
 * the person should look at a code that is not written the way the site shows it.
 */
export function shapeMismatch(value: string, shape: CodeShape): string | null {
  const chars = value.replace(/[ -]/g, '');
  const fit = alphabetFit(chars, shape.alphabet);
  const problems: string[] = [];
  if (shape.length !== null && chars.length !== shape.length) {
    problems.push(`it has ${chars.length} characters, ${shape.site}’s codes have ${shape.length}`);
  }
  if (fit === 'no') {
    problems.push(`${shape.site}’s codes have only ${ALPHABET_WORDS[shape.alphabet!]}`);
  } else if (fit === 'case') {
    const lower = shape.alphabet === 'hex-lower' || shape.alphabet === 'alnum-lower';
    problems.push(`${shape.site} writes its codes in ${lower ? 'lower' : 'upper'} case`);
  }
  if (problems.length === 0 && !groupingFits(groupsOf(value), shape, hasDigit(chars))) {
    const shown = shape.groups
      ? shape.groups.map((n) => 'x'.repeat(n)).join(shape.separator === '-' ? '-' : ' ')
      : 'one group';
    problems.push(`${shape.site} shows its codes as ${shown}`);
  }
  if (problems.length === 0) return null;
  const text = problems.join('; ');
  return `Does not look like ${shape.site}’s codes (${describeShape(shape)}): ${text}.`;
}

/**
 * A grouping that does not bend a code: one group, the site's own grouping, or
 * (for a code with digits) equal groups such as `12 34 56 78`. A code without
 * digits must be written as one group or exactly as the site shows it, or
 * "Save this code" would be a 12-letter code.
 */
function groupingFits(groups: readonly number[], shape: CodeShape, digits: boolean): boolean {
  if (groups.length === 1) return true;
  if (shape.groups && sameList(groups, shape.groups)) return true;
  return digits && groups.every((g) => g === groups[0] && g >= 2);
}

/** A code the shape found on a line. */
export interface ShapedCode {
  value: string;
  used: boolean;
  /** Written exactly as the site shows it (its grouping and separator, or one group). */
  exact: boolean;
}

export interface ShapedLine {
  codes: ShapedCode[];
  /** Tokens with digits that are no code of this shape (and not list numbering). */
  fragments: string[];
  /** Words on the line besides the codes (labels such as "Recovery code:" and what precedes them not counted). */
  words: number;
}

interface Cell {
  tokens: string[];
  /** The cell is the first thing on the line (a lone number there is numbering). */
  atStart: boolean;
}

interface Plan {
  fragments: number;
  codes: number;
  inexact: number;
  /** Indices where codes start and end (exclusive), in order. */
  cuts: [number, number][];
}

const better = (a: Plan, b: Plan) =>
  a.fragments !== b.fragments
    ? a.fragments < b.fragments
    : a.codes !== b.codes
      ? a.codes > b.codes
      : a.inexact < b.inexact;

/**
 * Cuts one cell (tokens between breaks, labels and marks) into codes of the
 * shape: runs of whole tokens whose letters and digits add up to the shape's
 * length. Of all cuts, the one that leaves the fewest tokens with digits over,
 * then takes the most codes, then bends the fewest groupings wins.
 */
function cutCell(
  cell: Cell,
  shape: CodeShape & { length: number },
): { codes: { value: string; exact: boolean }[]; fragments: string[]; words: string[] } {
  const t = cell.tokens;
  const n = t.length;
  const sizes = t.map((x) => codeChars(x));
  const best: Plan[] = new Array(n + 1);
  best[n] = { fragments: 0, codes: 0, inexact: 0, cuts: [] };
  for (let i = n - 1; i >= 0; i--) {
    const skipCost = hasDigit(t[i]!) && !(i === 0 && cell.atStart && isListNumber(t[i]!)) ? 1 : 0;
    const rest = best[i + 1]!;
    let plan: Plan = { ...rest, fragments: rest.fragments + skipCost };
    let sum = 0;
    for (let j = i; j < n; j++) {
      sum += sizes[j]!;
      if (sum > shape.length) break;
      if (sum !== shape.length) continue;
      const value = t.slice(i, j + 1).join(' ');
      const fit = fitsExactly(value, shape);
      if (!fit) continue;
      const after = best[j + 1]!;
      const candidate: Plan = {
        fragments: after.fragments,
        codes: after.codes + 1,
        inexact: after.inexact + (fit === 'exact' ? 0 : 1),
        cuts: [[i, j + 1], ...after.cuts],
      };
      // On a tie the code that starts earlier wins: text is read left to right.
      if (!better(plan, candidate)) plan = candidate;
    }
    best[i] = plan;
  }
  const codes: { value: string; exact: boolean }[] = [];
  const fragments: string[] = [];
  const words: string[] = [];
  const leftOver = (i: number) => {
    const token = t[i]!;
    if (!hasDigit(token)) words.push(token);
    else if (!(i === 0 && cell.atStart && isListNumber(token))) fragments.push(token);
  };
  let at = 0;
  for (const [from, to] of best[0]!.cuts) {
    for (; at < from; at++) leftOver(at);
    const value = t.slice(from, to).join(' ');
    codes.push({ value, exact: fitsExactly(value, shape) === 'exact' });
    at = to;
  }
  for (; at < n; at++) leftOver(at);
  return { codes, fragments, words };
}

/**
 * Whether a value is a code of the shape: `exact` when written as the site
 * shows it, `fits` when in another grouping that does not bend it, or false.
 * Letters are compared ignoring case only when the code has digits: a word is
 * never taken for a code because its capitals were overlooked.
 */
function fitsExactly(
  value: string,
  shape: CodeShape & { length: number },
): 'exact' | 'fits' | false {
  const chars = value.replace(/[ -]/g, '');
  if (chars.length !== shape.length) return false;
  const digits = hasDigit(chars);
  const fit = alphabetFit(chars, shape.alphabet);
  if (fit === 'no' || (fit === 'case' && !digits)) return false;
  const groups = groupsOf(value);
  if (!groupingFits(groups, shape, digits)) return false;
  if (groups.length === 1) return shape.groups === null ? 'exact' : 'fits';
  if (!shape.groups || !sameList(groups, shape.groups)) return 'fits';
  const seps = value.replace(/[A-Za-z0-9]/g, '');
  return [...seps].every((c) => c === (shape.separator || ' ')) ? 'exact' : 'fits';
}

/**
 * Reads a lexed line with a site's shape: its cells (runs of code-like tokens
 * between columns, labels, words and marks) cut into codes of that shape, with
 * "used" marks applied as the heuristic reading applies them.
 * @param lexed the line, from `lexLine`
 * @param shape the site's shape; only a shape with a known length can cut
 */
export function readLineWithShape(lexed: LexedLine, shape: CodeShape): ShapedLine {
  const result: ShapedLine = { codes: [], fragments: [], words: 0 };
  if (lexed.kind !== 'text' || shape.length === null) return result;
  const sized = shape as CodeShape & { length: number };
  let cell: string[] = [];
  let cellAtStart = true;
  let striking = false;
  let pendingUsed = false;
  let lastWord = '';

  const word = (text: string) => {
    result.words++;
    lastWord = text.toLowerCase();
  };
  const flush = () => {
    if (cell.length > 0) {
      const { codes, fragments, words } = cutCell({ tokens: cell, atStart: cellAtStart }, sized);
      for (const c of codes) {
        result.codes.push({ value: c.value, exact: c.exact, used: striking || pendingUsed });
        pendingUsed = false;
      }
      result.fragments.push(...fragments);
      for (const w of words) word(w);
    }
    cell = [];
  };

  for (const item of lexed.items) {
    if (item.kind === 'token' && item.code && !item.label) {
      if (item.lead) flush();
      cell.push(item.text);
      if (item.trail) flush();
      continue;
    }
    flush();
    // A lone number at the start of a column is list numbering ("1 1234 5678   6 2345 6789").
    cellAtStart = item.kind === 'break' || item.kind === 'decoration' || item.kind === 'check';
    if (item.kind === 'strike') striking = !striking;
    else if (item.kind === 'check') pendingUsed = true;
    else if (item.kind === 'used') {
      const last = result.codes[result.codes.length - 1];
      if (last) last.used = true;
      else pendingUsed = true;
    } else if (item.kind === 'token' && item.text !== '') {
      // "Your X code: …": words before a code label do not make the line a sentence.
      const label = item.text.toLowerCase();
      if (item.label && isCodeLabel(label, lastWord)) {
        result.words = 0;
        lastWord = label;
      } else word(item.text);
    }
  }
  flush();
  return result;
}
