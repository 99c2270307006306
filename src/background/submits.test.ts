// The background's half of "submitted, then the page went away": codes armed
// on a content script's port are confirmed when that port disconnects within
// the window, on the real handlers and vault (src/background/testing/).
import { describe, expect, it } from 'vitest';
import type { SenderInfo } from '../messages';
import { content, filled as asFill, page, withGithub } from './testing/background';
import { PASS } from '../storage/testing/vault-harness';
import { MAX_SUBMIT_WINDOW_MS } from './submits';

const RECOVERY = 'https://github.com/sessions/two-factor/recovery';

/** GitHub's vault with its first code filled into the recovery page. */
async function filled() {
  const bg = await withGithub();
  const claim = asFill(await bg.h['page.claimCode']({ sandboxed: false }, content(RECOVERY)));
  const state = async () =>
    (await bg.h['accounts.get']({ id: bg.account.id }, page)).codes.find(
      (c) => c.id === claim.codeId,
    )!;
  const watch = (windowMs: number) => ({
    accountId: claim.accountId,
    codeId: claim.codeId,
    windowMs,
  });
  return { ...bg, claim, state, watch };
}

describe('PendingSubmits', () => {
  it('a port that disconnects within the window confirms the code on its own origin', async () => {
    const { submits, env, state, watch } = await filled();
    const port = submits.open(content(RECOVERY))!;
    port.message(watch(10_000));
    env.clock.t += 9_999;
    await port.gone();
    expect(await state()).toMatchObject({ state: 'used', origin: 'https://github.com' });
  });

  it('after the window, a disconnect leaves the code filled', async () => {
    const { submits, env, state, watch } = await filled();
    const port = submits.open(content(RECOVERY))!;
    port.message(watch(3_000));
    env.clock.t += 3_001;
    await port.gone();
    expect((await state()).state).toBe('filled');
  });

  it('each message arms again from its own time; 0 takes the code back', async () => {
    const { submits, env, state, watch } = await filled();
    const port = submits.open(content(RECOVERY))!;
    port.message(watch(10_000));
    env.clock.t += 8_000;
    port.message(watch(10_000)); // a trusted submit 8 s after the fill
    env.clock.t += 9_000;
    port.message(watch(0)); // the person changed the field
    await port.gone();
    expect((await state()).state).toBe('filled');

    const again = submits.open(content(RECOVERY))!;
    again.message(watch(10_000));
    env.clock.t += 8_000;
    again.message(watch(10_000));
    env.clock.t += 9_000;
    await again.gone();
    expect((await state()).state).toBe('used');
  });

  it('a content script cannot ask for a longer window than the cap', async () => {
    const { submits, env, state, watch } = await filled();
    const port = submits.open(content(RECOVERY))!;
    port.message(watch(10 * 60_000));
    env.clock.t += MAX_SUBMIT_WINDOW_MS + 1;
    await port.gone();
    expect((await state()).state).toBe('filled');
  });

  it('another origin’s port cannot confirm the code (a frame of another site, a look-alike)', async () => {
    for (const url of [
      'https://github.com.evil.net/sessions/two-factor/recovery',
      'https://gist.github.io/',
      'http://github.com/sessions/two-factor/recovery',
    ]) {
      const { submits, state, watch } = await filled();
      const port = submits.open(content(url))!;
      port.message(watch(10_000));
      await port.gone();
      expect((await state()).state, url).toBe('filled');
    }
  });

  it('only a web frame’s content script gets a session', async () => {
    const { submits } = await filled();
    const refused: SenderInfo[] = [
      page, // the popup or manager
      { extensionPage: false, url: RECOVERY }, // no tab
      { extensionPage: false, tabId: 7 }, // no URL
      content('about:blank'),
      content('data:text/html,<input>'),
    ];
    for (const sender of refused)
      expect(submits.open(sender), JSON.stringify(sender)).toBeUndefined();
  });

  it('ignores malformed messages', async () => {
    const { submits, state, claim } = await filled();
    const port = submits.open(content(RECOVERY))!;
    for (const m of [
      null,
      'arm',
      { codeId: claim.codeId, windowMs: 10_000 },
      { accountId: claim.accountId, codeId: claim.codeId, windowMs: Number.NaN },
      { accountId: claim.accountId, codeId: claim.codeId, windowMs: '10000' },
    ])
      port.message(m);
    await port.gone();
    expect((await state()).state).toBe('filled');
  });

  it('confirmed on the page (page.submitted) and then undone: a later disconnect leaves the undo', async () => {
    const { h, submits, state, watch, claim } = await filled();
    const port = submits.open(content(RECOVERY))!;
    port.message(watch(10_000));
    const ids = { accountId: claim.accountId, codeId: claim.codeId };
    await h['page.submitted'](ids, content(RECOVERY));
    await h['page.undoFill'](ids, content(RECOVERY));
    expect((await state()).state).toBe('filled');
    await port.gone(); // the tab is closed right after the undo
    expect((await state()).state).toBe('filled');
  });

  it('a code undone from the page, or marked by hand, is not confirmed by a later disconnect', async () => {
    const undone = await filled();
    const p1 = undone.submits.open(content(RECOVERY))!;
    p1.message(undone.watch(10_000));
    await undone.h['page.undoFill'](
      { accountId: undone.claim.accountId, codeId: undone.claim.codeId },
      content(RECOVERY),
    );
    await p1.gone();
    expect((await undone.state()).state).toBe('unused');

    const marked = await filled();
    const p2 = marked.submits.open(content(RECOVERY))!;
    p2.message(marked.watch(10_000));
    await marked.h['codes.mark'](
      { accountId: marked.claim.accountId, codeId: marked.claim.codeId, used: true },
      page,
    );
    await marked.h['codes.undo'](
      { accountId: marked.claim.accountId, codeId: marked.claim.codeId },
      page,
    );
    await p2.gone();
    expect((await marked.state()).state).toBe('filled');
  });

  it('a locked vault: the disconnect changes nothing and throws nothing', async () => {
    const { h, submits, state, watch } = await filled();
    const port = submits.open(content(RECOVERY))!;
    port.message(watch(10_000));
    await h['vault.lock'](undefined, page);
    await expect(port.gone()).resolves.toBeUndefined();
    await h['vault.unlock']({ passphrase: PASS }, page);
    expect((await state()).state).toBe('filled');
  });
});
