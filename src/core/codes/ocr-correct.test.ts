import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allSites } from '../sites/registry';
import {
  correctCode,
  displayCode,
  findCandidates,
  findCodes,
  inferShape,
  shapeOfFormat,
  type CodeShape,
  type OcrLineInput,
} from './ocr-correct';

const DIGITS8: CodeShape = { length: 8, alphabet: 'digits', groups: [4, 4], separator: ' ' };
const GITHUB: CodeShape = { length: 10, alphabet: 'hex-lower', groups: [5, 5], separator: '-' };
const GITLAB: CodeShape = { length: 16, alphabet: 'hex-lower', groups: null, separator: '' };
const DISCORD: CodeShape = { length: 8, alphabet: 'alnum-lower', groups: [4, 4], separator: '-' };

/** A line of words laid out left to right, each 10 px per character. */
function line(text: string, confidence = 95): OcrLineInput {
  let x = 0;
  return {
    words: text
      .split(' ')
      .filter(Boolean)
      .map((w) => {
        const box = { x0: x, y0: 0, x1: x + 10 * w.length, y1: 20 };
        x += 10 * w.length + 10;
        return { text: w, confidence, bbox: box, symbols: [...w].map(() => confidence) };
      }),
  };
}

describe('shapeOfFormat', () => {
  it('takes length, alphabet and grouping from the registry', () => {
    const instagram = allSites().find((s) => s.id === 'instagram')!;
    expect(shapeOfFormat(instagram.format)).toEqual(DIGITS8);
    const gitlab = allSites().find((s) => s.id === 'gitlab')!;
    expect(shapeOfFormat(gitlab.format)).toEqual(GITLAB);
  });

  it('knows no shape without a length or an alphabet', () => {
    const slack = allSites().find((s) => s.id === 'slack')!;
    expect(shapeOfFormat(slack.format)).toBeNull();
    expect(shapeOfFormat(null)).toBeNull();
  });
});

describe('correctCode', () => {
  it('fixes the classic confusions where the shape allows only digits', () => {
    expect(correctCode('I234 S678', DIGITS8)).toEqual({ value: '1234 5678', corrected: 2 });
    expect(correctCode('B8Z2 1001', DIGITS8)).toEqual({ value: '8822 1001', corrected: 2 });
  });

  it('lowers hex letters and maps the letters hex does not have', () => {
    expect(correctCode('ABCDE-1234S', GITHUB)).toEqual({ value: 'abcde-12345', corrected: 6 });
    expect(correctCode('a1b2c-3d4eO', GITHUB)).toEqual({ value: 'a1b2c-3d4e0', corrected: 1 });
  });

  it('never changes a letter that is valid in the alphabet', () => {
    // o and 0 are both possible in an alnum code: no guessing.
    expect(correctCode('ab0o-xyz1', DISCORD)).toEqual({ value: 'ab0o-xyz1', corrected: 0 });
  });

  it('refuses what does not fit: wrong length, impossible characters, or mostly letters', () => {
    expect(correctCode('1234 567', DIGITS8)).toBeNull();
    expect(correctCode('1234 56789', DIGITS8)).toBeNull();
    expect(correctCode('1234 56#8', DIGITS8)).toBeNull();
    // "Is it to be": prose whose letters all look like digits is still prose.
    expect(correctCode('IsitToBe', DIGITS8)).toBeNull();
    expect(correctCode('B8Z2 l0O1', DIGITS8)).toBeNull();
  });
});

