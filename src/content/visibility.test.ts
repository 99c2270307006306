// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { guardVisibility, MIN_VISIBLE_MS } from './visibility';

/** A host with a button in a closed root, a settable clock and a stubbed hit test. */
function setup() {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'closed' });
  const button = document.createElement('button');
  root.append(button);
  document.body.append(host);
  button.getBoundingClientRect = () => ({ left: 10, top: 10, right: 110, bottom: 40 }) as DOMRect;
  let top: Element = host;
  document.elementsFromPoint = () => [top];
  const clock = { t: 1000 };
  const raw = guardVisibility(host, window, () => clock.t);
  const guard = { accepts: (e: MouseEvent) => raw.accepts(e, button) };
  const click = (x = 50, y = 20, detail = 1) =>
    new MouseEvent('click', { clientX: x, clientY: y, detail });
  return { host, guard, clock, click, cover: (el: Element) => (top = el) };
}

afterEach(() => document.body.replaceChildren());

describe('the inline button accepts a click only when it was plainly visible', () => {
  it('not before it has been shown for the minimum time', () => {
    const { guard, clock, click } = setup();
    expect(guard.accepts(click())).toBe(false);
    clock.t += MIN_VISIBLE_MS - 1;
    expect(guard.accepts(click())).toBe(false);
    clock.t += 1;
    expect(guard.accepts(click())).toBe(true);
  });

  it('a page restyling or moving the host restarts the wait', async () => {
    const { guard, host, clock, click } = setup();
    clock.t += MIN_VISIBLE_MS;
    host.style.left = '300px';
    await Promise.resolve(); // mutation records are delivered as a microtask
    expect(guard.accepts(click())).toBe(false);
    clock.t += MIN_VISIBLE_MS;
    expect(guard.accepts(click())).toBe(true);
  });

  it.each([
    ['transparent host', 'opacity:0.01'],
    ['hidden host', 'visibility:hidden'],
    ['filtered host', 'filter:opacity(0)'],
    ['clipped host', 'clip-path:inset(50%)'],
  ])('refuses a %s', (_, css) => {
    const { guard, host, clock, click } = setup();
    clock.t += MIN_VISIBLE_MS;
    host.setAttribute('style', css);
    clock.t += MIN_VISIBLE_MS; // even after the wait
    expect(guard.accepts(click())).toBe(false);
  });

  it('refuses when an ancestor is transparent', () => {
    const { guard, clock, click } = setup();
    clock.t += MIN_VISIBLE_MS;
    document.body.style.opacity = '0';
    try {
      expect(guard.accepts(click())).toBe(false);
    } finally {
      document.body.style.opacity = '';
    }
  });

  it('refuses a click point outside the button or on something laid over it', () => {
    const { guard, clock, click, cover } = setup();
    clock.t += MIN_VISIBLE_MS;
    expect(guard.accepts(click(200, 20))).toBe(false);
    cover(document.body);
    expect(guard.accepts(click())).toBe(false);
  });

  it('a key press on the focused button has no point to check', () => {
    const { guard, clock, click, cover } = setup();
    cover(document.body);
    clock.t += MIN_VISIBLE_MS;
    expect(guard.accepts(click(0, 0, 0))).toBe(true);
  });
});
