/**
 * From the chosen reading to the result: the distinct codes in order (a used
 * mark on any copy kept), and every line left out, or from which a part was
 * left out, with the reason.
 */
import { isHeading } from './labels';
import { codeKey } from './key';
import type { ParsedCode, RejectedLine } from './parse';
import type { Reading, Row } from './reading';

function shorten(line: string): string {
  const t = line.trim();
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
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
 * The codes a reading took, without duplicates (by `codeKey`), and the lines
 * left out with why.
 */
export function collectResult(
  rows: readonly Row[],
  reading: Reading,
): { codes: ParsedCode[]; rejected: RejectedLine[]; duplicates: number } {
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
  return { codes, rejected, duplicates };
}
