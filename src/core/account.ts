/**
 * Pure operations on one account: validation of untrusted data, summaries
 * and the history cap. How a code changes state (fill, use, undo) is in
 * codes/state.ts; the vault persists what both return.
 */
import { BackstopError } from './errors';
import type {
  Account,
  AccountDraft,
  AccountSummary,
  ArchivedCodeSet,
  BackupCode,
  CodeState,
  HistoryAction,
  HistoryEntry,
} from './types';

const STATES: readonly CodeState[] = ['unused', 'filled', 'used'];
const ACTIONS: readonly HistoryAction[] = [
  'created',
  'edited',
  'filled',
  'used',
  'unused',
  'codes-replaced',
  'imported',
];
/** Keeps records (and therefore export files) bounded. */
export const MAX_CODES = 200;
/** Longest code value stored; 40 letters and digits in groups of two or more fit. */
export const MAX_CODE_VALUE = 64;
export const MAX_HISTORY = 500;
export const MAX_ARCHIVED_SETS = 20;
const MAX_TEXT = 10_000;
const ID = /^[0-9a-f]{32}$/;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, max: number, what: string): string {
  if (typeof v !== 'string' || v.length > max) throw invalid(what);
  return v;
}

function time(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 8.64e15) throw invalid(what);
  return v;
}

function optional<T>(v: unknown, parse: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : parse(v);
}

function invalid(what: string): BackstopError {
  return new BackstopError('invalid-input', `Invalid account data: ${what}.`);
}

function validateCode(v: unknown): BackupCode {
  if (!isObj(v)) throw invalid('code');
  const id = str(v.id, 32, 'code id');
  if (!ID.test(id)) throw invalid('code id');
  const value = str(v.value, MAX_CODE_VALUE, 'code value');
  if (!value.trim()) throw invalid('empty code');
  if (!STATES.includes(v.state as CodeState)) throw invalid('code state');
  const code: BackupCode = { id, value, state: v.state as CodeState };
  const changedAt = optional(v.changedAt, (x) => time(x, 'code time'));
  if (changedAt !== undefined) code.changedAt = changedAt;
  const origin = optional(v.origin, (x) => str(x, 300, 'code origin'));
  if (origin !== undefined) code.origin = origin;
  if (v.previous !== undefined) {
    const p = v.previous;
    if (!isObj(p) || !STATES.includes(p.state as CodeState)) throw invalid('previous code state');
    code.previous = { state: p.state as CodeState };
    const at = optional(p.changedAt, (x) => time(x, 'previous time'));
    if (at !== undefined) code.previous.changedAt = at;
    const o = optional(p.origin, (x) => str(x, 300, 'previous origin'));
    if (o !== undefined) code.previous.origin = o;
  }
  return code;
}

function validateHistory(v: unknown): HistoryEntry {
  if (!isObj(v)) throw invalid('history');
  if (!ACTIONS.includes(v.action as HistoryAction)) throw invalid('history action');
  const entry: HistoryEntry = { at: time(v.at, 'history time'), action: v.action as HistoryAction };
  const codeId = optional(v.codeId, (x) => str(x, 32, 'history code'));
  if (codeId !== undefined) entry.codeId = codeId;
  const origin = optional(v.origin, (x) => str(x, 300, 'history origin'));
  if (origin !== undefined) entry.origin = origin;
  return entry;
}

function list<T>(v: unknown, max: number, what: string, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v) || v.length > max) throw invalid(what);
  return v.map(item);
}

/**
 * Validates an account read from storage or from an import file. Throws
 * `invalid-input` on anything unexpected; never trusts shapes.
 */
export function validateAccount(v: unknown): Account {
  if (!isObj(v)) throw invalid('not an object');
  const id = str(v.id, 32, 'id');
  if (!ID.test(id)) throw invalid('id');
  const codes = list(v.codes, MAX_CODES, 'codes', validateCode);
  const ids = new Set(codes.map((c) => c.id));
  if (ids.size !== codes.length) throw invalid('duplicate code ids');
  const hosts = optional(v.hosts, (h) => list(h, 20, 'hosts', (x) => str(x, 253, 'host')));
  return {
    id,
    site: str(v.site, 200, 'site'),
    domains: list(v.domains, 20, 'domains', (d) => str(d, 253, 'domain')),
    // Only when pinned: an account without pins stays exactly as it was.
    ...(hosts?.length ? { hosts } : {}),
    username: str(v.username, 500, 'username'),
    notes: str(v.notes, MAX_TEXT, 'notes'),
    codes,
    archived: list(v.archived, MAX_ARCHIVED_SETS, 'archived sets', (a): ArchivedCodeSet => {
      if (!isObj(a)) throw invalid('archived set');
      return {
        replacedAt: time(a.replacedAt, 'archived time'),
        codes: list(a.codes, MAX_CODES, 'archived codes', validateCode),
      };
    }),
    history: list(v.history, MAX_HISTORY, 'history', validateHistory),
    createdAt: time(v.createdAt, 'created time'),
    updatedAt: time(v.updatedAt, 'updated time'),
  };
}

/** Validates what a person typed in the account form. */
export function validateDraft(v: unknown): AccountDraft {
  if (!isObj(v)) throw invalid('form');
  const site = str(v.site, 200, 'site').trim();
  const domains = list(v.domains, 20, 'domains', (d) =>
    str(d, 253, 'domain').trim().toLowerCase(),
  ).filter(Boolean);
  if (!domains.length) {
    throw new BackstopError('invalid-input', 'Enter the website these codes are for.');
  }
  // Absent: an edit that does not mention pinned hosts leaves them as they are.
  const hosts = optional(v.hosts, (x) =>
    list(x, 20, 'hosts', (h) => str(h, 253, 'host').trim().toLowerCase()).filter(Boolean),
  );
  return {
    site: site || domains[0]!,
    domains: [...new Set(domains)],
    ...(hosts ? { hosts: [...new Set(hosts)] } : {}),
    username: str(v.username ?? '', 500, 'username').trim(),
    notes: str(v.notes ?? '', MAX_TEXT, 'notes'),
  };
}

export function remaining(account: Account): number {
  return account.codes.filter((c) => c.state === 'unused').length;
}

export function summarize(account: Account, lowThreshold: number): AccountSummary {
  const left = remaining(account);
  return {
    id: account.id,
    site: account.site,
    domains: account.domains,
    ...(account.hosts?.length ? { hosts: account.hosts } : {}),
    username: account.username,
    total: account.codes.length,
    left,
    low: left <= lowThreshold,
  };
}

/** Appends to the history, dropping the oldest entries beyond the cap. */
export function withHistory(account: Account, entry: HistoryEntry): HistoryEntry[] {
  const history = [...account.history, entry];
  return history.length > MAX_HISTORY ? history.slice(history.length - MAX_HISTORY) : history;
}
