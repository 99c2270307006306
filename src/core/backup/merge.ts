/**
 * Merging imported accounts into the vault.
 *
 * Rules (docs/backup-format.md, "Importing"):
 * - An incoming account matches an existing one by id, else by primary domain + username
 *   (case-insensitive). Unmatched accounts are added as they are.
 * - Codes are the same code when their canonical keys match (case-folded, spaces and dashes
 *   removed). A `used` mark is never lost: used > filled > unused, and among equal marks the
 *   earliest time (with its origin) wins.
 * - Nothing is deleted: codes, domains, archived sets and history are unioned. A code that one side
 *   has moved to an archived set (the codes were replaced) is not brought back into the current set.
 * - New accounts are added in canonical form (the same merge applied to the account with itself).
 * - Site name and notes come from the side updated more recently (a tie keeps the vault's); the
 *   username stays the vault's because it is part of the match key. Together this keeps the merge
 *   idempotent: importing the same backup twice changes nothing.
 *   (Idempotence assumes accounts have a primary domain, as every account created in Backstop has;
 *   an account without one is matched by id only.)
 */
import { MAX_ARCHIVED_SETS, MAX_CODES, MAX_HISTORY } from '../account';
// Codes are the same code when their canonical keys (case-folded, spaces and dashes removed) match.
import { codeKey } from '../codes/parse';
import { BackstopError } from '../errors';
import type { Account, ArchivedCodeSet, BackupCode, CodeState, HistoryEntry } from '../types';

/** validateAccount's cap on domains per account. */
const MAX_DOMAINS = 20;

/** What an import will do (answered by `backup.preview` and `backup.import`). */
export interface ImportPreview {
  /** Accounts that will be added as new. */
  added: { site: string; domains: string[]; username: string; codes: number }[];
  /** Accounts merged into existing ones, with how many codes change. */
  merged: { site: string; username: string; newCodes: number; newlyUsed: number }[];
  unchanged: number;
}

export interface MergePlan {
  /** The accounts to write: new ones and changed existing ones (in full). */
  result: Account[];
  preview: ImportPreview;
}

function identityKey(account: Account): string | null {
  const domain = account.domains[0]?.trim().toLowerCase();
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

/** Merges one incoming account into an existing one (same account). Pure; `a` wins ties. */
function mergeAccount(a: Account, b: Account): Account {
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

  const domains: string[] = [];
  const domainKeys = new Set<string>();
  for (const d of [...a.domains, ...b.domains]) {
    const key = d.trim().toLowerCase();
    if (domainKeys.has(key)) continue;
    domainKeys.add(key);
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

  const text = b.updatedAt > a.updatedAt ? b : a;
  return {
    id: a.id,
    site: text.site,
    domains,
    username: a.username,
    notes: text.notes,
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
}

/**
 * Plans an import: which accounts to write and what the person is told before confirming.
 *
 * Pure and deterministic. `result` holds only accounts that are new or changed, each complete
 * (existing ones keep their id), so the caller writes them all-or-nothing. Throws `invalid-backup`
 * if a merged account would exceed the vault's per-account limits.
 */
export function planMerge(existing: Account[], incoming: Account[]): MergePlan {
  const entries: Entry[] = [];
  const byId = new Map<string, Entry>();
  const byIdentity = new Map<string, Entry>();
  const index = (entry: Entry) => {
    if (!byId.has(entry.account.id)) byId.set(entry.account.id, entry);
    const identity = identityKey(entry.account);
    if (identity !== null && !byIdentity.has(identity)) byIdentity.set(identity, entry);
  };
  for (const account of existing) {
    const entry: Entry = { account, original: account };
    entries.push(entry);
    index(entry);
  }

  const touched = new Set<Entry>();
  for (const account of incoming) {
    const identity = identityKey(account);
    const match =
      byId.get(account.id) ?? (identity === null ? undefined : byIdentity.get(identity));
    if (match) {
      // Not re-indexed: the id and the match key (primary domain, username) survive a merge.
      match.account = mergeAccount(match.account, account);
      touched.add(match);
    } else {
      // Merging an account with itself puts it in canonical form (duplicate codes and history
      // entries collapsed), so that importing it again finds nothing to change.
      const entry: Entry = { account: mergeAccount(account, account) };
      entries.push(entry);
      touched.add(entry);
      index(entry);
    }
  }

  const result: Account[] = [];
  const preview: ImportPreview = { added: [], merged: [], unchanged: 0 };
  for (const entry of entries) {
    if (!touched.has(entry)) continue;
    const { account, original } = entry;
    if (!original) {
      result.push(account);
      preview.added.push({
        site: account.site,
        domains: account.domains,
        username: account.username,
        codes: account.codes.length,
      });
    } else if (sameValue(account, original)) {
      preview.unchanged++;
    } else {
      result.push(account);
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
      preview.merged.push({ site: account.site, username: account.username, newCodes, newlyUsed });
    }
  }
  return { result, preview };
}
