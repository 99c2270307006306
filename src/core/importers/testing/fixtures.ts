/** Test helpers: the fixture exports in `test/fixtures/managers`, read as the panel reads them. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { expect } from 'vitest';
import { codeKey } from '../../codes/key';
import type { ImportCandidate, ImportResult } from '../types';
import { readManagerExport } from '../index';

export const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/managers',
);

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}

const window = new JSDOM('').window;
/** jsdom's DOMParser, as the browser's would be injected. */
export const parseXml = (text: string): Document =>
  new window.DOMParser().parseFromString(text, 'application/xml');

export function readFixture(name: string): Promise<ImportResult> {
  return readManagerExport(name, fixtureBytes(name), { parseXml });
}

/** A candidate in a form that reads well in an expectation. */
export function summary(c: ImportCandidate) {
  return {
    title: c.sourceTitle,
    domains: c.domains,
    suggested: c.suggestedDomain,
    username: c.username,
    where: c.where,
    codes: c.codes.map((code) => (code.used ? `${code.value} (used)` : code.value)),
    warnings: c.warnings.length,
  };
}

/** Every code of every candidate, as comparison keys. */
export function allCodeKeys(result: ImportResult): Set<string> {
  return new Set(result.candidates.flatMap((c) => c.codes.map((code) => codeKey(code.value))));
}

/** Values in the fixtures that look like codes but are passwords, TOTP secrets, PINs, card numbers… */
export function expectNoneOf(keys: Set<string>, traps: string[]): void {
  for (const t of traps) expect(keys.has(codeKey(t)), `${t} must not be imported`).toBe(false);
}
