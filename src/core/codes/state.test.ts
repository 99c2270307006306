import { describe, expect, it } from 'vitest';
import { isBackstopError, type ErrorCode } from '../errors';
import { MAX_HISTORY } from '../account';
import type { Account, BackupCode, CodeState } from '../types';
import {
  CLAIM_AGAIN_MS,
  applyCodeEvent,
  claimNext,
  codeAfter,
  newCode,
  type CodeEvent,
} from './state';

const A = 'https://github.com';
const B = 'https://evil.example';
const AT = 1_700_000_000_000;
const ID = 'c'.repeat(32);

/** Every state a stored code can be in, with the history that led there. */
const STATES: Record<string, BackupCode> = {
  'unused (new)': { id: ID, value: '1234 5678', state: 'unused' },
  'unused (marked by hand)': {
    id: ID,
    value: '1234 5678',
    state: 'unused',
    changedAt: 100,
    previous: { state: 'used', changedAt: 50 },
  },
  'filled on A just now': {
    id: ID,
    value: '1234 5678',
    state: 'filled',
    changedAt: AT - 60_000,
    origin: A,
    previous: { state: 'unused' },
  },
  'filled on A, window just over': {
    id: ID,
    value: '1234 5678',
    state: 'filled',
    changedAt: AT - CLAIM_AGAIN_MS,
    origin: A,
    previous: { state: 'unused' },
  },
  'filled on A long ago': {
    id: ID,
    value: '1234 5678',
    state: 'filled',
    changedAt: 100,
    origin: A,
    previous: { state: 'unused' },
  },
  'filled on A, no time (older data)': {
    id: ID,
    value: '1234 5678',
    state: 'filled',
    origin: A,
    previous: { state: 'unused' },
  },
  'used by hand': {
    id: ID,
    value: '1234 5678',
    state: 'used',
    changedAt: 100,
    previous: { state: 'unused' },
  },
  'used on A': {
    id: ID,
    value: '1234 5678',
    state: 'used',
    changedAt: 100,
    origin: A,
    previous: { state: 'filled', changedAt: 90, origin: A },
  },
};

const EVENTS: Record<string, CodeEvent> = {
  'mark used': { type: 'mark-used' },
  'mark unused': { type: 'mark-unused' },
  'claim for A': { type: 'claim', origin: A },
  'claim for B': { type: 'claim', origin: B },
  'confirm from A': { type: 'confirm', origin: A },
  'confirm from B': { type: 'confirm', origin: B },
  undo: { type: 'undo' },
};

type Outcome =
  /** The event changes the code to this state (and origin) at AT. */
  | { state: CodeState; origin?: string }
  /** The event is refused with this error. */
  | { refused: ErrorCode }
  /** The event does not apply: nothing changes. */
  | 'unchanged'
  /** Undo: the code's `previous`, exactly. */
  | 'previous'
  /** Claim: the very same code is handed out again, nothing changes. */
  | 'again';

const refused = { refused: 'invalid-input' } as const;

