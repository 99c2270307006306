// The inline "Fill backup code" button beside a focused backup-code field.
//
// It lives in a closed shadow root (surface.ts) and fills only from its own
// click listener when the click is trusted and started on our own button:
// a page can dispatch synthetic events, call click() on our host, or draw a
// look-alike button, and none of that reaches `onFill`.
import type { FieldCandidate } from './detect';
import type { FieldOffer } from '../messages';
import { createSurface, type Surface } from './surface';

export const FILL_LABEL = 'Fill backup code';

export interface OfferOptions {
  onFill: (candidate: FieldCandidate) => void;
  /** The vault is locked: the person has to unlock from the toolbar icon. */
  onLocked: () => void;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
}

export interface Offer {
  show(candidate: FieldCandidate, state: FieldOffer): void;
  hide(): void;
  /** The candidate the button is shown for, if any. */
  readonly shownFor: FieldCandidate | undefined;
  /** Our host element while shown (focus moving into it is not a blur of the field). */
  readonly host: HTMLElement | undefined;
}

const CSS = 'button{display:flex;gap:6px;white-space:nowrap}.s{opacity:.7}';

function secondary(state: FieldOffer): string {
  if (state.state === 'locked') return 'Unlock Backstop';
  if (state.state === 'none') return 'No codes for this site';
  return `${state.left} left`;
}

export function createOffer(doc: Document, options: OfferOptions): Offer {
  const trusted = options.trusted ?? ((e: Event) => e.isTrusted);
  let surface: Surface | undefined;
  let shownFor: FieldCandidate | undefined;
  let state: FieldOffer = { state: 'none' };
  let frame = 0;
  const win = doc.defaultView;

  const anchorOf = (c: FieldCandidate) => c.boxes?.[c.boxes.length - 1] ?? c.element;

  const position = () => {
    frame = 0;
    if (!surface || !shownFor) return;
    const anchor = anchorOf(shownFor);
    const r = anchor.getBoundingClientRect();
    if (!anchor.isConnected || (r.width === 0 && r.height === 0)) return offer.hide();
    const own = surface.host.getBoundingClientRect();
    // Inside the field's right edge, where it covers none of the page's own
    // controls; split boxes leave no room inside, so it goes just after the last.
    const left = shownFor.kind === 'single' ? r.right - own.width - 4 : r.right + 6;
    const top = r.top + (r.height - own.height) / 2;
    const maxLeft = (win?.innerWidth ?? left + own.width) - own.width - 2;
    surface.place(Math.max(0, Math.min(left, maxLeft)), Math.max(0, top));
  };
  const schedule = () => {
    if (!frame) frame = win?.requestAnimationFrame?.(position) ?? 0;
  };

  const render = (candidate: FieldCandidate) => {
    const s = createSurface(doc, CSS, candidate.element.closest('dialog[open]'));
    // A narrow field gets the compact button: the label is hidden (it stays the accessible name).
    const rect = candidate.element.getBoundingClientRect();
    const compact = candidate.kind === 'single' && rect.width < 260;
    const button = doc.createElement('button');
    button.type = 'button';
    // The accessible name stays exactly "Fill backup code" (DESIGN §5); the
    // state is its description.
    button.setAttribute('aria-label', FILL_LABEL);
    button.setAttribute('aria-describedby', 's');
    if (state.state === 'none') button.setAttribute('aria-disabled', 'true');
    const main = doc.createElement('span');
    main.textContent = compact ? 'Fill' : FILL_LABEL;
    const sub = doc.createElement('span');
    sub.id = 's';
    sub.className = 's';
    sub.textContent = secondary(state);
    button.append(main, sub);
    // Keep the focus (and the caret) in the field when the button is pressed.
    button.addEventListener('mousedown', (e) => e.preventDefault());
    button.addEventListener('click', (e) => {
      if (!trusted(e) || !s.owns(e) || shownFor !== candidate) return;
      if (state.state === 'locked') options.onLocked();
      else if (state.state === 'available') options.onFill(candidate);
    });
    s.root.append(button);
    return s;
  };

  const offer: Offer = {
    show(candidate, next) {
      state = next;
      surface?.remove();
      shownFor = candidate;
      surface = render(candidate);
      position();
      if (!surface) return;
      win?.addEventListener('scroll', schedule, { capture: true, passive: true });
      win?.addEventListener('resize', schedule, { passive: true });
    },
    hide() {
      if (frame) win?.cancelAnimationFrame?.(frame);
      frame = 0;
      surface?.remove();
      surface = undefined;
      shownFor = undefined;
      win?.removeEventListener('scroll', schedule, { capture: true });
      win?.removeEventListener('resize', schedule);
    },
    get shownFor() {
      return shownFor;
    },
    get host() {
      return surface?.host;
    },
  };
  return offer;
}
