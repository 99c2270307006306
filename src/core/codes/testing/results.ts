/**
 * Test helper: short views of a parse result, for tests that compare what
 * was read with what should be.
 */
import { expect } from 'vitest';
import { BackstopError, isBackstopError } from '../../errors';
import type { ParseResult } from '../parse';

/** The values read, in order. */
export const values = (r: ParseResult) => r.codes.map((c) => c.value);
/** The values read with a used mark. */
export const usedValues = (r: ParseResult) => r.codes.filter((c) => c.used).map((c) => c.value);
/** `[line, reason]` of every line left out. */
export const leftOut = (r: ParseResult) => r.rejected.map((x) => [x.line, x.reason]);

/** Runs `fn`, expecting a parse-error, and returns its message. */
export function parseErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isBackstopError(e, 'parse-error')).toBe(true);
    return (e as BackstopError).message;
  }
  throw new Error('expected a parse-error');
}
