// Putting a code into the page's field so that the page's framework notices.
//
// React keeps its own copy of an input's value (a "value tracker" installed
// as an own `value` property of the element) and ignores an `input` event
// when the DOM value equals that copy. Setting the value through the
// prototype's native setter leaves the tracker behind, so the following
// `input` event is seen as a change; Vue's v-model and Angular's forms listen
// to the same `input` event. Then we check that the value stayed: a
// controlled input whose framework did not accept it snaps back.
import type { FieldCandidate } from './detect';

export type FillResult =
  { ok: true } | { ok: false; reason: 'not-fillable' | 'does-not-fit' | 'reverted' };

/** Letters and digits only: a code without its separators. */
const bare = (s: string) => s.replace(/[^0-9a-z]/gi, '');

/** Letters and digits only, lower case: how the page may legitimately reformat a code. */
export const normalizeCode = (s: string) => bare(s).toLowerCase();

const boxesOf = (c: FieldCandidate) => c.boxes ?? [c.element];

/** The field can take a value at all (checked before a code is claimed for it). */
export function fillable(candidate: FieldCandidate): boolean {
  const boxes = boxesOf(candidate);
  return boxes.length > 0 && boxes.every((b) => b.isConnected && !b.disabled && !b.readOnly);
}

/**
 * Waits for the page's frameworks to re-render: until just after the next
 * frame, or 50 ms where frames do not come (a background tab). Either comes
 * after pending microtasks (Vue's nextTick, React's batched updates).
 */
function settle(win: Window | null): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 50);
    win?.requestAnimationFrame?.(() => setTimeout(resolve));
  });
}

/** Types `value` into `el` the way the page's framework listens for it (key events for boxes). */
function setOne(el: HTMLInputElement, value: string, keys: boolean): void {
  // The element's own realm: a frame's field needs its frame's constructors.
  const win = (el.ownerDocument.defaultView ?? window) as typeof window;
  const init = { bubbles: true, composed: true };
  const key = (type: string) =>
    keys &&
    el.dispatchEvent(new win.KeyboardEvent(type, { ...init, cancelable: true, key: value }));
  el.focus();
  key('keydown');
  Object.getOwnPropertyDescriptor(win.HTMLInputElement.prototype, 'value')?.set?.call(el, value);
  el.dispatchEvent(new win.InputEvent('input', { ...init, inputType: 'insertText', data: value }));
  key('keyup');
  el.dispatchEvent(new win.Event('change', init));
}

/**
 * Fills `code` into the candidate field (one character per box for split
 * boxes, separators stripped) and reports whether the page kept it.
 */
export async function fillField(candidate: FieldCandidate, code: string): Promise<FillResult> {
  const boxes = boxesOf(candidate);
  if (!fillable(candidate)) return { ok: false, reason: 'not-fillable' };
  const el = candidate.element;
  const max = candidate.kind === 'split' ? boxes.length : el.maxLength;
  // A field limited to the bare code (say 10 for "abcde-12345") gets it
  // without separators; split boxes always do, one character each.
  const value = candidate.kind === 'split' || (max > 0 && code.length > max) ? bare(code) : code;
  if (candidate.kind === 'split' ? value.length !== max : max > 0 && value.length > max)
    return { ok: false, reason: 'does-not-fit' };
  if (candidate.kind === 'split') {
    boxes.forEach((box, i) => setOne(box, value[i] ?? '', true));
    // Leave the focus where a person would: on the last box, ready for Enter.
    boxes.at(-1)?.focus();
  } else {
    setOne(el, value, false);
  }
  await settle(el.ownerDocument.defaultView);
  return normalizeCode(boxes.map((b) => b.value).join('')) === normalizeCode(code)
    ? { ok: true }
    : { ok: false, reason: 'reverted' };
}
