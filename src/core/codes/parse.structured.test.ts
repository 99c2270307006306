import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeKey } from './key';
import { parseCodes } from './parse';
import { asCodeLines } from './structured';
import { anyShape, codeChars, display } from './testing/shapes';
import { values } from './testing/results';

/** Codes of any shape with a digit in every group (letters-only groups are read as words). */
const code = anyShape.chain((shape) =>
  codeChars(shape)
    .map((c) => display(c, shape))
    .filter((v) => v.split(/[ -]/).every((g) => /\d/.test(g))),
);
const codes = fc.uniqueArray(fc.record({ value: code, used: fc.boolean() }), {
  selector: (c) => codeKey(c.value),
  minLength: 1,
  maxLength: 16,
});
type Code = { value: string; used: boolean };
const read = (text: string) => parseCodes(text).codes.map(({ value, used }) => ({ value, used }));

const USED_KEYS = ['used', 'isUsed', 'is_used', 'used_at', 'usedAt', 'spent', 'redeemed'];
const CODE_KEYS = ['code', 'value', 'token', 'recoveryCode', 'backup_code'];

describe('codes pasted as JSON', () => {
  it('reads an array of codes, minified or pretty, bare or inside an object', () => {
    fc.assert(
      fc.property(codes, fc.boolean(), fc.constantFrom(0, 1, 2), (list, pretty, wrap) => {
        const array = list.map((c) => c.value);
        const data =
          wrap === 0
            ? array
            : wrap === 1
              ? { codes: array }
              : { account: { site: 'example.com', recovery: array } };
        const text = JSON.stringify(data, null, pretty ? 2 : undefined);
        expect(values(parseCodes(text))).toEqual(array);
      }),
      { numRuns: 200 },
    );
  });

  it('reads objects with a used field, whatever it is called, and keeps each used mark', () => {
    fc.assert(
      fc.property(
        codes,
        fc.constantFrom(...USED_KEYS),
        fc.constantFrom(...CODE_KEYS),
        fc.boolean(),
        (list, usedKey, codeKeyName, note) => {
          const data = list.map((c) => ({
            [codeKeyName]: c.value,
            ...(note ? { site: 'example.com' } : {}),
            [usedKey]:
              usedKey.endsWith('t') && usedKey !== 'spent'
                ? c.used
                  ? '2026-11-02T10:00:00Z'
                  : null
                : c.used,
          }));
          expect(read(JSON.stringify(data))).toEqual(list);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads digits-only codes written as JSON numbers', () => {
    expect(values(parseCodes('[83921842, 99210042]'))).toEqual(['83921842', '99210042']);
  });

  it('leaves text that only starts like JSON to the line reader', () => {
    expect(asCodeLines('[x] 1234 5678\n[ ] 2345 6789')).toBe('[x] 1234 5678\n[ ] 2345 6789');
    expect(read('[x] 1234 5678\n[ ] 2345 6789')).toEqual([
      { value: '1234 5678', used: true },
      { value: '2345 6789', used: false },
    ]);
  });

  it('does not recurse without end into deeply nested data', () => {
    const deep = '['.repeat(5000) + '"12345678"' + ']'.repeat(5000);
    expect(() => parseCodes(deep)).toThrow();
  });
});

describe('codes pasted as HTML or XML', () => {
  const html = (list: Code[], tag: 'ul' | 'p' | 'table') => {
    const cell = (c: Code) => (c.used ? `<del>${c.value}</del>` : `<span>${c.value}</span>`);
    if (tag === 'ul')
      return `<ul class="codes">\n${list.map((c) => `  <li>${cell(c)}</li>`).join('\n')}\n</ul>`;
    if (tag === 'table')
      return `<table><tr><th>#</th><th>Code</th></tr>${list.map((c, i) => `<tr><td>${i + 1}.</td><td>${cell(c)}</td></tr>`).join('')}</table>`;
    return `<div><h2>Backup codes</h2><p>${list.map(cell).join('<br>')}</p><script>var x = "1234 5678";</script></div>`;
  };

  it('reads a page’s list, paragraph or table; struck-through codes are used; scripts are not read', () => {
    fc.assert(
      fc.property(
        codes,
        fc.constantFrom('ul' as const, 'p' as const, 'table' as const),
        (list, tag) => {
          expect(read(html(list, tag))).toEqual(list);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads an XML file’s elements and decodes entities', () => {
    const text =
      '<?xml version="1.0"?>\n<codes><code>8392&#x2D;1842</code><code>9921&amp;0042</code></codes>';
    const r = parseCodes(text);
    expect(values(r)).toEqual(['8392-1842']);
    expect(r.rejected.map((x) => x.text)).toEqual(['9921&0042']);
  });

  it('takes linear time on hostile markup (unclosed tags, stray brackets)', () => {
    for (const text of [
      '<script>'.repeat(8000),
      '<a '.repeat(20000),
      '<!--'.repeat(15000) + '</b>',
    ]) {
      const start = performance.now();
      try {
        parseCodes(text);
      } catch {
        // No codes in it: a parse-error is the right answer.
      }
      expect(performance.now() - start).toBeLessThan(2000);
    }
  });
});

describe('a table with a used or status column', () => {
  const yes = ['true', 'yes', '1', 'x', 'used', 'verwendet', 'utilisé'];
  const no = ['false', 'no', '0', '', 'unused', 'active'];

  it('marks the rows the column says were used, with any delimiter, and keeps line numbers', () => {
    fc.assert(
      fc.property(
        codes,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('used', 'Used', 'Status', 'state', '"used"'),
        fc.nat(),
        (list, d, header, pick) => {
          const rows = list.map(
            (c, i) =>
              `${c.value}${d}${c.used ? yes[(pick + i) % yes.length] : no[(pick + i) % no.length]}`,
          );
          const text = [`Code${d}${header}`, ...rows].join('\n');
          const r = parseCodes(text);
          expect(r.codes.map(({ value, used }) => ({ value, used }))).toEqual(list);
          expect(r.rejected.map((x) => x.line)).toEqual([1]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a date in a "used at" column as used, an empty one as unused', () => {
    expect(
      read('site,code,used at\nexample.com,83921842,2026-11-02\nexample.com,99210042,'),
    ).toEqual([
      { value: '83921842', used: true },
      { value: '99210042', used: false },
    ]);
  });

  it('splits the table at the same line breaks as the parser, so line numbers match', () => {
    const r = parseCodes('code;used\u202883921842;no\u2029note\u008599210042;yes');
    expect(r.codes.map(({ value, used }) => ({ value, used }))).toEqual([
      { value: '83921842', used: false },
      { value: '99210042', used: true },
    ]);
    expect(r.rejected.map((x) => x.line)).toEqual([1, 3]);
  });

  it('leaves a table without such a column as it is', () => {
    const text = 'site,code\nexample.com,83921842';
    expect(asCodeLines(text)).toBe(text);
  });
});
