/**
 * What a page — even one whose renderer is compromised and sends any message
 * a content script could — can get from the background (docs/security.md):
 * codes only on a site's login hosts, the same code again rather than a
 * fresh one, fresh codes only within limits, no say over the settings, and
 * nothing but origins kept about the frames that reported a field.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_AGAIN_MS } from '../core/codes/state';
import {
  CLAIMS_PER_TAB,
  FRESH_ORIGIN_WINDOW_MS,
  FRESH_PER_ORIGIN,
  FRESH_PER_TAB,
  FRESH_TAB_WINDOW_MS,
} from './claim-limits';
import { MAX_FRAMES, MAX_FRAMES_PER_TAB } from './fields';
import { background, content, errorCode, filled, page } from './testing/background';
import { PASS } from '../storage/testing/vault-harness';
import type { SenderInfo } from '../messages';

const RECOVERY = 'https://github.com/sessions/two-factor/recovery';
const codes = (n: number) =>
  Array.from({ length: n }, (_, i) => `${String(i).padStart(5, 'a')}-${10000 + i}`).join('\n');

async function withAccounts() {
  const bg = background();
  await bg.h['vault.create']({ passphrase: PASS }, page);
  const add = (site: string, domain: string, n = 16, hosts?: string[]) =>
    bg.h['accounts.add'](
      {
        draft: {
          site,
          domains: [domain],
          username: 'jane',
          notes: '',
          ...(hosts ? { hosts } : {}),
        },
        codesText: codes(n),
      },
      page,
    );
  return { ...bg, add };
}

const found = (h: Awaited<ReturnType<typeof withAccounts>>['h'], sender: SenderInfo) =>
  h['page.fieldFound']({ hasField: true, sandboxed: false }, sender);

describe('a registry site’s codes go only to its login hosts', () => {
  it('a Google Form on docs.google.com gets no button and no code; accounts.google.com does', async () => {
    const { h, add } = await withAccounts();
    const google = await add('Google', 'google.com');
    const form = content('https://docs.google.com/forms/d/e/1FAIpQL/viewform');
    expect(await found(h, form)).toEqual({ state: 'none' });
    expect(await errorCode(h['page.claimCode']({ sandboxed: false }, form))).toBe(
      'origin-not-allowed',
    );
    const challenge = content('https://accounts.google.com/v3/signin/challenge/bc');
    expect(await found(h, challenge)).toMatchObject({ state: 'available', left: 16 });
    const claim = filled(await h['page.claimCode']({ sandboxed: false }, challenge));
    expect(claim.accountId).toBe(google.id);
  });

  it('attacker.wordpress.com is not wordpress.com’s login page', async () => {
    const { h, add } = await withAccounts();
    await add('WordPress.com', 'wordpress.com');
    for (const url of ['https://attacker.wordpress.com/verify', 'https://a.b.wordpress.com/']) {
      expect(await found(h, content(url))).toEqual({ state: 'none' });
      expect(await errorCode(h['page.claimCode']({ sandboxed: false }, content(url)))).toBe(
        'origin-not-allowed',
      );
    }
    expect(await found(h, content('https://wordpress.com/log-in/backup'))).toMatchObject({
      state: 'available',
    });
  });

  it('the popup learns why nothing is offered on such a page', async () => {
    const { add, env } = await withAccounts();
    await add('Google', 'google.com');
    const tabAt = (url: string) => background(env, undefined, { id: 7, url }).h;
    expect(
      await tabAt('https://docs.google.com/forms/d/x')['ui.tabContext'](undefined, page),
    ).toMatchObject({
      domain: 'google.com',
      hasField: false,
      notOffered: { site: 'Google', hosts: ['accounts.google.com'] },
    });
    const onLogin = await tabAt('https://accounts.google.com/')['ui.tabContext'](undefined, page);
    expect(onLogin.notOffered).toBeUndefined();
  });

  it('pinned hosts are saved normalized, checked against the domains, and decide alone', async () => {
    const { h, add } = await withAccounts();
    const slack = await add('Slack', 'slack.com', 4, [' SomeTeam.Slack.com ']);
    expect(slack.hosts).toEqual(['someteam.slack.com']);
    expect(await found(h, content('https://someteam.slack.com/'))).toMatchObject({
      state: 'available',
    });
    expect(await found(h, content('https://slack.com/signin'))).toEqual({ state: 'none' });
    // An edit that does not mention hosts keeps them; an empty list removes them.
    const draft = { site: 'Slack', domains: ['slack.com'], username: 'jane', notes: '' };
    expect((await h['accounts.update']({ id: slack.id, draft }, page)).hosts).toEqual([
      'someteam.slack.com',
    ]);
    const cleared = await h['accounts.update'](
      { id: slack.id, draft: { ...draft, hosts: [] } },
      page,
    );
    expect(cleared.hosts).toBeUndefined();
    expect(await found(h, content('https://slack.com/signin'))).toMatchObject({
      state: 'available',
    });
    // A pin outside the account's domains is refused, with nothing saved.
    expect(
      await errorCode(
        h['accounts.update']({ id: slack.id, draft: { ...draft, hosts: ['evil.example'] } }, page),
      ),
    ).toBe('invalid-input');
    expect((await h['accounts.get']({ id: slack.id }, page)).hosts).toBeUndefined();
  });
});

describe('a page cannot drain its own site’s codes', () => {
  it('claims without a submit hand out the same code, whatever the tab or frame', async () => {
    const { h, add } = await withAccounts();
    const gh = await add('GitHub', 'github.com');
    const first = filled(await h['page.claimCode']({ sandboxed: false }, content(RECOVERY)));
    for (const sender of [
      content(RECOVERY),
      content(`${RECOVERY}?again`, { tabId: 8 }),
      content(RECOVERY, { tabId: 9, frameId: 3 }),
    ]) {
      expect(await h['page.claimCode']({ sandboxed: false }, sender)).toEqual(first);
    }
    const states = (await h['accounts.get']({ id: gh.id }, page)).codes.map((c) => c.state);
    expect(states.filter((s) => s !== 'unused')).toEqual(['filled']);
  });

  it('after the claim-again window the next claim is a fresh code; the old one stays filled', async () => {
    const { h, add, env } = await withAccounts();
    const gh = await add('GitHub', 'github.com');
    const first = filled(await h['page.claimCode']({ sandboxed: false }, content(RECOVERY)));
    env.clock.t += CLAIM_AGAIN_MS;
    const second = filled(await h['page.claimCode']({ sandboxed: false }, content(RECOVERY)));
    expect(second.codeId).not.toBe(first.codeId);
    const after = await h['accounts.get']({ id: gh.id }, page);
    expect(after.codes.slice(0, 3).map((c) => c.state)).toEqual(['filled', 'filled', 'unused']);
  });

  it('claim, submit, claim…: a tab gets at most a few fresh codes, then only the last one again', async () => {
    const { h, add, env } = await withAccounts();
    await h['settings.set']({ autoLockMinutes: null }, page); // the clock moves by hours below
    const gh = await add('GitHub', 'github.com');
    const drain = async (tabId: number) => {
      const sender = content(RECOVERY, { tabId });
      const claim = filled(await h['page.claimCode']({ sandboxed: false }, sender));
      await h['page.submitted']({ accountId: claim.accountId, codeId: claim.codeId }, sender);
    };
    for (let i = 0; i < FRESH_PER_TAB; i++) await drain(7);
    expect(await errorCode(drain(7))).toBe('rate-limited');
    // More tabs of the same origin do not multiply it.
    for (let i = FRESH_PER_TAB; i < FRESH_PER_ORIGIN; i++) await drain(100 + i);
    expect(await errorCode(drain(200))).toBe('rate-limited');
    const used = (await h['accounts.get']({ id: gh.id }, page)).codes.filter(
      (c) => c.state === 'used',
    );
    expect(used).toHaveLength(FRESH_PER_ORIGIN);
    // The limits hold across a worker restart (what a page can wait for)…
    env.clock.t += FRESH_TAB_WINDOW_MS;
    expect(
      await errorCode(
        background(env).h['page.claimCode'](
          { sandboxed: false },
          content(RECOVERY, { tabId: 300 }),
        ),
      ),
    ).toBe('rate-limited');
    // …and lift when their windows are over.
    env.clock.t += FRESH_ORIGIN_WINDOW_MS;
    await background(env).h['page.claimCode']({ sandboxed: false }, content(RECOVERY));
  });

  it('a limited tab still gets the code filled there just now', async () => {
    const { h, add } = await withAccounts();
    await add('GitHub', 'github.com');
    const sender = content(RECOVERY);
    for (let i = 0; i < FRESH_PER_TAB - 1; i++) {
      const c = filled(await h['page.claimCode']({ sandboxed: false }, sender));
      await h['page.submitted']({ accountId: c.accountId, codeId: c.codeId }, sender);
    }
    const last = await h['page.claimCode']({ sandboxed: false }, sender);
    expect(await h['page.claimCode']({ sandboxed: false }, sender)).toEqual(last);
  });

  it('a tab that asks too often is refused outright for a minute', async () => {
    const { h, add, env } = await withAccounts();
    await add('GitHub', 'github.com');
    for (let i = 0; i < CLAIMS_PER_TAB; i++)
      await h['page.claimCode']({ sandboxed: false }, content(RECOVERY));
    expect(await errorCode(h['page.claimCode']({ sandboxed: false }, content(RECOVERY)))).toBe(
      'rate-limited',
    );
    // Another tab is not held back by it.
    await h['page.claimCode']({ sandboxed: false }, content(RECOVERY, { tabId: 8 }));
    env.clock.t += 60_000;
    await h['page.claimCode']({ sandboxed: false }, content(RECOVERY));
  });
});

describe('settings a page cannot change', () => {
  it('what a content script writes to storage.local changes nothing, also after a restart', async () => {
    const { h, env } = await withAccounts();
    await h['settings.set']({ autoLockMinutes: 1 }, page);
    // A compromised renderer can call storage.local.set like its content script could.
    await env.local.set('settings', { autoLockMinutes: null, clipboardClearSeconds: 600 });
    for (const bg of [{ h }, background(env)]) {
      expect(await bg.h['settings.get'](undefined, page)).toMatchObject({
        autoLockMinutes: 1,
        clipboardClearSeconds: 30,
      });
    }
    // …and auto-lock still locks after one idle minute.
    env.clock.t += 61_000;
    expect((await background(env).h['vault.status'](undefined, page)).unlocked).toBe(false);
  });

  it('existing settings move out of storage.local once; storage.local is then cleared', async () => {
    const bg = background();
    await bg.env.local.set('settings', { autoLockMinutes: 60, lowCodesThreshold: 5 });
    expect(await bg.h['settings.get'](undefined, page)).toMatchObject({
      autoLockMinutes: 60,
      lowCodesThreshold: 5,
    });
    expect(await bg.env.local.get('settings')).toBeUndefined();
    await bg.env.local.set('settings', { autoLockMinutes: null });
    expect(await background(bg.env).h['settings.get'](undefined, page)).toMatchObject({
      autoLockMinutes: 60,
    });
  });

  it('invalid values found in storage.local are not moved over: the defaults are', async () => {
    const bg = background();
    await bg.env.local.set('settings', { autoLockMinutes: 0, evil: true });
    expect(await bg.h['settings.get'](undefined, page)).toMatchObject({ autoLockMinutes: 15 });
    expect(await bg.env.local.get('settings')).toBeUndefined();
  });
});

describe('what the background keeps about frames with a field', () => {
  const stored = async (env: ReturnType<typeof background>['env']) =>
    (await env.session.get('fields')) as Record<string, Record<string, unknown>>;

  it('only the origin: no path, query or fragment', async () => {
    const { h, env, add } = await withAccounts();
    await add('GitHub', 'github.com');
    await found(
      h,
      content('https://github.com/sessions/two-factor/recovery?return_to=%2Fsecret&token=abc#frag'),
    );
    const text = JSON.stringify(await stored(env));
    expect(text).toContain('https://github.com');
    for (const leak of ['sessions', 'recovery', 'secret', 'token', 'abc', 'frag'])
      expect(text).not.toContain(leak);
    // What is kept still drives the popup's fill.
    expect((await h['ui.tabContext'](undefined, page)).hasField).toBe(true);
  });

  it('an app-only step stays one after only its origin is kept', async () => {
    const { h, add, filled } = await withAccounts();
    const github = await add('GitHub', 'github.com');
    await found(h, content('https://github.com/sessions/two-factor/app'));
    expect((await h['ui.tabContext'](undefined, page)).hasField).toBe(false);
    expect(await errorCode(h['ui.fillActiveTab']({ accountId: github.id }, page))).toBe(
      'not-found',
    );
    expect(filled).toEqual([]);
  });

  it('is bounded per tab and in total, the least recently reported going first', async () => {
    const { h, env } = await withAccounts();
    for (let f = 0; f < 50; f++)
      await found(h, content(`https://a${f}.example/x`, { tabId: 1, frameId: f }));
    const tab1 = Object.keys((await stored(env))['1']!).map(Number);
    expect(tab1).toHaveLength(MAX_FRAMES_PER_TAB);
    expect(Math.min(...tab1)).toBe(50 - MAX_FRAMES_PER_TAB);
    for (let t = 2; t < 200; t++)
      await found(h, content(`https://t${t}.example/x`, { tabId: t, frameId: 0 }));
    const all = await stored(env);
    const count = Object.values(all).reduce((n, f) => n + Object.keys(f).length, 0);
    expect(count).toBe(MAX_FRAMES);
    expect(all['199']).toBeDefined();
    expect(all['1']).toBeUndefined();
    expect(JSON.stringify(all).length).toBeLessThan(MAX_FRAMES * 80);
  });
});
