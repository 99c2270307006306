/**
 * Turns what a person typed in "Website" (a domain or a pasted address) into a
 * host name. The background reduces it to the registrable domain with the
 * public-suffix list; the UI stays free of that list to keep the popup small.
 */
export function hostFromInput(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  if (!host || (!host.includes('.') && host !== 'localhost')) return null;
  return host;
}

/** Splits "a.com, b.com c.com" into host names; returns the entries that are not valid too. */
export function parseDomainList(input: string): { hosts: string[]; invalid: string[] } {
  const hosts: string[] = [];
  const invalid: string[] = [];
  for (const part of input.split(/[\s,;]+/).filter(Boolean)) {
    const host = hostFromInput(part);
    if (host) hosts.push(host);
    else invalid.push(part);
  }
  return { hosts: [...new Set(hosts)], invalid };
}
