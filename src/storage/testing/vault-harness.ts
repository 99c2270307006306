/** Test helper: a vault on fake-indexeddb and Node's Web Crypto, with a clock that advances a second per call. */
import { IDBFactory } from 'fake-indexeddb';
import { webcrypto } from 'node:crypto';
import { IdbVaultRepository } from '../db';
import { VaultStore, type VaultDeps } from '../../core/vault';

export const PASS = 'correct horse battery staple';
export const ITERATIONS = 600_000;
export const nodeCrypto = webcrypto as unknown as Crypto;

/** Origin policy stand-in for core tests: exact host or subdomain of a listed domain over https. */
export function simpleOriginAllowed(
  origin: string,
  { domains, hosts }: { domains: string[]; hosts?: string[] },
): boolean {
  const url = new URL(origin);
  if (url.protocol !== 'https:') return false;
  if (hosts?.length) return hosts.includes(url.hostname);
  return domains.some((d) => url.hostname === d || url.hostname.endsWith(`.${d}`));
}

export function makeStore(factory = new IDBFactory(), overrides: Partial<VaultDeps> = {}) {
  const repo = new IdbVaultRepository(factory, 'backstop-test');
  let clock = 1_700_000_000_000;
  const deps: VaultDeps = {
    repo,
    crypto: nodeCrypto,
    now: () => (clock += 1000),
    originAllowed: simpleOriginAllowed,
    ...overrides,
  };
  return { factory, repo, store: new VaultStore(deps), deps };
}

/** Every value stored in the fake IndexedDB, as JSON text. */
export async function dumpDb(factory: IDBFactory): Promise<string> {
  const repo = new IdbVaultRepository(factory, 'backstop-test');
  const out = JSON.stringify({ header: await repo.getHeader(), records: await repo.allRecords() });
  repo.close();
  return out;
}
