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

/** The value is longer than the field takes. */
const tooLong = (el: HTMLInputElement, v: string) => el.maxLength > 0 && v.length > el.maxLength;

/**
 * The value passes the field's own checks: its length limit, a number field's digits, its
 * `pattern` as the browser applies it (the whole value, `v` flag; an invalid pattern is
 * ignored, as browsers do).
 */
function fits(el: HTMLInputElement, v: string): boolean {
  if (tooLong(el, v) || (el.type === 'number' && /\D/.test(v))) return false;
  try {
    return !el.pattern || new RegExp(`^(?:${el.pattern})$`, 'v').test(v);
  } catch {
    return true;
  }
}

/**
 * The form of the code to type into a single field: as the site shows it, or without
 * its separators when the field asks for that (a length limit, a `pattern` of letters
 * and digits, a number field, a numeric keyboard for a digits-only code). A code the
 * pattern refuses either way is typed as shown when it fits the length, so the page's
 * own message explains; null when it cannot fit at all.
 */
function valueFor(el: HTMLInputElement, code: string): string | null {
  const plain = bare(code);
  const forms =
    el.getAttribute('inputmode') === 'numeric' && /^\d+$/.test(plain)
      ? [plain, code]
      : [code, plain];
  return forms.find((v) => fits(el, v)) ?? forms.find((v) => !tooLong(el, v)) ?? null;
}

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
  // Split boxes always get the bare code, one character each; a single field gets the
  // form its constraints ask for (a field limited to 10 gets "abcde12345" for "abcde-12345").
  const value = candidate.kind === 'split' ? bare(code) : valueFor(el, code);
  if (value === null || (candidate.kind === 'split' && value.length !== boxes.length))
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
