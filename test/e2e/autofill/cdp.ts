/**
 * Chromium's view into Backstop's closed shadow roots, for ./driver.ts: the
 * DevTools protocol (`DOM.getDocument` with `pierce: true`) walks closed
 * roots and every frame's document, which page scripts cannot.
 */
import type { CDPSession, Frame, Page } from 'playwright-core';

// ---------------------------------------------------------------- CDP helpers

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
  contentDocument?: DomNode;
}

function* walk(node: DomNode, inClosed = false): Generator<{ node: DomNode; inClosed: boolean }> {
  yield { node, inClosed };
  for (const c of node.children ?? []) yield* walk(c, inClosed);
  for (const s of node.shadowRoots ?? []) yield* walk(s, inClosed || s.shadowRootType === 'closed');
  if (node.contentDocument) yield* walk(node.contentDocument, inClosed);
}

const attr = (n: DomNode, name: string) => {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
};

function textOf(node: DomNode): string {
  let out = node.nodeValue ?? '';
  for (const c of node.children ?? []) out += textOf(c);
  return out;
}

async function cdpFor(page: Page, frame?: Frame): Promise<CDPSession> {
  return page.context().newCDPSession(frame ?? page);
}

/** Every Backstop button (by accessible name) in closed shadow roots of the page and its frames. */
export async function backstopButtons(page: Page, label: string) {
  const found: { x: number; y: number; closed: boolean; text: string }[] = [];
  const targets: (Frame | undefined)[] = [undefined, ...page.frames().slice(1)];
  for (const frame of targets) {
    let cdp: CDPSession;
    try {
      cdp = await cdpFor(page, frame);
    } catch {
      continue; // an in-process frame: already covered by the page's pierced tree
    }
    try {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
        root: DomNode;
      };
      for (const { node, inClosed } of walk(root)) {
        const name =
          attr(node, 'aria-label') ?? (node.localName === 'button' ? textOf(node) : undefined);
        if (node.localName !== 'button' || name !== label) continue;
        try {
          const { model } = (await cdp.send('DOM.getBoxModel', {
            backendNodeId: node.backendNodeId,
          })) as {
            model: { content: number[] };
          };
          const q = model.content;
          found.push({
            x: (q[0]! + q[4]!) / 2,
            y: (q[1]! + q[5]!) / 2,
            closed: inClosed,
            text: textOf(node),
          });
        } catch {
          found.push({ x: NaN, y: NaN, closed: inClosed, text: textOf(node) }); // not rendered
        }
      }
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  return found;
}

/** The text of the Backstop toast (role=status inside a closed root), if any. */
export async function toastText(page: Page): Promise<string | null> {
  const cdp = await cdpFor(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: DomNode;
    };
    for (const { node, inClosed } of walk(root)) {
      if (inClosed && attr(node, 'role') === 'status') return textOf(node);
    }
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
