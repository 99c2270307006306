import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import type { ContentWords } from '../messages';
import { contentText, setContentWords, type ContentMessageKey } from './content-i18n';

const here = dirname(fileURLToPath(import.meta.url));
const contentRoot = resolve(here, '../content');
const messages: Record<string, { message: string; description?: string; placeholders?: object }> =
  english;
const contentKeys = Object.keys(messages).filter((k) => k.startsWith('content'));

/** The content script's own sources (what is bundled into every page). */
function bundledSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'testing' ? [] : bundledSources(p);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
  });
}
const sources = [
  ...bundledSources(contentRoot),
  join(here, 'content-messaging.ts'),
  join(here, 'content-api.ts'),
].map((file) => ({ file, text: readFileSync(file, 'utf8') }));

afterEach(() => setContentWords(undefined));

/** Words as the background hands them over (src/background/language.ts). */
const words = (lang: string, text: ContentWords['text']): ContentWords => ({
  lang,
  dir: 'ltr',
  text,
});

describe('contentText', () => {
  it('shows the key until words arrive, so a gap is visible rather than an empty button', () => {
    expect(contentText('Undo')).toBe('Undo');
    expect(contentText('CodesLeft', 3)).toBe('CodesLeft');
    setContentWords(words('de', { Undo: 'Rückgängig' }));
    expect(contentText('Undo')).toBe('Rückgängig');
    expect(contentText('NoCodes')).toBe('NoCodes');
  });

  it('fills $1…$9 and writes $$ as a dollar sign', () => {
    setContentWords(words('en', { FillFailed: 'a $2 b $1 $$1 c' }));
    expect(contentText('FillFailed', 'x', 'y')).toBe('a y b x $1 c');
  });

  it('writes numbers the language’s way', () => {
    setContentWords(words('de', { FillFailed: '$1 übrig' }));
    expect(contentText('FillFailed', 12345)).toBe('12.345 übrig');
    setContentWords(words('ar-EG', { FillFailed: '$1' }));
    expect(contentText('FillFailed', 3)).toBe('٣');
  });

  it('leaves a # alone in a message that counts nothing', () => {
    setContentWords(words('en', { FillFailed: 'Field #2 of $1' }));
    expect(contentText('FillFailed', 3)).toBe('Field #2 of 3');
  });

  // The whole family of plural rules the 16 languages use, decided by Intl.PluralRules.
  it.each([
    ['en', { one: '# code', other: '# codes' }, [1, 2, 0], ['1 code', '2 codes', '0 codes']],
    [
      'pl',
      { one: '# kod', few: '# kody', many: '# kodów', other: '# kodu' },
      [1, 2, 5, 22, 25],
      ['1 kod', '2 kody', '5 kodów', '22 kody', '25 kodów'],
    ],
    [
      'ru',
      { one: '# код', few: '# кода', many: '# кодов', other: '# кода' },
      [1, 21, 3, 11],
      ['1 код', '21 код', '3 кода', '11 кодов'],
    ],
    [
      'ar',
      {
        zero: 'لا رموز',
        one: 'رمز واحد',
        two: 'رمزان',
        few: '# رموز',
        many: '# رمزًا',
        other: '# رمز',
      },
      [0, 1, 2, 3, 11, 100],
      ['لا رموز', 'رمز واحد', 'رمزان', '3 رموز', '11 رمزًا', '100 رمز'],
    ],
    [
      'he',
      { one: 'קוד אחד', two: 'שני קודים', other: '# קודים' },
      [1, 2, 7],
      ['קוד אחד', 'שני קודים', '7 קודים'],
    ],
    ['ja', { other: '残り#個' }, [1, 1000], ['残り1個', '残り1,000個']],
    [
      'de',
      { '=0': 'keine', one: '# übrig', other: '# übrig' },
      [0, 1, 2],
      ['keine', '1 übrig', '2 übrig'],
    ],
  ] as const)('%s: the branch of each count', (lang, branches, counts, expected) => {
    setContentWords(words(lang, { CodesLeft: { ...branches } }));
    expect(counts.map((n) => contentText('CodesLeft', n))).toEqual(expected);
  });

  it('takes `other` for a category a translation leaves out', () => {
    setContentWords(words('pl', { CodesLeft: { one: '# kod', other: '# kodów' } }));
    expect(contentText('CodesLeft', 5)).toBe('5 kodów');
  });
});

