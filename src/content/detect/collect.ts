// Collect: the page's half of detection. Finds the candidate inputs of a
// document (open shadow roots included) with a structural pre-filter, and
// reads each one's context as short strings (FieldContext). Which of them
// take backup codes is decided by qualification in the background, with the
// full vocabulary (src/core/detect/qualify.ts, docs/vocabulary.md): the
// vocabulary of 40+ languages does not fit in a script that runs in every
// frame (docs/design.md §6).
//
// Cheap on purpose: no innerText (forces layout), no getComputedStyle, no
// instanceof (elements of another frame's realm fail it). Text is read from
// text nodes near the field, with caps on how much and how many.
import type { FieldContext } from '../../core/detect/types';

export type { FieldContext };

/** One field (or split-box group) found on the page, before qualification. */
export interface RawCandidate {
  element: HTMLInputElement;
  boxes?: HTMLInputElement[];
}

type Root = Document | ShadowRoot;

const words = (list: string) => new Set(list.split(' '));
const TEXT_TYPES = words('text tel number password');
// Text inside these is navigation, controls or code, not a description of the
// field: "Use a recovery code" on GitHub's app-code page is a link to another
// step, not a statement that this field accepts recovery codes.
const SKIP = words(
  'a button script style noscript template select textarea svg input iframe img label',
);
const SKIP_ROLES = words('button link menu navigation');
// Messages that come and go (errors, "code sent") rather than describe the
// field: skipped, unless the field itself is inside one, as on sites that
// put role="alert" on an ordinary sign-in panel.
const LIVE_ROLES = words('alert');
const INLINE = words(
  'b strong i em span code small mark abbr kbd samp sub sup u s q cite font time var bdi bdo',
);
const BOUNDARY = words('form fieldset dialog section article main aside');
const MAX_LABEL = 200;
const MAX_CONTAINER = 600;
const MAX_NEARBY = 400;
/** Caps on what one field's context may hold (the background enforces them too). */
export const MAX_ATTRIBUTE = 120;
export const MAX_STRINGS = 8;

// autocomplete tokens that name another kind of field (HTML autofill tokens):
// login, contact and payment fields are not collected at all. The background's
// qualification checks the same list (src/core/detect/qualify.ts).
const OTHER_AUTOCOMPLETE =
  /^(?:(?:user|nick|given-|family-|additional-)?name|email|(?:current|new)-password|(?:tel|cc|address|bday|transaction)(?:-.*)?|postal-code|street-address|organization|country(?:-name)?|url|impp)$/;

/** True when the input's autocomplete names another kind of field (`username`, `cc-csc`, …). */
export function otherAutocomplete(el: Element): boolean {
  const ac = el.getAttribute('autocomplete');
  return (
    !!ac &&
    ac
      .toLowerCase()
      .split(/\s+/)
      .some((t) => OTHER_AUTOCOMPLETE.test(t))
  );
}

function isTextInput(el: Element): el is HTMLInputElement {
  return el.localName === 'input' && TEXT_TYPES.has((el as HTMLInputElement).type);
}

/**
 * Elements whose text says nothing about `field`: controls, links, hidden
 * parts, and transient messages (role=alert) that do not contain the field.
 */
function skipped(el: Element, field?: Element): boolean {
  const h = el as HTMLElement;
  const role = el.getAttribute('role') ?? '';
  return (
    SKIP.has(el.localName) ||
    h.hidden ||
    el.getAttribute('aria-hidden') === 'true' ||
    h.style?.display === 'none' ||
    SKIP_ROLES.has(role) ||
    (LIVE_ROLES.has(role) && !(field && el.contains(field)))
  );
}

/** Open shadow roots under `root`, depth first (closed ones are the page's own business). */
export function openShadowRoots(root: Root, out: ShadowRoot[] = []): ShadowRoot[] {
  // An indexed loop over a live collection: several times faster than for…of
  // over querySelectorAll('*') on a large page (this is the scan's biggest cost).
  const all: ArrayLike<Element> =
    root.nodeType === 9 ? (root as Document).getElementsByTagName('*') : root.querySelectorAll('*');
  for (let i = 0, n = all.length; i < n; i++) {
    const sr = all[i]?.shadowRoot;
    if (sr) {
      out.push(sr);
      openShadowRoots(sr, out);
    }
  }
  return out;
}

