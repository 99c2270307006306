// @vitest-environment jsdom
// How the content script finds the field: observers, the site hint, app-only steps.
import { describe, expect, it } from 'vitest';
import type { SiteRuleHint } from '../messages';
import {
  GITHUB,
  fakeBackground,
  field,
  fixturePage,
  flush,
  load,
  offerButton,
  settle,
  start,
  useContentPage,
} from './testing/content-page';

useContentPage();

describe('content script: finding the field', () => {
  it('a page without text inputs costs one observer; a field rendered later is found', async () => {
    load('<!doctype html><title>App</title><main id="app"><p>Loading…</p></main>');
    const bg = fakeBackground();
    start(bg);
    await flush();
    expect(bg.calls).toEqual([]);
    document.querySelector('#app')!.innerHTML =
      '<form><label for="recovery_code">Recovery code</label><input id="recovery_code"><button>Verify</button></form>';
    await settle();
    await flush();
    expect(bg.names()).toEqual(['page.siteHint', 'page.qualify', 'page.fieldFound']);
    expect(bg.calls[2]).toEqual({
      name: 'page.fieldFound',
      payload: { hasField: true, sandboxed: false },
    });
  });

  it('an app-code-only step (site hint) reports no field and fills nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground(undefined, { appOnly: true });
    const controller = start(bg, { person: true });
    await flush();
    // The recovery field would qualify on its own; the hint says codes would be burnt here.
    expect(bg.names()).toEqual(['page.siteHint']);
    field().focus();
    await flush();
    expect(offerButton()).toBeUndefined();
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(bg.names()).not.toContain('page.claimCode');
  });

  it('finds a field that only the site hint can find (Facebook-style shared field)', async () => {
    const html = fixturePage('facebook-checkpoint.html');
    const hint = JSON.parse(
      /name="backstop-hint" content='([^']+)'/.exec(html)![1]!,
    ) as SiteRuleHint;
    const code = () => document.querySelector<HTMLInputElement>('#approvals_code')!;

    load(html);
    const without = fakeBackground();
    let controller = start(without);
    await flush();
    // Asked, and the page's own words are qualified, but there is no field without the hint.
    expect(without.names()).toEqual(['page.siteHint', 'page.qualify']);
    controller.stop();

    load(html);
    const bg = fakeBackground(undefined, hint);
    controller = start(bg);
    await flush();
    expect(bg.calls[1]).toEqual({
      name: 'page.fieldFound',
      payload: { hasField: true, sandboxed: false },
    });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: true });
    expect(code().value).toBe('abcde-00001');
  });

  it('asks for the site hint once per frame, even as fields keep appearing', async () => {
    load('<!doctype html><main id="app"></main>');
    const bg = fakeBackground();
    start(bg);
    for (const id of ['a', 'b']) {
      document
        .querySelector('#app')!
        .insertAdjacentHTML(
          'beforeend',
          `<form><label for="${id}">Recovery code</label><input id="${id}"><button>Go</button></form>`,
        );
      await settle();
      await flush();
    }
    expect(bg.names().filter((n) => n === 'page.siteHint')).toHaveLength(1);
    expect(bg.names().filter((n) => n === 'page.fieldFound')).toHaveLength(2);
  });
});
