// The trust boundary for `page.qualify`: what a page's content script sends
// is checked and bounded before qualification reads it. A page controls its
// own DOM, so a context is untrusted data; it can only make its own fields
// look like backup-code fields (which still fill only where the origin
// matches an account: docs/design.md §4), never reach anything else.
import { BackstopError } from '../errors';
import type { FieldContext } from './types';

/** The most candidate fields one request may carry (content/detect/index.ts sends batches). */
export const MAX_FIELDS = 32;
/** The most strings in one list of a context (collect.ts sends at most 8). */
export const MAX_LIST = 8;
/** The longest string accepted: longer ones are cut (collect.ts caps at 600). */
export const MAX_TEXT = 600;

const LISTS = ['identifiers', 'classes', 'labels', 'descriptions', 'context'] as const;

function bad(why: string): never {
  throw new BackstopError('invalid-input', `Backstop could not read this page's fields (${why}).`);
}

const text = (v: unknown, where: string): string =>
  typeof v === 'string' ? v.slice(0, MAX_TEXT) : bad(`${where} is not text`);

/**
 * The contexts of a `page.qualify` request, checked: at most MAX_FIELDS,
 * every member of the right type, lists of at most MAX_LIST strings, every
 * string cut to MAX_TEXT characters. Throws `invalid-input` otherwise.
 */
export function readFieldContexts(payload: unknown): FieldContext[] {
  const fields = (payload as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields)) bad('no list of fields');
  if (fields.length > MAX_FIELDS) bad(`more than ${MAX_FIELDS} fields`);
  return fields.map((f: unknown, i) => {
    if (!f || typeof f !== 'object') bad(`field ${i} is not an object`);
    const o = f as Record<string, unknown>;
    const num = (k: string) =>
      typeof o[k] === 'number' && Number.isFinite(o[k])
        ? (o[k] as number)
        : bad(`${k} is not a number`);
    const lists = Object.fromEntries(
      LISTS.map((k) => {
        const v = o[k];
        if (!Array.isArray(v) || v.length > MAX_LIST)
          bad(`${k} is not a list of at most ${MAX_LIST}`);
        return [k, v.map((s, j) => text(s, `${k}[${j}]`))];
      }),
    ) as Pick<FieldContext, (typeof LISTS)[number]>;
    return {
      type: text(o.type, 'type'),
      autocomplete: text(o.autocomplete, 'autocomplete'),
      inputMode: text(o.inputMode, 'inputMode'),
      maxLength: num('maxLength'),
      pattern: text(o.pattern, 'pattern'),
      boxes: num('boxes'),
      ...lists,
    };
  });
}
