/**
 * The heuristic reading of the whole text: every line on its own (`line.ts`),
 * then the doubtful candidates (a code-like token next to words, a code
 * without digits) judged against the codes found on clean lines.
 */
import type { Candidate, LineKind } from './line';
import { addCode, addReason, newReading, type Reading, type Row } from './reading';

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
export const isMinorNumber = (value: string) => /^\d{1,4}$/.test(value);

interface Found extends Candidate {
  line: number;
  kind: LineKind;
}

/**
 * The heuristic reading: every line on its own (`line.ts`), then the doubtful
 * candidates judged against the codes found on clean lines.
 */
export function readHeuristic(rows: readonly Row[]): Reading {
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
    for (const p of a.passedOver) addReason(out, row.line, p);
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
  const doubtful: Found[] = [];
  for (const f of found) {
    // A word in a sentence is a word, whatever its shape.
    if (!f.weak || f.kind === 'prose') continue;
    if (fitsShapes(f.value, strongShapes)) keep.add(f);
    else if (looksRandom(f.value) && strong.length === 0) keep.add(f);
    else doubtful.push(f);
  }
  for (const f of doubtful) {
    // A column: a code of its shape was taken from the same line.
    const beside = found.filter((g) => keep.has(g) && g.line === f.line);
    if (beside.some((g) => fitsShapes(f.value, learnShapes([g.value])))) keep.add(f);
    else if (looksRandom(f.value))
      addReason(out, f.line, `“${f.value}” has no digits and does not look like the other codes.`);
    // Nothing on a line is left out unseen when other codes were taken from it.
    else if (beside.length > 0)
      addReason(out, f.line, `“${f.value}” has no digits and was read as words.`);
  }
  for (const f of found) {
    if (keep.has(f)) addCode(out, { value: f.value, used: f.used, line: f.line });
  }
  return out;
}
