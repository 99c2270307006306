/**
 * What `npm run bench` measures and against which budget (docs/design.md §6):
 * one `Metric` per line of the table, and the helpers that judge a
 * measurement against its budget.
 */
import { summarize, type Summary } from './stats';

export type Status = 'PASS' | 'OVER' | 'INFO' | 'PENDING' | 'ERROR';

export interface Metric {
  id: string;
  label: string;
  /** Which browser measured it (sizes: whose build). */
  browser?: 'chromium' | 'firefox';
  unit: 'ms' | 'KB' | 'iterations';
  /** Timings: order statistics over the runs. */
  summary?: Summary;
  /** Sizes and counts: one value. */
  value?: number;
  budget?: number;
  /** median (or value) / budget. */
  ratio?: number;
  status: Status;
  note?: string;
}

export const KB = 1024;
export const BUDGET = {
  unlockOverheadMs: 100,
  fillMs: 50,
  offerMs: 50,
  contentScriptBytes: 20 * KB,
  scanMs: 3,
  popupGzipBytes: 40 * KB,
  popupRenderMs: 150,
};
export const VAULT = { accounts: 1000, codesPerAccount: 16 };
export const SCAN_ELEMENTS = 5000;

export function runsFor(quick: boolean) {
  return quick
    ? { kdf: 2, unlock: 2, claim: 3, scan: 5, popup: 2, fill: 2 }
    : { kdf: 5, unlock: 7, claim: 12, scan: 30, popup: 20, fill: 20 };
}

export function judge(value: number, budget: number): Pick<Metric, 'budget' | 'ratio' | 'status'> {
  return { budget, ratio: value / budget, status: value <= budget ? 'PASS' : 'OVER' };
}

export function timing(
  id: string,
  label: string,
  samples: number[],
  budget?: number,
  note?: string,
): Metric {
  const summary = summarize(samples);
  return {
    id,
    label,
    unit: 'ms',
    summary,
    ...(budget === undefined ? { status: 'INFO' as const } : judge(summary.median, budget)),
    ...(note ? { note } : {}),
  };
}

export function size(
  id: string,
  label: string,
  bytes: number,
  budget: number,
  note: string,
): Metric {
  return { id, label, unit: 'KB', value: bytes / KB, ...judge(bytes / KB, budget / KB), note };
}

export function failed(id: string, label: string, e: unknown): Metric {
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  return { id, label, unit: 'ms', status: 'ERROR', note: message };
}

/** How many runs each measurement takes. */
export type Runs = ReturnType<typeof runsFor>;
