/**
 * The smart reading for a known site: its code shape cuts each line into
 * codes (`shape.ts`); a line with nothing of that shape is read as for an
 * unknown site, and what is taken from it carries a warning saying how it
 * differs from the site's codes.
 */
import { hasDigit } from './code-text';
import { isHeading } from './labels';
import { isMinorNumber } from './read-heuristic';
import { readSmart } from './read-literal';
import { addCode, addReason, newReading, type Reading, type Row, type Taken } from './reading';
import { describeShape, readLineWithShape, shapeMismatch, type CodeShape } from './shape';

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
export function readWithShape(rows: readonly Row[], shape: CodeShape): Reading {
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
      if (shapeFound && kind !== 'clean' && (kind === 'prose' || isMinorNumber(c.value))) {
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

/** A shape without a length cannot cut lines, but its alphabet still checks each code. */
export function withShapeWarnings(r: Reading, shape: CodeShape | null): Reading {
  if (!shape) return r;
  for (const list of r.byLine.values()) {
    for (const t of list) {
      const warning = shapeMismatch(t.value, shape);
      if (warning && !t.warning) t.warning = warning;
    }
  }
  return r;
}
