/**
 * Reading one line of pasted text the heuristic way: which of its tokens are
 * codes and which are ordinary words, labels or stray text. Everything that
 * needs the whole text (comparing a doubtful candidate with the other codes, a
 * site's code shape) happens in `parse.ts` and `shape.ts`.
 *
 * A line is first split into items by `lexLine` (`lex.ts`); three readings
 * work on the same items:
 * - {@link analyzeItems} here, the heuristic: codes among words, columns and labels;
 * - `literalItems` (`literal.ts`), the literal: the whole line (minus decoration) is one code;
 * - `shape.ts`, which cuts the line's tokens into codes of a known site's shape.
 */
import {
  DATE,
  describeBadChars,
  hasDigit,
  isLetters,
  isListNumber,
  letterCase,
  MAX_CODE_CHARS,
  MIN_CODE_CHARS,
  sizeProblem,
  withoutListNumber,
} from './code-text';
import { isCodeLabel } from './labels';
import { lexLine, type LexedLine, type LineItem } from './lex';

/** A possible code found on a line; `parse.ts` decides whether to keep it. */
export interface Candidate {
  /** As displayed, with single spaces or dashes between groups. */
  value: string;
  used: boolean;
  /** No digit at all: could be an ordinary word, needs support from the other codes. */
  weak: boolean;
}

/**
 * - `clean`: nothing but codes and list decoration.
 * - `mixed`: one word or a stray token next to the codes (a site name, a label).
 * - `prose`: a sentence; numbers in it are rarely codes.
 * - `comment`: a `# …` line (a Markdown heading, a comment above a list of codes).
 */
export type LineKind = 'blank' | 'comment' | 'clean' | 'mixed' | 'prose';

export interface LineAnalysis {
  kind: LineKind;
  candidates: Candidate[];
  /** Why parts of the line that look like attempted codes were not taken. */
  problems: string[];
  /** A "used" mark with no code on this line (it belongs to the line above). */
  danglingUsed: boolean;
  /** Letters beside the codes taken that could be part of one (`takeBackColumns`): said even in prose. */
  passedOver: string[];
}

/**
 * A group of letters only ("xkqp") belongs to a code next to it ("xkqp 1a2b")
 * when it has that group's length and letter case. A digits-only neighbour
 * ("Code 1234 5678") never adopts a word.
 */
function belongsTogether(codeGroup: string, letters: string): boolean {
  const kind = letterCase(codeGroup);
  return codeGroup.length === letters.length && kind !== 'none' && kind === letterCase(letters);
}

/**
 * Letters standing next to codes on a line are a code when they have the
 * length and letter case of a single-group code there (`4f00e1   abcdef`, a
 * column of hex codes): they are put back in their place. Letters in a code's
 * mixed case that are not a word (`bVLnfiaP`), or as long as a code or a code's group
 * there (`000 000 vNs`), are named among the line's
 * problems, so the line is listed and nothing is left out unseen.
 * @returns how many passed-over words became codes
 */
function takeBackColumns(
  candidates: Candidate[],
  passed: readonly { at: number; value: string; used: boolean }[],
  passedOver: string[],
): number {
  const codes = candidates.filter((c) => !c.weak && /^[A-Za-z0-9]+$/.test(c.value));
  if (candidates.length === 0) return 0;
  const groupSizes = new Set(candidates.flatMap((c) => c.value.split(/[ -]/).map((g) => g.length)));
  let taken = 0;
  for (let i = passed.length - 1; i >= 0; i--) {
    const p = passed[i]!;
    if (p.value.length >= MIN_CODE_CHARS && codes.some((c) => belongsTogether(c.value, p.value))) {
      candidates.splice(p.at, 0, { value: p.value, used: p.used, weak: true });
      taken++;
    } else if (
      groupSizes.has(p.value.length) ||
      (letterCase(p.value) === 'mixed' && !/^[A-Z]?[a-z]+$/.test(p.value))
    ) {
      passedOver.push(`“${p.value}” has no digits and was read as a word.`);
    }
  }
  return taken;
}

/**
 * Reads one line (without its line break) the heuristic way. Pure; never throws.
 * @param raw the line as it appeared in the text
 */
export function analyzeLine(raw: string): LineAnalysis {
  return analyzeItems(lexLine(raw));
}

/** The same tokens with the same length and letter case from `from` on; then the token after them. */
function afterLetterChain(
  items: readonly LineItem[],
  from: number,
  like: string,
): LineItem | undefined {
  let j = from;
  for (; j < items.length; j++) {
    const it = items[j]!;
    if (
      it.kind !== 'token' ||
      !it.code ||
      it.label ||
      it.lead ||
      it.trail ||
      !isLetters(it.text) ||
      it.text.length !== like.length ||
      letterCase(it.text) !== letterCase(like)
    )
      break;
  }
  return items[j];
}

