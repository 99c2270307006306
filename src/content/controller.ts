// The content script's logic, per frame: site hint → collect → qualify →
// offer → fill → watch submit. index.ts starts it in the browser.
//
// What it never does: read the vault, decide whether this origin may get a
// code (the background decides from `sender`), or listen to the page's
// `postMessage`. Fills start only from our own button's trusted click or from
// the background (keyboard command, context menu, popup). Which account's
// code: the background decides from what the page shows (shown.ts), or the
// person chooses in our own menu under the button (offer.ts).
import type { FieldOffer, FillInstruction, SiteRuleHint, SubmitWatch } from '../messages';
import {
  contentText,
  contentWords,
  setContentWords,
  type ContentWord,
} from '../platform/content-i18n';
import { isRefusal, type ask, type ContentHandlers } from '../platform/content-messaging';
import { findBackupCodeFields, hasTextInputs, type FieldCandidate, type Qualifier } from './detect';
import { watchForFields } from './detect/observe';
import { fillable, fillField } from './fill';
import { createOffer, type OfferOptions } from './offer';
import { showToast, type ToastAction } from './toast';
import { watchSubmit } from './watch';
import { isTrusted } from './surface';
import { shownStrings } from './shown';

export interface ContentDeps {
  ask: typeof ask;
  /** Posts on the submit port (SUBMIT_PORT in src/messages.ts), opened on the first post. */
  armSubmit: (watch: SubmitWatch) => void;
  /** The frame's origin is opaque (sandboxed frame, data: URL). */
  sandboxed: boolean;
  /** Injected by unit tests (jsdom cannot make trusted events). */
  trusted?: (event: Event) => boolean;
  /** Injected by unit tests (jsdom has no layout): the clickjacking guard of the button. */
  guard?: OfferOptions['guard'];
}

export interface ContentController {
  handlers: ContentHandlers;
  stop(): void;
}

/** What a refusal means for the person on the page, in their language. */
const REFUSALS: Partial<Record<string, ContentWord>> = {
  'origin-not-allowed': 'NotAllowed',
  'no-codes-left': 'NoCodesLeft',
};

/**
 * The notice for a failed fill. The background explains a refusal in English
 * (which of the reasons a page may not get a code, say): an English page shows
 * that as is; any other language gets the kind of refusal in its own words.
 */
function failureText(e: unknown): string {
  if (!isRefusal(e)) return contentText('FillFailed');
  if (e.code === 'locked') return contentText('UnlockHint');
  // Already in the page's words: no answer from the background (content-messaging.ts).
  if (e.message === contentText('NoAnswer')) return e.message;
  if (e.message && /^en\b/i.test(contentWords()?.lang ?? '')) return e.message;
  return contentText(REFUSALS[e.code] ?? 'FillFailed');
}

