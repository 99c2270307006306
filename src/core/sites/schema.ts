/**
 * The shape of `registry.json` (the site rules) and a strict, hand-written
 * validator for it. Site rules steer autofill on real login pages, so a typo in
 * the data must fail a test, never silently widen where codes are filled.
 *
 * URL patterns (used by `challenge` and `appOnlyPaths`) come in two forms:
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

export type CodeAlphabet = 'digits' | 'hex-lower' | 'alnum-lower' | 'alnum' | 'alnum-upper';
export type Confidence = 'high' | 'medium' | 'low';
export type CodeSeparator = '' | ' ' | '-';

/** How a site displays a code, e.g. `{ groups: [5, 5], separator: '-' }` for `abcde-12345`. */
export interface CodeDisplay {
  groups: number[];
  separator: CodeSeparator;
}

/** How a code must be typed into the site's field. */
export interface CodeFill {
  /** Remove spaces and dashes before filling (the field wants the bare code). */
  stripSeparators: boolean;
  case: 'as-is' | 'lower' | 'upper';
}

export interface CodeFormat {
  /** Characters in the code without separators; `null` when no source says. */
  length: number | null;
  alphabet: CodeAlphabet | null;
  display: CodeDisplay | null;
  fill: CodeFill;
}

/** What is known about the input a backup code is typed into. */
export interface FieldHints {
  /** CSS selectors, most specific first. */
  selectors?: string[];
  name?: string;
  id?: string;
  ariaLabel?: string;
  placeholder?: string;
  label?: string;
}

export interface SiteRule {
  /** Stable lowercase id, e.g. `github`. */
  id: string;
  /** Display name, e.g. `GitHub`. */
  name: string;
  /** Registrable domains where the site's sign-in happens; the first is the primary. */
  domains: string[];
  /**
   * Exact hosts where the site's sign-in and 2FA step live (`accounts.google.com`):
   * the only hosts of `domains` its codes are filled on, so pages users write on
   * the same domain (Google Docs, `someone.wordpress.com`) never get them. Empty
   * when no source says: then only the bare domains and `www.` (docs/sites.md).
   */
  loginHosts: string[];
  /** URL patterns of the step where a backup code is typed (may be empty when unknown). */
  challenge: string[];
  field: FieldHints | null;
  /** The backup-code field is the same one that takes authenticator codes; `null` = unknown. */
  sharedWithAppCodes: boolean | null;
  /** URL patterns of steps that accept ONLY authenticator codes: never fill a backup code there. */
  appOnlyPaths: string[];
  format: CodeFormat;
  /** Codes per set, when known. */
  count: number | null;
  /** https page where the codes are (re)generated, within `domains`; `null` when it has no stable URL. */
  regenerateUrl: string | null;
  /** One account-recovery code/key rather than a set of login backup codes (Microsoft, Apple…). */
  singleRecoveryCode: boolean;
  /**
   * `true` when the site's public help says it issues no backup codes at all
   * (Amazon, PayPal…): then `count` and the format are null and there is no
   * challenge step. Absent when the site issues codes or when no source says.
   */
  noBackupCodes?: true;
  /** Public pages supporting the facts above. */
  source: string[];
  confidence: Confidence;
  /** What is uncertain or surprising about this entry. */
  notes?: string;
}

export interface SiteRegistry {
  version: 1;
  sites: SiteRule[];
}

export type ValidationResult =
  { ok: true; registry: SiteRegistry } | { ok: false; errors: string[] };

/** A compiled URL pattern: tests a URL already split into its parts. */
export interface UrlMatcher {
  readonly pattern: string;
  /** Host must be lowercase without a trailing dot; `hash` includes its `#` (or is empty). */
  matches(host: string, pathname: string, hash: string): boolean;
}

