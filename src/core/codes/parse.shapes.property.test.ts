/**
 * "A paste never loses or bends a code", as properties: for every code shape in
 * the registry and for random shapes (every alphabet, 6–40 characters, groups
 * of 2–8 joined by a space or a dash, codes of letters only or digits only),
 * random codes laid out the ways real sites and people lay them out parse back
 * to exactly those codes — none dropped, truncated, merged or invented.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeKey } from './key';
import { BackstopError } from '../errors';
import { parseCodes, type ParsedCode, type ParseResult, type RejectedLine } from './parse';
import { shapeMismatch } from './shape';
import {
  ALPHABETS,
  anyShape,
  codeChars,
  display,
  registryShapes,
  shapedCode,
  type SizedShape,
} from './testing/shapes';

interface Case {
  shape: SizedShape;
  codes: ParsedCode[];
}

const cases: fc.Arbitrary<Case> = anyShape.chain((shape) =>
  fc
    .uniqueArray(
      fc.record({ value: codeChars(shape).map((c) => display(c, shape)), used: fc.boolean() }),
      {
        selector: (c) => codeKey(c.value),
        minLength: 1,
        maxLength: Math.min(shape.count ?? 12, 12),
      },
    )
    .map((codes) => ({ shape, codes })),
);

const USED_MARKS = [
  (v: string) => `${v} (used)`,
  (v: string) => `${v} [used]`,
  (v: string) => `~~${v}~~`,
  (v: string) => `- [x] ${v}`,
  (v: string) => `${v} ✓ used`,
  (v: string) => `${v} - used`,
];
const PROSE_BEFORE = [
  'Backup codes',
  'SAVE YOUR BACKUP CODES',
  'Keep these backup codes somewhere safe but accessible.',
  'Here are your recovery codes for jane@example.com:',
  'If you lose your phone, you can sign in with one of these codes.',
];
const PROSE_AFTER = [
  'Each code can be used only once.',
  '* Generated: Mar 3, 2023',
  'Need more? Visit the security page of your account.',
  '(jane.doe@example.com)',
  'Get new codes',
];

/** A layout lays codes out and says in which order they will be read. */
type Layout = (codes: ParsedCode[], pick: number) => { text: string; order: ParsedCode[] };

const mark = (c: ParsedCode, pick: number) =>
  c.used ? USED_MARKS[pick % USED_MARKS.length]!(c.value) : c.value;

const LAYOUTS: Record<string, Layout> = {
  'plain list': (codes, pick) => ({
    text: codes.map((c) => mark(c, pick)).join('\n'),
    order: codes,
  }),
  'numbered list': (codes, pick) => ({
    text: codes.map((c, i) => `${i + 1}${['.', ')', ':'][pick % 3]} ${mark(c, pick)}`).join('\n'),
    order: codes,
  }),
  'two columns': (codes, pick) => {
    const half = Math.ceil(codes.length / 2);
    const gap = ['   ', '\t', '    '][pick % 3]!;
    const lines: string[] = [];
    const order: ParsedCode[] = [];
    for (let i = 0; i < half; i++) {
      const right = codes[i + half];
      lines.push(
        right ? `${mark(codes[i]!, pick)}${gap}${mark(right, pick)}` : mark(codes[i]!, pick),
      );
      order.push(codes[i]!, ...(right ? [right] : []));
    }
    return { text: lines.join('\n'), order };
  },
  'numbered two columns (a Google file)': (codes) => {
    const half = Math.ceil(codes.length / 2);
    const lines = [
      'SAVE YOUR BACKUP CODES',
      'Keep these backup codes somewhere safe but accessible.',
      '',
    ];
    const order: ParsedCode[] = [];
    for (let i = 0; i < half; i++) {
      const right = codes[i + half];
      const left = `${i + 1}. ${codes[i]!.value}`;
      lines.push(
        right
          ? `${left.padEnd(Math.max(24, left.length + 3))} ${i + half + 1}. ${right.value}`
          : left,
      );
      order.push(codes[i]!, ...(right ? [right] : []));
    }
    lines.push('', '(jane.doe@example.com)', '', '* You can only use each backup code once.');
    return { text: lines.join('\n'), order: order.map((c) => ({ ...c, used: false })) };
  },
  'CRLF file without header (a GitHub or Proton file)': (codes) => ({
    text: codes.map((c) => c.value).join('\r\n'),
    order: codes.map((c) => ({ ...c, used: false })),
  }),
  'bulleted file with a header and used marks (a Discord file)': (codes) => ({
    text: [
      'These are your backup codes for account jane#0001. Keep them safe!',
      '',
      ...codes.map((c) => `* ${c.value}${c.used ? ' (used)' : ''}`),
    ].join('\n'),
    order: codes,
  }),
  'prose around the list': (codes, pick) => ({
    text: [
      PROSE_BEFORE[pick % PROSE_BEFORE.length]!,
      '',
      ...codes.map((c) => mark(c, pick)),
      '',
      PROSE_AFTER[pick % PROSE_AFTER.length]!,
    ].join('\n'),
    order: codes,
  }),
};

