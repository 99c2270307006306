/**
 * Reaching into the closed shadow root that holds Backstop's inline button.
 * Page scripts cannot see into it (that is the point), so tests use the
 * DevTools protocol, which can: the DOM domain with `pierce: true` walks
 * closed shadow roots and same-process iframes, and the accessibility tree
 * is computed over the flattened tree. The click is a real mouse event from
 * `page.mouse`, so the page sees `isTrusted === true`, exactly as with a user.
 * Cross-site iframes run in their own renderer (out-of-process iframes) with
 * their own CDP session; they are searched too, and their boxes translated
 * into the page's viewport. Chromium only (Firefox has no CDP).
 */
import type { CDPSession, Frame, Page } from 'playwright-core';
import { withTimeout } from './env';

const CDP_TIMEOUT_MS = 5_000;

/** How to find the element: a CSS selector inside a shadow root, or role + accessible name. */
export type ShadowTarget =
  | { selector: string; role?: undefined; name?: undefined }
  | { role?: string; name: string; selector?: undefined };

export interface ElementBox {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Center point in viewport coordinates, where a click lands. */
  center: { x: number; y: number };
}

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

/** Every shadow root (open or closed) in the document, iframes included. */
function shadowRootsOf(node: CdpNode, out: CdpNode[] = []): CdpNode[] {
  for (const root of node.shadowRoots ?? []) {
    out.push(root);
    shadowRootsOf(root, out);
  }
  for (const child of node.children ?? []) shadowRootsOf(child, out);
  if (node.contentDocument) shadowRootsOf(node.contentDocument, out);
  return out;
}

/** The document and every same-process iframe document below it. */
function documentsOf(node: CdpNode, out: CdpNode[] = [node]): CdpNode[] {
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    documentsOf(child, out);
  }
  if (node.contentDocument) {
    out.push(node.contentDocument);
    documentsOf(node.contentDocument, out);
  }
  return out;
}

async function findBackendNodeId(cdp: CDPSession, target: ShadowTarget): Promise<number | null> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
    root: CdpNode;
  };
  if (target.selector !== undefined) {
    for (const shadow of shadowRootsOf(root)) {
      const { nodeId } = await cdp.send('DOM.querySelector', {
        nodeId: shadow.nodeId,
        selector: target.selector,
      });
      if (nodeId) {
        const { node } = await cdp.send('DOM.describeNode', { nodeId });
        return node.backendNodeId;
      }
    }
    return null;
  }
  // The accessibility query does not descend into iframes: ask each document
  // this session holds (the top one and same-process iframes).
  for (const doc of documentsOf(root)) {
    const { nodes } = await cdp.send('Accessibility.queryAXTree', {
      backendNodeId: doc.backendNodeId,
      accessibleName: target.name,
      ...(target.role ? { role: target.role } : {}),
    });
    const hit = nodes.find((n) => n.backendDOMNodeId !== undefined && !n.ignored);
    if (hit?.backendDOMNodeId !== undefined) return hit.backendDOMNodeId;
  }
  return null;
}

interface FrameSession {
  cdp: CDPSession;
  /** null for the page's own session (main frame and same-process iframes). */
  frame: Frame | null;
}

/**
 * One CDP session per renderer that holds part of the page: the page itself
 * (main frame and same-process iframes, reached by `pierce: true`) and every
 * out-of-process iframe.
 */
async function frameSessions(page: Page): Promise<FrameSession[]> {
  const sessions: FrameSession[] = [{ cdp: await page.context().newCDPSession(page), frame: null }];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      // Throws for a same-process frame: the page session already covers it.
      sessions.push({ cdp: await page.context().newCDPSession(frame), frame });
    } catch {
      // covered by the page session
    }
  }
  return sessions;
}

/** Where the frame's content box starts in the page's viewport, or null if it is not rendered. */
async function frameOffset(frame: Frame): Promise<{ x: number; y: number } | null> {
  const element = await frame.frameElement();
  const box = await element.boundingBox();
  if (!box) return null;
  const inset = await element.evaluate((node) => {
    const e = node as Element;
    const style = getComputedStyle(e);
    return {
      x: e.clientLeft + parseFloat(style.paddingLeft),
      y: e.clientTop + parseFloat(style.paddingTop),
    };
  });
  return { x: box.x + inset.x, y: box.y + inset.y };
}

async function boxOf(
  cdp: CDPSession,
  backendNodeId: number,
): Promise<Omit<ElementBox, 'center'> | null> {
  try {
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId });
    const q = model.border;
    const xs = [q[0], q[2], q[4], q[6]] as number[];
    const ys = [q[1], q[3], q[5], q[7]] as number[];
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    const width = Math.max(...xs) - x;
    const height = Math.max(...ys) - y;
    return width > 0 && height > 0 ? { x, y, width, height } : null;
  } catch {
    // getBoxModel fails for nodes that are not rendered (display: none).
    return null;
  }
}

/**
 * The on-screen box of an element inside a (closed) shadow root, in the
 * page's viewport, scrolled into view; null when there is no such element or
 * it is not rendered. Searches the page and all its iframes.
 */
export async function findInClosedShadow(
  page: Page,
  target: ShadowTarget,
): Promise<ElementBox | null> {
  const sessions = await frameSessions(page);
  try {
    for (const { cdp, frame } of sessions) {
      // An out-of-process iframe outside the viewport is throttled and never
      // answers accessibility queries; bring it into view first.
      if (frame) {
        const element = await frame.frameElement();
        await element.scrollIntoViewIfNeeded().catch(() => {});
      }
      const backendNodeId = await withTimeout(
        findBackendNodeId(cdp, target),
        CDP_TIMEOUT_MS,
        'CDP query',
      ).catch(() => null);
      if (backendNodeId === null) continue;
      const box = await boxOf(cdp, backendNodeId);
      if (!box) continue;
      const offset = frame ? await frameOffset(frame) : { x: 0, y: 0 };
      if (!offset) continue;
      const x = box.x + offset.x;
      const y = box.y + offset.y;
      return {
        x,
        y,
        width: box.width,
        height: box.height,
        center: { x: x + box.width / 2, y: y + box.height / 2 },
      };
    }
    return null;
  } finally {
    await Promise.all(sessions.map(({ cdp }) => cdp.detach().catch(() => {})));
  }
}

/** Waits until the element is rendered, then returns its box. */
export async function waitForClosedShadow(
  page: Page,
  target: ShadowTarget,
  timeoutMs = 10_000,
): Promise<ElementBox> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const box = await findInClosedShadow(page, target);
    if (box) return box;
    if (Date.now() > deadline) {
      throw new Error(
        `No rendered element ${JSON.stringify(target)} in any shadow root after ${timeoutMs} ms`,
      );
    }
    await page.waitForTimeout(100);
  }
}

/**
 * Clicks an element inside a closed shadow root with a trusted mouse click
 * at its center. Waits for it to be rendered first.
 */
export async function clickInClosedShadow(
  page: Page,
  target: ShadowTarget,
  timeoutMs = 10_000,
): Promise<ElementBox> {
  const box = await waitForClosedShadow(page, target, timeoutMs);
  await page.mouse.click(box.center.x, box.center.y);
  return box;
}
