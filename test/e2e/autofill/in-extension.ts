/**
 * What the end-to-end driver (./driver.ts) runs inside the extension: a
 * forced fill from its background, and a read or reset of the background's
 * session state (its protocol messages go through the harness's
 * `sendFromPage`). Each function is serialized into the page or worker, so it
 * is self-contained.
 */
import type { Page as PPage } from 'puppeteer-core';
import type { Page } from 'playwright-core';
import { poll } from './poll';

/**
 * `content.fill` to every frame of every tab (no frameId: all frames), sent by
 * the background: in Chromium this runs in the service worker; in Firefox in
 * the manager page, through the event page's own API (`getBackgroundPage`).
 */
export async function forceFillIn(viaBackgroundPage: boolean): Promise<unknown[]> {
  type Api = {
    tabs: {
      query(q: object): Promise<{ id?: number }[]>;
      sendMessage(id: number, m: unknown): Promise<unknown>;
    };
  };
  const g = globalThis as unknown as {
    chrome: Api;
    browser: { runtime: { getBackgroundPage(): Promise<{ browser: Api }> } };
  };
  const api = viaBackgroundPage ? (await g.browser.runtime.getBackgroundPage()).browser : g.chrome;
  const out: unknown[] = [];
  for (const tab of await api.tabs.query({})) {
    if (tab.id === undefined) continue;
    out.push(
      await api.tabs
        .sendMessage(tab.id, { backstop: 1, name: 'content.fill', payload: {} })
        .catch((e: Error) => `no receiver: ${e.message}`),
    );
  }
  return out;
}

/**
 * Suites here fill dozens of codes on one origin within minutes, far past the
 * fresh codes a tab or an origin may take (src/background/claim-limits.ts,
 * tested in trust-page-chromium.test.ts); each new tab starts with those counts
 * forgotten, as after their windows. Extension pages may write storage.session;
 * pages and content scripts may not.
 */
export async function forgetClaimCounts(): Promise<void> {
  const g = globalThis as unknown as Record<
    string,
    { storage: { session: { remove(k: string): Promise<void> } } } | undefined
  >;
  await (g.browser ?? g.chrome)!.storage.session.remove('claims');
}

/**
 * After the other web tabs are closed: clears the claim counts and waits until
 * the background has forgotten the closed tabs' field reports (it does on
 * `tabs.onRemoved`), so `reportedFrames()` then speaks of the new tab alone and
 * a negative page's "nothing reported" cannot pass or fail on a previous page.
 */
export async function forgetClosedTabs(
  manager: { evaluate: Page['evaluate'] } | PPage,
): Promise<void> {
  await (manager as Page).evaluate(forgetClaimCounts);
  await poll(
    () => (manager as Page).evaluate(readReportedFrames),
    (frames) => frames.length === 0,
    'the closed tabs to be forgotten',
    5_000,
  );
}

export async function readReportedFrames(): Promise<string[]> {
  const g = globalThis as unknown as Record<
    string,
    { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } | undefined
  >;
  const api = (g.browser ?? g.chrome)!;
  // The background's FieldFrames mirror keeps each frame's origin only.
  const tabs = ((await api.storage.session.get('fields')).fields ?? {}) as Record<
    string,
    Record<string, { o: string }>
  >;
  return Object.values(tabs).flatMap((frames) => Object.values(frames).map((f) => f.o));
}