describe('findCodes', () => {
  it('reads an Instagram list: codes shown in two groups of four', () => {
    const codes = findCodes(
      [line('Backup codes'), line('4534 8599'), line('6113 1327'), line('Username: traveller_967')],
      DIGITS8,
    );
    expect(codes.map((c) => c.value)).toEqual(['4534 8599', '6113 1327']);
    expect(codes.every((c) => !c.unsure)).toBe(true);
  });

  it("reads both columns of Google's sheet from one line, skipping the numbering", () => {
    const codes = findCodes([line('1. 1234 5678 6. 8765 4321')], DIGITS8);
    expect(codes.map((c) => c.value)).toEqual(['1234 5678', '8765 4321']);
  });

  it('drops a list number the reader glued to the code', () => {
    const codes = findCodes([line('1.31042952 6.3225 0546')], DIGITS8);
    expect(codes.map((c) => c.value)).toEqual(['3104 2952', '3225 0546']);
  });

  it('splits columns the reader ran together into one word, and marks them unsure', () => {
    const codes = findCodes([line('0123456789abcdef fedcba9876543210')], GITLAB);
    expect(codes.map((c) => c.value)).toEqual(['0123456789abcdef', 'fedcba9876543210']);
    const glued = findCodes([line('0123456789abcdeffedcba9876543210')], GITLAB);
    expect(glued.map((c) => c.value)).toEqual(['0123456789abcdef', 'fedcba9876543210']);
    expect(glued.every((c) => c.unsure && c.reasons.includes('regrouped'))).toBe(true);
  });

  it('corrects O/0 and I/1 in digit codes and says so', () => {
    const [c] = findCodes([line('I234 56O8')], DIGITS8);
    expect(c).toMatchObject({ value: '1234 5608', corrected: 2, unsure: false });
  });

  it('shows a code that fits no shape as read, unsure, never changed', () => {
    const codes = findCodes([line('1234 567')], DIGITS8);
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatchObject({ value: '1234 567', unsure: true, reasons: ['shape'] });
  });

  it('marks codes the reader doubted', () => {
    const [c] = findCodes([line('abcde-12345', 40)], GITHUB);
    expect(c).toMatchObject({ value: 'abcde-12345', unsure: true, reasons: ['confidence'] });
  });

  it('invents nothing from prose, numbers of other lengths, or dates', () => {
    const prose = [
      line('Keep these backup codes somewhere safe but accessible.'),
      line('Each code can be used once. Total 10.45 Card 4821'),
      line('9:41 5G 2026-12-03 12/03/2026'),
      line('Should you ever lose your phone or access to your one-time password secret'),
    ];
    for (const shape of [DIGITS8, GITHUB, GITLAB, DISCORD])
      expect(findCodes(prose, shape)).toEqual([]);
  });

  it('keeps the rest of the line for used marks', () => {
    const [c] = findCodes([line('abcd-ef12 (used)')], DISCORD);
    expect(c?.context).toBe('used');
  });

  it('property: every sure code fits the shape exactly', () => {
    const shapes = [DIGITS8, GITHUB, GITLAB, DISCORD];
    fc.assert(
      fc.property(
        fc.constantFrom(...shapes),
        fc.array(
          fc.string({ unit: fc.constantFrom(...'0123456789abcdefOIlSBZ -xyz.|'), maxLength: 40 }),
          {
            maxLength: 6,
          },
        ),
        (shape, texts) => {
          for (const c of findCodes(
            texts.map((t) => line(t)),
            shape,
          )) {
            if (c.unsure) continue;
            const bare = c.value.replace(/[\s-]/g, '');
            expect(bare).toHaveLength(shape.length);
            expect(displayCode(bare, shape)).toBe(c.value);
          }
        },
      ),
    );
  });

  it('property: a digit code with up to two classic confusions is read back exactly', () => {
    const confuse: Record<string, string> = { '0': 'O', '1': 'l', '5': 'S', '8': 'B', '2': 'Z' };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 8 }),
        fc.array(fc.nat(7), { maxLength: 2 }),
        (bare, at) => {
          const chars = [...bare];
          for (const i of at) chars[i] = confuse[chars[i]!] ?? chars[i]!;
          const read = `${chars.slice(0, 4).join('')} ${chars.slice(4).join('')}`;
          const codes = findCodes([line(read)], DIGITS8);
          expect(codes.map((c) => c.value)).toEqual([`${bare.slice(0, 4)} ${bare.slice(4)}`]);
        },
      ),
    );
  });
});

describe('findCandidates', () => {
  it('keeps every code found, with its first reading', () => {
    const c = findCandidates([line('abcde-12345 fedcb-a9876')], GITHUB);
    expect(c.map((x) => x.first?.value)).toEqual(['abcde-12345', 'fedcb-a9876']);
  });

  it('adds words laid out like a code but misread too badly to be one, as candidates only', () => {
    // `h` and `@` are not hex: findCodes rejects these, the close reading decides.
    const misread = [line('ch6bf-85c86'), line('3c@cf-52a7d'), line('Recovery codes')];
    expect(findCodes(misread, GITHUB).filter((c) => !c.unsure)).toEqual([]);
    const c = findCandidates(misread, GITHUB);
    expect(c.map((x) => [x.read, x.first === null || x.first.unsure, x.line])).toEqual([
      ['ch6bf-85c86', true, 0],
      ['3c@cf-52a7d', true, 1],
    ]);
  });

  it('takes a space-grouped code as its words together', () => {
    const c = findCandidates([line('I2B4 S6?8')], DIGITS8);
    expect(c).toHaveLength(1);
    expect(c[0]!.bbox).toEqual({ x0: 0, y0: 0, x1: 90, y1: 20 });
  });

  it('offers no prose, dates or short numbers as candidates', () => {
    const prose = [
      line('Keep these backup codes somewhere safe but accessible.'),
      line('Each code can be used once. Total 10.45 Card 4821'),
      line('9:41 5G 2026-12-03 12/03/2026'),
      line('Should you ever lose your phone or access to your one-time password secret'),
    ];
    for (const shape of [DIGITS8, GITHUB, GITLAB, DISCORD]) {
      expect(findCandidates(prose, shape).map((c) => c.read)).toEqual([]);
    }
  });
});

describe('inferShape', () => {
  it('finds the shape most lines share when the site is unknown', () => {
    expect(inferShape([line('Codes'), line('1234 5678'), line('8765 4321')])).toEqual(DIGITS8);
    expect(inferShape([line('abcde-12345'), line('f00d1-00b1e')])).toMatchObject({
      length: 10,
      alphabet: 'hex-lower',
      groups: [5, 5],
    });
  });

  it('finds nothing in prose', () => {
    expect(inferShape([line('Thank you for your order'), line('Total 10.45')])).toBeNull();
  });
});
