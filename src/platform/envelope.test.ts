import { describe, expect, it } from 'vitest';
import { BackstopError, isBackstopError, type ErrorCode } from '../core/errors';
import { envelope, failure, isEnvelope, openReply, success } from './envelope';

const asBackstopError = (code: ErrorCode, message: string) => new BackstopError(code, message);
const NO_ANSWER = 'Nobody answered.';

/** What `openReply` threw for `reply`, as a BackstopError. */
function refusalOf(reply: unknown): BackstopError {
  try {
    openReply(reply, asBackstopError, NO_ANSWER);
  } catch (e) {
    if (isBackstopError(e)) return e;
    throw e;
  }
  throw new Error(`no refusal for ${JSON.stringify(reply)}`);
}

describe('envelope', () => {
  it('is the wire form every side sends', () => {
    expect(envelope('vault.status', undefined)).toEqual({
      backstop: 1,
      name: 'vault.status',
      payload: undefined,
    });
    expect(envelope('content.fill', { accountId: 'a1' })).toEqual({
      backstop: 1,
      name: 'content.fill',
      payload: { accountId: 'a1' },
    });
  });

  it('survives the JSON a browser may turn it into', () => {
    const m = JSON.parse(JSON.stringify(envelope('vault.status', undefined))) as unknown;
    expect(isEnvelope(m)).toBe(true);
  });
});

describe('isEnvelope', () => {
  it('accepts a Backstop request', () => {
    expect(isEnvelope(envelope('page.siteHint', undefined))).toBe(true);
    expect(isEnvelope({ backstop: 1, name: 'vault.status' })).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'vault.status'],
    ['a number', 1],
    ['an array', [1, 'vault.status']],
    ['another extension’s message', { type: 'vault.status' }],
    ['a wrong version', { backstop: 2, name: 'vault.status' }],
    ['a version as text', { backstop: '1', name: 'vault.status' }],
    ['no name', { backstop: 1 }],
    ['a name that is not text', { backstop: 1, name: 42 }],
    ['a name that is an object', { backstop: 1, name: { toString: () => 'vault.status' } }],
  ])('refuses %s', (_, message) => {
    expect(isEnvelope(message)).toBe(false);
  });
});

describe('success and failure', () => {
  it('build the Result replies openReply reads', () => {
    expect(success({ exists: true })).toEqual({ ok: true, value: { exists: true } });
    expect(failure('locked', 'Backstop is locked.')).toEqual({
      ok: false,
      error: { code: 'locked', message: 'Backstop is locked.' },
    });
    expect(openReply(success(7), asBackstopError, NO_ANSWER)).toBe(7);
    const e = refusalOf(failure('locked', 'Backstop is locked.'));
    expect([e.code, e.message]).toEqual(['locked', 'Backstop is locked.']);
  });
});

describe('openReply', () => {
  it('returns the value of an ok reply, undefined and falsy values included', () => {
    for (const value of [{ exists: false }, 0, '', false, null, [1, 2]]) {
      expect(openReply({ ok: true, value }, asBackstopError, NO_ANSWER)).toEqual(value);
    }
    // A void response after JSON: `value` is gone.
    expect(openReply({ ok: true }, asBackstopError, NO_ANSWER)).toBeUndefined();
  });

  it('throws the refusal the receiver sent, with its code and message', () => {
    const e = refusalOf({
      ok: false,
      error: { code: 'wrong-passphrase', message: 'Wrong passphrase.' },
    });
    expect(e.code).toBe('wrong-passphrase');
    expect(e.message).toBe('Wrong passphrase.');
  });

  it('makes the error with the caller’s own constructor', () => {
    const plain = (code: ErrorCode, message: string) => Object.assign(new Error(message), { code });
    expect(() => openReply(failure('locked', 'Locked.'), plain, NO_ANSWER)).toThrow(
      expect.objectContaining({ code: 'locked', message: 'Locked.' }),
    );
  });

  // Silence, or anything that is not a well-formed Result, is never a value.
  it.each([
    ['no reply', undefined],
    ['null', null],
    ['a bare value', { exists: true }],
    ['a string', 'ok'],
    ['true', true],
    ['ok as text', { ok: 'true', value: 1 }],
    ['ok as 1', { ok: 1, value: 1 }],
    ['a refusal without an error', { ok: false }],
    ['a refusal with a null error', { ok: false, error: null }],
    ['a refusal with an error as text', { ok: false, error: 'locked' }],
    ['a refusal without a code', { ok: false, error: { message: 'Locked.' } }],
    ['a refusal with a numeric code', { ok: false, error: { code: 3, message: 'Locked.' } }],
    ['a refusal without a message', { ok: false, error: { code: 'locked' } }],
    ['a refusal with an object message', { ok: false, error: { code: 'locked', message: {} } }],
  ])('%s is refused as internal with the caller’s no-answer text', (_, reply) => {
    const e = refusalOf(reply);
    expect(e.code).toBe('internal');
    expect(e.message).toBe(NO_ANSWER);
  });
});
