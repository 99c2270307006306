/** Sample accounts for the backup tests (not shipped: only tests import this). */
import type { Account, BackupCode } from '../../types';

let counter = 0;
/** A deterministic, valid 32-hex id (unique within a test run). */
export function hexId(seed?: number): string {
  const n = seed ?? ++counter;
  return n.toString(16).padStart(32, '0');
}

export function code(value: string, extra: Partial<BackupCode> = {}): BackupCode {
  return { id: hexId(), value, state: 'unused', ...extra };
}

export function account(overrides: Partial<Account> = {}): Account {
  return {
    id: hexId(),
    site: 'GitHub',
    domains: ['github.com'],
    username: 'octocat',
    notes: '',
    codes: [code('aaaa-1111'), code('bbbb-2222'), code('cccc-3333')],
    archived: [],
    history: [{ at: 1_700_000_000_000, action: 'created' }],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}
