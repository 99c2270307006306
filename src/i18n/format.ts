/**
 * The message format of Backstop's locales, as pure functions (no browser, no
 * state), shared by the pages, the background and the tests. A message is
 * WebExtension text plus an ICU-style plural block whose selector is a
 * substitution (docs/i18n.md):
 *
 *     {$1, plural, one {# code left} other {# codes left}}
 *
 * Branches are `zero`, `one`, `two`, `few`, `many`, `other` (as
 * `Intl.PluralRules` names them for the language) or an exact `=N`; `other`
 * is required. `#` is the count formatted with `Intl.NumberFormat`; branches
 * may use other substitutions and nest further blocks. Numbers passed as
 * substitutions are formatted with `Intl.NumberFormat` too.
 */

/**
 * Returns the template of `key` with its substitutions marked as `ARG + n`
 * (n = 1…9), or '' when the source has no such message.
 */
export type MessageSource = (key: string) => string;

/** First of the nine private-use characters that stand for `$1`…`$9` in a template. */
const ARG = 0xe000;
/** What a source built on `browser.i18n.getMessage` passes as substitutions to get the template back. */
export const ARG_MARKS = Array.from({ length: 9 }, (_, i) => String.fromCharCode(ARG + i + 1));

/** `t` for a template at hand: plural blocks decided and substitutions filled in for `lang`. */
export function formatMessage(template: string, subs: (string | number)[], lang: string): string {
  try {
    return render(parseMessage(template), subs, lang, null);
  } catch {
    // A broken translation must not blank the page: show it unparsed, arguments filled in.
    return template.replace(/[\ue001-\ue009]/g, (m) =>
      String(subs[m.charCodeAt(0) - ARG - 1] ?? ''),
    );
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as `lang` writes it: digits, grouping. */
export function formatNumber(n: number, lang: string): string {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang)));
  return format.format(n);
}

/** One entry of a `messages.json`. */
export interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string; example?: string }>;
  description?: string;
}

/** A whole `messages.json`. */
export type Catalog = Record<string, LocaleEntry>;

/**
 * Builds a message source from a `_locales/xx/messages.json` object, following
 * the WebExtension rules: named `$placeholder$`s expand to their `content`,
 * then `$1`…`$9` mark the substitutions and `$$` is a literal dollar sign.
 * Keys are case-insensitive, as in the browsers.
 */
export function sourceFromLocale(locale: Catalog): MessageSource {
  const byKey = new Map(Object.entries(locale).map(([k, v]) => [k.toLowerCase(), v]));
  return (key) => {
    const entry = byKey.get(key.toLowerCase());
    if (!entry) return '';
    const named = entry.message.replace(/\$([a-z0-9_@]+)\$/gi, (whole, name: string) => {
      const ph = entry.placeholders?.[name.toLowerCase()] ?? entry.placeholders?.[name];
      return ph ? ph.content : whole;
    });
    return named.replace(/\$(\$|[1-9])/g, (_, d: string) =>
      d === '$' ? '$' : String.fromCharCode(ARG + Number(d)),
    );
  };
}

/** Asks each source in turn: the chosen language first, English for any key it lacks. */
export function withFallback(...sources: MessageSource[]): MessageSource {
  return (key) => {
    for (const s of sources) {
      const text = s(key);
      if (text) return text;
    }
    return '';
  };
}

/** One piece of a parsed message. */
export type MessagePart =
  | string
  | { arg: number }
  | { hash: true }
  | { plural: number; branches: Map<string, MessagePart[]> };

/** The branch names `Intl.PluralRules` can return. */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/**
 * Parses a template (as a source returns it) into text, substitutions and
 * plural blocks. Throws a `SyntaxError` naming the position for a plural block
 * that is not well formed; a `{` that does not start one is plain text.
 */
export function parseMessage(template: string): MessagePart[] {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${pos} in ${JSON.stringify(readable(template))}`);
  };
  const skipSpace = () => {
    while (/\s/.test(template[pos] ?? '')) pos++;
  };
  function parts(inBranch: boolean): MessagePart[] {
    const out: MessagePart[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push(text);
      text = '';
    };
    while (pos < template.length) {
      const c = template[pos]!;
      const code = c.charCodeAt(0);
      if (code > ARG && code <= ARG + 9) {
        flush();
        out.push({ arg: code - ARG });
        pos++;
      } else if (c === '#' && inBranch) {
        flush();
        out.push({ hash: true });
        pos++;
      } else if (c === '}' && inBranch) {
        break;
      } else if (c === '{' && /^\{\s*[\ue001-\ue009]\s*,\s*plural\s*,/.test(template.slice(pos))) {
        flush();
        out.push(plural());
      } else {
        text += c;
        pos++;
      }
    }
    flush();
    return out;
  }
  function plural(): MessagePart {
    const head = /^\{\s*([\ue001-\ue009])\s*,\s*plural\s*,/.exec(template.slice(pos))!;
    pos += head[0].length;
    const branches = new Map<string, MessagePart[]>();
    for (;;) {
      skipSpace();
      if (template[pos] === '}') {
        pos++;
        break;
      }
      const name = /^(=\d+|[a-z]+)/.exec(template.slice(pos))?.[1];
      if (!name) fail('expected a plural branch name');
      if (!name!.startsWith('=') && !(PLURAL_CATEGORIES as readonly string[]).includes(name!))
        fail(`unknown plural category "${name!}"`);
      if (branches.has(name!)) fail(`plural branch "${name!}" given twice`);
      pos += name!.length;
      skipSpace();
      if (template[pos] !== '{') fail(`expected "{" after "${name!}"`);
      pos++;
      branches.set(name!, parts(true));
      if (template[pos] !== '}') fail(`plural branch "${name!}" is not closed`);
      pos++;
    }
    if (!branches.has('other')) fail('a plural block needs an "other" branch');
    return { plural: head[1]!.charCodeAt(0) - ARG, branches };
  }
  return parts(false);
}

/** The template with the substitution marks written back as `$1`…`$9` (for messages and tests). */
export function readable(template: string): string {
  return template.replace(/[\ue001-\ue009]/g, (m) => `$${m.charCodeAt(0) - ARG}`);
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural branch `Intl.PluralRules` picks for `n` in `lang`, among those a block has. */
export function pluralBranch(
  branches: { has(name: string): boolean },
  n: number,
  lang: string,
): string {
  if (branches.has(`=${n}`)) return `=${n}`;
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const category = rules.select(n);
  return branches.has(category) ? category : 'other';
}

function render(
  parts: MessagePart[],
  subs: (string | number)[],
  lang: string,
  count: number | null,
): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('arg' in part) {
      const value = subs[part.arg - 1];
      out += typeof value === 'number' ? formatNumber(value, lang) : (value ?? '');
    } else if ('hash' in part) out += count === null ? '#' : formatNumber(count, lang);
    else {
      const n = Number(subs[part.plural - 1]);
      const branch = part.branches.get(pluralBranch(part.branches, n, lang))!;
      out += render(branch, subs, lang, n);
    }
  }
  return out;
}

/**
 * Checks that `value` (a parsed `messages.json` read at run time) has the
 * shape of a catalog; throws a `TypeError` naming the first bad entry.
 */
export function parseCatalog(value: unknown): Catalog {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('A messages.json must hold an object.');
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const message = (entry as { message?: unknown } | null)?.message;
    if (typeof message !== 'string') throw new TypeError(`Message "${key}" has no text.`);
  }
  return value as Catalog;
}
