/** Waiting in the end-to-end driver: a pause, and polling until a reading is right. */

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads until `ok` holds (a failed read counts as not yet), or throws naming `what` and the last reading. */
export async function poll<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await pause(100);
  }
}
