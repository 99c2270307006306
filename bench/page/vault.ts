/**
 * Vault benchmarks on the real code: `VaultStore`/`UnlockedVault` over
 * `IdbVaultRepository` on this browser's IndexedDB and Web Crypto, wired the
 * way `src/background/index.ts` wires them (navigator.locks, `fillDecisionFor`).
 */
import { calibrateIterations, deriveKek, newKdfParams } from '../../src/core/crypto';
import { VaultStore, type LockProvider, type VaultDeps } from '../../src/core/vault';
import { fillDecisionFor } from '../../src/core/sites/hosts';
import { randomId } from '../../src/core/random';
import type { Account, BackupCode, HistoryEntry } from '../../src/core/types';
import { IdbVaultRepository } from '../../src/storage/db';
import type { ClaimResult, KdfResult, SeedResult, UnlockResult, VaultBench } from './api';

const DB_NAME = 'backstop-bench';
const PASSPHRASE = 'correct horse battery staple, bench edition';
/** The one account whose domain the claim benchmark's origin matches. */
const TARGET = { site: 'GitHub', domain: 'github.com' };

const locks: LockProvider = {
  run: <T>(name: string, fn: () => Promise<T>) =>
    navigator.locks.request(name, fn) as unknown as Promise<T>,
};

/**
 * `globalThis.crypto` with PBKDF2 timed: the unlock's KDF share is measured
 * where it happens instead of being estimated from a separate run.
 */
function timedCrypto(meter: { kdfMs: number }): Crypto {
  const real = globalThis.crypto;
  const subtle = new Proxy(real.subtle, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (prop !== 'deriveKey' && prop !== 'deriveBits') return method.bind(target);
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return await method.apply(target, args);
        } finally {
          meter.kdfMs += performance.now() - t0;
        }
      };
    },
  });
  return {
    subtle,
    getRandomValues: real.getRandomValues.bind(real),
    randomUUID: real.randomUUID.bind(real),
  } as Crypto;
}

function makeStore(crypto: Crypto = globalThis.crypto) {
  const repo = new IdbVaultRepository(indexedDB, DB_NAME);
  const deps: VaultDeps = {
    repo,
    crypto,
    now: () => Date.now(),
    locks,
    originAllowed: (origin, account) =>
      fillDecisionFor({ url: origin, sandboxed: false }, account).allowed,
  };
  return { repo, store: new VaultStore(deps) };
}

const WORDS = ['mail', 'cloud', 'bank', 'shop', 'news', 'games', 'photo', 'dev', 'music', 'travel'];
const TLDS = ['com', 'net', 'org', 'io', 'co.uk', 'de'];

/** Codes in the shapes real sites hand out (registry.json, docs/sites.md): hex pairs, 8 digits, grouped letters. */
function codeValue(style: number, bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  if (style === 0) return `${hex.slice(0, 5)}-${hex.slice(5, 10)}`;
  if (style === 1) return String(parseInt(hex.slice(0, 8), 16) % 100_000_000).padStart(8, '0');
  return `${hex.slice(0, 4)} ${hex.slice(4, 8)}`;
}

/** A plausible account: `codeCount` codes, a few already used, a short history. */
function makeAccount(i: number, codeCount: number, now: number): Account {
  const isTarget = i === 0;
  const word = WORDS[i % WORDS.length]!;
  const domain = isTarget ? TARGET.domain : `${word}${i}.${TLDS[i % TLDS.length]!}`;
  const id = randomId(crypto);
  const createdAt = now - (1000 - i) * 86_400_000;
  const used = isTarget ? 0 : i % 5;
  const codes: BackupCode[] = Array.from({ length: codeCount }, (_, k) => {
    const code: BackupCode = {
      id: randomId(crypto),
      value: codeValue(i % 3, crypto.getRandomValues(new Uint8Array(6))),
      state: k < used ? 'used' : 'unused',
    };
    if (k < used) {
      code.changedAt = createdAt + k * 3_600_000;
      code.origin = `https://${domain}`;
    }
    return code;
  });
  const history: HistoryEntry[] = [{ at: createdAt, action: 'created' }];
  for (const c of codes.slice(0, used)) {
    history.push({ at: c.changedAt!, action: 'used', codeId: c.id, origin: c.origin! });
  }
  return {
    id,
    site: isTarget ? TARGET.site : `${word[0]!.toUpperCase()}${word.slice(1)} ${i}`,
    domains: i % 7 === 0 && !isTarget ? [domain, `login.${domain}`] : [domain],
    username: `person${i}@example.org`,
    notes: i % 4 === 0 ? 'Printed copy in the desk drawer. Regenerated after the phone swap.' : '',
    codes,
    archived: [],
    history,
    createdAt,
    updatedAt: createdAt,
  };
}