/** The focused element, looking into open shadow roots. */
function deepActive(doc: Document): Element | null {
  let a = doc.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export function startContent(doc: Document, deps: ContentDeps): ContentController {
  const { sandboxed } = deps;
  const trusted = deps.trusted ?? isTrusted;
  const ac = new AbortController();
  let fields: FieldCandidate[] = [];
  let busy = false;
  let stopWatch: (() => void) | undefined;
  let hint: Promise<SiteRuleHint | null> | undefined;

  /**
   * What the site registry knows about this frame, asked once and only once
   * the page has text inputs. A sandboxed frame never gets a code, so it
   * does not ask: its detection only tells the background a field is there.
   */
  const siteHint = () =>
    (hint ??= sandboxed
      ? Promise.resolve(null)
      : deps.ask('page.siteHint', undefined).catch(() => null));

  /** Qualification of candidate fields happens in the background, with the full vocabulary. */
  const qualify: Qualifier = (contexts) => deps.ask('page.qualify', { fields: contexts });

  const toast = (message: string, action?: ToastAction) =>
    showToast(doc, { message, action, trusted });

  /**
   * The words of the Language setting, from the background (words.ts), asked
   * once before the first button or notice and then whenever the setting
   * changes (`content.words`). Without them nothing is shown: a background
   * that does not answer this does not answer the rest either.
   */
  const loadWords = async () =>
    contentWords() ?? setContentWords(await deps.ask('page.words', undefined));

  const offer = createOffer(doc, {
    trusted,
    ...(deps.guard ? { guard: deps.guard } : {}),
    onFill: (c) => void fill(c),
    onLocked: () => toast(contentText('UnlockHint')),
  });

  const candidateOf = (t: unknown) =>
    fields.find((c) => c.element === t || c.boxes?.includes(t as HTMLInputElement));

  const report = (): Promise<FieldOffer> => {
    fields = fields.filter((c) => c.element.isConnected);
    return deps
      .ask('page.fieldFound', { hasField: fields.length > 0, sandboxed })
      .catch(() => ({ state: 'none' }));
  };

  /** Shows the button for `c` with a fresh state (unlocking or a fill elsewhere changes it). */
  const offerFor = async (c: FieldCandidate) => {
    const [state] = await Promise.all([report(), loadWords().catch(() => {})]);
    if (!contentWords()) return;
    const active = deepActive(doc);
    // No matching account (or an origin that may not get codes): no button at all.
    if (state.state !== 'none' && candidateOf(active) === c && fields.includes(c))
      offer.show(c, state);
  };

  const ids = ({ accountId, codeId }: FillInstruction) => ({ accountId, codeId });

  const undoAction = (claim: FillInstruction, done: string): ToastAction => ({
    label: contentText('Undo'),
    run: () => deps.ask('page.undoFill', ids(claim)).then(() => done),
  });

  const submitted = (claim: FillInstruction) =>
    deps.ask('page.submitted', ids(claim)).then(
      () => toast(contentText('MarkedUsed'), undoAction(claim, contentText('Unmarked'))),
      // The vault locked meanwhile: the code stays `filled`, never handed out again.
      () => {},
    );

  /** Fills `c` with a code of `accountId`, or of the account the background picks, or opens the menu. */
  async function fill(
    c: FieldCandidate,
    accountId?: string,
  ): Promise<'filled' | 'choosing' | false> {
    if (busy || sandboxed || !fillable(c)) return false;
    busy = true;
    try {
      const claim = await deps.ask(
        'page.claimCode',
        // What the page shows is read only when the background must pick the account.
        accountId ? { accountId, sandboxed } : { sandboxed, shown: shownStrings(doc, c.element) },
      );
      if ('choose' in claim) {
        const left = claim.choose.reduce((n, a) => n + a.left, 0);
        offer.show(
          c,
          { state: 'available', left, site: '', username: '' },
          { choices: claim.choose, onChoose: (chosen, id) => void fill(chosen, id) },
        );
        return 'choosing';
      }
      const result = await fillField(c, claim.code);
      // Undo of the fill itself: the code becomes unused again.
      const undo = undoAction(claim, contentText('UnusedAgain'));
      if (result.ok) {
        stopWatch?.();
        stopWatch = watchSubmit(
          c,
          claim.code,
          {
            arm: (windowMs) => deps.armSubmit({ ...ids(claim), windowMs }),
            left: () => void submitted(claim),
            // Sent, maybe refused (the page shows an error): it stays `filled` until it leaves.
            stayed: () => toast(contentText('Stayed'), undo),
          },
          { trusted },
        );
        if (offer.shownFor === c) {
          offer.show(
            c,
            claim.left > 0
              ? { state: 'available', left: claim.left, site: '', username: '' }
              : { state: 'exhausted', site: '' },
          );
        }
        return 'filled';
      }
      if (result.reason === 'reverted') {
        toast(contentText('NotAccepted'), undo);
      } else {
        // Nothing reached the page: give the code back right away.
        await undo.run().catch(() => {});
        toast(contentText('WrongLength'));
      }
      return false;
    } catch (e) {
      toast(failureText(e));
      return false;
    } finally {
      busy = false;
    }
  }

  /**
   * A field the user focused or clicked (trusted) before its qualification
   * came back from the background: it gets the button as soon as it is
   * recognized, if it still has focus.
   */
  let focusedEarly: Element | null = null;
  const onUserFocus = (e: Event) => {
    if (!trusted(e)) return;
    const target = e.composedPath()[0];
    const c = candidateOf(target);
    if (c) {
      if (offer.shownFor !== c) void offerFor(c);
    } else if ((target as Element)?.localName === 'input') focusedEarly = target as Element;
  };
  // Listening for the user's focus starts once the page has text inputs
  // (watchForFields below), not with the first recognized field.
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    const on = (type: string, fn: (e: FocusEvent) => void) =>
      doc.addEventListener(type, fn as EventListener, { capture: true, signal: ac.signal });
    // An autofocused field got its focus before we were here: a click shows the button.
    on('focusin', onUserFocus);
    on('click', onUserFocus);
    on('focusout', (e) => {
      const c = candidateOf(e.composedPath()[0]);
      if (!c || offer.shownFor !== c) return;
      const next = e.relatedTarget;
      if (next && (next === offer.host || candidateOf(next) === c)) return;
      offer.hide();
    });
  };

  // On a page without text inputs this is one query plus a MutationObserver
  // that only looks at added nodes for inputs; the site hint is asked and
  // the full scan runs only when inputs are there (detect/observe.ts).
  watchForFields(
    doc,
    (found) => {
      listen();
      fields = [...fields, ...found].sort((a, b) => b.score - a.score);
      const early = focusedEarly && candidateOf(focusedEarly);
      focusedEarly = null;
      if (early && candidateOf(deepActive(doc)) === early) void offerFor(early);
      else void report();
    },
    ac.signal,
    () => {
      // The page has text inputs: note a field the user focuses while its
      // qualification is on the way.
      listen();
      return siteHint();
    },
    qualify,
  );

  const handlers: ContentHandlers = {
    async 'content.fill'(payload) {
      const accountId = typeof payload?.accountId === 'string' ? payload.accountId : undefined;
      await loadWords();
      if (!fields.length && hasTextInputs(doc))
        fields = await findBackupCodeFields(doc, await siteHint(), qualify);
      const focused = candidateOf(deepActive(doc));
      // The keyboard command: the focused field of the focused frame, or nothing.
      if (payload?.focusedOnly === true && (!focused || !doc.hasFocus())) return { filled: false };
      const c = focused ?? fields.find((f) => f.element.isConnected);
      const outcome = c ? await fill(c, accountId) : false;
      return outcome === 'choosing' ? { filled: false, choosing: true } : { filled: !!outcome };
    },
    async 'content.probe'() {
      return { hasField: fields.some((c) => c.element.isConnected) };
    },
    async 'content.words'(w) {
      // From the background only (serveBackground checks the sender); still, keep a usable set.
      if (w && typeof w.lang == 'string' && typeof w.text == 'object') setContentWords(w);
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