const hasTextInputIn = (root: Root) => [...root.querySelectorAll('input')].some(isTextInput);

/** The cheap pre-check: true when `root` (or an open shadow root in it) has a text-like input. */
export function hasTextInputs(root: Root): boolean {
  return hasTextInputIn(root) || openShadowRoots(root).some(hasTextInputIn);
}

/**
 * The structural pre-filter: every text-like input of `root` and its open
 * shadow roots that could hold a backup code. Hidden and disabled inputs,
 * search boxes (role=searchbox, or inside role=search) and fields whose
 * autocomplete names another kind of field are left out before any text is
 * read.
 */
export function collectInputs(root: Root): HTMLInputElement[] {
  const out: HTMLInputElement[] = [];
  for (const r of [root, ...openShadowRoots(root)]) {
    for (const el of r.querySelectorAll('input')) {
      if (
        isTextInput(el) &&
        !el.disabled &&
        el.getAttribute('role') !== 'searchbox' &&
        !otherAutocomplete(el) &&
        !el.closest('[hidden],[aria-hidden=true],[role=search]')
      )
        out.push(el);
    }
  }
  return out;
}

function near(a: Element, b: Element): boolean {
  return a.parentNode === b.parentNode || a.parentNode?.parentNode === b.parentNode?.parentNode;
}

/**
 * Groups runs of one-character boxes (6–10 of them next to each other) into
 * one split candidate; other one-character or very short inputs cannot hold
 * a backup code and are dropped.
 */
export function groupCandidates(inputs: HTMLInputElement[]): RawCandidate[] {
  const out: RawCandidate[] = [];
  let run: HTMLInputElement[] = [];
  const flush = () => {
    const first = run[0];
    if (first && run.length >= 6 && run.length <= 10) out.push({ element: first, boxes: run });
    run = [];
  };
  for (const el of inputs) {
    if (el.maxLength === 1) {
      const prev = run.at(-1);
      if (prev && !near(prev, el)) flush();
      run.push(el);
      continue;
    }
    flush();
    if (el.maxLength < 0 || el.maxLength >= 6) out.push({ element: el });
  }
  flush();
  return out;
}

/**
 * Visible text under `node`, skipping controls, links and hidden parts (and
 * transient messages that do not contain `field`); blocks end clauses.
 */
export function textOf(node: Node, max: number, field?: Element): string {
  let out = '';
  const walk = (n: Node) => {
    for (let c = n.firstChild; c && out.length < max; c = c.nextSibling) {
      if (c.nodeType === 3) {
        if (c.nodeValue?.trim()) out += c.nodeValue;
      } else if (c.nodeType === 1 && !skipped(c as Element, field)) {
        const nl = INLINE.has((c as Element).localName) ? '' : '\n';
        out += nl;
        walk(c);
        out += nl;
      }
    }
  };
  walk(node);
  return out.slice(0, max).trim();
}

/** The texts of the elements an IDREF list attribute (aria-labelledby, …) points at. */
function byIds(el: Element, attr: string): string[] {
  const root = el.getRootNode() as Root;
  return attrs(el, attr).flatMap((ids) =>
    ids.split(/\s+/).flatMap((id) => {
      const target = id && root.getElementById?.(id);
      return target ? [target.getAttribute('aria-label') ?? textOf(target, MAX_LABEL)] : [];
    }),
  );
}

function countInputs(el: Element, limit: number): number {
  let n = 0;
  for (const i of el.getElementsByTagName('input')) if (isTextInput(i) && ++n > limit) break;
  return n;
}

/** Parent across a shadow boundary (a shadow root's parent is its host). */
function up(n: Node): Node | null {
  return n.nodeType === 11 ? (n as ShadowRoot).host : n.parentNode;
}

