/**
 * dist/recover.html is put together by scripts/recover-page.mjs from the template, the script and
 * the words in public/_locales. The result must be one self-contained page carrying the current
 * words of every language, every word the page asks for must exist in English, and nothing that
 * could end an inline element early may slip in. test/e2e/recover-html.test.ts runs the built page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import * as recoverPage from '../../scripts/recover-page.mjs';

const { SCRIPT, TEMPLATE, recoverMessages, renderRecoverPage } = recoverPage as {
  SCRIPT: string;
  TEMPLATE: string;
  recoverMessages: () => {
    languages: Record<string, { name: string; dir: string }>;
    messages: Record<string, Record<string, string>>;
  };
  renderRecoverPage: (template?: string, script?: string) => string;
};

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const english = JSON.parse(
  readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8'),
) as Record<string, { message: string }>;
const template = readFileSync(TEMPLATE, 'utf8');
const script = readFileSync(SCRIPT, 'utf8');
const page = renderRecoverPage();

/** The JSON inside `<script … id="messages">`, as the page's script reads it. */
function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="messages">([^<]*)<\/script>/.exec(html);
  expect(m, 'a #messages element').not.toBeNull();
  return JSON.parse(m![1]!);
}

describe('recover.html, put together', () => {
  it('carries the words of public/_locales for every language', () => {
    const words = recoverMessages();
    expect(embedded(page)).toEqual(words);
    expect(Object.keys(words.messages).length).toBe(
      Object.keys(JSON.parse(readFileSync(join(ROOT, 'src/i18n/languages.json'), 'utf8'))).length,
    );
    expect(words.messages.de!.recoverDecrypt).not.toBe(words.messages.en!.recoverDecrypt);
  });

  it('has the script inline, whole, and no marker or reference to another file left', () => {
    expect(page).toContain(script.trimEnd());
    expect(page).not.toContain('@recover-page');
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*["'](?!#)/i);
    expect(page.match(/<script\b/g)).toHaveLength(2);
  });

  it('exist in English for every word the page uses', () => {
    const used = new Set<string>();
    for (const m of template.matchAll(/data-msg="([A-Za-z0-9_]+)"/g)) used.add(m[1]!);
    for (const m of script.matchAll(/\b(?:msg|Failure)\('([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((k) => !english[k])).toEqual([]);
    expect([...used].filter((k) => !(k in recoverMessages().messages.en!))).toEqual([]);
  });

  it('keeps a `<` in a message from ending the JSON element', () => {
    expect(page).not.toMatch(/id="messages">[^<]*<(?!\/script>)/);
    expect(JSON.stringify(embedded(page))).toContain('"en"');
  });

  it('refuses a script that would end its inline element, and a template without one marker', () => {
    expect(() => renderRecoverPage(template, 'let s = "</script>";')).toThrow(/cannot be inlined/);
    expect(() => renderRecoverPage(template, '/* <!-- */')).toThrow(/cannot be inlined/);
    expect(() => renderRecoverPage(template.replace('<!-- @recover-page -->', ''))).toThrow(
      /exactly one/,
    );
  });
});
