// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldCandidate } from './detect';
import { createOffer } from './offer';
import { useEnglishContentText } from './testing/english';

/** docs/design.md §5: the end-to-end tests find the button by this name. */
const FILL_LABEL = 'Fill backup code';

beforeAll(useEnglishContentText);

// Closed roots are invisible from outside; tests keep a handle the way only
// the creating code (our content script) has one.
let roots: ShadowRoot[] = [];
const realAttach = Element.prototype.attachShadow;
beforeEach(() => {
  roots = [];
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = realAttach.call(this, init);
    roots.push(root);
    return root;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.innerHTML = '<head></head><body></body>';
});

function rect(left: number, top: number, width: number, height: number): DOMRect {
  return {
    left,
    top,
    width,
    height,
    right: left + width,
    bottom: top + height,
    x: left,
    y: top,
    toJSON() {},
  } as DOMRect;
}

function setup(width = 300) {
  document.body.innerHTML = '<form><label for="c">Recovery code</label><input id="c"></form>';
  const field = document.querySelector<HTMLInputElement>('#c')!;
  field.getBoundingClientRect = () => rect(100, 200, width, 32);
  const candidate: FieldCandidate = { element: field, kind: 'single', score: 1, reasons: [] };
  return { field, candidate };
}

const button = () => roots.at(-1)!.querySelector('button')!;