const ALPHABETS: readonly CodeAlphabet[] = [
  'digits',
  'hex-lower',
  'alnum-lower',
  'alnum',
  'alnum-upper',
];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];
const SEPARATORS: readonly CodeSeparator[] = ['', ' ', '-'];
const FILL_CASES: readonly CodeFill['case'][] = ['as-is', 'lower', 'upper'];
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

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

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects every problem instead of stopping at the first, so one test run shows them all. */
class Checker {
  readonly errors: string[] = [];
  fail(where: string, what: string): void {
    this.errors.push(`${where}: ${what}`);
  }
  keys(where: string, o: Obj, required: readonly string[], optional: readonly string[] = []): void {
    for (const k of required) if (!(k in o)) this.fail(where, `missing "${k}"`);
    for (const k of Object.keys(o))
      if (!required.includes(k) && !optional.includes(k)) this.fail(where, `unknown key "${k}"`);
  }
  nonEmptyString(where: string, v: unknown): v is string {
    if (typeof v === 'string' && v.trim().length > 0 && v === v.trim()) return true;
    this.fail(where, 'must be a non-empty string without surrounding spaces');
    return false;
  }
  stringArray(where: string, v: unknown, minLength: number): v is string[] {
    if (!Array.isArray(v) || v.length < minLength) {
      this.fail(where, `must be an array of at least ${minLength} string(s)`);
      return false;
    }
    let ok = true;
    v.forEach((item, i) => {
      if (!this.nonEmptyString(`${where}[${i}]`, item)) ok = false;
    });
    if (new Set(v).size !== v.length) {
      this.fail(where, 'has duplicates');
      ok = false;
    }
    return ok;
  }
  positiveInt(where: string, v: unknown, max: number): v is number {
    if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max) return true;
    this.fail(where, `must be an integer from 1 to ${max}`);
    return false;
  }
  oneOf<T>(where: string, v: unknown, allowed: readonly T[]): v is T {
    if (allowed.includes(v as T)) return true;
    this.fail(where, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    return false;
  }
}

function checkField(c: Checker, where: string, v: unknown): void {
  if (v === null) return;
  if (!isObj(v)) return c.fail(where, 'must be an object or null');
  const optional = ['selectors', 'name', 'id', 'ariaLabel', 'placeholder', 'label'] as const;
  c.keys(where, v, [], optional);
  if (Object.keys(v).length === 0) c.fail(where, 'is empty: use null when nothing is known');
  if ('selectors' in v) c.stringArray(`${where}.selectors`, v.selectors, 1);
  for (const k of optional.slice(1)) if (k in v) c.nonEmptyString(`${where}.${k}`, v[k]);
}

function checkFormat(c: Checker, where: string, v: unknown): void {
  if (!isObj(v)) return c.fail(where, 'must be an object');
  c.keys(where, v, ['length', 'alphabet', 'display', 'fill']);
  const length = v.length;
  // The parser reads codes of at most 40 letters and digits (MAX_CODE_CHARS in codes/code-text.ts).
  if (length !== null && c.positiveInt(`${where}.length`, length, 40) && length < 4)
    c.fail(`${where}.length`, 'a backup code has at least 4 letters or digits');
  if (v.alphabet !== null) c.oneOf(`${where}.alphabet`, v.alphabet, ALPHABETS);
  const display = v.display;
  if (display !== null) {
    if (!isObj(display)) c.fail(`${where}.display`, 'must be an object or null');
    else {
      c.keys(`${where}.display`, display, ['groups', 'separator']);
      const groups = display.groups;
      if (!Array.isArray(groups) || groups.length === 0)
        c.fail(`${where}.display.groups`, 'must be a non-empty array');
      else {
        groups.forEach((g, i) => c.positiveInt(`${where}.display.groups[${i}]`, g, 40));
        const sum = groups.reduce<number>((a, g) => a + (typeof g === 'number' ? g : 0), 0);
        if (typeof length === 'number' && sum !== length)
          c.fail(`${where}.display.groups`, `add up to ${sum}, but length is ${length}`);
        if (typeof length !== 'number') c.fail(`${where}.display`, 'needs a known length');
        if (groups.length > 1 && display.separator === '')
          c.fail(`${where}.display.separator`, 'several groups need a visible separator');
      }
      c.oneOf(`${where}.display.separator`, display.separator, SEPARATORS);
    }
  }
  const fill = v.fill;
  if (!isObj(fill)) c.fail(`${where}.fill`, 'must be an object');
  else {
    c.keys(`${where}.fill`, fill, ['stripSeparators', 'case']);
    if (typeof fill.stripSeparators !== 'boolean')
      c.fail(`${where}.fill.stripSeparators`, 'must be a boolean');
    c.oneOf(`${where}.fill.case`, fill.case, FILL_CASES);
  }
}

