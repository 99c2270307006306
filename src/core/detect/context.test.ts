import { describe, expect, it } from 'vitest';
import { readFieldContexts, MAX_FIELDS, MAX_LIST, MAX_TEXT } from './context';

const ctx = (over: Record<string, unknown> = {}) => ({
  type: 'text',
  autocomplete: 'one-time-code',
  inputMode: 'numeric',
  maxLength: 8,
  pattern: '',
  boxes: 1,
  identifiers: ['otp'],
  classes: ['form-control'],
  labels: ['Backup code'],
  descriptions: [],
  context: ['Two-factor authentication'],
  ...over,
});

describe('readFieldContexts', () => {
  it('returns well-formed contexts as they are, with only the known members', () => {
    const [c] = readFieldContexts({ fields: [{ ...ctx(), value: '12345678', extra: 1 }] });
    expect(c).toEqual(ctx());
    expect(c).not.toHaveProperty('value');
  });

  it('cuts long strings instead of refusing them', () => {
    const [c] = readFieldContexts({ fields: [ctx({ descriptions: ['x'.repeat(5000)] })] });
    expect(c?.descriptions[0]).toHaveLength(MAX_TEXT);
  });

  it('refuses what is not a list of contexts, or too much of it', () => {
    for (const bad of [
      null,
      {},
      { fields: {} },
      { fields: [null] },
      { fields: [ctx({ labels: [1] })] },
      { fields: [ctx({ labels: 'Backup code' })] },
      { fields: [ctx({ boxes: Infinity })] },
      { fields: [ctx({ type: undefined })] },
      { fields: [ctx({ context: Array.from({ length: MAX_LIST + 1 }, () => 'x') })] },
      { fields: Array.from({ length: MAX_FIELDS + 1 }, () => ctx()) },
    ]) {
      expect(() => readFieldContexts(bad), JSON.stringify(bad)?.slice(0, 80)).toThrow(
        /could not read this page/,
      );
    }
  });
});