describe('inline offer', () => {
  it('renders "Fill backup code" in a closed shadow root with the state as description', () => {
    const { candidate } = setup();
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, { state: 'available', left: 7, site: 'GitHub', username: 'jane' });
    expect(offer.host?.shadowRoot).toBeNull(); // closed: page scripts see nothing
    expect(roots.at(-1)!.mode).toBe('closed');
    const b = button();
    expect(b.getAttribute('aria-label')).toBe(FILL_LABEL);
    const described = roots.at(-1)!.getElementById(b.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('7 left');

    offer.show(candidate, { state: 'locked' });
    expect(roots.at(-1)!.getElementById('s')?.textContent).toBe('Unlock Backstop');
    offer.show(candidate, { state: 'none' });
    expect(roots.at(-1)!.getElementById('s')?.textContent).toBe('No codes for this site');
    expect(button().getAttribute('aria-disabled')).toBe('true');
    offer.show(candidate, { state: 'exhausted', site: 'GitHub' });
    expect(roots.at(-1)!.getElementById('s')?.textContent).toBe('No codes for this site');
    expect(button().getAttribute('aria-disabled')).toBe('true');
    // Re-showing replaces, never stacks, our element.
    expect(document.querySelectorAll('html > div').length).toBe(1);
  });

  it('sits inside the field’s right edge without touching the page layout', () => {
    const { field, candidate } = setup();
    const before = document.body.innerHTML;
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    const host = () => offer.host!;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: HTMLElement,
    ) {
      return this === field ? rect(100, 200, 300, 32) : rect(0, 0, 150, 24);
    });
    offer.show(candidate, { state: 'available', left: 3, site: 's', username: 'u' });
    expect(document.body.innerHTML).toBe(before); // nothing inserted into the page's body
    expect(host().parentNode).toBe(document.documentElement);
    expect(host().style.getPropertyValue('position')).toBe('fixed');
    const left = parseFloat(host().style.getPropertyValue('left'));
    const top = parseFloat(host().style.getPropertyValue('top'));
    expect(left + 150).toBeLessThanOrEqual(400);
    expect(left).toBeGreaterThan(100);
    expect(top).toBe(204); // vertically centred on the 32 px field
  });

  it('a narrow field gets the compact button, still inside it; split boxes get it beside them', () => {
    const { field, candidate } = setup(120);
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: HTMLElement,
    ) {
      return this === field ? rect(100, 200, 120, 32) : rect(0, 0, 60, 24);
    });
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, { state: 'locked' });
    expect(button().getAttribute('aria-label')).toBe(FILL_LABEL);
    expect(button().firstElementChild?.textContent).toBe('Fill');
    expect(parseFloat(offer.host!.style.getPropertyValue('left'))).toBe(100 + 120 - 60 - 4);

    const boxes = [0, 1, 2, 3, 4, 5].map(() => document.createElement('input'));
    document.body.append(...boxes);
    boxes.forEach((b, i) => (b.getBoundingClientRect = () => rect(100 + i * 40, 200, 32, 32)));
    offer.show(
      { element: boxes[0]!, kind: 'split', boxes, score: 1, reasons: [] },
      { state: 'locked' },
    );
    expect(parseFloat(offer.host!.style.getPropertyValue('left'))).toBe(100 + 5 * 40 + 32 + 6);
  });

  it('sits at the field’s inline end on a right-to-left page: its left edge', () => {
    const { field, candidate } = setup();
    field.closest('form')!.setAttribute('dir', 'rtl');
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: HTMLElement,
    ) {
      return this === field ? rect(100, 200, 300, 32) : rect(0, 0, 150, 24);
    });
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, { state: 'available', left: 3, site: 's', username: 'u' });
    expect(parseFloat(offer.host!.style.getPropertyValue('left'))).toBe(104);

    // Split boxes: the last box is the leftmost; the button goes just beyond it.
    const boxes = [0, 1, 2, 3, 4, 5].map(() => document.createElement('input'));
    field.closest('form')!.append(...boxes);
    boxes.forEach((b, i) => (b.getBoundingClientRect = () => rect(500 - i * 40, 200, 32, 32)));
    offer.show(
      { element: boxes[0]!, kind: 'split', boxes, score: 1, reasons: [] },
      { state: 'locked' },
    );
    expect(parseFloat(offer.host!.style.getPropertyValue('left'))).toBe(500 - 5 * 40 - 150 - 6);
  });

  it('ignores untrusted clicks: element.click(), dispatched events', () => {
    const { candidate } = setup();
    const onFill = vi.fn();
    const offer = createOffer(document, { onFill, onLocked: vi.fn() });
    offer.show(candidate, { state: 'available', left: 2, site: 's', username: 'u' });
    button().click();
    button().dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    offer.host!.click();
    expect(onFill).not.toHaveBeenCalled();
  });

  it('fills only from a click that started on our own button', () => {
    const { candidate } = setup();
    const onFill = vi.fn();
    const onLocked = vi.fn();
    const offer = createOffer(document, { onFill, onLocked, trusted: () => true });
    offer.show(candidate, { state: 'available', left: 2, site: 's', username: 'u' });
    // A click aimed at the host (what a page can reach) does nothing.
    offer.host!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onFill).not.toHaveBeenCalled();
    button().querySelector('span')!.click(); // on the label text inside the button
    expect(onFill).toHaveBeenCalledWith(candidate);

    offer.show(candidate, { state: 'locked' });
    button().click();
    expect(onLocked).toHaveBeenCalledTimes(1);
    offer.show(candidate, { state: 'none' });
    button().click();
    offer.show(candidate, { state: 'exhausted', site: 's' });
    button().click();
    expect(onFill).toHaveBeenCalledTimes(1);
    expect(onLocked).toHaveBeenCalledTimes(1);
  });

  it('keeps the focus in the field when the button is pressed', () => {
    const { candidate } = setup();
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, { state: 'available', left: 2, site: 's', username: 'u' });
    const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    button().dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true);
  });

  it('hide() removes it; a detached field hides it on the next position update', () => {
    const { field, candidate } = setup();
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, { state: 'locked' });
    const host = offer.host!;
    offer.hide();
    expect(host.isConnected).toBe(false);
    expect(offer.shownFor).toBeUndefined();
    field.remove();
    offer.show(candidate, { state: 'locked' });
    expect(offer.shownFor).toBeUndefined();
  });

  it('inside a modal dialog, lives in the dialog (the rest of the page is inert)', () => {
    document.body.innerHTML = '<dialog open><input id="c"></dialog>';
    const field = document.querySelector<HTMLInputElement>('#c')!;
    field.getBoundingClientRect = () => rect(10, 10, 300, 30);
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show({ element: field, kind: 'single', score: 1, reasons: [] }, { state: 'locked' });
    expect(offer.host!.parentElement?.localName).toBe('dialog');
  });
});
