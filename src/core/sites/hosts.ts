/**
 * Which hosts of an account's domains its codes are filled on
 * (docs/sites.md, "Login hosts").
 *
 * The origin policy (`fillDecision` in domain.ts) allows a whole registrable
 * domain. That is too wide for a site that also serves pages its users write:
 * a Google Form on `docs.google.com` or a blog on `attacker.wordpress.com`
 * lies within `google.com` / `wordpress.com`, and a form there asking for a
 * "backup code" would otherwise be offered the real one. So on top of it:
 *
 * 1. an account whose person pinned hosts fills on exactly those hosts;
 * 2. otherwise, a domain of a registry site fills only on that site's
 *    `loginHosts` (where its sign-in and 2FA step live), and when the
 *    registry does not know them, only on the bare domain and `www.`;
 * 3. any other domain fills on all of its hosts, as before.
 *
 * The public-suffix list's private section (github.io, blogspot.com,
 * myshopify.com…) already makes each user's host its own registrable domain
 * (domain.ts), so those never reach an account of the platform at all.
 */
import { BackstopError } from '../errors';
import {
  canonicalHost,
  fillDecision,
  registrableDomain,
  type FillDecision,
  type FrameInfo,
} from './domain';
import { findSiteByDomain } from './registry';

/** What a fill decision needs to know about an account. */
export interface FillTarget {
  domains: readonly string[];
  /** Exact hosts the person pinned; absent or empty: the rules above. */
  hosts?: readonly string[];
}

/** Where codes for one domain of an account may go. */
export type HostRule =
  /** The person pinned these hosts for the account. */
  | { kind: 'pinned'; hosts: string[] }
  /** A registry site: its login hosts (or the bare domain and `www.` when unknown). */
  | { kind: 'login'; site: string; hosts: string[]; known: boolean }
  /** Any host of the domain. */
  | { kind: 'any' };

export type HostDecision =
  | FillDecision
  /** The frame's domain is the account's, but not a host its codes fill on. */
  | {
      allowed: false;
      reason: 'not-login-host';
      domain: string;
      rule: Exclude<HostRule, { kind: 'any' }>;
    };

/** The most hosts an account can pin (the account form's limit, checked again here). */
export const MAX_PINNED_HOSTS = 20;

/** The hosts a registry site fills on when its entry names none: the bare domains and `www.`. */
export function defaultLoginHosts(domains: readonly string[]): string[] {
  return domains.flatMap((d) => [d, `www.${d}`]);
}

/** Where codes of `target` may go on `domain` (one of its registrable domains). */
export function hostRuleFor(target: FillTarget, domain: string): HostRule {
  if (target.hosts?.length) return { kind: 'pinned', hosts: [...target.hosts] };
  const site = findSiteByDomain(domain);
  if (!site) return { kind: 'any' };
  const known = site.loginHosts.length > 0;
  return {
    kind: 'login',
    site: site.name,
    hosts: known ? [...site.loginHosts] : defaultLoginHosts(site.domains),
    known,
  };
}

/**
 * The origin policy of domain.ts, then the host rule above: may codes of
 * `target` be filled into `frame`? A refusal for the host says which hosts
 * would be allowed, so the popup can tell the person why nothing is offered.
 */
export function fillDecisionFor(frame: FrameInfo, target: FillTarget): HostDecision {
  const decision = fillDecision(frame, target.domains);
  if (!decision.allowed) return decision;
  const host = canonicalHost(frame.url);
  const rule = hostRuleFor(target, decision.domain);
  if (rule.kind === 'any' || (host !== null && rule.hosts.includes(host))) return decision;
  return { allowed: false, reason: 'not-login-host', domain: decision.domain, rule };
}

/**
 * Turns the hosts a person typed for an account ("accounts.google.com",
 * "https://login.example.org/2fa") into canonical host names, each within
 * one of the account's `domains`.
 * @throws BackstopError `invalid-input` naming the host that does not fit
 */
export function normalizePinnedHosts(
  inputs: readonly string[],
  domains: readonly string[],
): string[] {
  const own = new Set(domains.map((d) => registrableDomain(d)).filter((d) => d !== null));
  const hosts: string[] = [];
  for (const input of inputs) {
    const text = input.trim();
    if (!text) continue;
    const host = canonicalHost(text);
    if (host === null) {
      throw new BackstopError(
        'invalid-input',
        `“${text}” is not a host name such as accounts.example.com.`,
      );
    }
    const domain = registrableDomain(host);
    if (domain === null || !own.has(domain)) {
      throw new BackstopError(
        'invalid-input',
        `${host} is not on ${[...own].join(' or ')}: a pinned host must belong to one of the account's websites.`,
      );
    }
    if (!hosts.includes(host)) hosts.push(host);
  }
  if (hosts.length > MAX_PINNED_HOSTS) {
    throw new BackstopError('invalid-input', `Pin at most ${MAX_PINNED_HOSTS} hosts.`);
  }
  return hosts;
}
