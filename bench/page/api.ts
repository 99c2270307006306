/**
 * What the bench pages expose on `window` for `bench/run.ts` to call through
 * `page.evaluate`. Every time is measured inside the page with
 * `performance.now()`, so the DevTools round trip is never part of a sample.
 */

export interface KdfResult {
  /** What `calibrateIterations` picked in this browser. */
  iterations: number;
  /** How long the calibration itself took (it runs at vault creation). */
  calibrationMs: number;
  /** One `deriveKek` at `iterations`, per run. */
  samples: number[];
}

export interface SeedResult {
  accounts: number;
  codes: number;
  /** Total ciphertext stored, base64 characters. */
  storedChars: number;
  ms: number;
}

export interface UnlockResult {
  /** `store.unlock(pass)` + `listAccounts()`, per run. */
  total: number[];
  /** The PBKDF2 `deriveKey` inside that unlock, per run. */
  kdf: number[];
  /** Accounts the list returned (must be the seeded count). */
  accounts: number;
  /**
   * Breakdown, measured apart after each unlock: opening the database and
   * `getAll` of the records (what IndexedDB costs of the overhead).
   */
  idbRead: number[];
}

export interface ClaimResult {
  samples: number[];
  /** Breakdown: `listAccounts()` with a warm cache, which every claim starts with. */
  listWarm: number[];
  /** Distinct codes handed out (must equal the number of runs). */
  distinctCodes: number;
}

export interface ScanResult {
  /** Elements in the document (`getElementsByTagName('*')`). */
  elements: number;
  /** `<input>` elements of any type. */
  inputs: number;
  /** The first call on the freshly built page. */
  first: number;
  /** The page's share of a scan: pre-filter and contexts (`collectCandidates`). */
  samples: number[];
  /** Candidates the page would send to the background. */
  candidates: number;
  /** The background's share: qualifying those candidates with the full vocabulary. */
  qualifySamples: number[];
  /** `id`s of the fields found, best first (a sanity check, not a timing). */
  found: string[];
  /** Whether `hasTextInputs(document)` said yes. */
  hasTextInputs: boolean;
}

export interface VaultBench {
  kdf(runs: number): Promise<KdfResult>;
  seed(options: {
    iterations: number;
    accounts: number;
    codesPerAccount: number;
  }): Promise<SeedResult>;
  unlock(runs: number, expectedAccounts: number): Promise<UnlockResult>;
  claim(runs: number, origin: string): Promise<ClaimResult>;
}

export interface ScanBench {
  /** Builds the page: `form` has a few inputs and a backup-code field, `none` has no text input. */
  build(kind: 'form' | 'none', elements: number): { elements: number; inputs: number };
  /**
   * Times the page's scan, `collectCandidates(document)`, and apart from it the
   * qualification of its candidates (kind `form`), or `hasTextInputs(document)` (`none`).
   */
  run(kind: 'form' | 'none', runs: number): ScanResult;
}

declare global {
  interface Window {
    backstopVaultBench?: VaultBench;
    backstopScanBench?: ScanBench;
  }
}
