// After a fill the code is `filled`: handed to the page but maybe never sent.
// It becomes `used` when the page submits it (DESIGN §3): the form's submit
// event, Enter in the field, a click on the form's submit control, or the page
// going away shortly after the fill (`pagehide` only: a `beforeunload`
// listener would keep the page out of the back/forward cache). Each of these only counts while the
// field still holds the code, so a person who clears the field and types
// something else does not burn it.
import type { FieldCandidate } from './detect';
import { normalizeCode } from './fill';

export type SubmitSignal = 'submit' | 'enter' | 'click' | 'navigation';

export interface WatchOptions {
  /** How long after the fill leaving the page counts as submitting (default 10 s). */
  navigationWindowMs?: number;
  now?: () => number;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
}

const SUBMIT_CONTROL =
  'button:not([type=button]):not([type=reset]):not([type=menu]),input[type=submit],input[type=image]';
const ANY_BUTTON = 'button,input[type=submit],input[type=button],[role=button]';

/** The nearest ancestor (up to a few levels) that also holds a button: a form without <form>. */
function formlessScope(el: Element): Element | null {
  let node: Element | null = el.parentElement;
  for (let i = 0; node && i < 5; i++, node = node.parentElement) {
    if (node.querySelector(ANY_BUTTON)) return node;
  }
  return null;
}

/**
 * Calls `onSubmitted` once when the page submits the filled code. Returns a
 * function that stops watching.
 */
export function watchSubmit(
  candidate: FieldCandidate,
  code: string,
  onSubmitted: (how: SubmitSignal) => void,
  options: WatchOptions = {},
): () => void {
  const now = options.now ?? Date.now;
  const trusted = options.trusted ?? ((e: Event) => e.isTrusted);
  const window_ = options.navigationWindowMs ?? 10_000;
  const filledAt = now();
  const fields: Element[] = candidate.boxes ?? [candidate.element];
  const form = candidate.element.form;
  const scope = form ? null : formlessScope(candidate.element);
  const doc = candidate.element.ownerDocument;
  const win = doc.defaultView;
  const expected = normalizeCode(code);

  const holdsCode = () =>
    normalizeCode(fields.map((f) => (f as HTMLInputElement).value).join('')) === expected;

  const fire = (how: SubmitSignal) => {
    if (!holdsCode()) return;
    stop();
    onSubmitted(how);
  };

  const onSubmit = (e: Event) => {
    if (form && e.composedPath()[0] === form) fire('submit');
  };
  const onKey = (e: KeyboardEvent) => {
    if (trusted(e) && e.key === 'Enter' && fields.includes(e.composedPath()[0] as Element)) {
      fire('enter');
    }
  };
  const onClick = (e: MouseEvent) => {
    if (!trusted(e)) return;
    const target = e.composedPath()[0] as Element | undefined;
    const control =
      typeof target?.closest === 'function'
        ? target.closest(form ? SUBMIT_CONTROL : ANY_BUTTON)
        : null;
    if (!control) return;
    if (form ? (control as HTMLButtonElement).form === form : scope?.contains(control))
      fire('click');
  };
  const onLeave = () => {
    if (now() - filledAt <= window_) fire('navigation');
  };

  // Capture on the window: we see the event before page handlers can stop it
  // or clear the field. `submit` is not composed, so for a form inside an open
  // shadow root it is caught on that root.
  const ac = new AbortController();
  const opts = { capture: true, signal: ac.signal };
  candidate.element.getRootNode().addEventListener('submit', onSubmit, opts);
  win?.addEventListener('keydown', onKey, opts);
  win?.addEventListener('click', onClick, opts);
  win?.addEventListener('pagehide', onLeave, opts);
  const stop = () => ac.abort();
  return stop;
}