/** Plain checks, one expect at the end: an expect per value would dominate the run time. */
function problems(got: readonly ParsedCode[], want: readonly ParsedCode[]): string[] {
  const out: string[] = [];
  if (got.length !== want.length) out.push(`${got.length} codes instead of ${want.length}`);
  want.forEach((w, i) => {
    const g = got[i];
    if (!g) return;
    if (g.value !== w.value)
      out.push(`#${i}: ${JSON.stringify(g.value)} ≠ ${JSON.stringify(w.value)}`);
    if (g.used !== w.used) out.push(`#${i}: used ${g.used} ≠ ${w.used}`);
    if (g.warning !== undefined) out.push(`#${i}: warning ${g.warning}`);
  });
  return out;
}

describe('a known site’s shape: every layout parses back to exactly the codes', () => {
  it('covers shapes from the registry', () => {
    // The registry must give this test something to chew on.
    expect(registryShapes.length).toBeGreaterThanOrEqual(8);
    for (const s of registryShapes) {
      expect(
        shapeMismatch(display(ALPHABETS[s.alphabet].slice(0, 1).repeat(s.length), s), s),
      ).toBeNull();
    }
  });

  it.each(Object.keys(LAYOUTS))('%s', (name) => {
    const layout = LAYOUTS[name]!;
    fc.assert(
      fc.property(cases, fc.nat(), ({ shape, codes }, pick) => {
        const { text, order } = layout(codes, pick);
        const r = parseCodes(text, { shape });
        expect(problems(r.codes, order)).toEqual([]);
        // Nothing that was a code line is left out.
        for (const x of r.rejected) {
          expect(order.some((c) => x.text.includes(c.value))).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a code of the wrong shape, with a warning, rather than dropping or cutting it', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 3 }), ({ shape, codes }, cut) => {
        // One code with characters missing: a typo, or a site that changed its format.
        const chars = codes[0]!.value.replace(/[ -]/g, '');
        fc.pre(chars.length - cut >= 4);
        const short = chars.slice(0, chars.length - cut);
        fc.pre(!codes.some((c) => codeKey(c.value) === codeKey(short)));
        const list = [{ value: short, used: false }, ...codes.slice(1)];
        const r = parseCodes(list.map((c) => mark(c, 0)).join('\n'), { shape });
        expect(r.codes.map((c) => c.value)).toEqual(list.map((c) => c.value));
        expect(r.codes[0]!.warning).toMatch(/Does not look like/);
      }),
      { numRuns: 60 },
    );
  });
});

describe('an unknown site: one candidate a line is read literally', () => {
  /** Codes of any shape, one a line, letters only or digits only included. */
  const lines = fc.uniqueArray(shapedCode, { selector: codeKey, minLength: 1, maxLength: 12 });
  const decoration = fc.constantFrom('', '- ', '* ', '• ', '1. ', '(2) ', '[ ] ');

  it('takes every line whole, whatever the heuristic would have made of it', () => {
    fc.assert(
      fc.property(lines, decoration, fc.boolean(), (values, deco, crlf) => {
        const text = values.map((v) => `${deco}${v}`).join(crlf ? '\r\n' : '\n');
        const r = parseCodes(text);
        expect(r.codes.map((c) => c.value)).toEqual(values);
        expect(r.codes.every((c) => !c.used)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the used marks of a literal reading', () => {
    fc.assert(
      fc.property(
        lines,
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.nat(),
        (values, used, pick) => {
          const codes = values.map((value, i) => ({ value, used: used[i]! }));
          const r = parseCodes(codes.map((c) => mark(c, pick)).join('\n'));
          expect(r.codes.map(({ value, used: u }) => ({ value, used: u }))).toEqual(codes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every line that looks like a code among prose, headings and list decoration', () => {
    // A group written like a capitalized word ("Thanks") among prose is taken for a word.
    const codeLike = lines.map((vs) =>
      vs.filter((v) => /\d/.test(v) || !v.split(/[ -]/).some((g) => /^[A-Z][a-z]+$/.test(g))),
    );
    fc.assert(
      fc.property(codeLike, decoration, fc.nat(), (values, deco, pick) => {
        fc.pre(values.length > 0);
        const text = [
          PROSE_BEFORE[pick % PROSE_BEFORE.length]!,
          ...values.map((v) => `${deco}${v}`),
          PROSE_AFTER[pick % PROSE_AFTER.length]!,
        ].join('\n');
        expect(parseCodes(text).codes.map((c) => c.value)).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });

  it('reads "one code per line" mode exactly, warnings aside', () => {
    fc.assert(
      fc.property(lines, decoration, (values, deco) => {
        const r = parseCodes(values.map((v) => `${deco}${v}`).join('\n'), { mode: 'lines' });
        expect(r.codes.map((c) => c.value)).toEqual(values);
        expect(r.reading).toBe('lines');
      }),
      { numRuns: 200 },
    );
  });
});

function parseOrRejected(text: string): Pick<ParseResult, 'codes' | 'rejected'> {
  try {
    return parseCodes(text);
  } catch (e) {
    if (!(e instanceof BackstopError) || e.code !== 'parse-error') throw e;
    return { codes: [], rejected: (e.detail as { rejected: RejectedLine[] }).rejected };
  }
}

describe('an unknown site: every layout', () => {
  it.each(Object.keys(LAYOUTS))('%s: each code is saved whole or its line is listed', (name) => {
    const layout = LAYOUTS[name]!;
    fc.assert(
      fc.property(cases, fc.nat(), ({ codes }, pick) => {
        const { text, order } = layout(codes, pick);
        // "No backup codes found" lists every line with why: nothing is lost unseen either.
        const r = parseOrRejected(text);
        const saved = new Set(r.codes.map((c) => c.value));
        const lines = text.split('\n');
        const lost = order.filter(
          (c) =>
            !saved.has(c.value) && !r.rejected.some((x) => lines[x.line - 1]!.includes(c.value)),
        );
        expect(lost.map((c) => c.value)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  // Without a shape, a group of letters alone next to a code may be a word ("Code 1234 here"),
  // so only codes with a digit in every group are promised back exactly; any other code is saved
  // whole or its line listed (above).
  it.each(Object.keys(LAYOUTS))(
    '%s: codes with a digit in every group parse back exactly',
    (name) => {
      const layout = LAYOUTS[name]!;
      fc.assert(
        fc.property(cases, fc.nat(), ({ codes }, pick) => {
          fc.pre(codes.every((c) => c.value.split(/[ -]/).every((g) => /\d/.test(g))));
          const { text, order } = layout(codes, pick);
          expect(problems(parseCodes(text).codes, order)).toEqual([]);
        }),
        { numRuns: 200 },
      );
    },
  );
});
