// The content script's words in the small form it reads without a formatter
// of its own (`ContentWords` in src/messages.ts, docs/i18n.md): made by the
// background (src/background/language.ts) and by the content tests' helper.
import type { ContentWords } from '../messages';
import { parseMessage, readable, type MessagePart } from './format';

/**
 * A template in the content script's form: text with `$1`…`$9`, or for a
 * message that is one plural block (text around it is folded into each
 * branch), its branches by name with `#` for the count. Throws for a nested
 * or second block, which the content script could not show.
 */
export function contentForm(template: string): ContentWords['text'][string] {
  const parts = parseMessage(template);
  const flat = (ps: MessagePart[]): string =>
    ps
      .map((p) => {
        if (typeof p === 'string') return p.replace(/[#$]/g, (c) => (c === '$' ? '$$' : c));
        if ('arg' in p) return `$${p.arg}`;
        if ('hash' in p) return '#';
        throw new Error(`${readable(template)}: a content message has at most one plural block`);
      })
      .join('');
  const blocks = parts.filter((p) => typeof p === 'object' && 'plural' in p);
  if (blocks.length === 0) return flat(parts);
  const block = blocks[0] as Extract<MessagePart, { plural: number }>;
  if (blocks.length > 1 || block.plural !== 1)
    throw new Error(`${readable(template)}: a content message counts $1, in one block`);
  const at = parts.indexOf(block);
  const before = flat(parts.slice(0, at));
  const after = flat(parts.slice(at + 1));
  if (/#/.test(before + after))
    throw new Error(
      `${readable(template)}: a "#" outside the plural block would read as the count`,
    );
  return Object.fromEntries(
    [...block.branches].map(([name, branch]) => [name, before + flat(branch) + after]),
  );
}
