/** From the items of any export to what the import preview lists. */
import { normalizeLabel } from './keywords';
import { registrableDomain } from '../sites/domain';
import { allSites } from '../sites/registry';
import { findCodes } from './find-codes';
import type { ImportCandidate, ImportFormat, ImportResult, SourceItem } from './types';
import { FORMAT_NAMES } from './types';

/** Registrable domains of an item's URLs; app links (`androidapp://`) and junk give none. */
export function domainsOf(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const u of urls) {
    const d = registrableDomain(u.trim());
    // IP addresses and localhost are not where a site's backup codes are used.
    if (d && d.includes('.') && !/^[\d.]+$/.test(d) && !d.startsWith('[') && !out.includes(d)) {
      out.push(d);
    }
  }
  return out;
}

/**
 * A website for an item without URLs, only when its title names a known site
 * unambiguously: the title is a domain, or the site's name (3+ characters) is
 * one of its words ("GitHub recovery codes" → github.com). The person still
 * confirms it.
 */
export function suggestDomain(title: string): string | null {
  const t = title.trim();
  if (/^[^\s/]+\.[a-z]{2,}$/i.test(t)) {
    const d = registrableDomain(t);
    if (d) return d;
  }
  const words = ` ${normalizeLabel(t)} `;
  const hits = allSites().filter((s) => {
    const name = normalizeLabel(s.name);
    return name.length >= 3 && (words.includes(` ${name} `) || words.includes(` ${s.id} `));
  });
  return hits.length === 1 ? (hits[0]!.domains[0] ?? null) : null;
}

/** Turns a reader's items into the preview's candidates and counts. */
export function collectCandidates(
  format: ImportFormat,
  items: readonly SourceItem[],
): ImportResult {
  const candidates: ImportCandidate[] = [];
  for (const item of items) {
    const domains = domainsOf(item.urls);
    const found = findCodes(item, domains);
    if (!found) continue;
    const title = item.title.trim();
    candidates.push({
      sourceTitle: title || domains[0] || 'Untitled item',
      domains,
      suggestedDomain: domains.length === 0 ? suggestDomain(title) : null,
      username: item.username,
      codes: found.codes,
      where: found.where,
      warnings: found.warnings,
    });
  }
  return {
    format,
    formatName: FORMAT_NAMES[format],
    candidates,
    itemCount: items.length,
    withoutCodes: items.length - candidates.length,
  };
}
