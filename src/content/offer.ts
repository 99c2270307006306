// The inline "Fill backup code" button beside a focused backup-code field,
// and under it, when several accounts may fill the field and the page does
// not show which one it is for, the menu of those accounts (docs/design.md §5).
//
// Both live in a closed shadow root (surface.ts) and act only from their own
// listeners on trusted events that started on our own elements: a page can
// dispatch synthetic events, call click() on our host, or draw a look-alike
// button, and none of that reaches `onFill` or a menu choice. The page cannot
// read the menu's usernames either: they exist only inside the closed root.
// Nor does a real click while the page hides or covers them (visibility.ts).
import type { FieldCandidate } from './detect';
import type { AccountChoice, FieldOffer } from '../messages';
import { contentText } from '../platform/content-i18n';
import { createSurface, isTrusted, make, type Surface } from './surface';
import { guardVisibility, type VisibilityGuard } from './visibility';

export interface OfferOptions {
  onFill: (candidate: FieldCandidate) => void;
  /** The vault is locked: the person has to unlock from the toolbar icon. */
  onLocked: () => void;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
  /** Injected by unit tests (jsdom has no layout): the clickjacking guard. */
  guard?: typeof guardVisibility;
}

/** The account menu: its items, and what a choice of one does. */
export interface ChoiceMenu {
  choices: AccountChoice[];
  onChoose: (candidate: FieldCandidate, accountId: string) => void;
}

export interface Offer {
  /**
   * Shows the button for `candidate` (replacing what was shown); with `menu`,
   * the account menu opens under it with the focus on its first item that
   * can be chosen.
   */
  show(candidate: FieldCandidate, state: FieldOffer, menu?: ChoiceMenu): void;
  hide(): void;
  /** The candidate the button is shown for, if any. */
  readonly shownFor: FieldCandidate | undefined;
  /** Our host element while shown (focus moving into it is not a blur of the field). */
  readonly host: HTMLElement | undefined;
}

const CSS =
  'button{display:flex;gap:6px;white-space:nowrap}.s{opacity:.7}.w{position:relative}' +
  '.m{position:absolute;right:0;top:calc(100% + 4px);display:grid;min-width:100%;padding:4px;' +
  'background:#fff;border:1px solid #8888;border-radius:6px;box-shadow:0 2px 8px #0003}' +
  '.m.u{top:auto;bottom:calc(100% + 4px)}.m.l{right:auto;left:0}.m button{border:0;padding:4px 8px}' +
  '.m button:focus,.m button:hover{background:#e3ebfb;outline:0}.m [aria-disabled]{opacity:.5}';

function secondary(state: FieldOffer): string {
  if (state.state === 'locked') return contentText('Unlock');
  if (state.state === 'available') return contentText('CodesLeft', state.left);
  // `exhausted`: accounts match but every code is spent (`none` is never shown).
  return contentText('NoCodes');
}

export function createOffer(doc: Document, options: OfferOptions): Offer {
  const trusted = options.trusted ?? isTrusted;
  const guard = options.guard ?? guardVisibility;
  let surface: Surface | undefined;
  let visible: VisibilityGuard | undefined;
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
    // A menu that would run off the bottom of the window opens upwards; off
    // its left edge (a field at the far left, long usernames), rightwards.
    const menu = surface.root.getElementById('m');
    const m = menu?.getBoundingClientRect();
    if (m && win && top + own.height + m.height > win.innerHeight) menu!.classList.add('u');
    if (m && m.left < 0) menu!.classList.add('l');
  };
  const schedule = () => {
    if (!frame) frame = win?.requestAnimationFrame?.(position) ?? 0;
  };

  /** The menu of `menu.choices`, inside surface `s`, for `candidate`. */
  const renderMenu = (s: Surface, candidate: FieldCandidate, menu: ChoiceMenu) => {
    const usable = (c: AccountChoice) => c.left > 0;
    const items = menu.choices.map((c) =>
      make(
        doc,
        'button',
        {
          type: 'button',
          tabIndex: -1,
          // The accessible name is exactly the username (docs/design.md §5).
          textContent: c.name,
          onclick: (e) => {
            if (!trusted(e) || !s.owns(e) || shownFor !== candidate || !usable(c)) return;
            if (!visible?.accepts(e, e.currentTarget as Element)) return;
            // Back to the field (which closes the menu), then fill it.
            candidate.element.focus();
            menu.onChoose(candidate, c.accountId);
          },
        },
        {
          role: 'menuitem',
          ...(usable(c) ? {} : { 'aria-disabled': 'true', 'aria-describedby': 'n' }),
        },
      ),
    );
    const list = make(
      doc,
      'div',
      {
        id: 'm',
        className: 'm',
        onkeydown: (e) => {
          if (!trusted(e)) return;
          const at = items.indexOf(s.root.activeElement as HTMLButtonElement);
          const to = (i: number) => items[(i + items.length) % items.length]?.focus();
          if (e.key === 'ArrowDown') to(at + 1);
          else if (e.key === 'ArrowUp') to(at - 1);
          else if (e.key === 'Home') to(0);
          else if (e.key === 'End') to(-1);
          // Escape and Tab close the menu: the focus goes back to the field.
          else if (e.key === 'Escape' || e.key === 'Tab') candidate.element.focus();
          else return;
          e.preventDefault();
        },
      },
      { role: 'menu', 'aria-label': contentText('ChooseAccount') },
    );
    // Focus leaving the menu: back in the field, the button stays and the menu
    // closes; anywhere else, both go.
    list.addEventListener('focusout', (e) => {
      const next = e.relatedTarget as Node | null;
      if ((next && s.root.contains(next)) || surface !== s) return;
      const field =
        next === candidate.element || candidate.boxes?.includes(next as HTMLInputElement);
      if (next && field) offer.show(candidate, state);
      else offer.hide();
    });
    list.append(...items);
    return { list, first: items.find((_, i) => usable(menu.choices[i]!)) };
  };

  const render = (candidate: FieldCandidate, menu?: ChoiceMenu) => {
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
          if (!visible?.accepts(e, e.currentTarget as Element)) return;
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
        ...(menu ? { 'aria-haspopup': 'menu', 'aria-expanded': 'true', 'aria-controls': 'm' } : {}),
      },
    );
    button.append(
      make(doc, 'span', { textContent: compact ? contentText('FillShort') : label }),
      make(doc, 'span', { id: 's', className: 's', textContent: secondary(state) }),
    );
    const wrap = make(doc, 'div', { className: 'w' });
    wrap.append(button);
    s.root.append(wrap);
    if (!menu) return { s };
    const { list, first } = renderMenu(s, candidate, menu);
    // Why an item cannot be chosen, for assistive technology (aria-describedby).
    wrap.append(
      list,
      make(doc, 'span', {
        id: 'n',
        hidden: true,
        textContent: secondary({ state: 'exhausted', site: '' }),
      }),
    );
    return { s, first };
  };

  let listening: AbortController | undefined;
  const offer: Offer = {
    show(candidate, next, menu) {
      state = next;
      const old = surface;
      visible?.stop();
      shownFor = candidate;
      const { s, first } = render(candidate, menu);
      surface = s;
      // Removed after the new one is in: focus leaving the old menu then finds the new surface.
      old?.remove();
      position();
      // position() hides it again when the field is gone.
      visible = surface && win ? guard(surface.host, win) : undefined;
      first?.focus();
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
      visible?.stop();
      surface = shownFor = visible = undefined;
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
