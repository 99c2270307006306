/**
 * Merging imported accounts into the vault.
 *
 * Rules (docs/backup-format.md, "Importing"):
 * - An incoming account matches an existing one by id, else by primary domain + username
 *   (case-insensitive). Unmatched accounts are added as they are.
 * - Codes are the same code when their canonical keys match (case-folded, spaces and dashes
 *   removed). A `used` mark is never lost: used > filled > unused, and among equal marks the
 *   earliest time (with its origin) wins.
 * - Nothing is deleted: codes, archived sets and history are unioned. A code that one side has
 *   moved to an archived set (the codes were replaced) is not brought back into the current set.
 * - Where an existing account fills never widens on its own: a domain the file adds to it is only
 *   proposed (`newDomains` in the preview) and added only when the person confirmed that very
 *   domain for that very account (`addDomains`). Every incoming domain is first normalised like a
 *   typed one (`normalizeWebsiteInput`); an invalid one refuses the import, naming it.
 * - Every time in the file is capped at now, so a file from "the future" cannot win anything.
 * - New accounts are added in canonical form (the same merge applied to the account with itself).
 * - An existing account keeps its site name and username; notes come from the side updated more
 *   recently (a tie keeps the vault's). Together this keeps the merge idempotent: importing the
 *   same backup twice changes nothing.
 *   (Idempotence assumes accounts have a primary domain, as every account created in Backstop has;
 *   an account without one is matched by id only.)
 */
import { MAX_ARCHIVED_SETS, MAX_CODES, MAX_HISTORY } from '../account';
// Codes are the same code when their canonical keys (case-folded, spaces and dashes removed) match.
import { codeKey } from '../codes/key';
import { BackstopError } from '../errors';
import { normalizeWebsiteInput } from '../sites/domain';
import type { Account, ArchivedCodeSet, BackupCode, CodeState, HistoryEntry } from '../types';

/** validateAccount's cap on domains per account. */
const MAX_DOMAINS = 20;

/** What an import will do (answered by `backup.preview` and `backup.import`). */
export interface ImportPreview {
  /** Accounts that will be added as new. */
  added: { site: string; domains: string[]; username: string; codes: number }[];
  /**
   * Accounts merged into existing ones, with how many codes change, and the
   * domains the file would add to where the account fills: proposed only,
   * added only when confirmed one by one (`MergeOptions.addDomains`).
   */
  merged: {
    accountId: string;
    site: string;
    username: string;
    newCodes: number;
    newlyUsed: number;
    newDomains: string[];
  }[];
  unchanged: number;
}

/** One new domain for one existing account, as the person confirmed it. */
export interface DomainChange {
  accountId: string;
  domain: string;
}

export interface MergeOptions {
  /** The time now (ms): every time in the file is capped at it. */
  now: number;
  /** New domains for existing accounts, each confirmed by the person. None by default. */
  addDomains?: readonly DomainChange[];
}

export interface MergePlan {
  /** The accounts to write: new ones and changed existing ones (in full). */
  result: Account[];
  preview: ImportPreview;
}

function identityKey(account: Account): string | null {
  const first = account.domains[0];
  const domain = first === undefined ? '' : domainKey(first);
  if (!domain) return null; // without a domain, a username alone identifies nothing
  return `${domain}\n${account.username.normalize('NFKC').trim().toLowerCase()}`;
}

interface Mark {
  state: CodeState;
  changedAt?: number;
  origin?: string;
}

const RANK: Record<CodeState, number> = { unused: 0, filled: 1, used: 2 };

/** The stronger of two marks of the same code; `a` (the vault's) wins ties. */
function strongerMark(a: Mark, b: Mark): Mark {
  if (RANK[a.state] !== RANK[b.state]) return RANK[a.state] > RANK[b.state] ? a : b;
  if (a.state === 'unused') return a;
  // Same mark: the earliest known time is when it really happened.
  const at = a.changedAt ?? Infinity;
  const bt = b.changedAt ?? Infinity;
  return bt < at ? b : a;
}