/**
 * `loginHosts`: unique exact host names within the site's domains. Returns
 * the hosts codes fill on (the bare domains and `www.` when the list is
 * empty), for the check that every challenge step lies on one of them.
 */
function checkLoginHosts(c: Checker, where: string, v: unknown, domains: string[]): string[] {
  if (!c.stringArray(where, v, 0)) return [];
  v.forEach((h, i) => {
    if (!isLowercaseHostname(h)) c.fail(`${where}[${i}]`, `"${h}" is not a lowercase host name`);
    else if (!domains.some((d) => hostWithin(h, d)))
      c.fail(`${where}[${i}]`, `host ${h} is outside the site's domains`);
  });
  return v.length ? v : domains.flatMap((d) => [d, `www.${d}`]);
}

function checkPatterns(
  c: Checker,
  where: string,
  v: unknown,
  domains: string[],
  loginHosts: string[],
): void {
  if (!c.stringArray(where, v, 0)) return;
  v.forEach((p, i) => {
    try {
      compileUrlPattern(p);
    } catch (e) {
      c.fail(`${where}[${i}]`, e instanceof Error ? e.message : String(e));
      return;
    }
    const host = globHost(p);
    if (host !== null && !domains.some((d) => hostWithin(host, d)))
      c.fail(`${where}[${i}]`, `host ${host} is outside the site's domains`);
    // A step on a host codes never fill on would be a rule that can never apply.
    else if (host !== null && (p.startsWith('*.') || !loginHosts.includes(host)))
      c.fail(`${where}[${i}]`, `host ${host} is not one of the site's login hosts`);
  });
}

