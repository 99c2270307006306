/**
 * Scores one reading against the truth of its corpus image, code by code.
 * A code counts as exact only when every character is right (separators and
 * case as the site shows them are compared without separators).
 */
import type { CorpusImage } from './corpus';
import type { PageReading } from './page/main';

export interface ImageScore {
  image: CorpusImage;
  ms: number;
  /** Codes in the picture. */
  truth: number;
  /** Truth codes read exactly. */
  exact: number;
  /** Codes in the reading marked unsure (right or wrong). */
  unsure: number;
  /** Truth codes with no reading at all (neither exact nor a misread). */
  missed: number;
  /** Readings that are a misread of a truth code (at most 3 characters off). */
  wrong: number;
  /** …of which not marked unsure: the dangerous kind. */
  wrongSure: number;
  /** Readings that match no truth code at all. */
  invented: number;
  /** Used marks in the truth and how many of them (and of the unused codes) the reading got right. */
  usedTotal: number;
  usedRight: number;
  detail: string;
}

function bare(s: string): string {
  return s.replace(/[\s-]/g, '');
}

/** Levenshtein distance, small strings. */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length]![b.length]!;
}

export function score(image: CorpusImage, r: PageReading): ImageScore {
  const truth = image.truth.codes.map(bare);
  const read = r.reading.codes.map((c) => ({ ...c, key: bare(c.value) }));
  const matched = new Set<number>();
  let exact = 0;
  let usedTotal = 0;
  let usedRight = 0;
  const notes: string[] = [];
  const exactReads = new Set<number>();
  truth.forEach((t, ti) => {
    const k = read.findIndex((c, i) => !exactReads.has(i) && c.key === t);
    const shouldBeUsed = image.truth.used[ti] !== undefined;
    if (shouldBeUsed) usedTotal++;
    if (k >= 0) {
      exact++;
      exactReads.add(k);
      matched.add(ti);
      if (shouldBeUsed && read[k]!.used) usedRight++;
      if (shouldBeUsed !== read[k]!.used)
        notes.push(`${t} used=${read[k]!.used} (truth ${shouldBeUsed})`);
    }
  });
  let wrong = 0;
  let wrongSure = 0;
  let invented = 0;
  read.forEach((c, i) => {
    if (exactReads.has(i)) return;
    const ti = truth.findIndex((t, j) => !matched.has(j) && distance(t, c.key) <= 3);
    if (ti >= 0) {
      matched.add(ti);
      wrong++;
      if (!c.unsure) wrongSure++;
      notes.push(`misread ${truth[ti]} as ${c.value}${c.unsure ? ' (unsure)' : ' (SURE)'}`);
    } else {
      invented++;
      notes.push(`invented ${c.value}${c.unsure ? ' (unsure)' : ' (SURE)'}`);
    }
  });
  const missed = truth.length - matched.size;
  if (missed) notes.push(`missed ${truth.filter((_, i) => !matched.has(i)).join(', ')}`);
  return {
    image,
    ms: r.ms,
    truth: truth.length,
    exact,
    unsure: read.filter((c) => c.unsure).length,
    missed,
    wrong,
    wrongSure,
    invented,
    usedTotal,
    usedRight,
    detail: notes.join('; '),
  };
}
