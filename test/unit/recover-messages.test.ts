/**
 * recovery/recover.html carries its words in every language (scripts/recover-messages.mjs copies
 * them from public/_locales): they must be the current ones, and every word the page asks for must
 * exist in English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { PAGE, recoverMessages, renderedPage } from '../../scripts/recover-messages.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const english = JSON.parse(
  readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8'),
) as Record<string, { message: string }>;
const html = readFileSync(PAGE as string, 'utf8');

describe('recover.html messages', () => {
  it('are the ones in public/_locales (run node scripts/recover-messages.mjs)', async () => {
    expect(await (renderedPage as (h: string) => Promise<string>)(html)).toBe(html);
  });

  it('exist in English for every word the page uses', () => {
    const used = new Set<string>();
    for (const m of html.matchAll(/data-msg="([A-Za-z0-9_]+)"/g)) used.add(m[1]!);
    for (const m of html.matchAll(/\b(?:msg|Failure)\('([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((k) => !english[k])).toEqual([]);
    const embedded = (recoverMessages as () => { messages: Record<string, object> })().messages;
    expect([...used].filter((k) => !(k in (embedded.en as object)))).toEqual([]);
  });
});
