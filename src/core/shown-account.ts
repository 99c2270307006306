/**
 * Which of a person's accounts on one site a sign-in page is for, from what
 * the page itself shows: the e-mail address in Google's or Microsoft's
 * account chip, "Signed in as bob" above the field (docs/design.md §4,
 * "Several accounts on one site").
 *
 * The content script never sees the vault, so it sends short strings the page
 * shows (e-mail-like text anywhere, short texts near the field and in
 * account-chip elements: src/content/shown.ts) and the background matches
 * them here against the usernames of the accounts that may fill the frame.
 * A page controls those strings, so they can only choose among accounts that
 * already match the frame's origin; the worst a page can do is make the
 * person pick from the menu.
 */
import { BackstopError } from './errors';

/** The most strings one request may carry (the content script sends at most 24). */
export const MAX_SHOWN = 24;
/** The longest string accepted (an e-mail address is at most 254 characters). */
export const MAX_SHOWN_LENGTH = 256;

export interface NamedAccount {
  id: string;
  username: string;
}

/**
 * The `shown` strings of a `page.claimCode` request, checked: absent means
 * none; otherwise a list of at most MAX_SHOWN strings of at most
 * MAX_SHOWN_LENGTH characters. Throws `invalid-input` for anything else.
 */
export function readShownStrings(value: unknown): string[] {
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    value.length > MAX_SHOWN ||
    !value.every((s) => typeof s === 'string' && s.length <= MAX_SHOWN_LENGTH)
  ) {
    throw new BackstopError(
      'invalid-input',
      'Backstop could not read which account this page is for.',
    );
  }
  return value as string[];
}

/** Case, width and spacing as a person would ignore them; a handle's leading "@" dropped. */
const plain = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^@(?=[^@]+$)/, '');

// Loose on purpose: the page's text is only compared with usernames the
// person typed, never trusted as an address.
const EMAIL = /[^\s@<>()[\]{}"',;:]+@[^\s@<>()[\]{}"',;:]+/gu;
const isEmail = (s: string) => /^[^\s@]+@[^\s@]+$/u.test(s);

/** E-mail-like parts of a string, without the sentence's trailing dot. */
const emailsIn = (s: string) => (s.match(EMAIL) ?? []).map((e) => e.replace(/\.+$/, ''));

/**
 * An address as its mailbox sees it: a "+tag" after the local part goes to
 * the same person (Gmail, Outlook, Fastmail, Proton), and Gmail ignores dots
 * in the local part and treats googlemail.com as gmail.com.
 */
function mailbox(email: string): string {
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at).split('+')[0]!;
  let domain = email.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}

/** Words of a string, trimmed of the punctuation a sentence puts around a name. */
const words = (s: string) =>
  s
    .split(/[\s,;:!?()[\]{}"'«»“”‘’<>|/\\]+/u)
    .map((w) => w.replace(/^[.\-_]+|[.\-_]+$/g, ''))
    .filter(Boolean);

/**
 * The evidence the tests below are run on: the strings as shown, and the
 * e-mail addresses found in them.
 */
interface Evidence {
  whole: Set<string>;
  emails: string[];
  text: string[];
}

function evidenceOf(shown: readonly string[]): Evidence {
  const text = shown.map(plain).filter(Boolean);
  return {
    whole: new Set(text),
    emails: [...new Set(text.flatMap(emailsIn))],
    text: text.map((s) => ` ${words(s).join(' ')} `),
  };
}

/**
 * How strongly a page can show an account, strongest first. The first test
 * that any account passes decides: later, looser tests are not asked.
 */
const TESTS: ((username: string, e: Evidence) => boolean)[] = [
  // The username exactly: an address in the text, or a whole string (a chip saying "bob").
  (u, e) => e.whole.has(u) || e.emails.includes(u),
  // The same mailbox: bob+work@example.com, B.o.b@gmail.com.
  (u, e) => isEmail(u) && e.emails.some((m) => mailbox(m) === mailbox(u)),
  // An address's local part for a username without a domain, and the other way round.
  (u, e) =>
    isEmail(u)
      ? e.whole.has(u.slice(0, u.lastIndexOf('@')))
      : e.emails.some((m) => m.slice(0, m.lastIndexOf('@')) === u),
  // The username as a word of a short text ("Signed in as bob."), three characters or more.
  (u, e) => {
    if (isEmail(u) || u.length < 3) return false;
    const w = ` ${words(u).join(' ')} `;
    return w.trim() !== '' && e.text.some((t) => t.includes(w));
  },
];

/**
 * The accounts the page shows: the ids of those that pass the strongest test
 * any of them passes (one id: the page shows that account; several: it shows
 * more than one of them), or null when the page shows none of them. Accounts
 * without a username are never shown.
 */
export function accountsShownOnPage(
  accounts: readonly NamedAccount[],
  shown: readonly string[],
): string[] | null {
  if (!shown.length) return null;
  const evidence = evidenceOf(shown);
  const named = accounts
    .map((a) => ({ id: a.id, username: plain(a.username) }))
    .filter((a) => a.username !== '');
  for (const test of TESTS) {
    const ids = named.filter((a) => test(a.username, evidence)).map((a) => a.id);
    if (ids.length) return ids;
  }
  return null;
}

/** One item of the account menu: named by the account's username (docs/design.md §5). */
export interface AccountChoice {
  accountId: string;
  /** The username; the site's name for an account without one; numbered when two are alike. */
  name: string;
  /** Unused codes left (an item with none is shown, but cannot be chosen). */
  left: number;
}

/**
 * The menu's items for `accounts`, in the given order: each named by its
 * username, or by its site's name when it has none; names that would be the
 * same are numbered (" (1)", " (2)"…) so that every item can be told
 * apart.
 */
export function accountChoices(
  accounts: readonly (NamedAccount & { site: string; left: number })[],
): AccountChoice[] {
  const names = accounts.map((a) => a.username.trim() || a.site.trim());
  const seen = new Map<string, number>();
  return accounts.map((a, i) => {
    const name = names[i]!;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const twin = names.indexOf(name) !== names.lastIndexOf(name);
    return { accountId: a.id, name: twin ? `${name} (${n})` : name, left: a.left };
  });
}
