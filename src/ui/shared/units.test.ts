import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import locale from '../../../public/_locales/en/messages.json';
import { FREE_ATTEMPTS, pauseSeconds, readBackoff, recordFailure, resetBackoff } from './backoff';
import { ClipboardGuard } from './clipboard';
import { hostFromInput, parseDomainList } from './domain';
import { formatMessage, readable, sourceFromLocale } from './i18n';
import { checkNewPassphrase } from './passphrase';
import { FakeClipboard, MemoryStore } from './testing/test-utils';

const here = dirname(fileURLToPath(import.meta.url));
const uiRoot = resolve(here, '..');

describe('sourceFromLocale', () => {
  const source = sourceFromLocale({
    Greeting: { message: 'Hi $1, $2 left' },
    named: { message: 'Hello $who$ ($$5)', placeholders: { who: { content: '$1' } } },
  });
  it('marks $1…$9, expands named placeholders and $$, case-insensitively', () => {
    expect(readable(source('greeting'))).toBe('Hi $1, $2 left');
    expect(formatMessage(source('greeting'), ['Ann', 3], 'en')).toBe('Hi Ann, 3 left');
    expect(formatMessage(source('named'), ['Bo'], 'en')).toBe('Hello Bo ($5)');
    expect(source('missing')).toBe('');
  });
});

describe('locale file', () => {
  const keys = new Set(Object.keys(locale).map((k) => k.toLowerCase()));
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      // Test helpers (testing/) may ask for keys the UI does not show.
      if (statSync(p).isDirectory()) return name === 'testing' ? [] : sources(p);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
    });
  }
  it('has every message key the UI asks for', () => {
    const used = new Set<string>();
    for (const file of sources(uiRoot)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/key: '([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'((?:err|history)[A-Z][A-Za-z0-9]*|strength[0-4])'/g))
        used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !keys.has(k.toLowerCase()));
    expect(missing).toEqual([]);
  });
  it('keeps the exact English wording the end-to-end tests rely on', () => {
    const source = sourceFromLocale(locale);
    const en = (key: string, subs: number[]) => formatMessage(source(key), subs, 'en');
    for (const n of [0, 1, 2, 5, 16]) expect(en('nLeft', [n])).toBe(`${n} left`);
    expect(en('errWrongPassphrase', [])).toContain('Wrong passphrase');
    for (const [key, text] of [
      ['masterPassphrase', 'Master passphrase'],
      ['confirmPassphrase', 'Confirm passphrase'],
      ['createVault', 'Create vault'],
      ['unlock', 'Unlock'],
      ['addAccount', 'Add account'],
      ['lock', 'Lock'],
      ['website', 'Website'],
      ['username', 'Username'],
      ['backupCodes', 'Backup codes'],
      ['importCodesFile', 'Import codes file'],
      ['save', 'Save'],
      ['showCodes', 'Show codes'],
      ['hideCodes', 'Hide codes'],
      ['used', 'Used'],
      ['markUsed', 'Mark used'],
      ['markUnused', 'Mark unused'],
      ['copy', 'Copy'],
      ['exportBackup', 'Export encrypted backup'],
      ['importBackup', 'Import backup'],
      ['changePassphrase', 'Change passphrase'],
      ['autoLockAfter', 'Auto-lock after'],
    ] as const) {
      expect(en(key, [])).toBe(text);
    }
  });
});

describe('popup bundle boundary', () => {
  // Follows static imports from the popup entry; heavy modules must only be reached by import().
  function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const text = readFileSync(entry, 'utf8');
    for (const m of text.matchAll(
      /^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm,
    )) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(entry), spec);
      const file = ['', '.ts', '.tsx', '/index.ts']
        .map((x) => base + x)
        .find((p) => {
          try {
            return statSync(p).isFile();
          } catch {
            return false;
          }
        });
      if (file && /\.tsx?$/.test(file)) staticGraph(file, seen);
      else if (file) seen.add(file);
    }
    return seen;
  }
  it('does not statically import zxcvbn, tldts or the site registry', () => {
    const graph = [...staticGraph(resolve(uiRoot, 'popup/main.tsx'))];
    expect(graph.some((p) => p.endsWith('core/codes/parse.ts'))).toBe(true); // the walk works
    expect(graph.filter((p) => /zxcvbn|tldts|sites\/registry|registry\.json/.test(p))).toEqual([]);
  });
});

