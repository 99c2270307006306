/**
 * Known-site data (names, regenerate pages) for suggestions and the low-codes
 * banner. The registry and its data file load by dynamic `import()` the first
 * time they are needed, so they do not weigh on the popup's first render.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CodeShape } from '../../core/codes/shape';
import type { SiteRule } from '../../core/sites/schema';

export type SiteInfo = Pick<SiteRule, 'name' | 'domains' | 'regenerateUrl' | 'noBackupCodes'>;

type Registry = typeof import('../../core/sites/registry');
let registry: Promise<Registry> | null = null;

function loadRegistry(): Promise<Registry> {
  registry ??= import('../../core/sites/registry');
  registry.catch(() => {
    registry = null;
  });
  return registry;
}

type SiteShapes = typeof import('../../core/codes/site-shape');
let siteShapes: Promise<SiteShapes> | null = null;

/** The code shape of the first known site among `domains` (registrable domains), or null. */
export async function findSiteShape(domains: readonly string[]): Promise<CodeShape | null> {
  siteShapes ??= import('../../core/codes/site-shape');
  siteShapes.catch(() => {
    siteShapes = null;
  });
  return (await siteShapes).shapeForDomains(domains);
}

/**
 * The code shape the preview reads a paste with, for the account's domains;
 * null while the registry loads and for a site it does not know.
 */
export function useSiteShape(domains: readonly string[]): CodeShape | null {
  const [shape, setShape] = useState<CodeShape | null>(null);
  const key = domains.join(' ');
  useEffect(() => {
    let live = true;
    if (!key) {
      setShape(null);
      return;
    }
    findSiteShape(key.split(' ')).then(
      (s) => live && setShape(s),
      () => live && setShape(null),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return shape;
}

function siteInfo(s: SiteRule): SiteInfo {
  const info: SiteInfo = { name: s.name, domains: s.domains, regenerateUrl: s.regenerateUrl };
  if (s.noBackupCodes) info.noBackupCodes = true;
  return info;
}

export async function suggestSiteInfo(query: string, limit = 6): Promise<SiteInfo[]> {
  const { suggestSites } = await loadRegistry();
  return suggestSites(query, limit).map(siteInfo);
}

/** The first known site whose domains include one of `domains`. */
export async function findSiteInfo(domains: string[]): Promise<SiteInfo | null> {
  const { findSiteByDomain } = await loadRegistry();
  for (const domain of domains) {
    const hit = findSiteByDomain(domain);
    if (hit) return siteInfo(hit);
  }
  return null;
}

/** Suggestions for what is typed in "Website" (debounced; empty below two characters). */
export function useSiteSuggestions(query: string): SiteInfo[] {
  const [list, setList] = useState<SiteInfo[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) return setList([]);
    let live = true;
    const timer = setTimeout(() => {
      suggestSiteInfo(q).then(
        (r) => live && setList(r),
        () => live && setList([]),
      );
    }, 100);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  return list;
}

export function useSiteInfo(domains: string[]): SiteInfo | null {
  const [info, setInfo] = useState<SiteInfo | null>(null);
  const key = domains.join(' ');
  useEffect(() => {
    let live = true;
    findSiteInfo(key ? key.split(' ') : []).then(
      (r) => live && setInfo(r),
      () => live && setInfo(null),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return info;
}
