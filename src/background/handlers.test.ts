import { describe, expect, it } from 'vitest';
import type { SenderInfo } from '../messages';
import { authorize } from './handlers';
import { background, content, errorCode, filled, page, withGithub } from './testing/background';
import { PASS } from '../storage/testing/vault-harness';

describe('sender policy', () => {
  it('vault management only from extension pages; page messages only from content scripts', () => {
    expect(() => authorize('vault.unlock', content('https://evil.example/'))).toThrow(/own pages/);
    expect(() => authorize('backup.export', content('https://github.com/'))).toThrow();
    expect(() => authorize('page.claimCode', page)).toThrow(/web page/);
    expect(() =>
      authorize('page.claimCode', { extensionPage: false, url: 'https://github.com/' }),
    ).toThrow();
    expect(() => authorize('page.claimCode', content('https://github.com/'))).not.toThrow();
    expect(() => authorize('vault.status', page)).not.toThrow();
  });
});

describe('background handlers', () => {
  it('creates a vault, adds an account from pasted codes with a URL as website', async () => {
    const { h, account } = await withGithub();
    expect(account.domains).toEqual(['github.com']);
    expect(account.codes.map((c) => c.value)).toEqual([
      'abcde-12345',
      'fghij-67890',
      'klmno-13579',
    ]);
    const list = await h['accounts.list'](undefined, page);
    expect(list.accounts[0]).toMatchObject({ domains: ['github.com'], left: 3, low: true });
    expect(await h['vault.status'](undefined, page)).toEqual({ exists: true, unlocked: true });
  });

  it('claims a code only for a frame whose own URL matches, over https, not sandboxed, not app-only', async () => {
    const { h, account } = await withGithub();
    const claim = (url: string, extra: Partial<SenderInfo> = {}, sandboxed = false) =>
      h['page.claimCode']({ sandboxed }, content(url, extra)).then(filled);
    for (const bad of [
      'https://github.com.evil.net/sessions/two-factor/recovery',
      'https://g1thub.com/sessions/two-factor/recovery',
      'http://github.com/sessions/two-factor/recovery',
      'https://xn--gthub-n4a.com/sessions/two-factor/recovery',
      'https://github.com/sessions/two-factor/app',
    ]) {
      expect(await errorCode(claim(bad)), bad).toBe('origin-not-allowed');
    }
    expect(
      await errorCode(claim('https://github.com/sessions/two-factor/recovery', {}, true)),
    ).toBe('origin-not-allowed');
    expect(
      await errorCode(claim('https://github.com/sessions/two-factor/recovery', { origin: 'null' })),
    ).toBe('origin-not-allowed');
    const ok = await claim('https://github.com/sessions/two-factor/recovery');
    expect(ok).toMatchObject({ code: 'abcde-12345', accountId: account.id, left: 2 });
    // Asked again before the page submitted: the same code, not a fresh one.
    expect(await claim('https://github.com/sessions/two-factor/recovery?retry=1')).toEqual(ok);
    await h['page.submitted'](
      { accountId: account.id, codeId: ok.codeId },
      content('https://github.com/sessions/two-factor/recovery'),
    );
    const next = await claim('https://github.com/sessions/two-factor/recovery');
    expect(next.code).toBe('fghij-67890');
    const after = await h['accounts.get']({ id: account.id }, page);
    expect(after.codes.map((c) => c.state)).toEqual(['used', 'filled', 'unused']);
    expect(after.codes[0]!.origin).toBe('https://github.com');
    // Another site cannot undo GitHub's fill.
    expect(
      await errorCode(
        h['page.undoFill'](
          { accountId: account.id, codeId: next.codeId },
          content('https://evil.example/'),
        ),
      ),
    ).toBe('not-found');
    await h['page.undoFill'](
      { accountId: account.id, codeId: next.codeId },
      content('https://github.com/x'),
    );
    expect((await h['accounts.get']({ id: account.id }, page)).codes[1]!.state).toBe('unused');
  });

  it('offers locked / none / available to a frame with a field', async () => {
    const { h, account } = await withGithub();
    const url = 'https://github.com/sessions/two-factor/recovery';
    expect(
      await h['page.fieldFound']({ hasField: true, sandboxed: false }, content(url)),
    ).toMatchObject({ state: 'available', left: 3 });
    expect(
      await h['page.fieldFound'](
        { hasField: true, sandboxed: false },
        content('https://gitlab.com/users/sign_in', { tabId: 8 }),
      ),
    ).toEqual({ state: 'none' });
    expect((await h['ui.tabContext'](undefined, page)).hasField).toBe(true);
    await h['ui.fillActiveTab']({ accountId: account.id }, page);
    await h['vault.lock'](undefined, page);
    expect(await h['page.fieldFound']({ hasField: true, sandboxed: false }, content(url))).toEqual({
      state: 'locked',
    });
    expect(await errorCode(h['page.claimCode']({ sandboxed: false }, content(url)))).toBe('locked');
  });

  it('a restarted worker resumes the unlocked vault until the auto-lock timeout', async () => {
    const first = await withGithub();
    // A new background over the same storage is what a service-worker restart looks like.
    const second = background(first.env);
    expect((await second.h['accounts.list'](undefined, page)).accounts).toHaveLength(1);
    first.env.clock.t += 14 * 60_000;
    const third = background(first.env);
    expect(await third.h['vault.status'](undefined, page)).toEqual({
      exists: true,
      unlocked: true,
    });
    first.env.clock.t += 15 * 60_000 + 1;
    const fourth = background(first.env);
    expect(await fourth.h['vault.status'](undefined, page)).toEqual({
      exists: true,
      unlocked: false,
    });
    expect(first.env.session.dump()).not.toContain('unlocked');
  });

  it('activity postpones auto-lock; "only on browser restart" never times out', async () => {
    const { h, env } = await withGithub();
    await h['settings.set']({ autoLockMinutes: 1 }, page);
    env.clock.t += 50_000;
    await h['vault.touch'](undefined, page);
    env.clock.t += 50_000;
    expect((await h['vault.status'](undefined, page)).unlocked).toBe(true);
    env.clock.t += 61_000;
    expect((await h['vault.status'](undefined, page)).unlocked).toBe(false);
    await h['vault.unlock']({ passphrase: PASS }, page);
    await h['settings.set']({ autoLockMinutes: null }, page);
    env.clock.t += 30 * 24 * 3600_000;
    expect((await background(env).h['vault.status'](undefined, page)).unlocked).toBe(true);
    expect(await errorCode(h['settings.set']({ autoLockMinutes: 2 } as never, page))).toBe(
      'invalid-input',
    );
  });

  it('keeps the language setting: the browser’s (default) or one of the locales, nothing else', async () => {
    const { h } = await withGithub();
    expect((await h['settings.get'](undefined, page)).language).toBe('');
    for (const language of ['de', 'pt_BR', 'ar', 'zh_TW', '']) {
      expect((await h['settings.set']({ language }, page)).language).toBe(language);
    }
    for (const language of ['xx', 'pt-BR', 'de_DE', 'EN', 5, null]) {
      expect(await errorCode(h['settings.set']({ language } as never, page))).toBe('invalid-input');
    }
    await h['settings.set']({ language: 'he' }, page);
    expect((await h['settings.get'](undefined, page)).language).toBe('he');
  });

  it('tells the menus and pages when the language changes, and only then', async () => {
    const { h, languageChanges } = background();
    await h['settings.set']({ language: 'ar' }, page);
    await h['settings.set']({ autoLockMinutes: 5 }, page);
    await h['settings.set']({ language: 'ar' }, page);
    await h['settings.set']({ language: '' }, page);
    expect(languageChanges).toEqual(['ar', '']);
  });

  it('hands a content script its words in the chosen language, and only a content script', async () => {
    const { h } = background();
    const frame = content('https://github.com/sessions/two-factor/recovery');
    expect((await h['page.words'](undefined, frame)).text.contentUndo).toBe(
      'undo in the browser language',
    );
    await h['settings.set']({ language: 'he' }, page);
    expect(await h['page.words'](undefined, frame)).toEqual({
      lang: 'he',
      dir: 'ltr',
      text: { contentUndo: 'undo in he' },
    });
    expect(() => authorize('page.words', page)).toThrow();
    expect(() => authorize('page.words', frame)).not.toThrow();
  });

  it('a fill counts as activity, recorded after the code has been handed out', async () => {
    const { h, env } = await withGithub();
    await h['settings.set']({ autoLockMinutes: 1 }, page);
    env.clock.t += 50_000;
    await h['page.claimCode'](
      { sandboxed: false },
      content('https://github.com/sessions/two-factor/recovery'),
    );
    await new Promise((r) => setTimeout(r, 0)); // the activity write follows the answer
    env.clock.t += 50_000;
    // A fresh worker reads the activity from storage.session, not from memory.
    expect((await background(env).h['vault.status'](undefined, page)).unlocked).toBe(true);
    env.clock.t += 11_000;
    expect((await background(env).h['vault.status'](undefined, page)).unlocked).toBe(false);
  });

  it('reads the settings from storage once, and sees its own changes', async () => {
    const { h, env } = await withGithub();
    let reads = 0;
    const get = env.local.get.bind(env.local);
    env.local.get = async (key) => {
      if (key === 'settings') reads += 1;
      return get(key);
    };
    for (let i = 0; i < 5; i++) await h['vault.status'](undefined, page);
    expect(reads).toBeLessThanOrEqual(1);
    await h['settings.set']({ autoLockMinutes: 5, lowCodesThreshold: 2 }, page);
    expect(await h['settings.get'](undefined, page)).toMatchObject({
      autoLockMinutes: 5,
      lowCodesThreshold: 2,
    });
    // A restarted worker reads what was written.
    expect(await background(env).h['settings.get'](undefined, page)).toMatchObject({
      autoLockMinutes: 5,
      lowCodesThreshold: 2,
    });
  });

  it('export → delete vault → import restores everything including used marks', async () => {
    const { h, account } = await withGithub();
    await h['codes.mark'](
      { accountId: account.id, codeId: account.codes[1]!.id, used: true },
      page,
    );
    const { json, fileName } = await h['backup.export'](
      { passphrase: 'backup passphrase 123' },
      page,
    );
    expect(fileName).toMatch(/^backstop-backup-\d{4}-\d\d-\d\d\.json$/);
    expect(json).not.toContain('github');
    expect(await errorCode(h['vault.delete']({ confirm: 'delete', passphrase: PASS }, page))).toBe(
      'invalid-input',
    );
    await h['vault.delete']({ confirm: 'DELETE', passphrase: PASS }, page);
    expect(await h['vault.status'](undefined, page)).toEqual({ exists: false, unlocked: false });
    await h['vault.create']({ passphrase: 'a new master passphrase' }, page);
    expect(
      await errorCode(h['backup.preview']({ json, passphrase: 'wrong passphrase!!' }, page)),
    ).toBe('wrong-passphrase');
    const preview = await h['backup.preview']({ json, passphrase: 'backup passphrase 123' }, page);
    expect(preview.added).toHaveLength(1);
    expect((await h['accounts.list'](undefined, page)).accounts).toHaveLength(0);
    await h['backup.import']({ json, passphrase: 'backup passphrase 123' }, page);
    const [restored] = (await h['accounts.list'](undefined, page)).accounts;
    expect(restored).toMatchObject({ domains: ['github.com'], left: 2, total: 3 });
    const full = await h['accounts.get']({ id: restored!.id }, page);
    expect(full.codes.map((c) => c.state)).toEqual(['unused', 'used', 'unused']);
    // Importing again changes nothing.
    await h['backup.import']({ json, passphrase: 'backup passphrase 123' }, page);
    expect((await h['accounts.list'](undefined, page)).accounts).toHaveLength(1);
  });

  it('an encrypted backup reuses the vault’s iteration count', async () => {
    const { h } = background(undefined, 654_321);
    await h['vault.create']({ passphrase: PASS }, page);
    const { json } = await h['backup.export']({ passphrase: 'backup passphrase 123' }, page);
    expect((JSON.parse(json) as { kdf: { iterations: number } }).kdf.iterations).toBe(654_321);
  });

  it('wrong passphrase is a distinct error and the vault stays locked', async () => {
    const { h } = await withGithub();
    await h['vault.lock'](undefined, page);
    expect(await errorCode(h['vault.unlock']({ passphrase: 'nope nope nope' }, page))).toBe(
      'wrong-passphrase',
    );
    expect(await errorCode(h['accounts.list'](undefined, page))).toBe('locked');
    await h['vault.unlock']({ passphrase: PASS }, page);
    expect((await h['accounts.list'](undefined, page)).accounts).toHaveLength(1);
  });
});