/**
 * Firefox's NSS keeps its last few PBKDF2 results (same passphrase, salt and
 * count: the key again at once), so a second unlock of the same vault would
 * time no KDF at all. A handful of cheap derivations with other salts push
 * the vault's out before each run; Chromium has no such cache.
 */
async function forgetDerivedKeys(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const base = await crypto.subtle.importKey('raw', new Uint8Array(16), 'PBKDF2', false, [
      'deriveBits',
    ]);
    await crypto.subtle.deriveBits(
      {
        name: 'PBKDF2',
        hash: 'SHA-256',
        salt: crypto.getRandomValues(new Uint8Array(16)),
        iterations: 1,
      },
      base,
      256,
    );
  }
}

const api: VaultBench = {
  async kdf(runs): Promise<KdfResult> {
    const t0 = performance.now();
    const iterations = await calibrateIterations(crypto, () => performance.now());
    const calibrationMs = performance.now() - t0;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A new salt each run: Firefox's NSS remembers its last few PBKDF2
      // results, so the same passphrase and salt again costs well under 1 ms.
      const params = newKdfParams(crypto, iterations);
      const start = performance.now();
      await deriveKek(crypto.subtle, PASSPHRASE, params);
      samples.push(performance.now() - start);
    }
    return { iterations, calibrationMs, samples };
  },

  async seed({ iterations, accounts, codesPerAccount }): Promise<SeedResult> {
    const t0 = performance.now();
    const { repo, store } = makeStore();
    // A fresh database for every seed (no passphrase to check: nothing of a person's is here).
    await repo.clear();
    const vault = await store.create(PASSPHRASE, iterations);
    const now = Date.now();
    const all = Array.from({ length: accounts }, (_, i) => makeAccount(i, codesPerAccount, now));
    await vault.putAccounts(all);
    vault.lock();
    const records = (await repo.allRecords()) as { ct: string }[];
    repo.close();
    return {
      accounts: records.length,
      codes: all.reduce((n, a) => n + a.codes.length, 0),
      storedChars: records.reduce((n, r) => n + r.ct.length, 0),
      ms: performance.now() - t0,
    };
  },

  async unlock(runs, expectedAccounts): Promise<UnlockResult> {
    const total: number[] = [];
    const kdf: number[] = [];
    const idbRead: number[] = [];
    let count = 0;
    for (let i = 0; i < runs; i++) {
      // A fresh store, repository and connection each time: nothing decrypted
      // or opened by an earlier run can help this one.
      await forgetDerivedKeys();
      const meter = { kdfMs: 0 };
      const { repo, store } = makeStore(timedCrypto(meter));
      const t0 = performance.now();
      const vault = await store.unlock(PASSPHRASE);
      // What `accounts.list` returns after an unlock: the encrypted index.
      const accounts = await vault.summaries();
      total.push(performance.now() - t0);
      kdf.push(meter.kdfMs);
      if (accounts.length !== expectedAccounts) {
        throw new Error(`unlock listed ${accounts.length} accounts, expected ${expectedAccounts}`);
      }
      count = accounts.length;
      vault.lock();
      repo.close();
      // Let the closed connection and the garbage of this run go before the next.
      await new Promise((r) => setTimeout(r, 50));
      const fresh = new IdbVaultRepository(indexedDB, DB_NAME);
      const t1 = performance.now();
      await fresh.getHeader();
      await fresh.allRecords();
      idbRead.push(performance.now() - t1);
      fresh.close();
      await new Promise((r) => setTimeout(r, 50));
    }
    return { total, kdf, accounts: count, idbRead };
  },

  async claim(runs, origin): Promise<ClaimResult> {
    const { repo, store } = makeStore();
    const vault = await store.unlock(PASSPHRASE);
    // The background keeps one unlocked vault; the index is read on first use.
    await vault.summaries();
    const samples: number[] = [];
    const listWarm: number[] = [];
    const codes = new Set<string>();
    for (let i = 0; i < runs; i++) {
      const t1 = performance.now();
      await vault.summaries();
      listWarm.push(performance.now() - t1);
      const t0 = performance.now();
      const { account, code } = await vault.claimNextCode(origin);
      samples.push(performance.now() - t0);
      if (account.site !== TARGET.site || code.state !== 'filled') {
        throw new Error(`claim returned ${account.site}/${code.state}`);
      }
      codes.add(code.id);
      // The page submits it (not timed): the next claim then takes a fresh
      // code, as the next sign-in would, rather than this one handed out again.
      await vault.confirmUsed(account.id, code.id, origin);
    }
    vault.lock();
    repo.close();
    return { samples, listWarm, distinctCodes: codes.size };
  },
};

window.backstopVaultBench = api;
