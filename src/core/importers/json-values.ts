/** Defensive access to untrusted JSON: every reader goes through these, never through casts. */
import { BackstopError } from '../errors';

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string value, or `''` for anything else (numbers are not names, notes or URLs). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** An array value's records; anything else is an empty list. */
export function records(v: unknown): JsonRecord[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** Parses JSON text, reporting a syntax error as a damaged export. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackstopError('parse-error', `This ${what} is damaged: it is not valid JSON.`, {
      reason: 'damaged',
    });
  }
}

/** Non-empty, trimmed, distinct strings. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}
