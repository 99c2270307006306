// Test-only: account data and tampering tools shared by the vault's tests
// (never bundled into the extension).
import { expect } from 'vitest';
import { fromBase64, toBase64 } from '../../bytes';
import { isBackstopError, type ErrorCode } from '../../errors';
import type { StoredHeader } from '../format';
import type { VaultRepository } from '../ports';
import { ITERATIONS, PASS, makeStore } from '../../../storage/testing/vault-harness';

export const draft = (site: string, domain: string, username = 'jane') => ({
  site,
  domains: [domain],
  username,
  notes: '',
});

/** `n` unused codes `<prefix>0000`, `<prefix>0001`, … */
export const codes = (n: number, prefix = '1000') =>
  Array.from({ length: n }, (_, i) => ({
    value: `${prefix}${String(i).padStart(4, '0')}`,
    used: false,
  }));

/** Awaits `p` and expects it to fail with the BackstopError `code`. */
export async function expectCode(p: Promise<unknown>, code: ErrorCode) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBackstopError(err), `expected BackstopError ${code}, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
}

/** The base64 text with one bit of byte `index` flipped. */
export function flipByte(b64: string, index = 0): string {
  const bytes = fromBase64(b64)!;
  bytes[index % bytes.length]! ^= 0x01;
  return toBase64(bytes);
}

export async function rawHeader(repo: VaultRepository) {
  return (await repo.getHeader()) as StoredHeader;
}

/** Replaces the stored header with `h` as it is, without checking it (to test what reads it). */
export async function forceHeader(repo: VaultRepository, h: StoredHeader) {
  const current = await rawHeader(repo);
  expect(await repo.putHeader(h, current.checksum)).toBe(true);
}

/** A vault (fake IndexedDB) with two accounts of four codes: GitHub `1000…`, Google `2000…`. */
export async function twoAccounts() {
  const ctx = makeStore();
  const v = await ctx.store.create(PASS, ITERATIONS);
  const a = await v.addAccount(draft('GitHub', 'github.com'), codes(4));
  const b = await v.addAccount(draft('Google', 'google.com'), codes(4, '2000'));
  return { ...ctx, a, b };
}