function checkSite(c: Checker, where: string, v: unknown): void {
  if (!isObj(v)) return c.fail(where, 'must be an object');
  c.keys(
    where,
    v,
    [
      'id',
      'name',
      'domains',
      'loginHosts',
      'challenge',
      'field',
      'sharedWithAppCodes',
      'appOnlyPaths',
      'format',
      'count',
      'regenerateUrl',
      'singleRecoveryCode',
      'source',
      'confidence',
    ],
    ['notes', 'noBackupCodes'],
  );
  if (typeof v.id !== 'string' || !ID.test(v.id))
    c.fail(`${where}.id`, 'must match [a-z0-9][a-z0-9-]*');
  c.nonEmptyString(`${where}.name`, v.name);

  const domains: string[] = [];
  if (c.stringArray(`${where}.domains`, v.domains, 1)) {
    v.domains.forEach((d, i) => {
      // The registrable-domain check (public-suffix aware) lives in the test, so this
      // module stays free of the large public-suffix list.
      if (isLowercaseHostname(d)) domains.push(d);
      else c.fail(`${where}.domains[${i}]`, `"${d}" is not a lowercase ASCII domain`);
    });
  }
  const loginHosts = checkLoginHosts(c, `${where}.loginHosts`, v.loginHosts, domains);
  checkPatterns(c, `${where}.challenge`, v.challenge, domains, loginHosts);
  checkPatterns(c, `${where}.appOnlyPaths`, v.appOnlyPaths, domains, loginHosts);
  checkField(c, `${where}.field`, v.field);
  if (v.sharedWithAppCodes !== null && typeof v.sharedWithAppCodes !== 'boolean')
    c.fail(`${where}.sharedWithAppCodes`, 'must be a boolean or null');
  checkFormat(c, `${where}.format`, v.format);
  if (v.count !== null) c.positiveInt(`${where}.count`, v.count, 100);
  if (typeof v.singleRecoveryCode !== 'boolean')
    c.fail(`${where}.singleRecoveryCode`, 'must be a boolean');
  else if (v.singleRecoveryCode && v.count !== 1 && v.count !== null)
    c.fail(`${where}.count`, 'a single recovery code means count 1');

  if ('noBackupCodes' in v) {
    if (v.noBackupCodes !== true) c.fail(`${where}.noBackupCodes`, 'must be true when present');
    // A site without codes has nothing to count, shape, fill or regenerate.
    else {
      const f = isObj(v.format) ? v.format : {};
      if (v.count !== null || f.length !== null || f.alphabet !== null || f.display !== null)
        c.fail(`${where}.noBackupCodes`, 'a site without backup codes has no count or format');
      if (v.singleRecoveryCode !== false)
        c.fail(`${where}.noBackupCodes`, 'contradicts singleRecoveryCode');
      if (Array.isArray(v.challenge) && v.challenge.length > 0)
        c.fail(`${where}.noBackupCodes`, 'a site without backup codes has no challenge step');
      if (v.regenerateUrl !== null)
        c.fail(`${where}.noBackupCodes`, 'a site without backup codes has no regenerate page');
    }
  }

  if (v.regenerateUrl !== null) {
    const url = parseUrl(v.regenerateUrl);
    if (!url) c.fail(`${where}.regenerateUrl`, 'must be an absolute URL or null');
    else {
      if (url.protocol !== 'https:') c.fail(`${where}.regenerateUrl`, 'must use https');
      if (url.username || url.password)
        c.fail(`${where}.regenerateUrl`, 'must not carry credentials');
      if (!domains.some((d) => hostWithin(url.hostname, d)))
        c.fail(`${where}.regenerateUrl`, `host ${url.hostname} is outside the site's domains`);
    }
  }
  if (c.stringArray(`${where}.source`, v.source, 1)) {
    v.source.forEach((s, i) => {
      const url = parseUrl(s);
      if (!url || url.protocol !== 'https:')
        c.fail(`${where}.source[${i}]`, 'must be an https URL');
    });
  }
  c.oneOf(`${where}.confidence`, v.confidence, CONFIDENCES);
  if ('notes' in v) c.nonEmptyString(`${where}.notes`, v.notes);
}

function parseUrl(v: unknown): URL | null {
  if (typeof v !== 'string') return null;
  try {
    return new URL(v);
  } catch {
    return null;
  }
}

/**
 * Validates parsed registry data strictly: every field, every type, no unknown keys,
 * unique ids, no domain claimed by two sites, patterns that compile and stay within
 * the site's domains, https regenerate URLs within the site's domains.
 */
export function validateRegistry(data: unknown): ValidationResult {
  const c = new Checker();
  if (!isObj(data)) return { ok: false, errors: ['registry: must be an object'] };
  c.keys('registry', data, ['version', 'sites'], ['$comment']);
  if (data.version !== 1) c.fail('registry.version', 'must be 1');
  if (!Array.isArray(data.sites)) {
    c.fail('registry.sites', 'must be an array');
    return { ok: false, errors: c.errors };
  }
  const ids = new Map<string, number>();
  const owners = new Map<string, string>();
  data.sites.forEach((site: unknown, i) => {
    const where = `sites[${i}]`;
    checkSite(c, where, site);
    if (!isObj(site)) return;
    if (typeof site.id === 'string') {
      if (ids.has(site.id)) c.fail(`${where}.id`, `duplicate id "${site.id}"`);
      ids.set(site.id, i);
    }
    if (Array.isArray(site.domains)) {
      for (const d of site.domains) {
        if (typeof d !== 'string') continue;
        const owner = owners.get(d);
        // One domain, one rule: otherwise lookups by domain would be ambiguous.
        if (owner !== undefined && owner !== site.id)
          c.fail(`${where}.domains`, `${d} is already claimed by ${owner}`);
        owners.set(d, String(site.id));
      }
    }
  });
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return { ok: true, registry: data as unknown as SiteRegistry };
}
