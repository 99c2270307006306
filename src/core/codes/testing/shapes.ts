/**
 * Test helper: code shapes and codes of those shapes, for property tests —
 * every shape in the registry that states a length and an alphabet, and random
 * shapes (every alphabet, 6–40 characters, groups of 2–8 joined by a space or
 * a dash, codes of letters only or digits only).
 */
import fc from 'fast-check';
import { allSites } from '../../sites/registry';
import type { CodeAlphabet } from '../../sites/schema';
import { isHeading } from '../labels';
import { shapeOfSite, type CodeShape } from '../shape';

export const ALPHABETS: Record<CodeAlphabet, string> = {
  digits: '0123456789',
  'hex-lower': '0123456789abcdef',
  'alnum-lower': '0123456789abcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'alnum-upper': '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

export type SizedShape = CodeShape & { length: number; alphabet: CodeAlphabet };

/** Every registry shape the parser can cut with: a known length and alphabet. */
export const registryShapes: SizedShape[] = allSites()
  .map(shapeOfSite)
  .filter((s): s is SizedShape => s !== null && s.length !== null && s.alphabet !== null);

/** Groups of `size` characters adding up to `length`; the last group takes the rest. */
function groupsOf(length: number, size: number): number[] {
  const groups: number[] = [];
  for (let left = length; left > 0; left -= size) groups.push(Math.min(size, left));
  return groups;
}

export const randomShape: fc.Arbitrary<SizedShape> = fc
  .record({
    alphabet: fc.constantFrom(...(Object.keys(ALPHABETS) as CodeAlphabet[])),
    length: fc.integer({ min: 6, max: 40 }),
    size: fc.option(fc.integer({ min: 2, max: 8 }), { nil: null }),
    separator: fc.constantFrom(' ' as const, '-' as const),
    count: fc.option(fc.integer({ min: 1, max: 16 }), { nil: null }),
  })
  .map(({ alphabet, length, size, separator, count }) => {
    const groups = size !== null && size < length ? groupsOf(length, size) : null;
    return {
      site: 'Example',
      alphabet,
      length,
      groups,
      separator: groups ? separator : null,
      count,
    };
  });

export const anyShape = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...registryShapes) },
  { weight: 2, arbitrary: randomShape },
);

/**
 * Letters only, digits only, or anything, from the shape's alphabet. Letters that happen to
 * spell a heading (`aaaacodes`, a compound ending in a code label: `labels.ts`) are left out:
 * the parser reads such a line as a heading, on purpose.
 */
export function codeChars(shape: SizedShape): fc.Arbitrary<string> {
  const all = ALPHABETS[shape.alphabet];
  const letters = all.replace(/[0-9]/g, '');
  const digits = all.replace(/[^0-9]/g, '');
  const pools = [all, digits, ...(letters ? [letters] : [])];
  return fc
    .constantFrom(...pools)
    .chain((pool) =>
      fc
        .array(fc.constantFrom(...pool), { minLength: shape.length, maxLength: shape.length })
        .map((cs) => cs.join('')),
    )
    .filter((c) => !isHeading(c) && !isHeading(display(c, shape)));
}

/** The code as the site shows it: its groups joined by its separator. */
export function display(chars: string, shape: SizedShape): string {
  if (!shape.groups) return chars;
  const out: string[] = [];
  let at = 0;
  for (const g of shape.groups) {
    out.push(chars.slice(at, at + g));
    at += g;
  }
  return out.join(shape.separator ?? ' ');
}

/** A code of any shape, as its site shows it. */
export const shapedCode: fc.Arbitrary<string> = anyShape.chain((shape) =>
  codeChars(shape).map((c) => display(c, shape)),
);