describe('site hints and exhausted accounts', () => {
  it('gives the registry hint for the sending frame and says when codes are spent', async () => {
    const { h, account } = await withGithub();
    const recovery = content('https://github.com/sessions/two-factor/recovery');
    expect(
      await h['page.siteHint'](undefined, content('https://github.com/sessions/two-factor/app')),
    ).toEqual({ appOnly: true });
    const hint = await h['page.siteHint'](undefined, recovery);
    expect(hint).toMatchObject({ isChallengeStep: true, sharedWithAppCodes: false });
    expect(hint?.fieldSelectors?.length).toBeGreaterThan(0);
    expect(
      await h['page.siteHint'](undefined, content('https://unknown.example/login')),
    ).toBeNull();
    for (const c of account.codes)
      await h['codes.mark']({ accountId: account.id, codeId: c.id, used: true }, page);
    expect(await h['page.fieldFound']({ hasField: true, sandboxed: false }, recovery)).toEqual({
      state: 'exhausted',
      site: 'GitHub',
    });
    expect(
      await h['page.fieldFound'](
        { hasField: true, sandboxed: false },
        content('https://github.com.evil.net/x'),
      ),
    ).toEqual({ state: 'none' });
  });
});

describe('page.qualify', () => {
  const ctx = (labels: string[], over: Record<string, unknown> = {}) => ({
    type: 'text',
    autocomplete: '',
    inputMode: '',
    maxLength: -1,
    pattern: '',
    boxes: 1,
    identifiers: [],
    classes: [],
    labels,
    descriptions: [],
    context: [],
    ...over,
  });

  it('only a content script may ask, and it needs no unlocked vault', () => {
    expect(() => authorize('page.qualify', page)).toThrow(/web page/);
    expect(() => authorize('page.qualify', content('https://example.com/'))).not.toThrow();
  });

  it('answers one verdict per field, in order, in any language of the vocabulary', async () => {
    const { h } = background();
    const verdicts = await h['page.qualify'](
      {
        fields: [
          ctx(['백업 코드']),
          ctx(['Search']),
          ctx(['رمز الاسترداد']),
          ctx(['Kod zapasowy'], { maxLength: 8 }),
          ctx(['Code'], { descriptions: ['Enter the code we sent by SMS'] }),
        ],
      },
      content('https://example.com/login'),
    );
    expect(verdicts.map((v) => v.isBackupCodeField)).toEqual([true, false, true, true, false]);
  });

  it("takes the site rules from the sender's URL, never from the page", async () => {
    const { h } = background();
    const fields = [ctx(['Recovery code'])];
    const app = await h['page.qualify'](
      { fields },
      content('https://github.com/sessions/two-factor/app'),
    );
    expect(app[0]).toMatchObject({ isBackupCodeField: false, reasons: ['site-rule:app-only'] });
    const recovery = await h['page.qualify'](
      { fields },
      content('https://github.com/sessions/two-factor/recovery'),
    );
    expect(recovery[0]?.isBackupCodeField).toBe(true);
    expect(recovery[0]?.reasons).toContain('site-rule:challenge-step');
  });

  it('refuses malformed or oversized requests with invalid-input', async () => {
    const { h } = background();
    const at = content('https://example.com/');
    const ask = (payload: unknown) => errorCode(h['page.qualify'](payload as { fields: [] }, at));
    expect(await ask(undefined)).toBe('invalid-input');
    expect(await ask({ fields: 'x' })).toBe('invalid-input');
    expect(await ask({ fields: [{ labels: 'Backup code' }] })).toBe('invalid-input');
    expect(await ask({ fields: [ctx(Array.from({ length: 9 }, () => 'x'))] })).toBe(
      'invalid-input',
    );
    expect(await ask({ fields: Array.from({ length: 33 }, () => ctx([])) })).toBe('invalid-input');
    expect(await ask({ fields: [ctx([], { maxLength: 'eight' })] })).toBe('invalid-input');
  });
});
