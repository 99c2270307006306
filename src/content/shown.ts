// Which account the page is for, as the page shows it: short strings the
// background matches against the usernames of the accounts that may fill this
// frame (`page.claimCode`'s `shown`, src/core/shown-account.ts). The content
// script never sees the usernames, so it sends what a person would read to
// tell: e-mail addresses anywhere on the page (Google's and Microsoft's account
// chips), the short texts of account-chip-like elements, and the short texts
// around the field ("Signed in as bob"). Read only when a fill is asked for,
// never values of inputs, bounded in count and length; the background keeps
// nothing (docs/design.md §4).
import { openShadowRoots } from './detect/collect';

/** Caps the background enforces too (src/core/shown-account.ts). */
const MAX_STRINGS = 24;
const MAX_LENGTH = 256;
/** A text longer than this is prose, not a name. */
const SHORT = 64;
/** Text nodes looked at for e-mail addresses, however big the page. */
const MAX_NODES = 5000;
const NOT_SHOWN = 'script,style,noscript,template,[hidden],[aria-hidden=true]';
// Elements that name the signed-in account: by attribute, id or class.
const CHIPS =
  '[data-email],[data-username],[data-identifier],' +
  ['user', 'account', 'profile', 'identifier', 'email']
    .map((w) => `[id*=${w} i],[class*=${w} i]`)
    .join();
const MAX_CHIPS = 16;
const EMAIL = /[^\s@<>()[\]{}"',;:]+@[^\s@<>()[\]{}"',;:]+/g;

/**
 * Calls `fn` with each visible text node under `root` that passes `keep`,
 * looking at no more than `budget.nodes` text nodes in all.
 */
function eachText(
  root: Node,
  budget: { nodes: number },
  keep: (t: string) => boolean,
  fn: (t: string) => void,
): void {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 4);
  for (let n = walker.nextNode(); n && budget.nodes-- > 0; n = walker.nextNode()) {
    const t = (n as Text).data;
    if (keep(t) && !n.parentElement?.closest(NOT_SHOWN)) fn(t);
  }
}

/** The strings `page.claimCode` sends as `shown` for a fill of `field`. */
export function shownStrings(doc: Document, field: Element): string[] {
  const out = new Set<string>();
  const add = (s: string | null | undefined) => {
    const t = s?.trim();
    if (t && out.size < MAX_STRINGS) out.add(t.slice(0, MAX_LENGTH));
  };
  const short = (t: string) => t.trim().length <= SHORT;
  const shortTexts = (root: Node) => eachText(root, { nodes: 200 }, short, add);

  // E-mail addresses first: the strongest sign, wherever the page shows them.
  const budget = { nodes: MAX_NODES };
  for (const root of [doc.body ?? doc.documentElement, ...openShadowRoots(doc)]) {
    eachText(
      root,
      budget,
      (t) => t.includes('@'),
      (t) => t.match(EMAIL)?.forEach(add),
    );
  }
  const chips = [...doc.querySelectorAll(CHIPS)].slice(0, MAX_CHIPS);
  for (const chip of chips) {
    if (chip.closest(NOT_SHOWN) || chip.contains(field)) continue;
    for (const a of ['data-email', 'data-username', 'data-identifier', 'aria-label', 'title'])
      add(chip.getAttribute(a));
    // A chip is small; a big container whose class happens to say "user" is not one.
    if ((chip.textContent ?? '').length <= SHORT * 2) shortTexts(chip);
  }
  shortTexts(
    field.closest('form,dialog,[role=dialog]') ?? field.parentElement?.parentElement ?? field,
  );
  return [...out];
}
