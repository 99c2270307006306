// Watch a single-page app for a backup-code field rendered after load.
//
// Cheap by design: the MutationObserver callback only checks whether added
// nodes are or contain inputs (or shadow hosts); the full scan runs at most
// once per animation frame/idle slot, and never for text or attribute churn.
import { openShadowRoots } from './collect';
import { findBackupCodeFields } from './index';
import type { FieldCandidate, SiteRuleHint } from './types';

interface IdleWindow {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
  cancelIdleCallback?: (id: number) => void;
}

function bringsInputs(nodes: NodeList): boolean {
  for (const n of nodes) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if (el.localName === 'input' || el.shadowRoot || el.getElementsByTagName('input').length)
      return true;
    // Custom elements attach their shadow root after insertion; rescan for them too.
    if (el.localName.includes('-')) return true;
  }
  return false;
}

/**
 * Scans `doc` now and again whenever inputs appear, calling `onFound` with
 * fields not reported before. Open shadow roots found on the way are observed
 * too. Stops when `signal` aborts.
 */
export function watchForFields(
  doc: Document,
  onFound: (fields: FieldCandidate[]) => void,
  signal: AbortSignal,
  hint?: SiteRuleHint,
): void {
  if (signal.aborted) return;
  // The document's own window: in a frame, the frame's timers and observer.
  const win = (doc.defaultView ?? {}) as IdleWindow & Partial<Window & typeof globalThis>;
  const reported = new WeakSet<Element>();
  const observed = new WeakSet<Node>();
  let pending: (() => void) | undefined;

  const scan = () => {
    pending = undefined;
    if (signal.aborted) return;
    const fresh = findBackupCodeFields(doc, hint).filter((f) => !reported.has(f.element));
    for (const f of fresh) reported.add(f.element);
    observeShadowRoots();
    if (fresh.length) onFound(fresh);
  };

  const schedule = () => {
    if (pending || signal.aborted) return;
    // Idle time when the browser offers it (with a deadline so a busy page
    // still gets its field found), else the next frame, else a short timer.
    if (win.requestIdleCallback) {
      const id = win.requestIdleCallback(scan, { timeout: 250 });
      pending = () => win.cancelIdleCallback?.(id);
    } else if (win.requestAnimationFrame) {
      const id = win.requestAnimationFrame(scan);
      pending = () => win.cancelAnimationFrame?.(id);
    } else {
      const id = setTimeout(scan, 16);
      pending = () => clearTimeout(id);
    }
  };

  const MO = win.MutationObserver ?? MutationObserver;
  const observer = new MO((records: MutationRecord[]) => {
    if (pending) return;
    if (records.some((r) => bringsInputs(r.addedNodes))) schedule();
  });
  const observe = (target: Node) => {
    if (observed.has(target)) return;
    observed.add(target);
    observer.observe(target, { childList: true, subtree: true });
  };
  const observeShadowRoots = () => {
    for (const sr of openShadowRoots(doc)) observe(sr);
  };

  observe(doc);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      pending?.();
      pending = undefined;
    },
    { once: true },
  );
  scan();
}
