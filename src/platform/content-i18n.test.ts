import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { contentText, setContentMessages, type ContentMessageKey } from './content-i18n';

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

afterEach(() => {
  setContentMessages(undefined);
  vi.unstubAllGlobals();
});

describe('contentText', () => {
  it('asks the browser’s i18n.getMessage, with the substitutions as text', () => {
    const getMessage = vi.fn((key: string, subs?: string[]) =>
      key === 'contentCodesLeft' ? `${subs?.[0]} übrig` : '',
    );
    vi.stubGlobal('chrome', { i18n: { getMessage } });
    expect(contentText('contentCodesLeft', 5)).toBe('5 übrig');
    expect(getMessage).toHaveBeenCalledWith('contentCodesLeft', ['5']);
  });

  it('shows the key when there is no message, so a gap is visible', () => {
    vi.stubGlobal('chrome', { i18n: { getMessage: () => '' } });
    expect(contentText('contentUndo')).toBe('contentUndo');
    vi.stubGlobal('chrome', undefined);
    expect(contentText('contentUndo')).toBe('contentUndo');
  });

  it('follows a source set with setContentMessages until it is cleared', () => {
    const getMessage = vi.fn(() => 'Undo');
    vi.stubGlobal('chrome', { i18n: { getMessage } });
    setContentMessages((key, subs) => (key === 'contentUndo' ? 'Rückgängig' : subs.join()));
    expect(contentText('contentUndo')).toBe('Rückgängig');
    expect(contentText('contentCodesLeft', 3)).toBe('3');
    expect(getMessage).not.toHaveBeenCalled();
    setContentMessages(undefined);
    expect(contentText('contentUndo')).toBe('Undo');
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

  it('use positional $1…$9 only, which every message source fills', () => {
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
    const used = new Set<string>();
    for (const { text } of sources) {
      for (const m of text.matchAll(/contentText\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect([...used].filter((k) => !(k in messages))).toEqual([]);
    expect(contentKeys.filter((k) => !used.has(k))).toEqual([]);
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
