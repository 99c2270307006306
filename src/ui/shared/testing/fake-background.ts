/**
 * An in-memory stand-in for the background, for UI tests: just enough state
 * (vault, accounts, settings) that a screen's behaviour can be checked from
 * what a person sees. It uses the real code parser and account summaries.
 */
import { summarize } from '../../../core/account';
import { validateCodeList } from '../../../core/codes/list';
import { parseCodes } from '../../../core/codes/parse';
import { shapeForDomains } from '../../../core/codes/site-shape';
import { BackstopError } from '../../../core/errors';
import {
  DEFAULT_SETTINGS,
  type Account,
  type BackupCode,
  type Settings,
} from '../../../core/types';
import type { BackupPreview } from '../../../messages';
import type { CodesInput, TabContext } from '../../../messages';
import { fakeSend, type FakeHandlers, type FakeSend } from './test-utils';

let idSeq = 0;
export function newId(): string {
  idSeq += 1;
  return idSeq.toString(16).padStart(32, '0');
}

export function makeCodes(values: string[], used: number[] = []): BackupCode[] {
  return values.map((value, i) =>
    used.includes(i)
      ? {
          id: newId(),
          value,
          state: 'used',
          changedAt: 1_700_000_000_000,
          origin: 'https://github.com',
        }
      : { id: newId(), value, state: 'unused' },
  );
}

export function makeAccount(over: Partial<Account> = {}): Account {
  return {
    id: newId(),
    site: 'GitHub',
    domains: ['github.com'],
    username: 'alice',
    notes: '',
    codes: makeCodes(['aaaaa-11111', 'bbbbb-22222', 'ccccc-33333', 'ddddd-44444', 'eeeee-55555']),
    archived: [],
    history: [{ at: 1_700_000_000_000, action: 'created' }],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...over,
  };
}

export interface FakeState {
  exists: boolean;
  unlocked: boolean;
  passphrase: string;
  accounts: Account[];
  settings: Settings;
  tab: TabContext;
  corrupted: string[];
  /** Previous code states, for undo. */
  undo: Map<string, BackupCode>;
  preview: BackupPreview;
}

