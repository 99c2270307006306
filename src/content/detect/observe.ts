// Watch a single-page app for a backup-code field rendered after load.
//
// Cheap by design: the MutationObserver callback only checks whether added
// nodes are or contain inputs (or shadow hosts); the full scan runs at most
// once per idle slot, and never for text or attribute churn. A scan asks
// the background to qualify its candidates; one scan is in flight at a time,
// and inputs added meanwhile are scanned when it ends.
import { hasTextInputs, openShadowRoots } from './collect';
import { findBackupCodeFields, type Qualifier } from './index';
import type { SiteRuleHint } from '../../messages';
import type { FieldCandidate } from './types';

/** A site hint, or a way to fetch it (asked once, when the page first has text inputs). */
export type HintSource = SiteRuleHint | (() => Promise<SiteRuleHint | null | undefined>);

interface IdleWindow {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
  MutationObserver?: typeof MutationObserver;
}

function bringsInputs(nodes: NodeList): boolean {
  for (const n of nodes) {
    const el = n as Element;
    // Custom elements attach their shadow root after insertion; rescan for them too.
    if (
      n.nodeType === 1 &&
      (el.localName === 'input' ||
        el.localName.includes('-') ||
        el.shadowRoot ||
        el.getElementsByTagName('input').length)
    )
      return true;
  }
  return false;
}

/**
 * Scans `doc` now and again whenever inputs appear, calling `onFound` with
 * fields not reported before. Open shadow roots found on the way are observed
 * too. With a hint source that is a function, nothing is scanned until the
 * page has text inputs and the hint has arrived. Stops when `signal` aborts.
 */
export function watchForFields(
  doc: Document,
  onFound: (fields: FieldCandidate[]) => void,
  signal: AbortSignal,
  hint: HintSource | undefined,
  qualify: Qualifier,
): void {
  if (signal.aborted) return;
  // The document's own window: in a frame, the frame's timers and observer.
  const win = (doc.defaultView ?? {}) as IdleWindow;
  const reported = new WeakSet<Element>();
  const observed = new WeakSet<Node>();
  let pending = false;
  let fetchHint: (() => Promise<SiteRuleHint | null | undefined>) | undefined;
  let known: SiteRuleHint | null | undefined;
  if (typeof hint === 'function') fetchHint = hint;
  else known = hint;
  /** The hint or a qualification is awaited; `again` asks for another scan after it. */
  let waiting = false;
  let again = false;

  const observer = new (win.MutationObserver ?? MutationObserver)((records) => {
    if (pending || signal.aborted || !records.some((r) => bringsInputs(r.addedNodes))) return;
    pending = true;
    // Idle time when the browser offers it (with a deadline so a busy page
    // still gets its field found), else a short timer (jsdom). An abort
    // meanwhile makes the scan return at once.
    if (win.requestIdleCallback) win.requestIdleCallback(scan, { timeout: 250 });
    else setTimeout(scan, 16);
  });

  const scan = () => {
    pending = false;
    if (signal.aborted) return;
    if (waiting) {
      again = true;
      return;
    }
    for (const target of [doc, ...openShadowRoots(doc)]) {
      if (observed.has(target)) continue;
      observed.add(target);
      observer.observe(target, { childList: true, subtree: true });
    }
    if (fetchHint) {
      if (!hasTextInputs(doc)) return;
      waiting = true;
      void fetchHint()
        .catch(() => null)
        .then((h) => {
          known = h;
          waiting = false;
          again = false;
          scan();
        });
      fetchHint = undefined;
      return;
    }
    waiting = true;
    void findBackupCodeFields(doc, known, qualify).then((found) => {
      waiting = false;
      if (signal.aborted) return;
      const fresh = found.filter((f) => !reported.has(f.element));
      for (const f of fresh) reported.add(f.element);
      if (fresh.length) onFound(fresh);
      if (again) {
        again = false;
        scan();
      }
    });
  };

  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  scan();
}