function markOf(code: BackupCode): Mark {
  const mark: Mark = { state: code.state };
  if (code.changedAt !== undefined) mark.changedAt = code.changedAt;
  if (code.origin !== undefined) mark.origin = code.origin;
  return mark;
}

function withMark(code: BackupCode, mark: Mark): BackupCode {
  const out: BackupCode = { id: code.id, value: code.value, state: mark.state };
  if (mark.changedAt !== undefined) out.changedAt = mark.changedAt;
  if (mark.origin !== undefined) out.origin = mark.origin;
  return out;
}

function allCodes(account: Account): BackupCode[] {
  return [...account.codes, ...account.archived.flatMap((set) => set.codes)];
}

function keysOf(codes: readonly BackupCode[]): Set<string> {
  return new Set(codes.map((c) => codeKey(c.value)));
}

function setKey(set: ArchivedCodeSet): string {
  return [...keysOf(set.codes)].sort().join('\n');
}

function historyKey(h: HistoryEntry): string {
  return JSON.stringify([h.at, h.action, h.codeId ?? null, h.origin ?? null]);
}

/** A code id not in `taken`, derived deterministically so a repeated merge picks the same one. */
function freeId(id: string, taken: Set<string>): string {
  let candidate = id;
  let n = Number.parseInt(id.slice(24), 16);
  while (taken.has(candidate)) {
    n = (n + 1) % 0x1_0000_0000;
    candidate = id.slice(0, 24) + n.toString(16).padStart(8, '0');
  }
  return candidate;
}

function tooBig(what: string, site: string): BackstopError {
  return new BackstopError(
    'invalid-backup',
    `Merging this backup would give the account "${site}" more ${what} than Backstop keeps. Nothing was imported.`,
  );
}

/**
 * Merges one incoming account into an existing one (same account). Pure; `a` wins ties.
 * `mayAdd` says which of `b`'s domains that `a` lacks may be added (all, for an account that
 * this import itself adds; for an existing one only those the person confirmed).
 */
function mergeAccount(a: Account, b: Account, mayAdd: (domain: string) => boolean): Account {
  const marks = new Map<string, Mark>();
  for (const code of [...allCodes(a), ...allCodes(b)]) {
    const key = codeKey(code.value);
    const known = marks.get(key);
    marks.set(key, known ? strongerMark(known, markOf(code)) : markOf(code));
  }
  const apply = (code: BackupCode) => withMark(code, marks.get(codeKey(code.value))!);

  // Archived sets: the same set (same codes) on both sides is one set, replaced at the earliest time.
  const archived: ArchivedCodeSet[] = [];
  const archivedIndex = new Map<string, number>();
  for (const set of [...a.archived, ...b.archived]) {
    const key = setKey(set);
    const at = archivedIndex.get(key);
    if (at === undefined) {
      archivedIndex.set(key, archived.length);
      archived.push({ replacedAt: set.replacedAt, codes: set.codes.map(apply) });
    } else {
      archived[at]!.replacedAt = Math.min(archived[at]!.replacedAt, set.replacedAt);
    }
  }
  if (archived.length > MAX_ARCHIVED_SETS) throw tooBig('archived code sets', a.site);

  // A side that archived a code (and does not also list it as current) has replaced it: keep it
  // archived instead of resurrecting an invalidated code into the current set.
  const currentA = keysOf(a.codes);
  const currentB = keysOf(b.codes);
  const archivedA = keysOf(a.archived.flatMap((s) => s.codes));
  const archivedB = keysOf(b.archived.flatMap((s) => s.codes));
  const replaced = (key: string) =>
    (archivedA.has(key) && !currentA.has(key)) || (archivedB.has(key) && !currentB.has(key));

  const codes: BackupCode[] = [];
  const seen = new Set<string>();
  const ids = new Set<string>();
  for (const code of [...a.codes, ...b.codes]) {
    const key = codeKey(code.value);
    if (seen.has(key) || replaced(key)) continue;
    seen.add(key);
    const id = freeId(code.id, ids);
    ids.add(id);
    codes.push(apply({ ...code, id }));
  }
  if (codes.length > MAX_CODES) throw tooBig('codes', a.site);

  // The vault's domains stay exactly as they are; the file can only add (confirmed) ones.
  const domains = [...a.domains];
  const domainKeys = new Set(a.domains.map(domainKey));
  for (const d of b.domains) {
    if (domainKeys.has(d) || !mayAdd(d)) continue;
    domainKeys.add(d);
    domains.push(d);
  }
  if (domains.length > MAX_DOMAINS) throw tooBig('domains', a.site);

  const historyKeys = new Set<string>();
  const history = [...a.history, ...b.history]
    .filter((h) => {
      const key = historyKey(h);
      if (historyKeys.has(key)) return false;
      historyKeys.add(key);
      return true;
    })
    .sort((x, y) => x.at - y.at) // stable: ties keep the vault's entries first
    .slice(-MAX_HISTORY);

  const newer = b.updatedAt > a.updatedAt ? b : a;
  return {
    id: a.id,
    site: a.site,
    domains,
    username: a.username,
    notes: newer.notes,
    codes,
    archived,
    history,
    createdAt: Math.min(a.createdAt, b.createdAt),
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
}

/** Structural equality of JSON-like values, ignoring key order and absent vs undefined keys. */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const keys = new Set([...Object.keys(xo), ...Object.keys(yo)]);
  for (const k of keys) if (!sameValue(xo[k], yo[k])) return false;
  return true;
}

