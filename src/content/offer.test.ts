// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldCandidate } from './detect';
import { createOffer } from './offer';
import { useEnglishContentText } from './testing/english';
import { alwaysVisible } from './testing/visible';

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
    const offer = createOffer(document, {
      onFill,
      onLocked,
      trusted: () => true,
      guard: alwaysVisible,
    });
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

describe('the account menu (several accounts, the page does not show which)', () => {
  const CHOICES = [
    { accountId: 'a', name: 'alice@gmail.com', left: 3 },
    { accountId: 'b', name: 'bob@example.com', left: 5 },
    { accountId: 'c', name: 'carol', left: 0 },
  ];
  const available = { state: 'available', left: 8, site: '', username: '' } as const;
  const root = () => roots.at(-1)!;
  const menu = () => root().querySelector('[role=menu]');
  const items = () => [...root().querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
  const focused = () => root().activeElement?.textContent;
  const key = (k: string) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
    root().activeElement!.dispatchEvent(e);
    return e;
  };

  function open(trusted = () => true) {
    const { field, candidate } = setup();
    field.focus();
    const onChoose = vi.fn();
    const offer = createOffer(document, {
      onFill: vi.fn(),
      onLocked: vi.fn(),
      trusted,
      guard: alwaysVisible,
    });
    offer.show(candidate, available, { choices: CHOICES, onChoose });
    return { field, candidate, offer, onChoose };
  }

  it('is a menu named "Choose the account" whose items are named by the usernames exactly', () => {
    open();
    expect(menu()?.getAttribute('aria-label')).toBe('Choose the account');
    // The accessible name of a button without aria-label is its text.
    expect(items().map((i) => [i.textContent, i.getAttribute('aria-label')])).toEqual([
      ['alice@gmail.com', null],
      ['bob@example.com', null],
      ['carol', null],
    ]);
    expect(button().getAttribute('aria-label')).toBe(FILL_LABEL);
    expect(button().getAttribute('aria-haspopup')).toBe('menu');
    expect(button().getAttribute('aria-expanded')).toBe('true');
    // An account with nothing left is listed but cannot be chosen, and says why.
    const spent = items()[2]!;
    expect(spent.getAttribute('aria-disabled')).toBe('true');
    expect(root().getElementById(spent.getAttribute('aria-describedby')!)?.textContent).toBe(
      'No codes for this site',
    );
  });

  it('the page can read none of it: the usernames exist only in the closed root', () => {
    const { offer } = open();
    expect(offer.host!.shadowRoot).toBeNull();
    expect(document.documentElement.outerHTML).not.toContain('alice');
    expect(document.documentElement.textContent).not.toContain('bob@example.com');
  });

  it('takes the focus to the first item; arrows, Home and End move it, wrapping', () => {
    open();
    expect(focused()).toBe('alice@gmail.com');
    expect(key('ArrowDown').defaultPrevented).toBe(true);
    expect(focused()).toBe('bob@example.com');
    key('ArrowDown');
    expect(focused()).toBe('carol');
    key('ArrowDown');
    expect(focused()).toBe('alice@gmail.com');
    key('ArrowUp');
    expect(focused()).toBe('carol');
    key('Home');
    expect(focused()).toBe('alice@gmail.com');
    key('End');
    expect(focused()).toBe('carol');
    // Other keys are left to the browser (Enter and Space press the focused item).
    expect(key('a').defaultPrevented).toBe(false);
  });

  it('a choice gives the focus back to the field, closes the menu and fills that account', () => {
    const { field, candidate, onChoose, offer } = open();
    items()[1]!.click();
    expect(onChoose).toHaveBeenCalledWith(candidate, 'b');
    expect(document.activeElement).toBe(field);
    expect(menu()).toBeNull();
    expect(offer.shownFor).toBe(candidate); // the button stays while the field has focus
  });

  it('an account without codes cannot be chosen', () => {
    const { onChoose } = open();
    items()[2]!.click();
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('Escape closes the menu, back in the field; the button stays', () => {
    const { field, onChoose, offer, candidate } = open();
    key('Escape');
    expect(document.activeElement).toBe(field);
    expect(menu()).toBeNull();
    expect(offer.shownFor).toBe(candidate);
    expect(button().getAttribute('aria-expanded')).toBeNull();
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('focus going elsewhere on the page closes menu and button', () => {
    const { offer } = open();
    const other = document.createElement('input');
    document.body.append(other);
    other.focus();
    expect(offer.host).toBeUndefined();
    expect(offer.shownFor).toBeUndefined();
  });

  it('untrusted clicks and keys do nothing', () => {
    const { onChoose } = open(() => false);
    items()[0]!.click();
    items()[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(onChoose).not.toHaveBeenCalled();
    key('ArrowDown');
    expect(focused()).toBe('alice@gmail.com');
  });

  it('starts on the first account that can be chosen', () => {
    const { candidate } = setup();
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, available, {
      choices: [CHOICES[2]!, CHOICES[1]!],
      onChoose: vi.fn(),
    });
    expect(focused()).toBe('bob@example.com');
  });

  it('stays in the window: upwards near the bottom, rightwards near the left edge', () => {
    const { field, candidate } = setup();
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: HTMLElement,
    ) {
      // The menu, as it would lay out under the button, starting left of the window.
      if (this.id === 'm') return rect(-80, window.innerHeight, 200, 90);
      return rect(0, 0, 60, 24);
    });
    field.getBoundingClientRect = () => rect(0, window.innerHeight - 40, 120, 32);
    const offer = createOffer(document, { onFill: vi.fn(), onLocked: vi.fn() });
    offer.show(candidate, available, { choices: CHOICES, onChoose: vi.fn() });
    expect([...menu()!.classList]).toEqual(['m', 'u', 'l']);
    // Where it fits, it stays under the button, aligned to its right edge.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: HTMLElement,
    ) {
      if (this.id === 'm') return rect(400, 140, 200, 90);
      return rect(0, 0, 60, 24);
    });
    field.getBoundingClientRect = () => rect(300, 100, 300, 32);
    offer.show(candidate, available, { choices: CHOICES, onChoose: vi.fn() });
    expect([...menu()!.classList]).toEqual(['m']);
  });
});
