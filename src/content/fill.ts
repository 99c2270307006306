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

/** Letters and digits only, lower case: how the page may legitimately reformat a code. */
export const normalizeCode = (s: string) => s.replace(/[^0-9a-z]/gi, '').toLowerCase();

function nativeSet(el: HTMLInputElement, value: string): void {
  const proto = (el.ownerDocument.defaultView ?? window).HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
}

function fire(el: HTMLInputElement, type: string, data?: string): void {
  const win = el.ownerDocument.defaultView ?? window;
  const init = { bubbles: true, composed: true, cancelable: type === 'keydown' };
  el.dispatchEvent(
    type === 'input'
      ? new win.InputEvent(type, { ...init, inputType: 'insertText', data: data ?? null })
      : type.startsWith('key')
        ? new win.KeyboardEvent(type, { ...init, key: data ?? '' })
        : new win.Event(type, init),
  );
}

function usable(el: HTMLInputElement): boolean {
  return el.isConnected && !el.disabled && !el.readOnly;
}

const boxesOf = (c: FieldCandidate) => (c.kind === 'split' ? (c.boxes ?? []) : [c.element]);

/** The field can take a value at all (checked before a code is claimed for it). */
export function fillable(candidate: FieldCandidate): boolean {
  const boxes = boxesOf(candidate);
  return boxes.length > 0 && boxes.every(usable);
}

/** Waits for the page's frameworks to re-render (a microtask, then a frame or a short timer). */
function settle(win: Window | null): Promise<void> {
  return new Promise((resolve) => {
    queueMicrotask(() => {
      const t = setTimeout(resolve, 50);
      win?.requestAnimationFrame?.(() => {
        clearTimeout(t);
        setTimeout(resolve, 0);
      });
    });
  });
}

function setOne(el: HTMLInputElement, value: string, keys: boolean): void {
  el.focus();
  if (keys) fire(el, 'keydown', value);
  nativeSet(el, value);
  fire(el, 'input', value);
  if (keys) fire(el, 'keyup', value);
  fire(el, 'change');
}

/**
 * Fills `code` into the candidate field (one character per box for split
 * boxes, separators stripped) and reports whether the page kept it.
 */
export async function fillField(candidate: FieldCandidate, code: string): Promise<FillResult> {
  const boxes = boxesOf(candidate);
  if (!fillable(candidate)) return { ok: false, reason: 'not-fillable' };
  const win = candidate.element.ownerDocument.defaultView;

  if (candidate.kind === 'split') {
    const chars = [...code.replace(/[^0-9a-z]/gi, '')];
    if (chars.length !== boxes.length) return { ok: false, reason: 'does-not-fit' };
    boxes.forEach((box, i) => setOne(box, chars[i] ?? '', true));
    // Leave the focus where a person would: on the last box, ready for Enter.
    boxes[boxes.length - 1]?.focus();
  } else {
    const el = candidate.element;
    let value = code;
    // A field limited to the bare code (say 10 for "abcde-12345") gets it without separators.
    if (el.maxLength > 0 && value.length > el.maxLength) value = code.replace(/[^0-9a-z]/gi, '');
    if (el.maxLength > 0 && value.length > el.maxLength)
      return { ok: false, reason: 'does-not-fit' };
    setOne(el, value, false);
  }

  await settle(win);
  const now = boxes.map((b) => b.value).join('');
  return normalizeCode(now) === normalizeCode(code)
    ? { ok: true }
    : { ok: false, reason: 'reverted' };
}
