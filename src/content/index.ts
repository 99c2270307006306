// Content script entry (every frame, document_idle): collect → qualify →
// offer → fill → watch submit.
//
// What it never does: read the vault, decide whether this origin may get a
// code (the background decides from `sender`), or listen to the page's
// `postMessage`. Fills start only from our own button's trusted click or from
// the background (keyboard command, context menu, popup).
import { BackstopError } from '../core/errors';
import type { FieldOffer, FillInstruction } from '../messages';
import { ask, contentRuntime, serveBackground, type ContentHandlers } from './channel';
import { findBackupCodeFields, type FieldCandidate } from './detect';
import { watchForFields } from './detect/observe';
import { fillable, fillField } from './fill';
import { createOffer } from './offer';
import { showToast } from './toast';
import { watchSubmit } from './watch';

export interface ContentDeps {
  ask: typeof ask;
  /** The frame's origin is opaque (sandboxed frame, data: URL). */
  sandboxed: boolean;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
}

export interface ContentController {
  handlers: ContentHandlers;
  stop(): void;
}

const UNLOCK_HINT = 'Click the Backstop icon in the toolbar to unlock.';

function messageOf(e: unknown): string {
  return e instanceof BackstopError ? e.message : 'Backstop could not fill this field.';
}

/** The focused element, looking into open shadow roots. */
function deepActive(doc: Document): Element | null {
  let a = doc.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export function startContent(doc: Document, deps: ContentDeps): ContentController {
  const { sandboxed } = deps;
  const trusted = deps.trusted ?? ((e: Event) => e.isTrusted);
  const ac = new AbortController();
  let fields: FieldCandidate[] = [];
  let busy = false;
  let stopWatch: (() => void) | undefined;

  const toast = (message: string, action?: Parameters<typeof showToast>[1]['action']) =>
    showToast(doc, { message, action, trusted });

  const offer = createOffer(doc, {
    trusted,
    onFill: (c) => void fill(c),
    onLocked: () => toast(UNLOCK_HINT),
  });

  const candidateOf = (t: unknown) =>
    fields.find((c) => c.element === t || c.boxes?.includes(t as HTMLInputElement));

  const report = async (): Promise<FieldOffer> => {
    fields = fields.filter((c) => c.element.isConnected);
    try {
      return await deps.ask('page.fieldFound', { hasField: fields.length > 0, sandboxed });
    } catch {
      return { state: 'none' };
    }
  };

  /** Shows the button for `c` with a fresh state (unlocking or a fill elsewhere changes it). */
  const offerFor = async (c: FieldCandidate) => {
    const state = await report();
    const active = deepActive(doc);
    const focused = active === c.element || c.boxes?.includes(active as HTMLInputElement);
    // No matching account (or an origin that may not get codes): no button at all.
    if (state.state === 'none' || !focused || !fields.includes(c)) return;
    offer.show(c, state);
  };

  const undoFill = async (claim: FillInstruction, done: string) => {
    await deps.ask('page.undoFill', { accountId: claim.accountId, codeId: claim.codeId });
    return done;
  };

  const submitted = async (claim: FillInstruction) => {
    try {
      await deps.ask('page.submitted', { accountId: claim.accountId, codeId: claim.codeId });
    } catch {
      return; // The vault locked meanwhile: the code stays `filled`, never handed out again.
    }
    toast('Marked as used', {
      label: 'Undo',
      run: () => undoFill(claim, 'No longer marked as used.'),
    });
  };

  async function fill(c: FieldCandidate, accountId?: string): Promise<boolean> {
    if (busy || sandboxed || !fillable(c)) return false;
    busy = true;
    try {
      const claim = await deps.ask('page.claimCode', { accountId, sandboxed });
      const result = await fillField(c, claim.code);
      if (!result.ok) {
        if (result.reason !== 'reverted') {
          // Nothing reached the page: give the code back right away.
          await undoFill(claim, '').catch(() => {});
          toast('This field does not take a code of this length.');
        } else {
          toast('The page did not accept the code.', {
            label: 'Undo',
            run: () => undoFill(claim, 'The code is unused again.'),
          });
        }
        return false;
      }
      stopWatch?.();
      stopWatch = watchSubmit(c, claim.code, () => void submitted(claim), { trusted });
      if (offer.shownFor === c) {
        offer.show(
          c,
          claim.left > 0
            ? { state: 'available', left: claim.left, site: '', username: '' }
            : { state: 'none' },
        );
      }
      return true;
    } catch (e) {
      toast(e instanceof BackstopError && e.code === 'locked' ? UNLOCK_HINT : messageOf(e));
      return false;
    } finally {
      busy = false;
    }
  }

  // Focus tracking starts with the first field found.
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    const on = <K extends keyof DocumentEventMap>(type: K, fn: (e: DocumentEventMap[K]) => void) =>
      doc.addEventListener(type, fn, { capture: true, signal: ac.signal });
    on('focusin', (e) => {
      const c = candidateOf(e.composedPath()[0]);
      if (c && trusted(e) && offer.shownFor !== c) void offerFor(c);
    });
    // An autofocused field got its focus before we were here: a click shows the button.
    on('click', (e) => {
      const c = candidateOf(e.composedPath()[0]);
      if (c && trusted(e) && offer.shownFor !== c) void offerFor(c);
    });
    on('focusout', (e) => {
      const c = candidateOf(e.composedPath()[0]);
      if (!c || offer.shownFor !== c) return;
      const next = e.relatedTarget;
      if (next && (next === offer.host || candidateOf(next) === c)) return;
      offer.hide();
    });
  };

  // On a page without text inputs this is one query plus a MutationObserver
  // that only looks at added nodes for inputs; the full scan runs only when
  // inputs are there (detect/observe.ts).
  watchForFields(
    doc,
    (found) => {
      listen();
      fields = [...fields, ...found].sort((a, b) => b.score - a.score);
      void report();
    },
    ac.signal,
  );

  const handlers: ContentHandlers = {
    async 'content.fill'(payload) {
      const accountId = typeof payload?.accountId === 'string' ? payload.accountId : undefined;
      if (!fields.length) fields = findBackupCodeFields(doc);
      const live = fields.filter((c) => c.element.isConnected);
      const c = candidateOf(deepActive(doc)) ?? live[0];
      return { filled: c ? await fill(c, accountId) : false };
    },
    async 'content.probe'() {
      return { hasField: fields.some((c) => c.element.isConnected) };
    },
  };

  return {
    handlers,
    stop() {
      ac.abort();
      stopWatch?.();
      offer.hide();
    },
  };
}

// In the browser (never in unit tests, which have no extension runtime).
if (typeof document !== 'undefined' && contentRuntime()) {
  const controller = startContent(document, {
    ask,
    // The isolated world's view of the origin: a page cannot fake it.
    sandboxed: self.origin === 'null',
  });
  serveBackground(controller.handlers);
}