/** Rows: states; columns: events (in the order of EVENTS). */
const TABLE: Record<keyof typeof STATES, Record<keyof typeof EVENTS, Outcome>> = {
  'unused (new)': {
    'mark used': { state: 'used' },
    'mark unused': { state: 'unused' },
    'claim for A': { state: 'filled', origin: A },
    'claim for B': { state: 'filled', origin: B },
    'confirm from A': 'unchanged',
    'confirm from B': 'unchanged',
    undo: refused,
  },
  'unused (marked by hand)': {
    'mark used': { state: 'used' },
    'mark unused': { state: 'unused' },
    'claim for A': { state: 'filled', origin: A },
    'claim for B': { state: 'filled', origin: B },
    'confirm from A': 'unchanged',
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
  'filled on A just now': {
    'mark used': { state: 'used', origin: A },
    'mark unused': { state: 'unused' },
    'claim for A': 'again',
    'claim for B': refused,
    'confirm from A': { state: 'used', origin: A },
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
  // The window is over: a fresh code is handed out instead and this one stays filled.
  'filled on A, window just over': {
    'mark used': { state: 'used', origin: A },
    'mark unused': { state: 'unused' },
    'claim for A': refused,
    'claim for B': refused,
    'confirm from A': { state: 'used', origin: A },
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
  'filled on A long ago': {
    'mark used': { state: 'used', origin: A },
    'mark unused': { state: 'unused' },
    'claim for A': refused,
    'claim for B': refused,
    'confirm from A': { state: 'used', origin: A },
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
  'filled on A, no time (older data)': {
    'mark used': { state: 'used', origin: A },
    'mark unused': { state: 'unused' },
    'claim for A': refused,
    'claim for B': refused,
    'confirm from A': { state: 'used', origin: A },
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
  'used by hand': {
    'mark used': { state: 'used' },
    'mark unused': { state: 'unused' },
    'claim for A': refused,
    'claim for B': refused,
    'confirm from A': 'unchanged',
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
  'used on A': {
    'mark used': { state: 'used', origin: A },
    'mark unused': { state: 'unused' },
    'claim for A': refused,
    'claim for B': refused,
    'confirm from A': 'unchanged',
    'confirm from B': 'unchanged',
    undo: 'previous',
  },
};

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

/** The code without its undo slot: what an undo gives back. */
function withoutPrevious(code: BackupCode): BackupCode {
  const { previous: _previous, ...rest } = code;
  return rest;
}

const CASES = Object.entries(TABLE).flatMap(([stateName, row]) =>
  Object.entries(row).map(([eventName, outcome]) => ({ stateName, eventName, outcome })),
);

describe('code state machine: every state × every event', () => {
  it('the table covers every state and every event', () => {
    expect(CASES).toHaveLength(Object.keys(STATES).length * Object.keys(EVENTS).length);
    for (const row of Object.values(TABLE)) {
      expect(Object.keys(row).sort()).toEqual(Object.keys(EVENTS).sort());
    }
  });

  it.each(CASES)('$stateName + $eventName', ({ stateName, eventName, outcome }) => {
    const code = STATES[stateName]!;
    const before = structuredClone(code);
    const event = EVENTS[eventName]!;
    if (typeof outcome === 'object' && 'refused' in outcome) {
      const e = errorOf(() => codeAfter(code, event, AT));
      expect(isBackstopError(e, outcome.refused), String(e)).toBe(true);
    } else if (outcome === 'unchanged') {
      expect(codeAfter(code, event, AT)).toBeNull();
    } else if (outcome === 'again') {
      expect(codeAfter(code, event, AT)).toBe(code);
    } else if (outcome === 'previous') {
      const back: BackupCode = { id: code.id, value: code.value, ...code.previous! };
      expect(codeAfter(code, event, AT)).toStrictEqual(back);
    } else {
      // A change: the new state at AT, the state before it kept for undo.
      const { id: _id, value: _value, ...previous } = withoutPrevious(code);
      const expected: BackupCode = {
        id: code.id,
        value: code.value,
        state: outcome.state,
        changedAt: AT,
        previous,
      };
      if (outcome.origin !== undefined) expected.origin = outcome.origin;
      const after = codeAfter(code, event, AT);
      expect(after).toStrictEqual(expected);
      // …and undo after the change gives back exactly the code before it.
      expect(codeAfter(after!, { type: 'undo' }, AT + 1)).toStrictEqual(withoutPrevious(code));
    }
    expect(code, 'the code passed in is not modified').toStrictEqual(before);
  });

  it.each(Object.entries(STATES).filter(([, c]) => c.previous))(
    'undo is one step: after undoing %s there is nothing left to undo',
    (_name, code) => {
      const back = codeAfter(code, { type: 'undo' }, AT)!;
      const e = errorOf(() => codeAfter(back, { type: 'undo' }, AT));
      expect(isBackstopError(e, 'invalid-input')).toBe(true);
    },
  );

  it('a filled code never goes back to unused except by hand or undo', () => {
    const filled = STATES['filled on A just now']!;
    for (const [name, event] of Object.entries(EVENTS)) {
      if (event.type === 'mark-unused' || event.type === 'undo') continue;
      let after: BackupCode | null;
      try {
        after = codeAfter(filled, event, AT);
      } catch {
        continue; // refused: still filled
      }
      expect(after?.state ?? filled.state, name).not.toBe('unused');
    }
  });
});

describe('newCode', () => {
  it('an unused code has no time; a code entered as used is used from now', () => {
    expect(newCode(ID, 'abc', false, AT)).toStrictEqual({ id: ID, value: 'abc', state: 'unused' });
    expect(newCode(ID, 'abc', true, AT)).toStrictEqual({
      id: ID,
      value: 'abc',
      state: 'used',
      changedAt: AT,
    });
  });
});

function account(codes: BackupCode[], history: Account['history'] = []): Account {
  return {
    id: 'a'.repeat(32),
    site: 'GitHub',
    domains: ['github.com'],
    username: 'octo',
    notes: '',
    codes,
    archived: [],
    history,
    createdAt: 1,
    updatedAt: 1,
  };
}

const code = (n: number, state: CodeState = 'unused'): BackupCode => ({
  id: String(n).repeat(32).slice(0, 32),
  value: `code-${n}`,
  state,
});

describe('applyCodeEvent: the account and its history', () => {
  it.each([
    [{ type: 'mark-used' }, { action: 'used' }],
    [{ type: 'mark-unused' }, { action: 'unused' }],
    [
      { type: 'claim', origin: A },
      { action: 'filled', origin: A },
    ],
  ] satisfies [CodeEvent, object][])(
    '%o on an unused code changes only that code and records %o',
    (event, entry) => {
      const before = account([code(1), code(2), code(3)]);
      const snapshot = structuredClone(before);
      const after = applyCodeEvent(before, code(2).id, event, AT);
      expect(after.codes[0]).toBe(before.codes[0]);
      expect(after.codes[2]).toBe(before.codes[2]);
      expect(after.codes[1]).toStrictEqual(codeAfter(code(2), event, AT));
      expect(after.history).toStrictEqual([{ at: AT, codeId: code(2).id, ...entry }]);
      expect(before).toStrictEqual(snapshot);
    },
  );

  it('a confirm records the origin; an undo records the state it went back to', () => {
    const filled = applyCodeEvent(account([code(1)]), code(1).id, { type: 'claim', origin: A }, 1);
    const used = applyCodeEvent(filled, code(1).id, { type: 'confirm', origin: A }, 2);
    const undone = applyCodeEvent(used, code(1).id, { type: 'undo' }, 3);
    expect(undone.history).toStrictEqual([
      { at: 1, action: 'filled', codeId: code(1).id, origin: A },
      { at: 2, action: 'used', codeId: code(1).id, origin: A },
      { at: 3, action: 'filled', codeId: code(1).id },
    ]);
    expect(undone.codes[0]).toMatchObject({ state: 'filled', origin: A, changedAt: 1 });
  });

  it('an event that changes nothing returns the same account, with no history', () => {
    const before = account([code(1)]);
    expect(applyCodeEvent(before, code(1).id, { type: 'confirm', origin: A }, AT)).toBe(before);
  });

  it('refuses a code the account does not have, and passes refusals on', () => {
    const before = account([code(1, 'used')]);
    const missing = errorOf(() => applyCodeEvent(before, code(9).id, { type: 'mark-used' }, AT));
    expect(isBackstopError(missing, 'not-found')).toBe(true);
    const claim = errorOf(() =>
      applyCodeEvent(before, code(1).id, { type: 'claim', origin: A }, AT),
    );
    expect(isBackstopError(claim, 'invalid-input')).toBe(true);
  });

  it('keeps the history within its cap', () => {
    const full = Array.from({ length: MAX_HISTORY }, (_, i) => ({
      at: i,
      action: 'edited' as const,
    }));
    const after = applyCodeEvent(account([code(1)], full), code(1).id, { type: 'mark-used' }, AT);
    expect(after.history).toHaveLength(MAX_HISTORY);
    expect(after.history.at(-1)).toMatchObject({ at: AT, action: 'used' });
    expect(after.history[0]!.at).toBe(1);
  });
});

describe('claimNext', () => {
  it('hands out the first unused code in order, skipping filled and used ones', () => {
    const before = account([code(1, 'used'), code(2, 'filled'), code(3), code(4)]);
    const { account: after, code: claimed } = claimNext(before, A, AT);
    expect(claimed).toMatchObject({ id: code(3).id, state: 'filled', origin: A, changedAt: AT });
    expect(after.codes.map((c) => c.state)).toEqual(['used', 'filled', 'filled', 'unused']);
    // Another origin (another sign-in page of the account's site) gets the next one.
    expect(claimNext(after, B, AT + 1).code.id).toBe(code(4).id);
  });

  it('hands the code filled on the same origin out again, unchanged, until the window ends', () => {
    const first = claimNext(account([code(1), code(2), code(3)]), A, AT);
    expect(first.again).toBe(false);
    // The same origin asks again (a retry, a reload, a second tab): the same code, nothing written.
    const again = claimNext(first.account, A, AT + CLAIM_AGAIN_MS - 1);
    expect(again).toMatchObject({ again: true, code: { id: code(1).id, changedAt: AT } });
    expect(again.account).toBe(first.account);
    // Another origin of the same account never gets it.
    expect(claimNext(first.account, B, AT + 1).code.id).toBe(code(2).id);
    // After the window the next unused code is handed out; the old one stays filled.
    const later = claimNext(first.account, A, AT + CLAIM_AGAIN_MS);
    expect(later).toMatchObject({ again: false, code: { id: code(2).id, state: 'filled' } });
    expect(later.account.codes[0]).toMatchObject({ state: 'filled', origin: A });
  });

  it('of several codes filled on the origin within the window, the latest is handed out again', () => {
    const filled = (n: number, at: number): BackupCode => ({
      ...code(n, 'filled'),
      origin: A,
      changedAt: at,
    });
    const a = account([filled(1, AT - 2000), filled(2, AT - 1000), filled(3, AT - 3000), code(4)]);
    expect(claimNext(a, A, AT).code.id).toBe(code(2).id);
  });

  it('without a fresh code allowed, only a code filled there within the window is handed out', () => {
    const first = claimNext(account([code(1), code(2)]), A, AT);
    expect(claimNext(first.account, A, AT + 1, { fresh: false }).code.id).toBe(code(1).id);
    for (const [origin, at] of [
      [B, AT + 1],
      [A, AT + CLAIM_AGAIN_MS],
    ] as const) {
      const e = errorOf(() => claimNext(first.account, origin, at, { fresh: false }));
      expect(isBackstopError(e, 'rate-limited'), `${origin} at +${at - AT}`).toBe(true);
    }
    // Nothing left at all is still `no-codes-left`, limit or not.
    const spent = account([code(1, 'used')]);
    expect(
      isBackstopError(
        errorOf(() => claimNext(spent, A, AT, { fresh: false })),
        'no-codes-left',
      ),
    ).toBe(true);
  });

  it('refuses with no-codes-left when nothing is unused', () => {
    for (const codes of [[], [code(1, 'used')], [code(1, 'filled'), code(2, 'used')]]) {
      const e = errorOf(() => claimNext(account(codes), A, AT));
      expect(isBackstopError(e, 'no-codes-left'), JSON.stringify(codes)).toBe(true);
    }
  });
});
