// A small notice at the bottom right of the page ("Marked as used · Undo"),
// in a closed shadow root. It announces itself politely to screen readers,
// its action is a real button (keyboard reachable, Escape dismisses), and it
// goes away by itself unless the pointer or the focus is on it.
import { createSurface, type Surface } from './surface';

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
  const trusted = options.trusted ?? ((e: Event) => e.isTrusted);
  const surface = createSurface(doc, CSS);
  const { host, root } = surface;
  host.style.setProperty('right', '16px', 'important');
  host.style.setProperty('bottom', '16px', 'important');

  const box = doc.createElement('div');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  const text = doc.createElement('span');
  text.textContent = options.message;
  box.append(text);
  root.append(box);

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
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    text.after(' · ', button);
    let done = false;
    button.addEventListener('click', (e) => {
      if (done || !trusted(e) || !surface.owns(e)) return;
      done = true;
      button.disabled = true;
      action.run().then(
        (msg) => {
          text.textContent = msg;
          button.remove();
          box.firstChild?.nextSibling?.remove(); // the " · "
          startTimer(2500);
        },
        (err: unknown) => {
          text.textContent = err instanceof Error ? err.message : 'That did not work.';
          done = false;
          button.disabled = false;
        },
      );
    });
  }

  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && trusted(e)) toast.close();
  });
  box.addEventListener('pointerenter', stopTimer);
  box.addEventListener('pointerleave', () => startTimer());
  box.addEventListener('focusin', stopTimer);
  box.addEventListener('focusout', () => startTimer());

  startTimer();
  current = toast;
  return toast;
}