/**
 * The largest ancestor that holds only this field (or this group of boxes),
 * stopping at a form/section-like boundary: its text is the field's hint.
 */
function fieldContainer(start: Element, own: number): Node {
  let c: Node = start.parentNode ?? start;
  for (let i = 0; i < 5 && c.nodeType === 1; i++) {
    const el = c as Element;
    if (BOUNDARY.has(el.localName) || el.getAttribute('role') === 'dialog') break;
    const p = el.parentElement;
    if (!p || p.localName === 'body' || countInputs(p, own) > own) break;
    c = p;
  }
  return c;
}

const HEADING = /^(?:h[1-6]|legend)$/;
const MAX_NEARBY_NODES = 400;

/**
 * Text before the field's container, read backwards in document order up to
 * and including the nearest heading (or a budget of characters and nodes):
 * the words closest to the field come first, and a huge page costs no more
 * than a small one.
 */
function nearby(container: Node): string[] {
  // Built backwards, so each piece is put in front.
  let out = '';
  let chars = MAX_NEARBY;
  let nodes = MAX_NEARBY_NODES;
  // Returns true when the walk must stop (heading reached or budget spent).
  const visit = (n: Node): boolean => {
    if (--nodes < 0) return true;
    if (n.nodeType === 3) {
      const t = n.nodeValue ?? '';
      if (t.trim()) {
        out = t + out;
        chars -= t.length;
      }
      return chars <= 0;
    }
    const e = n as Element;
    if (n.nodeType !== 1 || skipped(e)) return false;
    const nl = INLINE.has(e.localName) ? '' : '\n';
    out = nl + out;
    for (let c = e.lastChild; c; c = c.previousSibling) if (visit(c)) return true;
    out = nl + out;
    return HEADING.test(e.localName) || e.getAttribute('role') === 'heading';
  };
  let node: Node | null = container;
  outer: for (let level = 0; node && level < 8; level++) {
    for (let s = node.previousSibling; s; s = s.previousSibling) if (visit(s)) break outer;
    node = up(node);
    if (!node || (node as Element).localName === 'body') break;
  }
  return out ? [out] : [];
}

/** The non-empty values of the space-separated attribute `names`. */
const attrs = (el: Element, names: string) =>
  names.split(' ').flatMap((n) => el.getAttribute(n) || []);

/** At most MAX_STRINGS non-empty strings of at most `max` characters each. */
const capped = (list: string[], max: number) =>
  list
    .filter((s) => s.trim())
    .slice(0, MAX_STRINGS)
    .map((s) => s.slice(0, max));

/** Reads everything qualification needs about one candidate: short strings, never its value. */
export function collectContext({ element: el, boxes }: RawCandidate): FieldContext {
  const own = boxes?.length ?? 1;
  const attr = (name: string) => (el.getAttribute(name) ?? '').slice(0, MAX_ATTRIBUTE);
  // Split boxes are usually labelled as a group ("Backup code", role=group).
  const group = boxes && el.parentElement;
  const container = fieldContainer(el, own);
  return {
    type: el.type,
    autocomplete: attr('autocomplete'),
    inputMode: attr('inputmode'),
    maxLength: boxes ? own : el.maxLength,
    pattern: attr('pattern'),
    boxes: own,
    identifiers: capped(attrs(el, 'name id'), MAX_ATTRIBUTE),
    classes: capped(attrs(el, 'class'), MAX_ATTRIBUTE),
    labels: capped(
      [
        ...attrs(el, 'aria-label placeholder title'),
        ...[...(el.labels ?? [])].map((l) => textOf(l, MAX_LABEL)),
        ...byIds(el, 'aria-labelledby'),
        ...(group ? [...attrs(group, 'aria-label title'), ...byIds(group, 'aria-labelledby')] : []),
      ],
      MAX_LABEL,
    ),
    descriptions: capped(
      [...byIds(el, 'aria-describedby'), textOf(container, MAX_CONTAINER, el)],
      MAX_CONTAINER,
    ),
    context: nearby(container),
  };
}