interface Entry {
  account: Account;
  /** The vault's version before this import; absent for accounts this import adds. */
  original?: Account;
  /** Domains the file would add to an existing account, in the file's order. */
  proposed: string[];
}

/** A stored domain's comparison key: normalised when it can be, as typed otherwise. */
function domainKey(domain: string): string {
  try {
    return normalizeWebsiteInput(domain);
  } catch {
    return domain.trim().toLowerCase();
  }
}

function shortName(site: string): string {
  const s = site.trim();
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/**
 * An account from a file made safe to merge: its domains normalised exactly as a typed website
 * is (an invalid one refuses the whole import, naming it), and every time capped at `now`.
 */
export function sanitizeIncoming(account: Account, now: number): Account {
  const cap = (t: number) => Math.min(t, now);
  const capCode = (c: BackupCode): BackupCode => {
    const out: BackupCode = { ...c };
    if (c.changedAt !== undefined) out.changedAt = cap(c.changedAt);
    if (c.previous) {
      out.previous = { ...c.previous };
      if (c.previous.changedAt !== undefined) out.previous.changedAt = cap(c.previous.changedAt);
    }
    return out;
  };
  const domains: string[] = [];
  for (const d of account.domains) {
    let domain: string;
    try {
      domain = normalizeWebsiteInput(d);
    } catch (e) {
      const reason = e instanceof BackstopError ? e.message : 'it is not a valid domain.';
      throw new BackstopError(
        'invalid-backup',
        `The account “${shortName(account.site)}” in this backup has a website Backstop cannot use: ${reason} Nothing was imported.`,
      );
    }
    if (!domains.includes(domain)) domains.push(domain);
  }
  return {
    ...account,
    domains,
    codes: account.codes.map(capCode),
    archived: account.archived.map((s) => ({
      replacedAt: cap(s.replacedAt),
      codes: s.codes.map(capCode),
    })),
    history: account.history.map((h) => ({ ...h, at: cap(h.at) })),
    createdAt: cap(account.createdAt),
    updatedAt: cap(account.updatedAt),
  };
}

function refuseChange(change: DomainChange): never {
  throw new BackstopError(
    'invalid-input',
    `This backup does not propose ${String(change.domain).slice(0, 80)} for that account. Nothing was imported.`,
  );
}

/**
 * Plans an import: which accounts to write and what the person is told before confirming.
 *
 * Pure and deterministic. `result` holds only accounts that are new or changed, each complete
 * (existing ones keep their id), so the caller writes them all-or-nothing. An existing account
 * gains a domain only when `options.addDomains` confirms it; a confirmation of a domain the file
 * does not propose for that account is refused. Throws `invalid-backup` if an incoming domain is
 * invalid or a merged account would exceed the vault's per-account limits.
 */
export function planMerge(
  existing: Account[],
  incoming: Account[],
  options: MergeOptions,
): MergePlan {
  const confirmed = new Set<string>();
  for (const change of options.addDomains ?? []) {
    if (typeof change?.accountId !== 'string' || typeof change.domain !== 'string') {
      refuseChange(change);
    }
    confirmed.add(`${change.accountId}\n${change.domain}`);
  }
  const entries: Entry[] = [];
  const byId = new Map<string, Entry>();
  const byIdentity = new Map<string, Entry>();
  const index = (entry: Entry) => {
    if (!byId.has(entry.account.id)) byId.set(entry.account.id, entry);
    const identity = identityKey(entry.account);
    if (identity !== null && !byIdentity.has(identity)) byIdentity.set(identity, entry);
  };
  for (const account of existing) {
    const entry: Entry = { account, original: account, proposed: [] };
    entries.push(entry);
    index(entry);
  }

  const touched = new Set<Entry>();
  for (const raw of incoming) {
    const account = sanitizeIncoming(raw, options.now);
    const identity = identityKey(account);
    const match =
      byId.get(account.id) ?? (identity === null ? undefined : byIdentity.get(identity));
    if (match) {
      const { original } = match;
      let mayAdd = (_domain: string) => true;
      if (original) {
        const have = new Set(original.domains.map(domainKey));
        for (const d of account.domains) {
          if (!have.has(d) && !match.proposed.includes(d)) match.proposed.push(d);
        }
        mayAdd = (d) => confirmed.has(`${original.id}\n${d}`);
      }
      // Not re-indexed: the id and the match key (primary domain, username) survive a merge.
      match.account = mergeAccount(match.account, account, mayAdd);
      touched.add(match);
    } else {
      // Merging an account with itself puts it in canonical form (duplicate codes and history
      // entries collapsed), so that importing it again finds nothing to change.
      const entry: Entry = { account: mergeAccount(account, account, () => true), proposed: [] };
      entries.push(entry);
      touched.add(entry);
      index(entry);
    }
  }
  const offered = new Set(
    entries.flatMap((e) => (e.original ? e.proposed.map((d) => `${e.original!.id}\n${d}`) : [])),
  );
  for (const change of options.addDomains ?? []) {
    if (!offered.has(`${change.accountId}\n${change.domain}`)) refuseChange(change);
  }

  const result: Account[] = [];
  const preview: ImportPreview = { added: [], merged: [], unchanged: 0 };
  for (const entry of entries) {
    if (!touched.has(entry)) continue;
    const { account, original, proposed } = entry;
    if (!original) {
      result.push(account);
      preview.added.push({
        site: account.site,
        domains: account.domains,
        username: account.username,
        codes: account.codes.length,
      });
      continue;
    }
    const changed = !sameValue(account, original);
    if (!changed && proposed.length === 0) {
      preview.unchanged++;
      continue;
    }
    if (changed) result.push(account);
    const before = new Map<string, CodeState>();
    for (const code of allCodes(original)) {
      const key = codeKey(code.value);
      if (before.get(key) !== 'used') before.set(key, code.state);
    }
    const after = new Map<string, CodeState>();
    for (const code of allCodes(account)) after.set(codeKey(code.value), code.state);
    let newCodes = 0;
    let newlyUsed = 0;
    for (const [key, state] of after) {
      const was = before.get(key);
      if (was === undefined) newCodes++;
      else if (state === 'used' && was !== 'used') newlyUsed++;
    }
    preview.merged.push({
      accountId: original.id,
      site: account.site,
      username: account.username,
      newCodes,
      newlyUsed,
      newDomains: proposed,
    });
  }
  return { result, preview };
}
