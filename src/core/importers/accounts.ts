/**
 * The one way accounts found in another manager's export enter the vault
 * (`accounts.import`, see docs/importing.md): the manager page sends the
 * accounts the person ticked, with their codes and used marks as data, and the
 * background checks all of it here before one all-or-nothing write. Nothing is
 * printed to text and parsed again.
 *
 * The page is Backstop's own, but the background trusts no payload: every
 * field is checked for type, length and count, every code goes through the
 * same rule for a single code as a code saved through Add account
 * (`isSingleCode` in `codes/list.ts`), and anything unexpected refuses the
 * whole import with a message that names the item.
 */
import { MAX_CODES, validateAccount } from '../account';
import { isSingleCode } from '../codes/list';
import { codeKey } from '../codes/key';
import { BackstopError } from '../errors';
import { randomId } from '../random';
import { normalizeWebsiteInput } from '../sites/domain';
import type { Account, BackupCode } from '../types';
import type { ImportCandidate } from './types';

/** One account to create. Everything is explicit; nothing is left to parse. */
export interface AccountImport {
  /** Display name: the item's title in the other manager. */
  site: string;
  /**
   * Where the codes may be filled, as the preview showed them (domains, or a
   * web address the person typed), reduced to registrable domains here. Kept
   * per account so that a later import that merges into existing accounts can
   * show and confirm any change to where an account fills.
   */
  domains: string[];
  username: string;
  /** As the parser read them from the export, with their used marks. */
  codes: { value: string; used: boolean }[];
}

/**
 * What the manager page sends for one ticked candidate: its title, its
 * domains (or the website the person typed when the export had none), its
 * user name, and its codes with their used marks, as read.
 */
export function accountImportOf(candidate: ImportCandidate, website: string): AccountImport {
  return {
    site: candidate.sourceTitle,
    domains: candidate.domains.length > 0 ? [...candidate.domains] : [website.trim()],
    username: candidate.username,
    codes: candidate.codes.map(({ value, used }) => ({ value, used })),
  };
}

/** More than any personal vault holds; a larger payload is not an export of one. */
export const MAX_IMPORT_ACCOUNTS = 1000;
const MAX_SITE = 200;
const MAX_USERNAME = 500;
const MAX_DOMAINS = 20;
/** A web address as typed may be longer than the domain it names. */
const MAX_WEBSITE = 2048;

type Obj = Record<string, unknown>;

function refuse(message: string): never {
  throw new BackstopError('invalid-input', `${message} Nothing was imported.`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Exactly these keys: an extra one (an `id`, a code `state`) is not ours to ignore. */
function hasOnlyKeys(v: Obj, keys: readonly string[]): boolean {
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(v, k));
}

function shortTitle(site: string): string {
  const s = site.trim();
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

function readItem(raw: unknown, index: number): AccountImport {
  const where = `Item ${index + 1}`;
  if (!isObj(raw) || !hasOnlyKeys(raw, ['site', 'domains', 'username', 'codes'])) {
    refuse(`${where} is not an account to import.`);
  }
  const { site, domains, username, codes } = raw;
  if (typeof site !== 'string' || site.length > MAX_SITE) {
    refuse(`${where} has no valid name (at most ${MAX_SITE} characters).`);
  }
  const name = `“${shortTitle(site) || where}”`;
  if (typeof username !== 'string' || username.length > MAX_USERNAME) {
    refuse(`${name} has no valid user name (at most ${MAX_USERNAME} characters).`);
  }
  if (!Array.isArray(domains) || domains.length === 0 || domains.length > MAX_DOMAINS) {
    refuse(`${name} needs between 1 and ${MAX_DOMAINS} websites.`);
  }
  const normalized = domains.map((d) => {
    if (typeof d !== 'string' || d.length > MAX_WEBSITE) refuse(`${name} has an invalid website.`);
    try {
      return normalizeWebsiteInput(d);
    } catch (e) {
      return refuse(`${name}: ${e instanceof BackstopError ? e.message : 'invalid website.'}`);
    }
  });
  if (!Array.isArray(codes) || codes.length === 0 || codes.length > MAX_CODES) {
    refuse(`${name} needs between 1 and ${MAX_CODES} backup codes.`);
  }
  const keys = new Set<string>();
  const read = codes.map((c, i) => {
    const which = `${name}, code ${i + 1},`;
    if (!isObj(c) || !hasOnlyKeys(c, ['value', 'used']) || typeof c.used !== 'boolean') {
      refuse(`${which} is not a backup code with a used mark.`);
    }
    const { value, used } = c as { value: unknown; used: boolean };
    if (!isSingleCode(value)) refuse(`${which} is not a single backup code.`);
    const key = codeKey(value);
    if (keys.has(key)) refuse(`${which} repeats an earlier code.`);
    keys.add(key);
    return { value, used };
  });
  return {
    site: site.trim(),
    domains: [...new Set(normalized)],
    username: username.trim(),
    codes: read,
  };
}

/**
 * Checks an `accounts.import` payload completely: its shape, every account and
 * every code. Website inputs come back as registrable domains.
 *
 * @throws BackstopError `invalid-input` naming the first item that is wrong, before
 *   anything could be written.
 */
export function readAccountImports(payload: unknown): AccountImport[] {
  if (!isObj(payload) || !hasOnlyKeys(payload, ['accounts']) || !Array.isArray(payload.accounts)) {
    refuse('The import is not a list of accounts.');
  }
  const { accounts } = payload as { accounts: unknown[] };
  if (accounts.length === 0) refuse('Choose at least one item to import.');
  if (accounts.length > MAX_IMPORT_ACCOUNTS) {
    refuse(
      `At most ${MAX_IMPORT_ACCOUNTS.toLocaleString('en-US')} accounts can be imported at once.`,
    );
  }
  return accounts.map(readItem);
}

/**
 * New vault accounts for checked imports: fresh random ids, codes unused or
 * used as marked (a used one dated now), history starting with their creation.
 */
export function accountsFromImports(
  items: readonly AccountImport[],
  deps: { crypto: Crypto; now: () => number },
): Account[] {
  const at = deps.now();
  return items.map((item) =>
    validateAccount({
      id: randomId(deps.crypto),
      site: item.site || item.domains[0],
      domains: item.domains,
      username: item.username,
      notes: '',
      codes: item.codes.map((c): BackupCode =>
        c.used
          ? { id: randomId(deps.crypto), value: c.value, state: 'used', changedAt: at }
          : { id: randomId(deps.crypto), value: c.value, state: 'unused' },
      ),
      archived: [],
      history: [{ at, action: 'created' }],
      createdAt: at,
      updatedAt: at,
    }),
  );
}
