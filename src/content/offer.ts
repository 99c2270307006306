// The inline "Fill backup code" button beside a focused backup-code field.
//
// It lives in a closed shadow root (surface.ts) and fills only from its own
// click listener when the click is trusted and started on our own button:
// a page can dispatch synthetic events, call click() on our host, or draw a
// look-alike button, and none of that reaches `onFill`.
import type { FieldCandidate } from './detect';
import type { FieldOffer } from '../messages';
import { contentText } from '../platform/content-i18n';
import { createSurface, isTrusted, make, type Surface } from './surface';

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
  if (state.state === 'locked') return contentText('Unlock');
  if (state.state === 'available') return contentText('CodesLeft', state.left);
  // `exhausted`: accounts match but every code is spent (`none` is never shown).
  return contentText('NoCodes');
}

export function createOffer(doc: Document, options: OfferOptions): Offer {
  const trusted = options.trusted ?? isTrusted;
  let surface: Surface | undefined;
  let shownFor: FieldCandidate | undefined;
  let state: FieldOffer = { state: 'none' };
  let frame = 0;
  const win = doc.defaultView;

  const anchorOf = (c: FieldCandidate) => c.boxes?.at(-1) ?? c.element;

  const position = () => {
    frame = 0;
    if (!surface || !shownFor) return;
    const anchor = anchorOf(shownFor);
    const r = anchor.getBoundingClientRect();
    if (!anchor.isConnected || (r.width === 0 && r.height === 0)) return offer.hide();
    const own = surface.host.getBoundingClientRect();
    // At the field's inline end (the right, or the left on a right-to-left page), inside it,
    // where it covers none of the page's own controls; split boxes leave no room inside, so it
    // goes just after the last one.
    const rtl =
      (win?.getComputedStyle(anchor).direction || anchor.closest('[dir]')?.getAttribute('dir')) ===
      'rtl';
    const single = shownFor.kind === 'single';
    const left = rtl
      ? single
        ? r.left + 4
        : r.left - own.width - 6
      : single
        ? r.right - own.width - 4
        : r.right + 6;
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
    const compact =
      candidate.kind === 'single' && candidate.element.getBoundingClientRect().width < 260;
    // The accessible name stays exactly "Fill backup code" in English
    // (docs/design.md §5); the state is its description.
    const label = contentText('FillButton');
    const button = make(
      doc,
      'button',
      {
        type: 'button',
        // Keep the focus (and the caret) in the field when the button is pressed.
        onmousedown: (e) => e.preventDefault(),
        onclick: (e) => {
          if (!trusted(e) || !s.owns(e) || shownFor !== candidate) return;
          if (state.state === 'locked') options.onLocked();
          else if (state.state === 'available') options.onFill(candidate);
        },
      },
      {
        'aria-label': label,
        'aria-describedby': 's',
        ...(state.state === 'available' || state.state === 'locked'
          ? {}
          : { 'aria-disabled': 'true' }),
      },
    );
    button.append(
      make(doc, 'span', { textContent: compact ? contentText('FillShort') : label }),
      make(doc, 'span', { id: 's', className: 's', textContent: secondary(state) }),
    );
    s.root.append(button);
    return s;
  };

  let listening: AbortController | undefined;
  const offer: Offer = {
    show(candidate, next) {
      state = next;
      surface?.remove();
      shownFor = candidate;
      surface = render(candidate);
      position();
      if (!surface || listening) return;
      listening = new AbortController();
      const opts = { capture: true, passive: true, signal: listening.signal };
      win?.addEventListener('scroll', schedule, opts);
      win?.addEventListener('resize', schedule, opts);
    },
    hide() {
      if (frame) win?.cancelAnimationFrame?.(frame);
      frame = 0;
      surface?.remove();
      surface = shownFor = undefined;
      listening?.abort();
      listening = undefined;
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
