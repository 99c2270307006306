/**
 * Sends one message of Backstop's protocol (src/messages.ts) from an open
 * extension page, as the page itself would, and unwraps the reply: for tests
 * and benches that set up a vault quickly and look at something else. The
 * request and the reply are read with the one wire module
 * (src/platform/envelope.ts), so a refusal names its code and message, and
 * anything that is not a reply fails instead of passing for a value.
 */
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { envelope, openReply } from '../../../src/platform/envelope';

export async function sendFromPage<T = unknown>(
  page: ChromiumPage | FirefoxPage,
  name: string,
  payload?: unknown,
): Promise<T> {
  // Both libraries take (function, argument) alike.
  const reply = await (page as ChromiumPage).evaluate(
    (m) => {
      // `browser` in Firefox, `chrome` in Chromium.
      const g = globalThis as unknown as Record<
        string,
        { runtime: { sendMessage(m: unknown): Promise<unknown> } } | undefined
      >;
      return (g.browser ?? g.chrome)!.runtime.sendMessage(m);
    },
    envelope(name, payload ?? null),
  );
  return openReply<T>(
    reply,
    (code, message) => new Error(`${name} failed: ${code}: ${message}`),
    `${name} failed: no reply`,
  );
}
