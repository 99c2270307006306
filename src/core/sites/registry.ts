/**
 * Lookups over the site registry (`registry.json`): which known site a domain or
 * URL belongs to, which rule applies to a login step, and suggestions for the
 * "Website" field.
 *
 * Host matching here is a plain label-suffix test against the registry's domains
 * (which the registry test proves are registrable domains), so this module does
 * not need the public-suffix list. It does NOT decide whether a fill is allowed:
 * that is `fillDecision` in `domain.ts`, applied by the background.
 */
import { BackstopError } from '../errors';
import data from './registry.json';
import { validateRegistry, type SiteRegistry, type SiteRule } from './schema';
import { compileUrlPattern, hostWithin, type UrlMatcher } from './url-pattern';

export type { SiteRegistry, SiteRule } from './schema';

interface CompiledSite {
  rule: SiteRule;
  challenge: UrlMatcher[];
  appOnly: UrlMatcher[];
}

/** A challenge rule together with the pattern that matched. */
export interface ChallengeMatch {
  site: SiteRule;
  pattern: string;
}

/** Lookups over one validated registry; the module-level functions use the shipped one. */
export interface SiteIndex {
  allSites(): readonly SiteRule[];
  findSiteByDomain(domain: string): SiteRule | null;
  findSiteForUrl(url: string): SiteRule | null;
  isAppOnlyStep(url: string): boolean;
  challengeRuleForUrl(url: string): ChallengeMatch | null;
  suggestSites(query: string, limit?: number): SiteRule[];
}

interface UrlParts {
  host: string;
  pathname: string;
  hash: string;
}

/** http(s) URL → lowercase host without trailing dot, path and fragment; null otherwise. */
function urlParts(url: string): UrlParts | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username !== '' || u.password !== '')
    return null;
  const host = u.hostname.endsWith('.') ? u.hostname.slice(0, -1) : u.hostname;
  return host ? { host, pathname: u.pathname, hash: u.hash } : null;
}

/**
 * Builds the lookups for `registry`, which must already have passed
 * `validateRegistry` (patterns are compiled here and would throw otherwise).
 */
export function createSiteIndex(registry: SiteRegistry): SiteIndex {
  const sites: CompiledSite[] = registry.sites.map((rule) => ({
    rule: Object.freeze(rule),
    challenge: rule.challenge.map(compileUrlPattern),
    appOnly: rule.appOnlyPaths.map(compileUrlPattern),
  }));
  const siteForHost = (host: string): CompiledSite | null =>
    sites.find((s) => s.rule.domains.some((d) => hostWithin(host, d))) ?? null;
  const appOnlyHit = (site: CompiledSite, p: UrlParts): boolean =>
    site.appOnly.some((m) => m.matches(p.host, p.pathname, p.hash));

  return {
    allSites: () => sites.map((s) => s.rule),

    findSiteByDomain(domain) {
      let d = domain.trim().toLowerCase();
      if (d.endsWith('.')) d = d.slice(0, -1);
      return sites.find((s) => s.rule.domains.includes(d))?.rule ?? null;
    },

    findSiteForUrl(url) {
      const parts = urlParts(url);
      return parts ? (siteForHost(parts.host)?.rule ?? null) : null;
    },

    isAppOnlyStep(url) {
      const parts = urlParts(url);
      const site = parts ? siteForHost(parts.host) : null;
      return parts !== null && site !== null && appOnlyHit(site, parts);
    },

    challengeRuleForUrl(url) {
      const parts = urlParts(url);
      const site = parts ? siteForHost(parts.host) : null;
      // An app-only step wins over any challenge pattern that also matches it.
      if (parts === null || site === null || appOnlyHit(site, parts)) return null;
      const hit = site.challenge.find((m) => m.matches(parts.host, parts.pathname, parts.hash));
      return hit ? { site: site.rule, pattern: hit.pattern } : null;
    },

    suggestSites(query, limit = 8) {
      const key = queryKey(query);
      if (key.length === 0 || limit <= 0) return [];
      const host = key.split(/[/?#:]/, 1)[0] ?? '';
      const scored: { rule: SiteRule; score: number; index: number }[] = [];
      sites.forEach(({ rule }, index) => {
        const name = rule.name.toLowerCase();
        let score: number | null = null;
        if (name === key || rule.id === key) score = 0;
        else if (name.startsWith(key) || rule.id.startsWith(key)) score = 1;
        else if (host && rule.domains.some((d) => d.startsWith(host) || hostWithin(host, d)))
          score = 2;
        else if (name.split(/[^a-z0-9]+/).some((w) => w.length > 0 && w.startsWith(key))) score = 3;
        if (score !== null) scored.push({ rule, score, index });
      });
      scored.sort((a, b) => a.score - b.score || a.index - b.index);
      return scored.slice(0, limit).map((s) => s.rule);
    },
  };
}

let shipped: SiteIndex | null = null;

/** The index over `registry.json`, validated and compiled once on first use. */
function index(): SiteIndex {
  if (shipped) return shipped;
  const result = validateRegistry(data);
  if (!result.ok) {
    // Unreachable while registry.test.ts passes; never run on unchecked rules.
    throw new BackstopError('internal', 'The site registry is invalid.', result.errors);
  }
  shipped = createSiteIndex(result.registry);
  return shipped;
}

/** Every site rule, in registry order. */
export function allSites(): readonly SiteRule[] {
  return index().allSites();
}

/**
 * The site whose domains include `domain` exactly (a registrable domain such as
 * `github.com`; case and a trailing dot are ignored). Subdomains do not match here:
 * use {@link findSiteForUrl} for page URLs.
 */
export function findSiteByDomain(domain: string): SiteRule | null {
  return index().findSiteByDomain(domain);
}

/** The site an http(s) URL belongs to (its host is one of the site's domains or a subdomain). */
export function findSiteForUrl(url: string): SiteRule | null {
  return index().findSiteForUrl(url);
}

/**
 * True when `url` is a step that accepts only authenticator-app codes (e.g. GitHub's
 * `/sessions/two-factor/app`): a backup code must never be filled there, since it
 * would be rejected and a code would be marked spent for nothing.
 */
export function isAppOnlyStep(url: string): boolean {
  return index().isAppOnlyStep(url);
}

/**
 * The rule for the backup-code step at `url`, or null when no known site's
 * challenge pattern matches (or the URL is an app-only step).
 */
export function challengeRuleForUrl(url: string): ChallengeMatch | null {
  return index().challengeRuleForUrl(url);
}

/**
 * Known sites for the "Website" field's autocomplete, best first: exact name or id,
 * then name or id prefix, then domain prefix, then a prefix of any word in the name.
 * A typed URL is reduced to its host first. Returns at most `limit` sites.
 */
export function suggestSites(query: string, limit = 8): SiteRule[] {
  return index().suggestSites(query, limit);
}

/** Reduces what a person is typing ("https://www.GitHub.com/login") to a comparable key ("github.com/login"). */
function queryKey(query: string): string {
  return query
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '');
}
