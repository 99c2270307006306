import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCodes } from './parse';
import { values } from './testing/results';

describe('used marks', () => {
  it.each([
    'abcd-1234 (used)',
    'abcd-1234 (USED)',
    'abcd-1234 (used on 2024-03-02)',
    'abcd-1234 [used]',
    'abcd-1234 ✓ used',
    'abcd-1234 ✔used',
    'abcd-1234 - used',
    'abcd-1234 — used',
    'abcd-1234 | used',
    'abcd-1234 used',
    'abcd-1234(used)',
    '~~abcd-1234~~',
    '- ~~abcd-1234~~',
    '1. ~~abcd-1234~~',
    '~~1. abcd-1234~~',
    '- [x] abcd-1234',
    '[X] abcd-1234',
    '[used] abcd-1234',
    'abcd-1234\n(used)',
  ])('%j marks the code used', (line) => {
    expect(parseCodes(`${line}\nefgh-5678`).codes).toEqual([
      { value: 'abcd-1234', used: true },
      { value: 'efgh-5678', used: false },
    ]);
  });

  it('marks only the code the mark follows', () => {
    expect(parseCodes('abcde-12345 (used) fghij-67890').codes).toEqual([
      { value: 'abcde-12345', used: true },
      { value: 'fghij-67890', used: false },
    ]);
    expect(parseCodes('1234 5678 (used)   2345 6789').codes).toEqual([
      { value: '1234 5678', used: true },
      { value: '2345 6789', used: false },
    ]);
    expect(parseCodes('- [ ] abcd-1234\n~~ abcd-5678').codes.map((c) => c.used)).toEqual([
      false,
      false,
    ]);
  });
});

describe('duplicates', () => {
  it('counts duplicates by codeKey and keeps a used mark from any copy', () => {
    const r = parseCodes('abcd-1234\nABCD-1234\nefgh-5678\nabcd1234 (used)');
    expect(r.codes).toEqual([
      { value: 'abcd-1234', used: true },
      { value: 'efgh-5678', used: false },
    ]);
    expect(r.duplicates).toBe(2);
  });
});

describe('comment lines', () => {
  it('reads one code a line with used marks under a comment header', () => {
    const file = '# GitHub — jane\n# exported\n\n1234 5678\nabcd-1234 (used)\n';
    expect(parseCodes(file).codes).toEqual([
      { value: '1234 5678', used: false },
      { value: 'abcd-1234', used: true },
    ]);
  });

  it('keeps a comment that looks like a code out of the codes', () => {
    const file = '# 9999 8888\n#\n# 1234-5678\n\nabcd-1234\n';
    expect(values(parseCodes(file))).toEqual(['abcd-1234']);
  });
});

describe('used marks in other languages', () => {
  it.each([
    ['abcd-1234 (benutzt)', true],
    ['abcd-1234 (utilisé)', true],
    ['abcd-1234 [usado]', true],
    ['abcd-1234 - gebruikt', true],
    ['abcd-1234 (使用済み)', true],
    ['abcd-1234 (已使用)', true],
    ['abcd-1234 (usefulness)', false],
  ])('%s → used %s', (line, used) => {
    const { codes } = parseCodes(`${line}\nefgh-5678\n`);
    expect(codes[0]).toEqual({ value: 'abcd-1234', used });
    expect(codes[1]).toEqual({ value: 'efgh-5678', used: false });
  });
});

describe('used marks in the language of every Backstop locale', () => {
  // The person's notes in their own language: whatever Backstop calls a used code ("Used",
  // "(used)") in a locale it ships reads back as a used mark. A new locale is checked too.
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../public/_locales');
  const locales = readdirSync(dir).map((l) => {
    const m = JSON.parse(readFileSync(join(dir, l, 'messages.json'), 'utf8')) as Record<
      string,
      { message: string }
    >;
    return [l, m.used!.message, m.codeUsedTag!.message] as const;
  });

  it('covers every locale', () => {
    expect(locales.length).toBeGreaterThanOrEqual(17);
  });

  it.each(locales)('%s: “%s” and “%s”', (_locale, word, tag) => {
    for (const line of [
      `abcd-1234 ${tag}`,
      `abcd-1234 - ${word}`,
      `abcd-1234 (${word.toLowerCase()})`,
      `abcd-1234 ${word.toLowerCase()}`,
      `abcd-1234\t${tag}`,
    ]) {
      expect(parseCodes(`${line}\nefgh-5678\n`).codes, line).toEqual([
        { value: 'abcd-1234', used: true },
        { value: 'efgh-5678', used: false },
      ]);
    }
  });

  it.each([
    'abcd-1234 (brugt)',
    'abcd-1234 (käytetty)',
    'abcd-1234 (använd)',
    'abcd-1234 (brukt)',
    'abcd-1234 (použito)',
    'abcd-1234 (digunakan)',
    'abcd-1234 (đã dùng)',
    'abcd-1234 (spent)',
    '\u200Fabcd-1234 (مُستخدَم)\u200F',
  ])('%s → used', (line) => {
    expect(parseCodes(`${line}\nefgh-5678\n`).codes[0]).toEqual({ value: 'abcd-1234', used: true });
  });

  it.each(['abcd-1234 (usedcar)', 'abcd-1234 (brugtbil)', 'abcd-1234 (userid)'])(
    '%s → not used: a longer word is not the mark',
    (line) => {
      expect(parseCodes(`${line}\nefgh-5678\n`).codes[0]).toEqual({
        value: 'abcd-1234',
        used: false,
      });
    },
  );
});

describe('struck through with combining overlays', () => {
  const strike = (s: string, mark = '\u0336') => [...s].map((c) => c + mark).join('');

  it.each([
    ['long stroke', strike('12345678')],
    ['short stroke', strike('12345678', '\u0335')],
    ['grouped, the space struck too', strike('1234 5678')],
    ['dashed', strike('abcd-1234')],
  ])('%s reads as used, the code intact', (_name, struck) => {
    const r = parseCodes(`${struck}\n23456789\n`);
    expect(r.codes[0]!.used).toBe(true);
    expect(r.codes[0]!.value.replace(/[ -]/g, '')).toBe(struck.replace(/[\u0334-\u0338 -]/g, ''));
    expect(r.codes[1]).toEqual({ value: '23456789', used: false });
  });
});
