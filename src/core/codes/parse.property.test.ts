import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBackstopError } from '../errors';
import { validateCodeList } from './list';
import { codeKey } from './key';
import { parseCodes, type ParseOptions, type ParseResult } from './parse';
import type { CodeShape } from './shape';

// ---------------------------------------------------------------------------
// Generators

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

const charFrom = (alphabet: string) => fc.constantFrom(...alphabet);
const word = (alphabet: string, size: number) =>
  fc.array(charFrom(alphabet), { minLength: size, maxLength: size }).map((cs) => cs.join(''));
const alphabet = fc.constantFrom(
  DIGITS + LOWER,
  DIGITS + UPPER,
  DIGITS + LOWER + UPPER,
  DIGITS + 'abcdef',
);
const alnumCount = (v: string) => v.replace(/[ -]/g, '').length;
const hasDigit = (v: string) => /\d/.test(v);

/** `1234 5678`, `123456`, `12 34 56`: digits in equal groups separated by single spaces (Google, Instagram). */
const spacedDigits = fc
  .record({ size: fc.integer({ min: 2, max: 6 }), count: fc.integer({ min: 1, max: 4 }) })
  .chain(({ size, count }) =>
    fc.array(word(DIGITS, size), { minLength: count, maxLength: count }).map((g) => g.join(' ')),
  );

/** `abcde-12345`, `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, `ab7x-m3vd` (GitHub, Microsoft, Discord). */
const dashed = alphabet.chain((abc) =>
  fc
    .array(
      fc.integer({ min: 2, max: 8 }).chain((n) => word(abc, n)),
      { minLength: 2, maxLength: 5 },
    )
    .map((g) => g.join('-')),
);

/** `5e1c9a07b3d24f68` (GitLab, Proton). */
const plain = alphabet.chain((abc) => fc.integer({ min: 4, max: 40 }).chain((n) => word(abc, n)));

/** Equal alphanumeric groups separated by spaces, each with a digit. */
const spacedAlnum = fc
  .record({
    abc: alphabet,
    size: fc.integer({ min: 2, max: 6 }),
    count: fc.integer({ min: 2, max: 4 }),
  })
  .chain(({ abc, size, count }) =>
    fc
      .array(word(abc, size).filter(hasDigit), { minLength: count, maxLength: count })
      .map((g) => g.join(' ')),
  );

/** A valid code: 4–40 letters and digits with at least one digit, in one of the layouts sites use. */
const validCode = fc
  .oneof(spacedDigits, dashed, plain, spacedAlnum)
  .filter((v) => hasDigit(v) && alnumCount(v) >= 4 && alnumCount(v) <= 40);

// Custom units: fast-check's built-in 'binary' and 'grapheme' units build large
// tables on first use (seconds on a busy machine), which would blow the time budget.
/** Any UTF-16 unit, lone surrogates and control characters included. */
const anyChar16 = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Any code point, astral ones included (a surrogate code point comes out lone). */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
/** Text people actually paste: ASCII, Latin, symbols, CJK, emoji, combining marks. */
const textChar = fc
  .oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0xa0, max: 0x36f }),
    fc.integer({ min: 0x2000, max: 0x2bff }),
    fc.integer({ min: 0x3000, max: 0x30ff }),
    fc.integer({ min: 0xff00, max: 0xffef }),
    fc.integer({ min: 0x1f300, max: 0x1f64f }),
  )
  .map((c) => String.fromCodePoint(c));
const pieces = fc.oneof(
  validCode,
  fc.constantFrom(
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '\u2028',
    '\u0085',
    '(used)',
    '[used]',
    '✓ used',
    ' - used',
    'used',
    '~~',
    '[x]',
    '[ ]',
    '1.',
    '01 -',
    '(2)',
    '#3',
    '•',
    '*',
    '-',
    '|',
    ':',
    'Recovery code:',
    'Backup',
    '\u0000',
    '\u0001',
    '\uFFFD',
    '\uD800',
    '\uDC00',
    '\uFEFF',
    '\u200B',
    '\u00A0',
    '１２３４',
    '\uE000',
    '\uE001',
    '\uE002',
    '\uFDFA',
  ),
  fc.string({ unit: textChar, maxLength: 12 }),
  fc.string({ unit: anyChar16, maxLength: 6 }),
);
const structured = fc.array(pieces, { maxLength: 60 }).map((p) => p.join(''));

// ---------------------------------------------------------------------------

/** Google's: 8 digits shown as two groups of four. */
const SOME_SHAPE: CodeShape = {
  site: 'Example',
  length: 8,
  alphabet: 'digits',
  groups: [4, 4],
  separator: ' ',
  count: 10,
};

function outcome(
  text: string,
  options: ParseOptions = {},
): { ok: ParseResult } | { error: string } {
  try {
    return { ok: parseCodes(text, options) };
  } catch (e) {
    if (!isBackstopError(e, 'parse-error')) throw e;
    return { error: e.message };
  }
}

