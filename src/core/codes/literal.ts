/**
 * The literal reading of one line: the whole line, minus list numbering,
 * bullets, check boxes and "used" marks, is one code — or the reason it is not.
 */
import {
  codeChars,
  DATE,
  describeBadChars,
  hasDigit,
  isListNumber,
  MIN_CODE_CHARS,
  quote,
  sizeProblem,
  withoutListNumber,
} from './code-text';
import type { LexedLine, LineItem } from './lex';

/** The literal reading of a line: one code, nothing to read, or why the line is not one code. */
export type LiteralLine =
  | { kind: 'code'; value: string; used: boolean }
  /** Blank, a comment, or only decoration and "used" marks (`danglingUsed`: a lone mark). */
  | { kind: 'none'; danglingUsed: boolean }
  | { kind: 'not-code'; reason: string };

/**
 * Reads a lexed line as exactly one code: everything but list numbering,
 * bullets, check boxes and "used" marks must be the code, letters and digits in
 * groups separated by single spaces or dashes.
 *
 * @param lexed the line
 * @param columns how to treat a tab or a run of spaces inside the line:
 *   `split` — the line holds several columns, so it is not one code;
 *   `join` — a wide gap is just a space (the person said "one code per line")
 */
export function literalItems(lexed: LexedLine, columns: 'split' | 'join'): LiteralLine {
  if (lexed.kind !== 'text') return { kind: 'none', danglingUsed: false };
  const items = lexed.items;
  const tokens: string[] = [];
  let used = false;
  let decorationAfterToken = false;
  let pendingBreak: Extract<LineItem, { kind: 'break' }> | null = null;
  let first = -1;
  let last = -1;
  let markedAfterCode = false;
  let columnAfterMark = false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (markedAfterCode && it.kind === 'break' && it.space) columnAfterMark = true;
    if (markedAfterCode && it.kind === 'token') {
      // "1234 5678 - used 2024-05-01": what follows a used mark is about the mark,
      // unless it is another code ("abcd-1234 (used) efgh-5678", "00 00 00 (used)   00 00 05").
      const codeLike = columnAfterMark
        ? codeChars(it.text) >= 2
        : codeChars(it.text) >= MIN_CODE_CHARS && hasDigit(it.text);
      if (it.code && !it.label && codeLike && !DATE.test(it.text))
        return { kind: 'not-code', reason: 'It holds several codes.' };
      continue;
    }
    if (it.kind === 'used' || it.kind === 'check') {
      used = true;
      if (it.kind === 'used' && tokens.length > 0) markedAfterCode = true;
    } else if (it.kind === 'strike') {
      // Struck through, even partly: a spent code.
      used = true;
    } else if (it.kind === 'decoration') {
      if (tokens.length > 0) decorationAfterToken = true;
    } else if (it.kind === 'break') {
      // Only a break between two parts of the line matters ("1234 5678   (used)" is one code).
      if (tokens.length > 0 && (!it.space || columns === 'split')) pendingBreak = it;
    } else {
      if (it.text === '') continue;
      if (pendingBreak) {
        return {
          kind: 'not-code',
          reason: pendingBreak.space
            ? 'It holds several columns.'
            : 'It holds a list (“,”, “;” or “|”).',
        };
      }
      if (decorationAfterToken) {
        // "01 - 1234 5678": a list number, a dash, then the code.
        if (tokens.length === 1 && isListNumber(tokens[0]!)) {
          tokens.length = 0;
          decorationAfterToken = false;
        } else return { kind: 'not-code', reason: 'It has a bullet or a number inside.' };
      }
      if (!it.code) return { kind: 'not-code', reason: describeBadChars(it.text) };
      if (it.label)
        return { kind: 'not-code', reason: `It has a label (${quote(`${it.text}:`)}).` };
      if (first === -1) first = i;
      last = i;
      tokens.push(it.text);
    }
  }
  if (tokens.length === 0) return { kind: 'none', danglingUsed: used };
  // Quotes or brackets may wrap the whole code; any other punctuation means a sentence.
  for (let i = first; i <= last; i++) {
    const it = items[i]!;
    if (it.kind !== 'token') continue;
    if ((it.lead && i !== first) || (it.trail && (i !== last || !it.trailQuote))) {
      return { kind: 'not-code', reason: 'It has punctuation that a backup code cannot have.' };
    }
  }
  const value = withoutListNumber(tokens).join(' ');
  const problem = sizeProblem(value);
  if (problem) return { kind: 'not-code', reason: problem };
  return { kind: 'code', value, used };
}
