/**
 * What every reading of the text works with: the text's rows, each lexed once
 * and read once heuristically and literally, and what a reading took from
 * each row (codes, and why parts were left out). `parse.ts` chooses the
 * reading; `read-*.ts` are the readings.
 */
import type { ParseMode } from './parse';
import { lexLine, type LexedLine } from './lex';
import { analyzeItems, type LineAnalysis } from './line';
import { literalItems, type LiteralLine } from './literal';

/** One line of the text, lexed once for every reading. */
export interface Row {
  /** 1-based. */
  line: number;
  raw: string;
  lexed: LexedLine;
  heuristic: LineAnalysis;
  /** The line as one code, columns counting as separate codes. */
  literal: LiteralLine;
}

/** A code taken from a line, before duplicates are removed. */
export interface Taken {
  value: string;
  used: boolean;
  line: number;
  warning?: string;
}

/** What one reading took, line by line, and why parts were left out. */
export interface Reading {
  byLine: Map<number, Taken[]>;
  reasons: Map<number, string[]>;
  reading: ParseMode;
}

export function newReading(reading: ParseMode): Reading {
  return { byLine: new Map(), reasons: new Map(), reading };
}

export function addReason(r: Reading, line: number, reason: string): void {
  const list = r.reasons.get(line);
  if (!list) r.reasons.set(line, [reason]);
  else if (!list.includes(reason)) list.push(reason);
}

export function addCode(r: Reading, code: Taken): void {
  const list = r.byLine.get(code.line);
  if (list) list.push(code);
  else r.byLine.set(code.line, [code]);
}

/** The rows of the text's lines, 1-based. */
export function rowsOf(lines: readonly string[]): Row[] {
  return lines.map((raw, index) => {
    const lexed = lexLine(raw);
    return {
      line: index + 1,
      raw,
      lexed,
      heuristic: analyzeItems(lexed),
      literal: literalItems(lexed, 'split'),
    };
  });
}
