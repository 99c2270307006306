// Types for demo/server.mjs (plain JavaScript so `npm run demo` needs no build step).

/** The parts of demo/vault.json the server reads. */
export interface DemoSeed {
  passphrase?: string;
  accounts: { username: string; domains: string[]; codes: string[] }[];
}

export interface DemoSubmission {
  site: 'mail' | 'social' | 'code' | 'lookalike';
  code: string;
  ok: boolean;
}

export interface DemoServer {
  port: number;
  /** Also listening on [::1] (browsers may resolve `localhost` to it). */
  ipv6: boolean;
  urls: { home: string; mail: string; social: string; code: string; lookalike: string };
  /** Every code submitted to a demo site, oldest first. */
  submissions: DemoSubmission[];
  /** Forgets which codes were spent. */
  resetSpent(): void;
  close(): Promise<void>;
}

/** Letters and digits only, lower case. */
export function normalizeCode(s: string): string;

/** Serves the demo sites on 127.0.0.1 (and [::1]) at `port` (0: any free port). */
export function startDemoServer(options: { port?: number; seed: DemoSeed }): Promise<DemoServer>;
