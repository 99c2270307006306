/**
 * The code shape of the site an account is for, from the registry. Kept apart
 * from `shape.ts` because it loads the whole registry: the UI imports it lazily.
 */
import { findSiteForUrl } from '../sites/registry';
import type { SiteRule } from '../sites/schema';
import { shapeOfSite, type CodeShape } from './shape';

/**
 * The known site of the first of `domains` that has one, or null. A domain may
 * be a registrable domain (`google.com`, as stored on an account) or a host
 * within one (`accounts.google.com`, as typed in the Website field).
 */
export function siteForDomains(domains: readonly string[]): SiteRule | null {
  for (const d of domains) {
    const site = /^[a-z0-9.-]+$/i.test(d) ? findSiteForUrl(`https://${d}/`) : null;
    if (site) return site;
  }
  return null;
}

/**
 * The code shape for an account's domains: that of the first domain the
 * registry knows, or null (unknown site, or a site whose shape no source states).
 */
export function shapeForDomains(domains: readonly string[]): CodeShape | null {
  const site = siteForDomains(domains);
  return site ? shapeOfSite(site) : null;
}
