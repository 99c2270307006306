import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContentRuntime } from './content-api';
import { setContentWords } from './content-i18n';
import {
  ask,
  isRefusal,
  portPoster,
  serveBackground,
  type ContentHandlers,
} from './content-messaging';

type Listener = Parameters<ContentRuntime['onMessage']['addListener']>[0];

/** A runtime whose background answers `sendMessage` with `answer(message)`. */
function fakeRuntime(answer: (message: unknown) => unknown = () => undefined) {
  const sent: unknown[] = [];
  let listener: Listener | undefined;
  const runtime: ContentRuntime = {
    id: 'backstop-id',
    sendMessage: async (message) => {
      sent.push(message);
      return answer(message);
    },
    onMessage: { addListener: (fn) => (listener = fn) },
    connect: () => {
      throw new Error('no ports in this fake');
    },
  };
  /** Delivers `message` as the browser would; resolves to the reply, or `'no reply'`. */
  const deliver = (message: unknown, sender: { id?: string; tab?: unknown }) =>
    new Promise<unknown>((resolve) => {
      const async = listener?.(message, sender, resolve);
      if (async !== true) resolve('no reply');
    });
  return { runtime, sent, deliver };
}

describe('ask', () => {
  // Shows which message a text came from.
  beforeAll(() =>
    setContentWords({ lang: 'en', dir: 'ltr', text: { NoAnswer: '[contentNoAnswer]' } }),
  );
  afterAll(() => setContentWords(undefined));

  it('sends the envelope and returns the value of the reply', async () => {
    const { runtime, sent } = fakeRuntime(() => ({ ok: true, value: { state: 'none' } }));
    const offer = await ask('page.fieldFound', { hasField: true, sandboxed: false }, runtime);
    expect(offer).toEqual({ state: 'none' });
    expect(sent).toEqual([
      { backstop: 1, name: 'page.fieldFound', payload: { hasField: true, sandboxed: false } },
    ]);
  });

  it('throws the background’s refusal as a Refusal with its code', async () => {
    const { runtime } = fakeRuntime(() => ({
      ok: false,
      error: { code: 'origin-not-allowed', message: 'Not on this site.' },
    }));
    const e: unknown = await ask('page.claimCode', { sandboxed: false }, runtime).catch((x) => x);
    expect(isRefusal(e)).toBe(true);
    expect(e).toMatchObject({ code: 'origin-not-allowed', message: 'Not on this site.' });
  });

  it.each([
    ['no reply', undefined],
    ['a bare value', { state: 'none' }],
    ['a broken refusal', { ok: false, error: { code: 7 } }],
  ])('%s is an internal refusal, never a value', async (_, reply) => {
    const { runtime } = fakeRuntime(() => reply);
    const e: unknown = await ask('page.siteHint', undefined, runtime).catch((x) => x);
    expect(isRefusal(e)).toBe(true);
    expect(e).toMatchObject({ code: 'internal' });
    // In the person's language: "Backstop did not answer. Reload the page…"
    expect((e as Error).message).toBe('[contentNoAnswer]');
  });

  it('without a runtime (the extension went away under the page) it refuses', async () => {
    const e: unknown = await ask('page.siteHint', undefined, undefined).catch((x) => x);
    expect(e).toMatchObject({ code: 'internal' });
  });
});

describe('serveBackground', () => {
  const fromBackground = { id: 'backstop-id' };

  function serving() {
    const fill = vi.fn(async (payload: { accountId?: string }) => ({
      filled: payload.accountId === 'a1',
    }));
    const handlers: ContentHandlers = {
      'content.fill': fill,
      'content.probe': async () => ({ hasField: true }),
      'content.words': async () => {},
    };
    const fake = fakeRuntime();
    serveBackground(handlers, fake.runtime);
    return { ...fake, fill };
  }

  it('answers the background with the bare response', async () => {
    const { deliver } = serving();
    const fill = { backstop: 1, name: 'content.fill', payload: { accountId: 'a1' } };
    expect(await deliver(fill, fromBackground)).toEqual({ filled: true });
    const probe = { backstop: 1, name: 'content.probe' };
    expect(await deliver(probe, fromBackground)).toEqual({ hasField: true });
  });

  it('answers nothing when the handler fails', async () => {
    const { deliver, fill } = serving();
    fill.mockRejectedValueOnce(new Error('boom'));
    const message = { backstop: 1, name: 'content.fill', payload: {} };
    expect(await deliver(message, fromBackground)).toBeUndefined();
  });

  it.each([
    ['another extension', { id: 'other-id' }],
    ['a tab (another content script or page)', { id: 'backstop-id', tab: { id: 3 } }],
    ['no sender id', {}],
  ])('ignores messages from %s', async (_, sender) => {
    const { deliver, fill } = serving();
    const message = { backstop: 1, name: 'content.fill', payload: {} };
    expect(await deliver(message, sender)).toBe('no reply');
    expect(fill).not.toHaveBeenCalled();
  });

  it.each([
    ['not an envelope', { name: 'content.fill' }],
    ['a wrong version', { backstop: 2, name: 'content.fill' }],
    ['an unknown name', { backstop: 1, name: 'content.steal' }],
    ['an inherited name', { backstop: 1, name: 'toString' }],
    ['a page message', { backstop: 1, name: 'page.claimCode' }],
  ])('ignores %s', async (_, message) => {
    const { deliver, fill } = serving();
    expect(await deliver(message, fromBackground)).toBe('no reply');
    expect(fill).not.toHaveBeenCalled();
  });
});

describe('portPoster', () => {
  /** A runtime whose ports record what is posted; `drop` disconnects one from the far side. */
  function portRuntime() {
    const ports: { name: string; posted: unknown[]; drop: () => void }[] = [];
    const runtime: ContentRuntime = {
      id: 'backstop-id',
      sendMessage: async () => undefined,
      onMessage: { addListener: () => {} },
      connect: ({ name }: { name: string }) => {
        let dead = false;
        const port = { name, posted: [] as unknown[], drop: () => (dead = true) };
        ports.push(port);
        return {
          // As in both browsers: a disconnected port throws.
          postMessage: (m: unknown) => {
            if (dead) throw new Error('Attempt to postMessage on disconnected port');
            port.posted.push(m);
          },
        };
      },
    };
    return { runtime, ports };
  }

  it('opens one port on the first post and reuses it', () => {
    const { runtime, ports } = portRuntime();
    const post = portPoster('page.submitWatch', runtime);
    expect(ports).toHaveLength(0); // nothing opened before anything is posted
    post(1);
    post(2);
    expect(ports.map((p) => [p.name, p.posted])).toEqual([['page.submitWatch', [1, 2]]]);
  });

  it('opens a new port when the background dropped the old one (a stopped worker)', () => {
    const { runtime, ports } = portRuntime();
    const post = portPoster('page.submitWatch', runtime);
    post(1);
    ports[0]!.drop();
    post(2);
    expect(ports.map((p) => p.posted)).toEqual([[1], [2]]);
  });

  it('a runtime that cannot connect at all (extension updated under the page): no throw', () => {
    const { runtime } = portRuntime();
    runtime.connect = () => {
      throw new Error('Extension context invalidated.');
    };
    expect(() => portPoster('page.submitWatch', runtime)(1)).not.toThrow();
  });

  it('without a runtime (extension removed under the page) posting does nothing', () => {
    expect(() => portPoster('page.submitWatch', undefined)(1)).not.toThrow();
  });
});
