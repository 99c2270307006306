/**
 * All user-visible text goes through `t(key, ...subs)`. In the extension the
 * source is `browser.i18n.getMessage` (set by each page's entry point); in unit
 * tests it is the English `messages.json`, installed by the test helpers. The
 * JSON is not imported here so the popup bundle never carries it twice.
 */
export type MessageSource = (key: string, substitutions: string[]) => string;

let source: MessageSource | null = null;

export function setMessageSource(next: MessageSource): void {
  source = next;
}

/**
 * Returns the message for `key`, with `$1`…`$9` replaced by `subs`. A missing
 * message shows the key itself so a gap is visible rather than an empty label.
 */
export function t(key: string, ...subs: (string | number)[]): string {
  const text = source ? source(key, subs.map(String)) : '';
  return text || key;
}

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/**
 * Builds a message source from a `_locales/xx/messages.json` object, following
 * the WebExtension rules: named `$placeholder$`s expand to their `content`,
 * then `$1`…`$9` take the substitutions and `$$` is a literal dollar sign.
 */
export function sourceFromLocale(locale: Record<string, LocaleEntry>): MessageSource {
  const byKey = new Map(Object.entries(locale).map(([k, v]) => [k.toLowerCase(), v]));
  return (key, subs) => {
    const entry = byKey.get(key.toLowerCase());
    if (!entry) return '';
    const named = entry.message.replace(/\$([a-z0-9_@]+)\$/gi, (whole, name: string) => {
      const ph = entry.placeholders?.[name.toLowerCase()] ?? entry.placeholders?.[name];
      return ph ? ph.content : whole;
    });
    return named.replace(/\$(\$|[1-9])/g, (_, d: string) =>
      d === '$' ? '$' : (subs[Number(d) - 1] ?? ''),
    );
  };
}

/** English-style plural: `keyOne` for exactly one, `key` otherwise (both take `n` as `$1`). */
export function tn(key: string, n: number, ...rest: (string | number)[]): string {
  return t(n === 1 ? `${key}One` : key, n, ...rest);
}
