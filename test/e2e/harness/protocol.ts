/**
 * Sends one message of Backstop's protocol (src/messages.ts) from an open
 * extension page, as the page itself would, and unwraps the reply: for tests
 * that set up a vault quickly and look at something else.
 */
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';

interface Reply<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

export async function sendFromPage<T = unknown>(
  page: ChromiumPage | FirefoxPage,
  name: string,
  payload?: unknown,
): Promise<T> {
  // Both libraries take (function, argument) alike.
  const reply = (await (page as ChromiumPage).evaluate(
    ([n, p]: readonly [string, unknown]) => {
      const g = globalThis as unknown as {
        browser?: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      };
      return (g.browser ?? g.chrome).runtime.sendMessage({ backstop: 1, name: n, payload: p });
    },
    [name, payload ?? null] as const,
  )) as Reply<T>;
  if (!reply?.ok) throw new Error(`${name} failed: ${JSON.stringify(reply)}`);
  return reply.value as T;
}