describe('passphrase rules', () => {
  it('takes length and confirmation from the core rule (NFKC)', () => {
    // Eleven decomposed "é": 22 UTF-16 units, eleven characters.
    expect(checkNewPassphrase('e\u0301'.repeat(11), 'e\u0301'.repeat(11), 4)).toBe('too-short');
    // The confirmation typed composed matches the decomposed passphrase.
    expect(checkNewPassphrase('cafe\u0301 au lait!', 'caf\u00e9 au lait!', 4)).toBeNull();
  });
  it('orders problems: length, then strength, then confirmation', () => {
    expect(checkNewPassphrase('short', 'x', 4)).toBe('too-short');
    expect(checkNewPassphrase('aaaaaaaaaaaaaaaa', 'x', 0)).toBe('too-weak');
    expect(checkNewPassphrase('lantern orbit velvet', 'x', 4)).toBe('mismatch');
    expect(checkNewPassphrase('lantern orbit velvet', 'lantern orbit velvet', 4)).toBeNull();
    expect(checkNewPassphrase('lantern orbit velvet', 'lantern orbit velvet', null)).toBeNull();
  });
});

describe('unlock back-off', () => {
  it('allows a few attempts, then doubles the pause up to a minute', () => {
    expect(pauseSeconds(FREE_ATTEMPTS - 1)).toBe(0);
    expect(pauseSeconds(FREE_ATTEMPTS)).toBe(5);
    expect(pauseSeconds(FREE_ATTEMPTS + 1)).toBe(10);
    expect(pauseSeconds(FREE_ATTEMPTS + 20)).toBe(60);
  });
  it('persists failures and resets after success', () => {
    const store = new MemoryStore();
    for (let i = 0; i < FREE_ATTEMPTS; i++) recordFailure(store, 1000);
    expect(readBackoff(store)).toEqual({ failures: FREE_ATTEMPTS, until: 6000 });
    resetBackoff(store);
    expect(readBackoff(store)).toEqual({ failures: 0, until: 0 });
    store.setItem('backstop.unlockFailures', '{not json');
    expect(readBackoff(store)).toEqual({ failures: 0, until: 0 });
  });
});

describe('website input', () => {
  it.each([
    ['github.com', 'github.com'],
    ['  WWW.GitHub.com ', 'github.com'],
    ['https://www.instagram.com/accounts/login/two_factor?next=%2F', 'instagram.com'],
    ['accounts.google.com/v3/signin', 'accounts.google.com'],
    ['http://localhost:8080/x', 'localhost'],
  ])('%s → %s', (input, host) => expect(hostFromInput(input)).toBe(host));
  it.each(['', 'github', 'javascript:alert(1)', 'ftp://example.com', 'http://exa mple.com'])(
    'rejects %j',
    (input) => expect(hostFromInput(input)).toBeNull(),
  );
  it('splits extra domains and reports bad ones', () => {
    expect(parseDomainList('a.com, b.com  a.com;nope')).toEqual({
      hosts: ['a.com', 'b.com'],
      invalid: ['nope'],
    });
  });
});

describe('ClipboardGuard', () => {
  function manual() {
    let task: (() => void) | null = null;
    return {
      schedule: (fn: () => void) => {
        task = fn;
        return 1;
      },
      cancel: () => {
        task = null;
      },
      run: async () => {
        const t = task;
        task = null;
        t?.();
        await new Promise((r) => setTimeout(r, 0));
      },
    };
  }

  it('clears only when the clipboard still holds the code', async () => {
    const clip = new FakeClipboard();
    const timer = manual();
    const guard = new ClipboardGuard(clip, timer.schedule, timer.cancel);
    await guard.copy('1234 5678', 30);
    clip.text = 'something the person copied later';
    await timer.run();
    expect(clip.text).toBe('something the person copied later');
    await guard.copy('1234 5678', 30);
    await timer.run();
    expect(clip.text).toBe('');
  });

  it('falls back to its own record when reading is refused', async () => {
    const clip = new FakeClipboard();
    clip.readable = false;
    const timer = manual();
    const guard = new ClipboardGuard(clip, timer.schedule, timer.cancel);
    await guard.copy('aaaa', 30);
    await guard.copy('bbbb', 30); // a newer copy replaces the pending clear
    expect(await guard.clearIfCurrent('aaaa')).toBe(false);
    await timer.run();
    expect(clip.text).toBe('');
    expect(clip.writes).toEqual(['aaaa', 'bbbb', '']);
  });

  it('never schedules a clear for a zero delay and reports an absent clipboard', async () => {
    const clip = new FakeClipboard();
    const timer = manual();
    const guard = new ClipboardGuard(clip, timer.schedule, timer.cancel);
    await guard.copy('x', 0);
    await timer.run();
    expect(clip.text).toBe('x');
    await expect(new ClipboardGuard(null).copy('x', 30)).rejects.toThrow();
  });
});
