import { describe, expect, it } from 'vitest';
import data from './label-words.json';

// The label list is data; this is its schema.
describe('label-words.json', () => {
  it('is a non-empty list of distinct lowercase words without spaces or punctuation', () => {
    expect(Object.keys(data).sort()).toEqual([
      '$comment',
      'compoundEndings',
      'compoundEnds',
      'words',
    ]);
    expect(typeof data.$comment).toBe('string');
    expect(Array.isArray(data.words)).toBe(true);
    expect(data.words.length).toBeGreaterThan(0);
    for (const w of data.words as unknown[]) {
      expect(typeof w).toBe('string');
      expect(w).toMatch(/^[\p{Ll}\p{N}]+$/u);
      expect((w as string).normalize('NFC')).toBe(w);
    }
    expect(new Set(data.words).size).toBe(data.words.length);
  });

  it('writes compound endings as lowercase ASCII letters (codes are ASCII; a compound of other letters is text anyway)', () => {
    for (const list of [data.compoundEnds, data.compoundEndings]) {
      expect(list.length).toBeGreaterThan(0);
      for (const w of list) expect(w).toMatch(/^[a-z]+$/);
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it('holds the English words the parser relies on', () => {
    expect(data.words).toEqual(
      expect.arrayContaining(['code', 'codes', 'recovery', 'backup', 'key']),
    );
  });
});
