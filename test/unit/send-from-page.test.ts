/**
 * The e2e harness's one protocol sender (test/e2e/harness/protocol.ts), used
 * by the autofill driver and the benches: what it sends, and that every reply
 * that is not a value fails with the refusal's own code and message.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sendFromPage } from '../e2e/harness/protocol';

/** An extension page whose runtime answers `reply`, recording what it was sent. */
function pageAnswering(reply: unknown) {
  const sent: unknown[] = [];
  const page = {
    evaluate: (_fn: unknown, message: unknown) => {
      sent.push(message);
      return Promise.resolve(reply);
    },
  } as unknown as Page;
  return { page, sent };
}

describe('sendFromPage', () => {
  it('sends the wire envelope (no payload travels as null) and returns the value', async () => {
    const { page, sent } = pageAnswering({ ok: true, value: { locked: false } });
    expect(await sendFromPage(page, 'vault.status')).toEqual({ locked: false });
    const withPayload = pageAnswering({ ok: true, value: null });
    await sendFromPage(withPayload.page, 'settings.set', { language: 'de' });
    expect(sent).toEqual([{ backstop: 1, name: 'vault.status', payload: null }]);
    expect(withPayload.sent).toEqual([
      { backstop: 1, name: 'settings.set', payload: { language: 'de' } },
    ]);
  });

  it("a refusal fails with the background's code and message", async () => {
    const { page } = pageAnswering({
      ok: false,
      error: { code: 'locked', message: 'The vault is locked.' },
    });
    await expect(sendFromPage(page, 'accounts.list')).rejects.toThrow(
      'accounts.list failed: locked: The vault is locked.',
    );
  });

  it.each([undefined, null, {}, { ok: 'yes' }, { ok: false }, { ok: false, error: 'x' }])(
    'anything that is not a reply (%j) fails, never passes for a value',
    async (reply) => {
      const { page } = pageAnswering(reply);
      await expect(sendFromPage(page, 'accounts.list')).rejects.toThrow(
        'accounts.list failed: no reply',
      );
    },
  );
});
