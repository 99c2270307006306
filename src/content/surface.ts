import { contentWords } from '../platform/content-i18n';

// A piece of Backstop UI on a web page: a host element with a *closed*
// shadow root, so page scripts can neither read nor click what is inside, and
// page CSS cannot restyle it. Shared by the inline button and the toast.

// Inline `all:initial!important` beats every page stylesheet and the UA's
// popover styles; `position: fixed` takes the host out of the flow so the page
// layout never shifts.
const HOST_STYLE = 'all:initial!important;position:fixed!important;z-index:2147483647!important;';

const BASE_CSS =
  '*{font:12px system-ui,sans-serif;box-sizing:border-box}' +
  'button{cursor:pointer;border-radius:6px;border:1px solid #8888;padding:2px 8px;background:#fff;color:#222}';

export interface Surface {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** Moves the host to viewport coordinates. */
  place(left: number, top: number): void;
  /**
   * True when `event` started on one of our own elements: page scripts
   * cannot reach into a closed root, so they cannot dispatch events there.
   */
  owns(event: Event): boolean;
  remove(): void;
}

/**
 * Only a trusted event (made by the browser for a real person's input) may
 * start anything; page scripts can dispatch look-alikes. Unit tests inject
 * their own check because jsdom cannot make trusted events.
 */
export const isTrusted = (e: Event) => e.isTrusted;

type PopoverHost = HTMLElement & { popover?: string | null; showPopover?: () => void };

/** One of our elements, with properties and attributes set. */
export function make<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const el = Object.assign(doc.createElement(tag), props);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/**
 * A new surface on `doc` (inside `parent` when given) with `css` for its
 * content; `at` is more inline style for the host (where it sits).
 */
export function createSurface(
  doc: Document,
  css: string,
  parent?: Element | null,
  at = '',
): Surface {
  const host = doc.createElement('div') as PopoverHost;
  // In the Language setting; `all: initial` leaves `direction` alone, so the content follows `dir`.
  const words = contentWords();
  if (words) {
    host.lang = words.lang;
    host.dir = words.dir;
  }
  const style = (more: string) => (host.style.cssText = HOST_STYLE + more);
  style(at);
  const root = host.attachShadow({ mode: 'closed' });
  root.append(make(doc, 'style', { textContent: BASE_CSS + css }));
  (parent ?? doc.documentElement).append(host);
  // The top layer keeps us above the page's own stacking contexts and
  // transforms. A modal <dialog> makes everything outside it inert, so inside
  // one the host is appended to the dialog instead (see offer.ts).
  try {
    host.popover = 'manual';
    host.showPopover?.();
  } catch {
    // Not fully active or already open: fixed positioning still works.
  }
  return {
    host,
    root,
    place(left, top) {
      style(`left:${Math.round(left)}px!important;top:${Math.round(top)}px!important`);
    },
    owns(event) {
      // No `instanceof Node`: in Firefox the node may come through an Xray wrapper.
      const first = event.composedPath()[0] as Node | undefined;
      return typeof first?.nodeType === 'number' && first !== host && root.contains(first);
    },
    remove() {
      host.remove();
    },
  };
}
