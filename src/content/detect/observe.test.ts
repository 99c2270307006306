// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { watchForFields } from './observe';
import { localQualifier } from './testing/fixtures';
import type { SiteRuleHint } from '../../messages';
import type { FieldCandidate } from './types';

const qualify = localQualifier();

const BACKUP_FIELD =
  '<form><label for="bc">Backup code</label><input id="bc" autocomplete="one-time-code"></form>';

function nextFound(signal: AbortSignal, ms = 1000) {
  const found: FieldCandidate[][] = [];
  let wake: () => void = () => {};
  watchForFields(document, (f) => (found.push(f), wake()), signal, undefined, qualify);
  return {
    found,
    wait: () =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('not found in time')), ms);
        wake = () => (clearTimeout(t), resolve());
      }),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 100));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('watchForFields', () => {
  it('reports a field present at start once, and a field added later', async () => {
    document.body.innerHTML = BACKUP_FIELD;
    const ac = new AbortController();
    const w = nextFound(ac.signal);
    // Qualification is asynchronous (the background answers): the first scan reports soon after.
    await w.wait();
    expect(w.found.flat().map((f) => f.element.id)).toEqual(['bc']);
    const later = w.wait();
    const div = document.createElement('div');
    div.innerHTML = '<h2>Use a recovery code</h2><label>Recovery code <input id="rc"></label>';
    document.body.append(div);
    await later;
    // The first field is not reported again.
    expect(w.found.flat().map((f) => f.element.id)).toEqual(['bc', 'rc']);
    ac.abort();
  });

  it('does not rescan for mutations without inputs', async () => {
    const ac = new AbortController();
    let scans = 0;
    const orig = document.querySelectorAll.bind(document);
    document.querySelectorAll = ((s: string) => {
      if (s === 'input') scans++;
      return orig(s);
    }) as typeof document.querySelectorAll;
    try {
      watchForFields(document, () => {}, ac.signal, undefined, qualify);
      const atStart = scans;
      for (let i = 0; i < 20; i++) document.body.append(document.createElement('p'));
      document.body.append('text');
      await settle();
      expect(scans).toBe(atStart);
      document.body.append(document.createElement('input'));
      await settle();
      expect(scans).toBe(atStart + 1);
    } finally {
      ac.abort();
      document.querySelectorAll = orig as typeof document.querySelectorAll;
    }
  });

  it('finds a field rendered into an open shadow root after load', async () => {
    const ac = new AbortController();
    const w = nextFound(ac.signal);
    const waiting = w.wait();
    // A component attaches its (empty) shadow root when created, renders into it later:
    // the watcher has to observe inside the root to see the field arrive.
    const host = document.createElement('x-mfa');
    const sr = host.attachShadow({ mode: 'open' });
    document.body.append(host);
    await settle();
    expect(w.found).toEqual([]);
    sr.innerHTML = BACKUP_FIELD;
    await waiting;
    expect(w.found.flat()[0]?.element).toBe(sr.getElementById('bc'));
    ac.abort();
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const w = nextFound(ac.signal);
    ac.abort();
    document.body.innerHTML = BACKUP_FIELD;
    await settle();
    expect(w.found).toEqual([]);
  });

  it('does nothing with an already aborted signal', () => {
    document.body.innerHTML = BACKUP_FIELD;
    const found: unknown[] = [];
    watchForFields(document, (f) => found.push(f), AbortSignal.abort(), undefined, qualify);
    expect(found).toEqual([]);
  });

  it('asks a hint source once, only when text inputs exist, and scans with its answer', async () => {
    const ac = new AbortController();
    const asked: number[] = [];
    let answer: (h: SiteRuleHint | null) => void = () => {};
    const source = () => {
      asked.push(Date.now());
      return new Promise<SiteRuleHint | null>((r) => (answer = r));
    };
    const found: FieldCandidate[][] = [];
    watchForFields(document, (f) => found.push(f), ac.signal, source, qualify);
    document.body.append(document.createElement('p'));
    await settle();
    expect(asked).toHaveLength(0); // no text inputs, no question

    // A field only the site rule knows (the page names only the app).
    document.body.innerHTML = '<label>Login code <input id="lc" name="approvals_code"></label>';
    await settle();
    expect(asked).toHaveLength(1);
    expect(found).toEqual([]); // waits for the answer
    answer({ fieldSelectors: ['input[name=approvals_code]'], isChallengeStep: true });
    await settle();
    expect(found.flat().map((f) => f.element.id)).toEqual(['lc']);

    document.body.insertAdjacentHTML('beforeend', BACKUP_FIELD);
    await settle();
    expect(asked).toHaveLength(1);
    ac.abort();
  });

  it('finds nothing on an app-code-only step, whatever the page says', async () => {
    document.body.innerHTML = BACKUP_FIELD;
    const ac = new AbortController();
    const found: FieldCandidate[][] = [];
    watchForFields(
      document,
      (f) => found.push(f),
      ac.signal,
      async () => ({ appOnly: true }),
      qualify,
    );
    await settle();
    expect(found).toEqual([]);
    ac.abort();
  });

  it('scans with the heuristics when the hint source fails', async () => {
    document.body.innerHTML = BACKUP_FIELD;
    const ac = new AbortController();
    const found: FieldCandidate[][] = [];
    watchForFields(
      document,
      (f) => found.push(f),
      ac.signal,
      () => Promise.reject(new Error('x')),
      qualify,
    );
    await settle();
    expect(found.flat().map((f) => f.element.id)).toEqual(['bc']);
    ac.abort();
  });
});
