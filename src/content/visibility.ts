// Is a click on our inline button one the person meant? (docs/security.md,
// "Clickjacking the inline button".) The button's host element lives in the
// page's DOM, so the page can make it transparent, move it under the cursor or
// lay its own picture over it. As browsers do for permission prompts, a click
// counts only when the button has been visible and unobscured for
// MIN_VISIBLE_MS and the click point really hits it:
//
// - IntersectionObserver v2 (`trackVisibility`, Chromium) reports whether the
//   browser itself saw the host unoccluded, untransformed and fully opaque;
//   the time counts from its last "visible" report;
// - where it is missing (Firefox), the time counts from when the button was
//   shown or its host's attributes last changed;
// - in both, at the click: the host and every ancestor are rendered, opaque
//   and unfiltered, and `elementsFromPoint` at the click point finds our host
//   first (a keyboard press on the focused button has no point to check).

/** How long the button must have been visible before a click counts (ms). */
export const MIN_VISIBLE_MS = 500;

export interface VisibilityGuard {
  /** True when `event`, a click on `target` (our button or menu item), may act. */
  accepts(event: MouseEvent, target: Element): boolean;
  stop(): void;
}

type V2Entry = IntersectionObserverEntry & { isVisible?: boolean };

/** The host and its ancestors (across shadow roots) all rendered, opaque and unfiltered. */
function styleVisible(host: Element, win: Window): boolean {
  for (let el: Element | null = host; el;) {
    const s = win.getComputedStyle(el);
    if (
      s.display === 'none' ||
      s.visibility === 'hidden' ||
      s.visibility === 'collapse' ||
      (s.opacity !== '' && Number(s.opacity) < 1) ||
      (s.filter && s.filter !== 'none') ||
      (s.clipPath && s.clipPath !== 'none') ||
      (s.maskImage && s.maskImage !== 'none')
    )
      return false;
    const parent: Element | null = el.parentElement;
    el = parent ?? ((el.getRootNode() as ShadowRoot).host || null);
  }
  return true;
}

export function guardVisibility(
  host: HTMLElement,
  win: Window,
  now: () => number = () => win.performance.now(),
): VisibilityGuard {
  const g = win as unknown as typeof globalThis;
  let since: number | null = now();
  let io: IntersectionObserver | undefined;
  try {
    const observer = new g.IntersectionObserver(
      (entries: IntersectionObserverEntry[]) => {
        const last = entries.at(-1) as V2Entry | undefined;
        if (last?.isVisible === false) since = null;
        else if (last?.isVisible) since ??= now();
      },
      { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    // Read back: only a browser with v2 keeps the option.
    if ((observer as { trackVisibility?: boolean }).trackVisibility) {
      since = null; // until the browser first reports it visible
      observer.observe(host);
      io = observer;
    } else observer.disconnect();
  } catch {
    // No IntersectionObserver: the time counts from the show and the attribute watch below.
  }
  // The page restyling or moving our host (and our own re-placing on scroll)
  // restarts the wait.
  const mo = new g.MutationObserver(() => {
    if (since !== null || !io) since = now();
  });
  mo.observe(host, { attributes: true });

  return {
    accepts(event, target) {
      if (since === null || now() - since < MIN_VISIBLE_MS) return false;
      if (!styleVisible(host, win)) return false;
      if (event.detail === 0) return true; // a key press on the focused button
      const r = target.getBoundingClientRect();
      const { clientX: x, clientY: y } = event;
      if (x < r.left || x > r.right || y < r.top || y > r.bottom) return false;
      return host.ownerDocument.elementsFromPoint(x, y)[0] === host;
    },
    stop() {
      io?.disconnect();
      mo.disconnect();
    },
  };
}
