// @vitest-environment jsdom
// The content script's fill cycle: offer, fill, watch the submit, undo; and content.fill (keyboard, popup).
import { describe, expect, it, vi } from 'vitest';
import { STAY_MS, SUBMIT_WINDOW_MS } from './watch';
import {
  GITHUB,
  fakeBackground,
  field,
  fixturePage,
  flush,
  load,
  offerButton,
  settle,
  shadowRoots,
  start,
  toastText,
  useContentPage,
} from './testing/content-page';

useContentPage();

describe('content script: fill, submit, undo', () => {
  it('reports the field, offers on focus, fills on our button, marks used on submit, undoes', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    start(bg, { person: true });
    await flush();
    // The site hint first (the page has text inputs), then qualification of
    // the candidate fields, then the detection's result.
    expect(bg.calls[0]).toEqual({ name: 'page.siteHint', payload: undefined });
    expect(bg.calls[1]?.name).toBe('page.qualify');
    const sent = (bg.calls[1]?.payload as { fields: { identifiers: string[] }[] }).fields;
    expect(sent.map((f) => f.identifiers)).toEqual([['recovery_code', 'recovery_code']]);
    expect(bg.calls[2]).toEqual({
      name: 'page.fieldFound',
      payload: { hasField: true, sandboxed: false },
    });
    expect(offerButton()).toBeUndefined(); // not before the field has focus

    field().focus();
    await flush();
    expect(offerButton()).toBeDefined();
    expect(offerButton()!.textContent).toContain('5 left');

    offerButton()!.click();
    await settle();
    expect(bg.names()).toContain('page.claimCode');
    expect(field().value).toBe('abcde-00001');
    expect(offerButton()!.textContent).toContain('4 left');

    // Armed by the fill: the background confirms if the page goes away soon.
    expect(bg.armed).toEqual([{ accountId: 'a1', codeId: 'c1', windowMs: SUBMIT_WINDOW_MS }]);
    document.addEventListener('submit', (e) => e.preventDefault());
    document
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect(bg.armed).toHaveLength(2); // armed again by the submit
    expect(bg.names()).not.toContain('page.submitted'); // not before the page goes on
    // A single-page app goes on: the URL changes, nothing unloads.
    history.pushState({}, '', '/sessions/two-factor/done');
    await settle();
    await settle();
    expect(bg.calls.find((c) => c.name === 'page.submitted')?.payload).toEqual({
      accountId: 'a1',
      codeId: 'c1',
    });
    expect(toastText()).toBe('Marked as used · Undo');

    const undo = shadowRoots()
      .map((r) => r.querySelector('[role=status] button'))
      .find((b) => b?.isConnected) as HTMLButtonElement;
    undo.click();
    await flush();
    expect(bg.calls.find((c) => c.name === 'page.undoFill')?.payload).toEqual({
      accountId: 'a1',
      codeId: 'c1',
    });
  });

  it('a submit after which the page stays (an error shown): still filled, Undo gives the code back', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    start(bg, { person: true });
    await flush();
    field().focus();
    await flush();
    offerButton()!.click();
    await settle();
    expect(field().value).toBe('abcde-00001');
    document.addEventListener('submit', (e) => e.preventDefault());
    document
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await new Promise((r) => setTimeout(r, STAY_MS + 400));
    expect(toastText()).toBe('Filled, not marked as used: the page did not go on. · Undo');
    expect(bg.names()).not.toContain('page.submitted');
    const undo = shadowRoots()
      .map((r) => r.querySelector('[role=status] button'))
      .find((b) => b?.isConnected) as HTMLButtonElement;
    undo.click();
    await flush();
    expect(bg.calls.find((c) => c.name === 'page.undoFill')?.payload).toEqual({
      accountId: 'a1',
      codeId: 'c1',
    });
    expect(toastText()).toBe('The code is unused again.');
  });

  it('a second fill disarms the first code', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    const controller = start(bg, { person: true });
    await flush();
    field().focus();
    await flush();
    offerButton()!.click();
    await settle();
    field().value = '';
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: true });
    const seq = bg.armed.map((w) => `${w.codeId}:${w.windowMs}`);
    expect(seq[0]).toBe(`c1:${SUBMIT_WINDOW_MS}`);
    expect(seq.at(-1)).toBe(`c2:${SUBMIT_WINDOW_MS}`);
    // c1 is taken back (once the new value replaced it in the field, again when its watch stops).
    expect(new Set(seq.slice(1, -1))).toEqual(new Set(['c1:0']));
  });

  it('content.fill fills the best field without a click and answers {filled}', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    const controller = start(bg);
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: true });
    expect(field().value).toBe('abcde-00001');
    expect(await controller.handlers['content.probe']()).toEqual({ hasField: true });
  });

  it('content.fill from the keyboard fills only the focused field of a focused frame', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    const controller = start(bg);
    const focused = vi.spyOn(document, 'hasFocus');
    try {
      // The field is not focused: the keyboard fills nothing, not "the best field".
      focused.mockReturnValue(true);
      expect(await controller.handlers['content.fill']({ focusedOnly: true })).toEqual({
        filled: false,
      });
      field().focus();
      // Focused field, but the frame itself does not have focus.
      focused.mockReturnValue(false);
      expect(await controller.handlers['content.fill']({ focusedOnly: true })).toEqual({
        filled: false,
      });
      expect(field().value).toBe('');
      focused.mockReturnValue(true);
      expect(await controller.handlers['content.fill']({ focusedOnly: true })).toEqual({
        filled: true,
      });
      expect(field().value).toBe('abcde-00001');
    } finally {
      focused.mockRestore();
    }
  });

  it('content.fill in a sandboxed frame does nothing and asks for nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    const controller = start(bg, { sandboxed: true });
    await flush();
    // No site hint (it never gets a code); its fields are qualified and reported as sandboxed.
    expect(bg.names()).toEqual(['page.qualify', 'page.fieldFound']);
    expect(bg.calls[1]).toEqual({
      name: 'page.fieldFound',
      payload: { hasField: true, sandboxed: true },
    });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(bg.names()).not.toContain('page.claimCode');
    expect(field().value).toBe('');
  });

  it('content.fill on a page without a backup-code field answers {filled: false}', async () => {
    load(fixturePage('github-app.html'));
    const bg = fakeBackground();
    const controller = start(bg);
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(bg.names()).not.toContain('page.claimCode');
  });

  it('a refused claim shows the background’s reason and fills nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'locked' });
    const controller = start(bg);
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(field().value).toBe('');
    expect(toastText()).toContain('toolbar');
  });
});
