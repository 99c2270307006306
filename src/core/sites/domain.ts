/**
 * Registrable domains and the origin policy: where a backup code may be filled.
 *
 * Everything here compares ASCII (punycode) host names exactly, as the WHATWG URL
 * parser produces them. Nothing is Unicode-folded or "confusable"-mapped: a
 * homograph such as `xn--nstagram-shh.com` (Cyrillic і) is simply a different domain from
 * `instagram.com`, which is what makes look-alikes fail.
 *
 * The public-suffix list comes from `tldts` and includes the PRIVATE section
 * (github.io, herokuapp.com, blogspot.com…): `alice.github.io` is its own
 * registrable domain, so codes saved for it never fill on `mallory.github.io`.
 *
 * This module deliberately imports nothing from the site registry, and the
 * public-suffix data is large (see docs/sites.md): the background decides origin
 * policy; a content script should not need this file.
 */
import { getDomain } from 'tldts';
import { BackstopError } from '../errors';

/** Why a fill was refused. */
export type FillDenialReason = 'insecure' | 'sandboxed' | 'domain-mismatch' | 'invalid-url';

export type FillDecision =
  { allowed: true; domain: string } | { allowed: false; reason: FillDenialReason };

/** The frame a fill would go into, as the background learned it from the browser (never from the page). */
export interface FrameInfo {
  /** The frame's own URL (for a subframe: the subframe's URL, not the top page's). */
  url: string;
  /** The frame is sandboxed (CSP `sandbox` or `<iframe sandbox>`), i.e. has an opaque origin. */
  sandboxed: boolean;
  /**
   * The top-level page's URL, if known. Informational only: it never authorizes a
   * fill. A cross-origin subframe is judged by its own URL alone, so a matching top
   * page cannot lend its domain to a foreign frame (an ad or widget inside it).
   */
  topUrl?: string;
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A scheme that is not followed by `//` and is not a `host:port` (e.g. `data:`,
// `javascript:`, `mailto:`, `about:blank`, `https:github.com`).
const OPAQUE_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\/\/)(?!\d+(?:[/?#]|$))/i;
const HIERARCHICAL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** What a host string canonicalizes to, or null if it is not a usable web host. */
type Host = { kind: 'ip' | 'localhost' | 'name'; host: string };

/** Canonical host of a parsed URL, trailing dot removed; null for anything odd. */
function hostOfUrl(url: URL): Host | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // Userinfo (`https://instagram.com@evil.net/`) exists only to mislead a reader.
  if (url.username !== '' || url.password !== '') return null;
  let host = url.hostname;
  if (host.startsWith('[')) return { kind: 'ip', host }; // IPv6, already canonical
  if (host.endsWith('.')) host = host.slice(0, -1); // fully qualified form of the same name
  if (host.length === 0 || host.length > 253) return null;
  if (IPV4.test(host)) return { kind: 'ip', host };
  if (host === 'localhost') return { kind: 'localhost', host };
  const labels = host.split('.');
  if (!labels.every((l) => LABEL.test(l))) return null;
  return { kind: 'name', host };
}

/** Parses a domain, host[:port][/path] or http(s) URL; null for any other input. */
function parseHostInput(input: string): Host | null {
  const s = input.trim();
  if (s.length === 0 || s.length > 2048 || /[\s\\]/.test(s)) return null;
  let text: string;
  if (/^[0-9a-f:.]+$/i.test(s) && s.split(':').length > 2)
    text = `https://[${s}]`; // bare IPv6
  else if (OPAQUE_SCHEME.test(s)) return null;
  else if (HIERARCHICAL.test(s)) text = s;
  else text = `https://${s}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return hostOfUrl(url);
}

/** Registrable domain of an already canonical host, or null when it has none (a bare public suffix). */
function registrableOf(h: Host): string | null {
  if (h.kind !== 'name') return h.host;
  // Single-label names other than localhost (`garbage`, `intranet`) are not web sites we can vouch for.
  if (!h.host.includes('.')) return null;
  return getDomain(h.host, { allowPrivateDomains: true, extractHostname: false }) ?? null;
}

/**
 * The registrable domain ("eTLD+1", public-suffix aware) of a host name or URL.
 *
 * Accepts `github.com`, `https://www.github.com/login`, `WWW.GitHub.COM.` (case and a
 * trailing dot are normalized), `github.com:8443`, Unicode names (returned in
 * punycode). An IP address returns itself (IPv6 in brackets, e.g. `[::1]`) and
 * `localhost` returns `localhost`.
 *
 * Returns null for anything else: empty or spaced input, non-http(s) URLs
 * (`data:`, `blob:`, `javascript:`, `file:`), URLs with userinfo, bare public
 * suffixes (`co.uk`, `github.io`), single-label names, invalid labels.
 */
export function registrableDomain(hostOrUrl: string): string | null {
  const h = parseHostInput(hostOrUrl);
  return h ? registrableOf(h) : null;
}

/**
 * Turns what a person typed in the "Website" field (a domain or a URL) into the
 * registrable domain the account's codes may be filled on.
 * @throws BackstopError `invalid-input` with a message that says what to type instead.
 */
export function normalizeWebsiteInput(input: string): string {
  const s = input.trim();
  if (s.length === 0)
    throw new BackstopError('invalid-input', 'Enter the website, for example github.com.');
  const h = parseHostInput(s);
  if (h === null) {
    if (OPAQUE_SCHEME.test(s) || (HIERARCHICAL.test(s) && !/^https?:\/\//i.test(s)))
      throw new BackstopError(
        'invalid-input',
        'Enter a web address (https://…) or a domain such as github.com.',
      );
    if (s.includes('@'))
      throw new BackstopError(
        'invalid-input',
        'Enter the website without a user name or "@", for example github.com.',
      );
    throw new BackstopError('invalid-input', `“${s}” is not a valid domain or web address.`);
  }
  const domain = registrableOf(h);
  if (domain === null) {
    throw new BackstopError(
      'invalid-input',
      h.host.includes('.')
        ? `“${h.host}” is shared by many unrelated sites; enter the site's own domain, for example example.${h.host}.`
        : `“${h.host}” is not a complete domain; enter something like ${h.host}.com.`,
    );
  }
  return domain;
}

/**
 * The canonical host of a host name or URL (lowercase ASCII, no trailing dot,
 * no port; IPv6 in brackets), or null for anything {@link registrableDomain}
 * would refuse outright. Unlike a registrable domain it keeps subdomains:
 * `https://Accounts.Google.com./x` → `accounts.google.com`.
 */
export function canonicalHost(hostOrUrl: string): string | null {
  return parseHostInput(hostOrUrl)?.host ?? null;
}

/** Two hosts, URLs or domains belong to the same registrable domain (both must be valid). */
export function domainsMatch(a: string, b: string): boolean {
  const da = registrableDomain(a);
  return da !== null && da === registrableDomain(b);
}

/** localhost, 127.0.0.0/8 and [::1]: the only hosts where plain http is tolerated (local development). */
function isLoopback(h: Host): boolean {
  return (
    h.kind === 'localhost' || h.host === '[::1]' || (h.kind === 'ip' && h.host.startsWith('127.'))
  );
}

/**
 * The origin policy: may a code for an account with `accountDomains` be filled into `frame`?
 *
 * Allowed only when all hold:
 * - the frame URL is an http(s) URL without userinfo (`data:`, `blob:`,
 *   `javascript:`, `file:`, `about:` frames are refused as `invalid-url`);
 * - the frame is not sandboxed;
 * - it is https, or http on a loopback host (localhost, 127.0.0.0/8, [::1]);
 * - the frame's OWN registrable domain equals one of the account's domains
 *   (subdomains such as `www.` or `m.` are therefore included). The port does not
 *   change the registrable domain: https on any port is accepted.
 *
 * `frame.topUrl` is never used to allow a fill (see {@link FrameInfo}).
 */
export function fillDecision(frame: FrameInfo, accountDomains: readonly string[]): FillDecision {
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return { allowed: false, reason: 'invalid-url' };
  }
  const host = hostOfUrl(url);
  if (host === null) return { allowed: false, reason: 'invalid-url' };
  if (frame.sandboxed) return { allowed: false, reason: 'sandboxed' };
  if (url.protocol !== 'https:' && !isLoopback(host)) return { allowed: false, reason: 'insecure' };
  const domain = registrableOf(host);
  if (domain !== null) {
    for (const accountDomain of accountDomains) {
      if (registrableDomain(accountDomain) === domain) return { allowed: true, domain };
    }
  }
  return { allowed: false, reason: 'domain-mismatch' };
}