describe('the content script’s messages', () => {
  it('all exist in English with a description for translators', () => {
    expect(contentKeys.length).toBeGreaterThanOrEqual(15);
    for (const key of contentKeys) {
      expect(messages[key]!.message, key).not.toBe('');
      expect(messages[key]!.description ?? '', key).toMatch(/\w{3}/);
    }
  });

  it('use positional $1…$9 only, which the content script fills', () => {
    for (const key of contentKeys) {
      expect(messages[key]!.placeholders, key).toBeUndefined();
      expect(messages[key]!.message, key).not.toMatch(/\$[A-Za-z_]/);
    }
    expect(messages.contentCodesLeft!.message).toContain('$1');
  });

  it('keep the English the end-to-end tests and docs/design.md §5 rely on', () => {
    const en = english as Record<ContentMessageKey | 'menuFill', { message: string }>;
    expect(en.contentFillButton.message).toBe('Fill backup code');
    expect(en.contentFillButton.message).toBe(en.menuFill.message);
    expect(en.contentMarkedUsed.message).toBe('Marked as used');
    expect(en.contentUndo.message).toBe('Undo');
    expect(en.contentUnmarked.message).toBe('No longer marked as used.');
    expect(en.contentUnlock.message).toBe('Unlock Backstop');
    expect(en.contentNoCodes.message).toBe('No codes for this site');
  });

  it('are each used by the content script, and every key it uses exists', () => {
    // The content script names them without the prefix (`'Undo'` for `contentUndo`).
    const used = new Set<string>();
    for (const { text } of sources) {
      for (const m of text.matchAll(/contentText\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect([...used].filter((k) => !(`content${k}` in messages))).toEqual([]);
    const all = sources.map(({ text }) => text).join('\n');
    expect(contentKeys.filter((k) => !all.includes(`'${k.slice('content'.length)}'`))).toEqual([]);
  });

  // The family of places a page could show English words typed into the code.
  it.each([
    ['textContent', /textContent\s*[:=]\s*(['"`])[A-Za-z]/],
    ['aria labels', /'aria-(label|description)'\s*:\s*(['"`])[A-Za-z]/],
    ['toast messages', /toast\(\s*(['"`])[A-Za-z]/],
    ['action labels', /\blabel\s*:\s*(['"`])[A-Za-z]/],
    ['thrown or refused messages', /(new Error|refusal)\(\s*(['"`])[A-Za-z]/],
    ['fallback texts', /\?\s*(['"`])[A-Z][a-z]+ [a-z]/],
    ['returned texts', /return\s+(['"`])[A-Z][a-z]+ [A-Za-z]/],
    ['constants of words', /(const|let)\s+\w+\s*=\s*(['"`])[A-Z][a-z]* [a-z]/],
    ['counts in words', /`\$\{[^}]+\} [a-z]+`/],
    ['texts after a colon', /:\s*(['"`])[A-Z][a-z]+ [a-z]/],
    ['texts as arguments', /,\s*(['"`])[A-Z][a-z]+ [a-z]/],
  ])('no hard-coded English in %s', (_, pattern) => {
    const offenders = sources
      .flatMap(({ file, text }) =>
        text.split('\n').map((line, i) => ({ where: `${file}:${i + 1}`, line })),
      )
      .filter(({ line }) => !/^\s*(\/\/|\*|\/\*\*)/.test(line) && pattern.test(line));
    expect(offenders).toEqual([]);
  });
});
