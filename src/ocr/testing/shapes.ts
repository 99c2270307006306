/**
 * Code shapes for the OCR property tests (`read.*.test.ts`): every shape the
 * registry gives and random ones of the chosen alphabets, with the site rule
 * that carries a shape into `readPrepared`.
 */
import fc from 'fast-check';
import { ocrShapeOf, type OcrShape } from '../../core/codes/ocr-correct';
import { shapeOfSite } from '../../core/codes/shape';
import { allSites } from '../../core/sites/registry';
import type { CodeAlphabet } from '../../core/sites/schema';
import type { readPrepared } from '../read';

/** The registry's shapes (its sites' codes as `correctCode` sees them), `minLength`–40 long. */
export function registryOcrShapes(minLength = 1): OcrShape[] {
  return allSites()
    .map((s) => ocrShapeOf(shapeOfSite(s)))
    .filter((s): s is OcrShape => s !== null && s.length >= minLength && s.length <= 40);
}

/** Random shapes of `alphabets`: 6–25 characters, in groups of 3–6 or none. */
export function randomOcrShape(alphabets: CodeAlphabet[]): fc.Arbitrary<OcrShape> {
  return fc
    .record({
      alphabet: fc.constantFrom(...alphabets),
      length: fc.integer({ min: 6, max: 25 }),
      size: fc.option(fc.integer({ min: 3, max: 6 }), { nil: null }),
      separator: fc.constantFrom<'-' | ' '>('-', ' '),
    })
    .map(({ alphabet, length, size, separator }) => {
      const groups: number[] = [];
      if (size !== null && size < length)
        for (let l = length; l > 0; l -= size) groups.push(Math.min(size, l));
      return {
        alphabet,
        length,
        groups: groups.length > 1 ? groups : null,
        separator: groups.length > 1 ? separator : '',
      } satisfies OcrShape;
    });
}

/** The registry's shapes and random ones of `alphabets`. */
export function anyOcrShape(alphabets: CodeAlphabet[], minLength = 1): fc.Arbitrary<OcrShape> {
  return fc.oneof(fc.constantFrom(...registryOcrShapes(minLength)), randomOcrShape(alphabets));
}

/** A site rule carrying only the shape (what `readPrepared` reads of it, through `shapeOfSite`). */
export function siteOfShape(shape: OcrShape): Parameters<typeof readPrepared>[1]['site'] {
  return {
    name: 'Test',
    count: null,
    format: {
      length: shape.length,
      alphabet: shape.alphabet,
      display: shape.groups ? { groups: shape.groups, separator: shape.separator } : null,
    },
  } as unknown as Parameters<typeof readPrepared>[1]['site'];
}
