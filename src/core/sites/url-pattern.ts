/**
 * The URL patterns of the site rules (`challenge` and `appOnlyPaths` in
 * `registry.json`, checked by `src/core/sites/schema.ts`), compiled once into
 * matchers. They come in two forms:
 * - a glob `host/path`: `host` is an exact lowercase host name, or `*.example.com`
 *   meaning example.com itself or any subdomain; in `path`, `*` matches any run of
 *   characters (including `/`) and everything else is literal. A glob is matched
 *   against `host + pathname` of the URL (query ignored); when the pattern holds a
 *   `#`, the URL's `#fragment` is appended first (single-page apps that route by
 *   hash, e.g. Bitwarden's web vault).
 * - a regular expression written `re:^...`, matched against the same string. It
 *   must be anchored with `^` so that `evil.com/github.com/...` can never match a
 *   pattern meant for github.com.
 */

/** A compiled URL pattern: tests a URL already split into its parts. */
export interface UrlMatcher {
  readonly pattern: string;
  /** Host must be lowercase without a trailing dot; `hash` includes its `#` (or is empty). */
  matches(host: string, pathname: string, hash: string): boolean;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when `host` is a syntactically valid lowercase DNS name (LDH labels, at least two). */
export function isLowercaseHostname(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/** True when `host` is `domain` or one of its subdomains (plain suffix test on labels). */
export function hostWithin(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles one URL pattern (see the module comment for the syntax).
 * @throws Error with a readable reason when the pattern is malformed.
 */
export function compileUrlPattern(pattern: string): UrlMatcher {
  const withHash = pattern.includes('#');
  const target = (host: string, pathname: string, hash: string): string =>
    withHash ? `${host}${pathname}${hash}` : `${host}${pathname}`;

  if (pattern.startsWith('re:')) {
    const source = pattern.slice(3);
    if (!source.startsWith('^'))
      throw new Error(`regex pattern must be anchored with ^: ${pattern}`);
    const re = new RegExp(source); // throws on a bad expression
    return { pattern, matches: (h, p, x) => re.test(target(h, p, x)) };
  }

  const slash = pattern.indexOf('/');
  if (slash <= 0) throw new Error(`glob pattern needs host/path: ${pattern}`);
  const hostPart = pattern.slice(0, slash);
  const pathPart = pattern.slice(slash);
  const anySub = hostPart.startsWith('*.');
  const host = anySub ? hostPart.slice(2) : hostPart;
  if (!isLowercaseHostname(host))
    throw new Error(`glob host is not a lowercase host name: ${pattern}`);
  if (/\s/.test(pathPart)) throw new Error(`glob path contains whitespace: ${pattern}`);
  const pathRe = new RegExp(`^${pathPart.split('*').map(escapeRegExp).join('.*')}$`);
  return {
    pattern,
    matches(h, p, x) {
      if (!(anySub ? hostWithin(h, host) : h === host)) return false;
      const full = target(h, p, x);
      return pathRe.test(full.slice(h.length));
    },
  };
}

/** The host named by a glob pattern (without `*.`), or null for regex patterns. */
export function globHost(pattern: string): string | null {
  if (pattern.startsWith('re:')) return null;
  const hostPart = pattern.slice(0, Math.max(0, pattern.indexOf('/')));
  return hostPart.startsWith('*.') ? hostPart.slice(2) : hostPart;
}
