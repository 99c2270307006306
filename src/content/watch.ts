// After a fill the code is `filled`: handed to the page but maybe never sent.
// It becomes `used` when the page goes on after the fill or after a trusted
// submit (docs/design.md §3; docs/architecture.md, _Submit_). This module
// only arms: leaving within the window is seen by the background (the
// content script's port disconnects when the frame goes away, whatever way
// it goes), and a single-page navigation (history.pushState) is seen here,
// as is an app that swaps its view without changing the URL: after a trusted
// submit the field leaves the page (removed or no longer rendered) and no
// field of the same id or name took its place. A page that shows an error
// keeps its field (or re-renders one like it), and so stays.
//
// A trusted submit is the form's submit event, Enter in the field, or a click
// on any button of the field's form or of the nearest block around it that
// holds a button: a scripted `type="button"` that posts with fetch or XHR is
// a submit as much as a real one. Each counts only while the field still
// holds the code, so a person who clears the field and types something else
// does not burn it. A page whose scripts click or dispatch these arms nothing
// (they are not trusted).
import type { FieldCandidate } from './detect';
import { normalizeCode } from './fill';
import { isTrusted } from './surface';

export interface SubmitEvents {
  /** Leaving within `ms` from now means the code was submitted; 0 takes that back. */
  arm(ms: number): void;
  /** The URL changed without unloading (history.pushState), or the submitted field left the page: it went on. */
  left(): void;
  /** A trusted submit, and the page is still here, at the same URL, a moment later. */
  stayed(): void;
}

export interface WatchOptions {
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
}

/** How long after the fill or a submit leaving the page counts as submitting. */
export const SUBMIT_WINDOW_MS = 10_000;
/** How long after a submit a page that did not go on counts as having stayed. */
export const STAY_MS = 2_000;
/** How often the URL is compared (history.pushState fires no event a content script sees). */
const TICK_MS = 200;

const ANY_BUTTON = 'button,[type=submit],[type=button],[role=button]';

/**
 * The nearest ancestor (up to a few levels, never the whole body) that also
 * holds a button: a form without <form>, or a form with its button outside.
 */
function buttonScope(el: Element): Element | undefined {
  let node: Element | null = el.parentElement;
  for (let i = 0; node?.parentElement?.parentElement && i < 5; i++, node = node.parentElement) {
    if (node.querySelector(ANY_BUTTON)) return node;
  }
}

/** The field is still part of what the page shows (not removed, not inside a `display: none` or hidden subtree). */
function rendered(el: HTMLInputElement): boolean {
  // checkVisibility: Chromium 105+, Firefox 106+ (absent in jsdom: connected counts there).
  return el.isConnected && (el.checkVisibility?.({ visibilityProperty: true }) ?? true);
}

/** A field like `el` (same id or name) that the page shows now, e.g. re-rendered with an error. */
function replaced(el: HTMLInputElement, root: Node): boolean {
  return [...(root as ParentNode).querySelectorAll('input')].some(
    (other) =>
      ((el.id && other.id === el.id) || (el.name && other.name === el.name)) && rendered(other),
  );
}

/** Watches the filled code until the page goes on. Returns a function that stops (and disarms). */
export function watchSubmit(
  candidate: FieldCandidate,
  code: string,
  events: SubmitEvents,
  options: WatchOptions = {},
): () => void {
  const trusted = options.trusted ?? isTrusted;
  const { element, boxes } = candidate;
  const win = element.ownerDocument.defaultView!;
  // The frame this content script runs in is the field's frame.
  const href = () => location.href;
  const fields = boxes ?? [element];
  const form = element.form;
  // A button outside the form still sends it when a script does the posting.
  const scope = buttonScope(form ?? element) ?? form;
  const expected = normalizeCode(code);
  const ac = new AbortController();
  let url = href();
  /** Polls left in the window, and until a submitted page counts as having stayed. */
  let ticks: number;
  let stayIn: number | undefined;
  /** A trusted submit happened: from then on, the field leaving the page means it went on. */
  let submitted = false;
  const root = element.getRootNode();
  const gone = () =>
    !fields.some((f) => rendered(f)) &&
    !fields.some((f) => replaced(f, f.isConnected ? f.getRootNode() : root));
  let poll: ReturnType<typeof setInterval> | undefined;

  const holds = () => normalizeCode(fields.map((f) => f.value).join('')) === expected;
  const end = () => {
    ac.abort();
    clearInterval(poll);
  };
  const stop = () => {
    end();
    events.arm(0);
  };
  /** Arms (again) while the field holds the code; after a submit, also watches for staying. */
  const arm = (submit?: boolean) => {
    if (!holds()) return;
    url = href();
    ticks = SUBMIT_WINDOW_MS / TICK_MS;
    if (submit) {
      stayIn = STAY_MS / TICK_MS;
      submitted = true;
    }
    events.arm(SUBMIT_WINDOW_MS);
    poll ??= setInterval(() => {
      if (href() !== url || (submitted && gone())) return (end(), events.left());
      if (stayIn && !--stayIn) events.stayed();
      if (!--ticks) poll = void clearInterval(poll);
    }, TICK_MS);
  };
  // Capture on the window: we see the event before page handlers can stop it
  // or clear the field. `submit` is not composed, so for a form inside an open
  // shadow root it is caught on that root.
  const on = <E extends Event>(target: EventTarget, type: string, fn: (e: E) => void) =>
    target.addEventListener(type, fn as EventListener, { capture: true, signal: ac.signal });
  on(element.getRootNode(), 'submit', (e) => {
    if (e.composedPath()[0] === form) arm(true);
  });
  on(win, 'keydown', (e: KeyboardEvent) => {
    if (trusted(e) && e.key === 'Enter' && fields.includes(e.composedPath()[0] as HTMLInputElement))
      arm(true);
  });
  on(win, 'click', (e) => {
    // A text node has no closest().
    const control = (e.composedPath()[0] as Partial<Element>).closest?.(ANY_BUTTON);
    if (trusted(e) && control && scope?.contains(control)) arm(true);
  });
  // The person changed the code: nothing about this one counts any more.
  for (const f of fields) on(f, 'input', () => holds() || stop());
  arm();
  return stop;
}
