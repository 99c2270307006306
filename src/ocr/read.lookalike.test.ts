/**
 * A misread look-alike is never "sure": the recognizer reads `l` as `1` or
 * `O` as `0` with full confidence and every way of reading agrees (docs/ocr.md,
 * "Look-alike characters"), so the pipeline must leave those to the person.
 * Run through `readPrepared` with an engine that misreads the same way every
 * time, over every look-alike pair of every alphabet and many code shapes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOOK_ALIKES, ambiguousIn, displayCode } from '../core/codes/ocr-correct';
import type { OcrShape } from '../core/codes/ocr-correct';
import type { CodeAlphabet } from '../core/sites/schema';
import { readPrepared } from './read';
import { anyOcrShape, siteOfShape } from './testing/shapes';
import { CHARSETS } from './reread';
import { misreading, page } from './testing/engine';

const anyShape = anyOcrShape(['alnum-lower', 'alnum-upper', 'alnum', 'hex-lower']);

/** Random characters of the alphabet, none of them in `avoid`. */
function charsOf(shape: OcrShape, avoid: ReadonlySet<string>) {
  const pool = [...CHARSETS[shape.alphabet]].filter((c) => !avoid.has(c));
  return fc
    .array(fc.constantFrom(...pool), { minLength: shape.length, maxLength: shape.length })
    .map((cs) => cs.join(''));
}

/** Look-alike pairs both in the alphabet: [what the picture shows, what is read]. */
function pairsIn(alphabet: CodeAlphabet): [string, string][] {
  const pairs: [string, string][] = [];
  for (const cls of LOOK_ALIKES) {
    const members = [...cls].filter((c) => CHARSETS[alphabet].includes(c));
    for (const a of members) for (const b of members) if (a !== b) pairs.push([a, b]);
  }
  return pairs;
}

async function readAs(shown: string, read: string, shape: OcrShape) {
  const reading = await readPrepared(page(), {
    engine: misreading(displayCode(read, shape)),
    site: siteOfShape(shape),
    crops: false,
  });
  return { reading, truth: displayCode(shown, shape) };
}

describe('look-alike characters', () => {
  it('knows the pairs of each alphabet: none in digits and lowercase hex', () => {
    expect(ambiguousIn('digits').size).toBe(0);
    expect(ambiguousIn('hex-lower').size).toBe(0);
    for (const c of '0o1lij5s2z9gq') expect(ambiguousIn('alnum-lower').has(c)).toBe(true);
    for (const c of '0OQD1I5S8B2Z6G') expect(ambiguousIn('alnum-upper').has(c)).toBe(true);
    expect(ambiguousIn('alnum-upper').has('A')).toBe(false);
    expect(pairsIn('alnum-upper')).toContainEqual(['O', '0']);
    expect(pairsIn('alnum-lower')).toContainEqual(['l', '1']);
    expect(pairsIn('alnum-lower')).toContainEqual(['q', 'g']);
  });

  it('a code whose look-alike was misread, the same way by every reading, is never sure', async () => {
    const withPairs = anyShape.filter((s) => pairsIn(s.alphabet).length > 0);
    await fc.assert(
      fc.asyncProperty(
        withPairs.chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            base: charsOf(shape, new Set()),
            at: fc.integer({ min: 0, max: shape.length - 1 }),
            pair: fc.constantFrom(...pairsIn(shape.alphabet)),
          }),
        ),
        async ({ shape, base, at, pair: [shown, read] }) => {
          const truth = base.slice(0, at) + shown + base.slice(at + 1);
          const misread = base.slice(0, at) + read + base.slice(at + 1);
          const { reading } = await readAs(truth, misread, shape);
          // The pipeline found it (else the property would hold by finding nothing)…
          expect(reading.codes).toHaveLength(1);
          const code = reading.codes[0]!;
          expect(code.value).toBe(displayCode(misread, shape));
          // …and leaves it to the person, pointing at the character to check.
          expect(code.unsure).toBe(true);
          expect(code.reasons).toContain('look-alike');
          expect(code.doubtAt).toContain(at);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a code with no look-alike that every reading agrees on stays sure', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyShape.chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            bare: charsOf(shape, ambiguousIn(shape.alphabet)),
          }),
        ),
        async ({ shape, bare }) => {
          const { reading } = await readAs(bare, bare, shape);
          expect(reading.codes).toHaveLength(1);
          expect(reading.codes[0]!.unsure).toBe(false);
          expect(reading.codes[0]!.doubtAt).toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });
});