/** The heuristic reading of a lexed line (see {@link analyzeLine}). */
export function analyzeItems(lexed: LexedLine): LineAnalysis {
  const result: LineAnalysis = {
    kind: 'clean',
    candidates: [],
    problems: [],
    danglingUsed: false,
    passedOver: [],
  };
  if (lexed.kind !== 'text') return { ...result, kind: lexed.kind };
  const { items } = lexed;

  const { candidates, problems } = result;
  let words = 0;
  let junk = 0;
  let striking = false;
  let pendingUsed = false;
  let run: string[] = [];

  const emit = (value: string) => {
    // "(used 2024-05-01)", "saved 01-05-2024": a date is never a backup code.
    if (DATE.test(value)) return;
    const problem = sizeProblem(value);
    if (problem) {
      // A lone short number is list numbering or part of a date, not a failed code.
      if (!isListNumber(value)) problems.push(problem);
      return;
    }
    candidates.push({ value, used: striking || pendingUsed, weak: !hasDigit(value) });
    pendingUsed = false;
  };

  const flush = () => {
    if (run.length === 0) return;
    const groups = withoutListNumber(run);
    run = [];
    emit(groups.join(' '));
  };

  let lastWord = '';
  // Words passed over, with where they stood: a column of codes without digits is taken back below.
  const passed: { at: number; value: string; used: boolean }[] = [];
  // The one word on a line may be a code without digits ("fadedcab" among hex codes).
  let soleWord: { value: string; used: boolean } | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'break' || item.kind === 'decoration') {
      flush();
      continue;
    }
    if (item.kind === 'strike') {
      flush();
      striking = !striking;
      continue;
    }
    if (item.kind === 'used') {
      flush();
      const last = candidates[candidates.length - 1];
      if (last) last.used = true;
      else pendingUsed = true;
      continue;
    }
    if (item.kind === 'check') {
      flush();
      pendingUsed = true;
      continue;
    }

    const t = item.text;
    if (item.lead) flush();
    if (t === '') continue;

    if (item.code) {
      if (item.label) {
        // A label such as "Recovery code:" or "2FA:". Words before a code label
        // do not make the line prose; any other label is just a word.
        flush();
        const label = t.toLowerCase();
        if (isCodeLabel(label, lastWord)) words = 0;
        else words++;
        soleWord = undefined;
        lastWord = label;
        continue;
      }
      if (t.includes('-')) {
        flush();
        const parts = t.split('-');
        if (
          parts.length <= 3 &&
          parts.some((g) => g.length < 2) &&
          parts.some((g) => /^[A-Za-z]{2,}$/.test(g))
        ) {
          // "2-step", "e-mail": hyphenated words, not codes.
          words++;
          soleWord = undefined;
        } else {
          emit(t);
        }
      } else if (t.length === 1) {
        // "00 00 00 0": a character right after a code's groups is its last group.
        if (run.length > 0 && !item.lead) run.push(t);
        else {
          flush();
          if (isLetters(t)) {
            words++;
            soleWord = undefined;
          }
        }
      } else if (hasDigit(t)) {
        run.push(t);
      } else {
        const prev = run[run.length - 1];
        // "abcd efgh ijkl yz12": letter groups leading up to a group of the same
        // length and case that has digits are that code's first groups.
        const ahead = item.trail ? undefined : afterLetterChain(items, i + 1, t);
        if (prev !== undefined && belongsTogether(prev, t)) {
          run.push(t);
        } else if (
          ahead?.kind === 'token' &&
          ahead.code &&
          !ahead.label &&
          !ahead.lead &&
          !ahead.text.includes('-') &&
          hasDigit(ahead.text) &&
          belongsTogether(ahead.text, t)
        ) {
          flush();
          run.push(t);
        } else {
          flush();
          words++;
          lastWord = t.toLowerCase();
          soleWord = { value: t, used: striking || pendingUsed };
          passed.push({ at: candidates.length, value: t, used: striking || pendingUsed });
        }
      }
      if (item.trail) flush();
      continue;
    }

    flush();
    if (/:\/\/|@|^www\./i.test(t) || !hasDigit(t)) {
      // Addresses, e-mail, and words with apostrophes or accents: text, not codes.
      words++;
      soleWord = undefined;
      lastWord = t.toLowerCase();
    } else {
      junk++;
      problems.push(describeBadChars(t));
    }
  }
  flush();
  words -= takeBackColumns(candidates, passed, result.passedOver);

  if (
    candidates.length === 0 &&
    words === 1 &&
    junk === 0 &&
    soleWord !== undefined &&
    soleWord.value.length >= MIN_CODE_CHARS &&
    soleWord.value.length <= MAX_CODE_CHARS
  ) {
    candidates.push({ value: soleWord.value, used: soleWord.used || pendingUsed, weak: true });
    pendingUsed = false;
    words = 0;
  }

  result.danglingUsed = pendingUsed && candidates.length === 0;
  result.kind = words >= 2 ? 'prose' : words === 1 || junk > 0 ? 'mixed' : 'clean';
  return result;
}