export function fakeBackground(init: Partial<FakeState> = {}): FakeSend & { state: FakeState } {
  const state: FakeState = {
    exists: true,
    unlocked: false,
    passphrase: 'correct horse battery staple',
    accounts: [],
    settings: { ...DEFAULT_SETTINGS },
    tab: { tabId: null, domain: null, hasField: false, matchingAccountIds: [] },
    corrupted: [],
    undo: new Map(),
    preview: { added: [], merged: [], unchanged: 0, fileVersion: 2 },
    ...init,
  };
  const status = () => ({ exists: state.exists, unlocked: state.unlocked });
  const unlocked = () => {
    if (!state.exists) throw new BackstopError('no-vault', 'no vault');
    if (!state.unlocked) throw new BackstopError('locked', 'locked');
  };
  const find = (id: string) => {
    const a = state.accounts.find((x) => x.id === id);
    if (!a) throw new BackstopError('not-found', 'not found');
    return a;
  };
  /** As the real background: the preview's list checked, or text parsed with the site's shape. */
  const codesFrom = (input: CodesInput, domains: readonly string[]): BackupCode[] =>
    (input.codes !== undefined
      ? validateCodeList(input.codes)
      : parseCodes(input.codesText, { shape: shapeForDomains(domains) }).codes
    ).map((c) => ({
      id: newId(),
      value: c.value,
      state: c.used ? 'used' : 'unused',
    }));

  const handlers: FakeHandlers = {
    'vault.status': () => status(),
    'vault.create': ({ passphrase }) => {
      if (state.exists) throw new BackstopError('vault-exists', 'exists');
      Object.assign(state, { exists: true, unlocked: true, passphrase });
      return status();
    },
    'vault.unlock': ({ passphrase }) => {
      if (passphrase !== state.passphrase) throw new BackstopError('wrong-passphrase', 'wrong');
      state.unlocked = true;
      return { corruptedRecords: state.corrupted };
    },
    'vault.lock': () => {
      state.unlocked = false;
      return status();
    },
    'vault.touch': () => undefined,
    'vault.changePassphrase': ({ current, next }) => {
      unlocked();
      if (current !== state.passphrase) throw new BackstopError('wrong-passphrase', 'wrong');
      state.passphrase = next;
    },
    'vault.delete': ({ confirm, passphrase }) => {
      if (confirm !== 'DELETE') throw new BackstopError('invalid-input', 'confirm');
      if (passphrase !== state.passphrase) throw new BackstopError('wrong-passphrase', 'wrong');
      Object.assign(state, { exists: false, unlocked: false, accounts: [] });
      return status();
    },
    'accounts.list': () => {
      unlocked();
      return {
        accounts: state.accounts.map((a) => summarize(a, state.settings.lowCodesThreshold)),
        corruptedRecords: state.corrupted,
      };
    },
    'accounts.get': ({ id }) => {
      unlocked();
      return structuredClone(find(id));
    },
    'accounts.add': (req) => {
      unlocked();
      const { draft } = req;
      const account = makeAccount({ ...draft, codes: codesFrom(req, draft.domains), history: [] });
      state.accounts.push(account);
      return structuredClone(account);
    },
    'accounts.import': ({ accounts }) => {
      unlocked();
      // All or nothing, as the background writes them in one transaction.
      const created = accounts.map((item) =>
        makeAccount({
          site: item.site,
          domains: item.domains,
          username: item.username,
          codes: item.codes.map((c) => ({
            id: newId(),
            value: c.value,
            state: c.used ? 'used' : 'unused',
          })),
          history: [],
        }),
      );
      state.accounts.push(...created);
      return {
        added: created.map((a) => summarize(a, state.settings.lowCodesThreshold)),
      };
    },
    'accounts.update': ({ id, draft }) => {
      unlocked();
      Object.assign(find(id), draft);
      return structuredClone(find(id));
    },
    'accounts.delete': ({ id }) => {
      unlocked();
      state.accounts = state.accounts.filter((a) => a.id !== id);
    },
    'codes.mark': ({ accountId, codeId, used }) => {
      unlocked();
      const a = find(accountId);
      const code = a.codes.find((c) => c.id === codeId);
      if (!code) throw new BackstopError('not-found', 'code');
      state.undo.set(codeId, { ...code });
      Object.assign(
        code,
        used ? { state: 'used', changedAt: 1_700_000_100_000 } : { state: 'unused' },
      );
      if (!used) delete code.changedAt;
      return structuredClone(a);
    },
    'codes.undo': ({ accountId, codeId }) => {
      unlocked();
      const a = find(accountId);
      const before = state.undo.get(codeId);
      if (!before) throw new BackstopError('not-found', 'nothing to undo');
      a.codes = a.codes.map((c) => (c.id === codeId ? before : c));
      state.undo.delete(codeId);
      return structuredClone(a);
    },
    'codes.replace': (req) => {
      unlocked();
      const a = find(req.accountId);
      const codes = codesFrom(req, a.domains);
      a.archived.push({ replacedAt: 1_700_000_200_000, codes: a.codes });
      a.codes = codes;
      return structuredClone(a);
    },
    'backup.export': ({ passphrase }) => {
      unlocked();
      // Like the real background: it never keeps the master passphrase, so one is required.
      if (!passphrase)
        throw new BackstopError('invalid-input', 'Choose a passphrase for the backup.');
      return {
        fileName: 'backstop-backup.json',
        json: JSON.stringify({ format: 'fake', passphrase: passphrase ?? null }),
      };
    },
    'backup.preview': ({ passphrase }) => {
      unlocked();
      if (passphrase !== state.passphrase) throw new BackstopError('wrong-passphrase', 'wrong');
      return state.preview;
    },
    'backup.import': ({ passphrase }) => {
      unlocked();
      if (passphrase !== state.passphrase) throw new BackstopError('wrong-passphrase', 'wrong');
      return state.preview;
    },
    'backup.plaintext': () => {
      unlocked();
      return structuredClone(state.accounts);
    },
    'ui.copied': () => {
      unlocked();
    },
    'settings.get': () => ({ ...state.settings }),
    'settings.set': (patch) => {
      state.settings = { ...state.settings, ...patch };
      return { ...state.settings };
    },
    'ui.tabContext': () => state.tab,
    'ui.fillActiveTab': ({ accountId }) => {
      unlocked();
      const a = find(accountId);
      const next = a.codes.find((c) => c.state === 'unused');
      if (!next) throw new BackstopError('no-codes-left', 'none');
      next.state = 'filled';
    },
  };
  return { ...fakeSend(handlers), state };
}
