// After a fill the code is `filled`: handed to the page but maybe never sent.
// It becomes `used` when the page submits it (docs/design.md §3): the form's submit
// event, Enter in the field, a click on the form's submit control, or the page
// going away shortly after the fill (`pagehide` only: a `beforeunload`
// listener would keep the page out of the back/forward cache). Each of these only counts while the
// field still holds the code, so a person who clears the field and types
// something else does not burn it.
import type { FieldCandidate } from './detect';
import { normalizeCode } from './fill';
import { isTrusted } from './surface';

export type SubmitSignal = 'submit' | 'enter' | 'click' | 'navigation';

export interface WatchOptions {
  /** How long after the fill leaving the page counts as submitting (default 10 s). */
  navigationWindowMs?: number;
  now?: () => number;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
}

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
  const trusted = options.trusted ?? isTrusted;
  const until = now() + (options.navigationWindowMs ?? 10_000);
  const { element, boxes } = candidate;
  const fields = boxes ?? [element];
  const form = element.form;
  const scope = form ? null : formlessScope(element);
  const expected = normalizeCode(code);
  const ac = new AbortController();

  // Counts only while the field still holds the code.
  const fire = (how: SubmitSignal) => {
    if (normalizeCode(fields.map((f) => f.value).join('')) !== expected) return;
    ac.abort();
    onSubmitted(how);
  };

  // Capture on the window: we see the event before page handlers can stop it
  // or clear the field. `submit` is not composed, so for a form inside an open
  // shadow root it is caught on that root.
  const on = <E extends Event>(target: EventTarget | null, type: string, fn: (e: E) => void) =>
    target?.addEventListener(type, fn as EventListener, { capture: true, signal: ac.signal });
  const win = element.ownerDocument.defaultView;
  on(element.getRootNode(), 'submit', (e) => {
    if (form && e.composedPath()[0] === form) fire('submit');
  });
  on(win, 'keydown', (e: KeyboardEvent) => {
    if (trusted(e) && e.key === 'Enter' && fields.includes(e.composedPath()[0] as HTMLInputElement))
      fire('enter');
  });
  on(win, 'click', (e) => {
    if (!trusted(e)) return;
    const target = e.composedPath()[0] as Element | undefined;
    // In a form, a control that submits it (a <button> without a type submits);
    // without one, any button near the field.
    const control =
      typeof target?.closest === 'function'
        ? (target.closest(form ? 'button,input' : ANY_BUTTON) as HTMLButtonElement | null)
        : null;
    if (
      form
        ? control?.form === form && /^(?:submit|image)$/.test(control.type)
        : control && scope?.contains(control)
    )
      fire('click');
  });
  on(win, 'pagehide', () => {
    if (now() <= until) fire('navigation');
  });
  return () => ac.abort();
}
