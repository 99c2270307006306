/**
 * The literal readings: each line (minus list decoration) is one code. In
 * smart mode it wins over the heuristic when the heuristic would lose
 * something (`readSmart`, see `parse.ts`); in "one code per line" mode it is
 * the whole reading (`readLines`).
 */
import { hasDigit } from './code-text';
import { hasLabelWord, isHeading } from './labels';
import type { LineItem } from './lex';
import { literalItems } from './literal';
import { readHeuristic } from './read-heuristic';
import { addCode, addReason, newReading, type Reading, type Row, type Taken } from './reading';
import { shapeMismatch, type CodeShape } from './shape';

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
export function readSmart(rows: readonly Row[]): Reading {
  const heuristic = readHeuristic(rows);
  for (const row of rows) {
    const cells = columnCodes(row);
    const had = heuristic.byLine.get(row.line) ?? [];
    if (!cells || had.map((t) => t.value).join('\n') === cells.map((t) => t.value).join('\n'))
      continue;
    heuristic.byLine.set(row.line, cells);
    heuristic.reasons.delete(row.line);
  }
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

/** Letters and digits replaced by their groups' lengths: `4 4` for `1234 5678`. */
const groupShape = (v: string) => v.replace(/[A-Za-z0-9]+/g, (g) => String(g.length));

/**
 * A line of columns (tabs or wide gaps between them) whose every column is one
 * code, read literally: each column whole, so a code with a group of letters
 * in it is never cut (`0000 0000 cchx 0000 0   1111 aaaa 2222 3333 4`). A
 * column without a digit counts only beside a column of its shape that has
 * digits; any column that is not one code leaves the line to the heuristic.
 */
function columnCodes(row: Row): Taken[] | null {
  if (row.lexed.kind !== 'text' || row.literal.kind !== 'not-code') return null;
  const cells: LineItem[][] = [[]];
  for (const it of row.lexed.items) {
    if (it.kind !== 'break') cells[cells.length - 1]!.push(it);
    else if (it.space) cells.push([]);
    else return null;
  }
  const taken: Taken[] = [];
  for (const items of cells) {
    const lit = literalItems({ kind: 'text', items }, 'split');
    if (lit.kind === 'not-code') return null;
    if (lit.kind === 'none') {
      // "1234 5678   (used)": a mark in a column of its own is the code's before it.
      if (lit.danglingUsed && taken.length > 0) taken[taken.length - 1]!.used = true;
      continue;
    }
    taken.push({ value: lit.value, used: lit.used, line: row.line });
  }
  if (taken.length < 2) return null;
  const withDigits = new Set(
    taken.filter((t) => hasDigit(t.value)).map((t) => groupShape(t.value)),
  );
  const codes = taken.every((t) =>
    hasDigit(t.value) ? looksLikeACode(t.value) : withDigits.has(groupShape(t.value)),
  );
  return codes ? taken : null;
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

/** "One code per line": every line minus list decoration and "used" marks is one code. */
export function readLines(rows: readonly Row[], shape: CodeShape | null): Reading {
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