/** What every successful result must satisfy, whatever the input; returns the violations. */
function violations(r: ParseResult, lineCount: number): string[] {
  // Plain checks, one expect at the end: expect() per value would dominate the run time.
  const out: string[] = [];
  if (r.codes.length === 0) out.push('no codes but no error');
  const keys = new Set<string>();
  for (const c of r.codes) {
    if (!/^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/.test(c.value))
      out.push(`bad value ${JSON.stringify(c.value)}`);
    const n = alnumCount(c.value);
    if (n < 4 || n > 40) out.push(`bad length ${JSON.stringify(c.value)}`);
    if (typeof c.used !== 'boolean') out.push(`bad used ${String(c.used)}`);
    keys.add(codeKey(c.value));
  }
  if (keys.size !== r.codes.length) out.push('duplicate keys');
  // Whatever the parser reads, the background accepts as the preview's list.
  try {
    validateCodeList(r.codes.map(({ value, used }) => ({ value, used })));
  } catch (e) {
    out.push(`refused by validateCodeList: ${String(e)}`);
  }
  if (!Number.isInteger(r.duplicates) || r.duplicates < 0)
    out.push(`bad duplicates ${r.duplicates}`);
  let previous = 0;
  for (const x of r.rejected) {
    if (x.line <= previous || x.line > lineCount) out.push(`bad rejected line ${x.line}`);
    if (x.reason === '') out.push('empty reason');
    previous = x.line;
  }
  return out;
}

/**
 * A codes file as people keep them: `# ` comment lines (the comment's line
 * breaks start new comment lines; characters that would make the text look
 * binary become spaces), a blank line, then one code a line, spent ones
 * followed by ` (used)`.
 */
function codesFile(codes: readonly { value: string; used: boolean }[], comment?: string): string {
  const out: string[] = [];
  if (comment !== undefined && comment.trim() !== '') {
    for (const line of comment.split(/\r\n|[\n\r\u0085\u2028\u2029]/)) {
      const clean = line.replace(/[\p{Cc}\uFFFD]/gu, ' ').replace(/\p{Cs}/gu, '');
      out.push(`# ${clean.trim()}`.trimEnd());
    }
    out.push('');
  }
  for (const c of codes) out.push(c.used ? `${c.value} (used)` : c.value);
  return `${out.join('\n')}\n`;
}

describe('parseCodes properties', () => {
  it('reads a codes file back: same values, same used marks, comment lines left out', () => {
    const codes = fc.uniqueArray(fc.record({ value: validCode, used: fc.boolean() }), {
      selector: (c) => codeKey(c.value),
      minLength: 1,
      maxLength: 40,
    });
    const header = fc.option(
      fc.oneof(
        fc.string({ unit: textChar, maxLength: 120 }),
        fc.string({ unit: anyChar16, maxLength: 60 }),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(codes, header, (list, head) => {
        const r = parseCodes(codesFile(list, head));
        expect(r.codes).toEqual(list);
        expect(r.duplicates).toBe(0);
        // Only the header's comment lines are left out.
        for (const x of r.rejected) expect(x.reason).toBe('A comment (it starts with “#”).');
      }),
      { numRuns: 100 },
    );
  });

  const returnsOrThrowsParseError = (text: string) => {
    const o = outcome(text);
    // The other modes and a site's shape obey the same rules.
    for (const options of [{ mode: 'lines' as const }, { shape: SOME_SHAPE }]) {
      const other = outcome(text, options);
      if ('ok' in other) {
        expect(violations(other.ok, text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).length)).toEqual(
          [],
        );
      }
    }
    if ('ok' in o) {
      expect(violations(o.ok, text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).length)).toEqual([]);
    } else expect(o.error).not.toBe('');
  };

  it('returns or throws a parse-error for any string, never anything else', () => {
    const anyText = fc.oneof(
      { weight: 2, arbitrary: structured },
      { weight: 1, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 300 }) },
      { weight: 1, arbitrary: fc.string({ unit: anyChar16, maxLength: 300 }) },
    );
    fc.assert(fc.property(anyText, returnsOrThrowsParseError), { numRuns: 250 });
  });

  it('returns or throws a parse-error for huge inputs, never anything else', () => {
    // Repeating a random piece up to past the size limit reaches every limit:
    // total size, line count, line length, and the biggest text still parsed.
    const huge = fc
      .tuple(
        fc.oneof(structured, fc.string({ unit: anyCodePoint, minLength: 1, maxLength: 20 })),
        fc.integer({ min: 1_000, max: 90_000 }),
      )
      .map(([s, n]) =>
        (s === '' ? '1234 5678\n' : s).repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n),
      );
    fc.assert(fc.property(huge, returnsOrThrowsParseError), { numRuns: 15 });
  });

  it('codeKey is idempotent and ignores case and separators', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: anyCodePoint }), fc.string({ unit: anyChar16 }), validCode),
        (s) => {
          expect(codeKey(codeKey(s))).toBe(codeKey(s));
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(validCode, (v) => {
        expect(codeKey(v.toUpperCase().replace(/-/g, ' '))).toBe(codeKey(v));
        expect(codeKey(v.replace(/[ -]/g, ''))).toBe(codeKey(v));
      }),
    );
  });

  it('gives the same result for LF, CRLF and trailing whitespace', () => {
    const lineArb = fc
      .array(pieces, { maxLength: 8 })
      .map((p) => p.join('').replace(/[\r\n\u0085\u2028\u2029]/g, ' '));
    const lines = fc.array(lineArb, { minLength: 1, maxLength: 30 });
    const trailing = fc.array(fc.constantFrom('', ' ', '\t', '  ', ' \t '), {
      minLength: 30,
      maxLength: 30,
    });
    fc.assert(
      fc.property(lines, trailing, (ls, pad) => {
        const lf = outcome(ls.join('\n'));
        expect(outcome(ls.join('\r\n'))).toEqual(lf);
        expect(outcome(ls.map((l, i) => l + pad[i]).join('\n'))).toEqual(lf);
        expect(outcome(`${ls.join('\r\n')}\r\n`)).toEqual(lf);
      }),
      { numRuns: 200 },
    );
  });
});
