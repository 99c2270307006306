// A small notice at the bottom right of the page ("Marked as used · Undo"),
// in a closed shadow root. It announces itself politely to screen readers,
// its action is a real button (keyboard reachable, Escape dismisses), and it
// goes away by itself unless the pointer or the focus is on it.
import { contentText, contentWords } from '../platform/content-i18n';
import { createSurface, isTrusted, make, type Surface } from './surface';

export interface ToastAction {
  label: string;
  /** Runs on a trusted activation of the action button; resolves to a follow-up message. */
  run: () => Promise<string>;
}

export interface ToastOptions {
  message: string;
  action?: ToastAction;
  /** Default 8 s. */
  timeoutMs?: number;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
}

export interface Toast {
  readonly surface: Surface;
  close(): void;
}

const CSS =
  'div{display:flex;gap:8px;align-items:center;padding:8px 12px;border-radius:8px;background:#222;color:#fff}';

let current: Toast | undefined;

export function showToast(doc: Document, options: ToastOptions): Toast {
  current?.close();
  const trusted = options.trusted ?? isTrusted;
  const surface = createSurface(doc, CSS, null, 'right:16px!important;bottom:16px!important');
  const box = make(doc, 'div', {}, { role: 'status', 'aria-live': 'polite' });
  const text = make(doc, 'span', { textContent: options.message });
  box.append(text);
  surface.root.append(box);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopTimer = () => clearTimeout(timer);
  const startTimer = (ms = options.timeoutMs ?? 8000) => {
    stopTimer();
    timer = setTimeout(() => toast.close(), ms);
  };
  const toast: Toast = {
    surface,
    close() {
      stopTimer();
      surface.remove();
      if (current === toast) current = undefined;
    },
  };

  const action = options.action;
  if (action) {
    const dot = doc.createTextNode(' · ');
    const button = make(doc, 'button', {
      type: 'button',
      textContent: action.label,
      onclick: (e) => {
        // Disabled while it runs: a double click runs it once.
        if (button.disabled || !trusted(e) || !surface.owns(e)) return;
        button.disabled = true;
        action.run().then(
          (msg) => {
            text.textContent = msg;
            button.remove();
            dot.remove();
            startTimer(2500);
          },
          (err: unknown) => {
            // The background explains in English: an English page shows its reason as is,
            // any other language says it failed in its own words.
            const english = /^en\b/i.test(contentWords()?.lang ?? 'en');
            text.textContent =
              english && err instanceof Error && err.message
                ? err.message
                : contentText('ActionFailed');
            button.disabled = false;
          },
        );
      },
    });
    text.after(dot, button);
  }

  box.onkeydown = (e) => {
    if (e.key === 'Escape' && trusted(e)) toast.close();
  };
  // Stays while the pointer or the focus is on it.
  const restart = () => startTimer();
  for (const [type, fn] of [
    ['pointerenter', stopTimer],
    ['focusin', stopTimer],
    ['pointerleave', restart],
    ['focusout', restart],
  ] as const)
    box.addEventListener(type, fn);

  startTimer();
  current = toast;
  return toast;
}
