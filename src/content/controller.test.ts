// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFieldContexts } from '../core/detect/context';
import { qualifyField } from '../core/detect/qualify';
import { BackstopError } from '../core/errors';
import type {
  ContentWords,
  FieldOffer,
  MessageName,
  Request,
  SiteRuleHint,
  SubmitWatch,
} from '../messages';
import { setContentWords } from '../platform/content-i18n';
import type { ask as realAsk } from '../platform/content-messaging';
import { startContent, type ContentController } from './controller';
import { STAY_MS, SUBMIT_WINDOW_MS } from './watch';
import { contentWordsOf, useEnglishContentText } from './testing/english';
import { alwaysVisible } from './testing/visible';

const PAGES = join(__dirname, '../../test/fixtures/pages');
const GITHUB = readFileSync(join(PAGES, 'github-recovery.html'), 'utf8');

let roots: ShadowRoot[] = [];
const realAttach = Element.prototype.attachShadow;
let controller: ContentController | undefined;

beforeAll(useEnglishContentText);

beforeEach(() => {
  roots = [];
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = realAttach.call(this, init);
    if (init.mode === 'closed') roots.push(root);
    return root;
  });
  // jsdom has no layout; give every element a box so the button can be placed.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 10,
    top: 10,
    width: 300,
    height: 30,
    right: 310,
    bottom: 40,
    x: 10,
    y: 10,
    toJSON() {},
  } as DOMRect);
});
afterEach(() => {
  controller?.stop();
  controller = undefined;
  vi.restoreAllMocks();
  document.documentElement.innerHTML = '<head></head><body></body>';
});

function load(html: string) {
  document.documentElement.innerHTML = new DOMParser().parseFromString(
    html,
    'text/html',
  ).documentElement.innerHTML;
}

type Call = { name: MessageName; payload: unknown };

function fakeBackground(
  offer: FieldOffer = { state: 'available', left: 5, site: 'GitHub', username: 'jane' },
  hint: SiteRuleHint | null = null,
  codes = 5,
) {
  const calls: Call[] = [];
  let next = 0;
  const ask = (async (name: MessageName, payload: Request<MessageName>) => {
    calls.push({ name, payload });
    switch (name) {
      case 'page.siteHint':
        return hint;
      case 'page.qualify':
        // What the background's handler does: check the contexts, qualify them with the hint.
        return readFieldContexts(payload).map((c) => qualifyField(c, hint));
      case 'page.fieldFound':
        return offer;
      case 'page.claimCode':
        if (offer.state === 'locked') throw new BackstopError('locked', 'Backstop is locked.');
        next++;
        return {
          code: `abcde-0000${next}`,
          accountId: 'a1',
          codeId: `c${next}`,
          left: codes - next,
        };
      default:
        return undefined;
    }
  }) as typeof realAsk;
  const armed: SubmitWatch[] = [];
  return {
    ask,
    calls,
    names: () => calls.map((c) => c.name),
    armed,
    armSubmit: (w: SubmitWatch) => void armed.push(w),
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
const settle = () => new Promise((r) => setTimeout(r, 120));
const field = () => document.querySelector<HTMLInputElement>('#recovery_code')!;
const offerButton = () =>
  roots
    .map((r) => r.querySelector('button[aria-label="Fill backup code"]'))
    .find((b) => b?.isConnected) as HTMLButtonElement | undefined;
const toastText = () =>
  roots.map((r) => r.querySelector('[role=status]')).find((s) => s?.isConnected)?.textContent ??
  null;

describe('content script', () => {
  it('reports the field, offers on focus, fills on our button, marks used on submit, undoes', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
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

    const undo = roots
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
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
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
    const undo = roots
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
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
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

  it('hides the button when the field loses focus', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush(); // the site hint's round trip
    field().focus();
    await flush();
    expect(offerButton()).toBeDefined();
    field().blur();
    expect(offerButton()).toBeUndefined();
  });

  it('shows no button at all where the background has nothing (other site, app-only step)', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'none' });
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush(); // the site hint's round trip
    field().focus();
    await flush();
    expect(offerButton()).toBeUndefined();
  });

  it('locked: the button says so and clicking it points at the toolbar icon', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'locked' });
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush(); // the site hint's round trip
    field().focus();
    await flush();
    expect(offerButton()!.textContent).toContain('Unlock Backstop');
    offerButton()!.click();
    await flush();
    expect(bg.names()).not.toContain('page.claimCode');
    expect(toastText()).toContain('toolbar');
  });

  it('page scripts cannot fill: synthetic clicks on our button or host do nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false }); // real isTrusted
    await flush(); // the site hint's round trip
    // A page may focus the field itself (browsers report that focus as trusted),
    // which at most shows the button.
    field().focus();
    await flush();
    const button = offerButton()!;
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    (button.getRootNode() as ShadowRoot).host.dispatchEvent(
      new MouseEvent('click', { bubbles: true }),
    );
    field().dispatchEvent(
      new KeyboardEvent('keydown', { key: 'B', altKey: true, shiftKey: true, bubbles: true }),
    );
    await settle();
    expect(bg.names()).not.toContain('page.claimCode');
    expect(field().value).toBe('');
  });

  it('ignores the page’s postMessage entirely', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush();
    const before = bg.calls.length;
    window.postMessage({ backstop: 1, name: 'content.fill', payload: {} }, '*');
    window.postMessage({ backstop: 1, name: 'page.claimCode', payload: { sandboxed: false } }, '*');
    await settle();
    expect(bg.calls.length).toBe(before);
    expect(field().value).toBe('');
  });

  it('content.fill fills the best field without a click and answers {filled}', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: true });
    expect(field().value).toBe('abcde-00001');
    expect(await controller.handlers['content.probe']()).toEqual({ hasField: true });
  });

  it('content.fill from the keyboard fills only the focused field of a focused frame', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
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
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: true });
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
    load(readFileSync(join(PAGES, 'github-app.html'), 'utf8'));
    const bg = fakeBackground();
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(bg.names()).not.toContain('page.claimCode');
  });

  it('a refused claim shows the background’s reason and fills nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'locked' });
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(field().value).toBe('');
    expect(toastText()).toContain('toolbar');
  });

  it('a page without text inputs costs one observer; a field rendered later is found', async () => {
    load('<!doctype html><title>App</title><main id="app"><p>Loading…</p></main>');
    const bg = fakeBackground();
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
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

  it('exhausted: the button says "No codes for this site" and fills nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'exhausted', site: 'GitHub' });
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush();
    field().focus();
    await flush();
    expect(offerButton()!.textContent).toBe('Fill backup codeNo codes for this site');
    expect(offerButton()!.getAttribute('aria-disabled')).toBe('true');
    offerButton()!.click();
    await settle();
    expect(bg.names()).not.toContain('page.claimCode');
    expect(field().value).toBe('');
  });

  it('after the last code is handed out the button turns to "No codes for this site"', async () => {
    load(GITHUB);
    const offer: FieldOffer = { state: 'available', left: 1, site: 'GitHub', username: 'jane' };
    const bg = fakeBackground(offer, null, 1);
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush();
    field().focus();
    await flush();
    expect(offerButton()!.textContent).toContain('1 left');
    offerButton()!.click();
    await settle();
    expect(field().value).toBe('abcde-00001');
    expect(offerButton()!.textContent).toBe('Fill backup codeNo codes for this site');
    expect(offerButton()!.getAttribute('aria-disabled')).toBe('true');
  });

  it('an app-code-only step (site hint) reports no field and fills nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground(undefined, { appOnly: true });
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: bg.armSubmit,
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
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
    const html = readFileSync(join(PAGES, 'facebook-checkpoint.html'), 'utf8');
    const hint = JSON.parse(
      /name="backstop-hint" content='([^']+)'/.exec(html)![1]!,
    ) as SiteRuleHint;
    const code = () => document.querySelector<HTMLInputElement>('#approvals_code')!;

    load(html);
    const without = fakeBackground();
    controller = startContent(document, {
      ask: without.ask,
      armSubmit: without.armSubmit,
      sandboxed: false,
    });
    await flush();
    // Asked, and the page's own words are qualified, but there is no field without the hint.
    expect(without.names()).toEqual(['page.siteHint', 'page.qualify']);
    controller.stop();

    load(html);
    const bg = fakeBackground(undefined, hint);
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
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
    controller = startContent(document, { ask: bg.ask, armSubmit: bg.armSubmit, sandboxed: false });
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

describe('content script in the Language setting', () => {
  const catalog = (locale: string) =>
    JSON.parse(
      readFileSync(join(__dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'),
    ) as Record<string, { message: string }>;
  const german = contentWordsOf(catalog('de'), 'de');
  const arabic = contentWordsOf(catalog('ar'), 'ar', 'rtl');

  afterEach(useEnglishContentText);

  /** The fake background, answering `page.words` (or failing to) and refusing claims as told. */
  function speaking(words: ContentWords | Error, refusal?: Error) {
    const bg = fakeBackground();
    const ask = (async (name: MessageName, payload: Request<MessageName>) => {
      if (name === 'page.words') {
        bg.calls.push({ name, payload });
        if (words instanceof Error) throw words;
        return words;
      }
      if (name === 'page.claimCode' && refusal) throw refusal;
      return bg.ask(name, payload as never);
    }) as typeof realAsk;
    return { ...bg, ask };
  }
  const button = () =>
    roots.map((r) => r.querySelector('button')).find((b) => b?.isConnected) ?? undefined;
  const refusal = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['de', german, 'Back-up-Code eintragen', '5 übrig', 'ltr'],
    ['ar', arabic, 'إدخال رمز احتياطي', 'المتبقي: 5', 'rtl'],
  ] as const)(
    '%s: asks the background for its words once, before the first button, and speaks them',
    async (lang, words, name, left, dir) => {
      setContentWords(undefined);
      load(GITHUB);
      const bg = speaking(words);
      controller = startContent(document, {
        ask: bg.ask,
        armSubmit: () => {},
        sandboxed: false,
        trusted: () => true,
      });
      await flush();
      field().focus();
      await flush();
      expect(button()!.getAttribute('aria-label')).toBe(name);
      expect(button()!.textContent).toContain(left);
      const host = roots.find((r) => r.querySelector('button')?.isConnected)!.host as HTMLElement;
      expect([host.lang, host.dir]).toEqual([lang, dir]);
      field().blur();
      field().focus();
      await flush();
      expect(bg.names().filter((n) => n === 'page.words')).toHaveLength(1);
    },
  );

  it('shows no button while the background gives it no words', async () => {
    setContentWords(undefined);
    load(GITHUB);
    const bg = speaking(new Error('no answer'));
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: () => {},
      sandboxed: false,
      trusted: () => true,
    });
    await flush();
    field().focus();
    await flush();
    expect(bg.names()).toContain('page.words');
    expect(button()).toBeUndefined();
  });

  it('switches to the words the background sends when the setting changes', async () => {
    load(GITHUB);
    const bg = speaking(german);
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: () => {},
      sandboxed: false,
      trusted: () => true,
    });
    await flush();
    field().focus();
    await flush();
    expect(button()!.getAttribute('aria-label')).toBe('Fill backup code');
    await controller.handlers['content.words']({ nonsense: true } as never);
    await controller.handlers['content.words'](german);
    field().blur();
    field().focus();
    await flush();
    expect(button()!.getAttribute('aria-label')).toBe('Back-up-Code eintragen');
  });

  // Every refusal the background gives a fill, told in the page's language.
  it.each([
    ['origin-not-allowed', 'This step only accepts authenticator-app codes.', 'contentNotAllowed'],
    [
      'origin-not-allowed',
      'Backstop never fills codes into sandboxed frames.',
      'contentNotAllowed',
    ],
    ['no-codes-left', 'Every code of this account is used.', 'contentNoCodesLeft'],
    ['locked', 'Backstop is locked.', 'contentUnlockHint'],
    ['internal', 'Unexpected.', 'contentFillFailed'],
  ])('a %s refusal (“%s”) is told in German', async (code, message, key) => {
    setContentWords(german);
    load(GITHUB);
    const bg = speaking(german, refusal(code, message));
    controller = startContent(document, { ask: bg.ask, armSubmit: () => {}, sandboxed: false });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(field().value).toBe('');
    expect(toastText()).toBe(catalog('de')[key]!.message);
  });

  it('on an English page a refusal keeps the background’s own reason', async () => {
    load(GITHUB);
    const why = 'This step only accepts authenticator-app codes.';
    const bg = speaking(german, refusal('origin-not-allowed', why));
    controller = startContent(document, { ask: bg.ask, armSubmit: () => {}, sandboxed: false });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(toastText()).toBe(why);
  });
});

describe('several accounts on one site', () => {
  const CHOOSE = {
    choose: [
      { accountId: 'a', name: 'alice@gmail.com', left: 3 },
      { accountId: 'b', name: 'bob@example.com', left: 5 },
    ],
  };

  function choosingBackground() {
    const bg = fakeBackground();
    const claims: Record<string, unknown>[] = [];
    const ask = (async (name: MessageName, payload: Request<MessageName>) => {
      if (name !== 'page.claimCode')
        return (bg.ask as (n: string, p: unknown) => unknown)(name, payload);
      const p = payload as Record<string, unknown>;
      claims.push(p);
      if (typeof p.accountId !== 'string') return CHOOSE;
      return { code: `code-of-${p.accountId}`, accountId: p.accountId, codeId: 'c1', left: 2 };
    }) as typeof realAsk;
    return { ask, claims };
  }
  const items = () =>
    roots
      .flatMap((r) => [...r.querySelectorAll<HTMLButtonElement>('[role=menuitem]')])
      .filter((b) => b.isConnected);

  it('sends what the page shows; a menu answer opens the menu, and the choice fills that account', async () => {
    load(GITHUB.replace('<main>', '<div class="account">bob@example.com</div><main>'));
    const bg = choosingBackground();
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: () => {},
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    expect(await controller.handlers['content.fill']({})).toEqual({
      filled: false,
      choosing: true,
    });
    expect(bg.claims[0]).toMatchObject({ sandboxed: false });
    expect(bg.claims[0]!.shown).toContain('bob@example.com');
    expect(field().value).toBe(''); // nothing filled before the choice
    expect(items().map((i) => i.textContent)).toEqual(['alice@gmail.com', 'bob@example.com']);

    items()[1]!.click();
    await flush();
    // The choice names the account; what the page shows is not sent again.
    expect(bg.claims[1]).toEqual({ accountId: 'b', sandboxed: false });
    expect(field().value).toBe('code-of-b');
    expect(items()).toEqual([]);
  });

  it('a fill of a named account (the popup) sends nothing of the page', async () => {
    load(GITHUB);
    const bg = choosingBackground();
    controller = startContent(document, { ask: bg.ask, armSubmit: () => {}, sandboxed: false });
    expect(await controller.handlers['content.fill']({ accountId: 'a' })).toEqual({
      filled: true,
    });
    expect(bg.claims).toEqual([{ accountId: 'a', sandboxed: false }]);
    expect(field().value).toBe('code-of-a');
  });

  it('the inline button opens the same menu', async () => {
    load(GITHUB);
    const bg = choosingBackground();
    controller = startContent(document, {
      ask: bg.ask,
      armSubmit: () => {},
      sandboxed: false,
      trusted: () => true,
      guard: alwaysVisible,
    });
    await flush();
    field().focus();
    field().dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    await flush();
    offerButton()!.click();
    await flush();
    expect(items().map((i) => i.textContent)).toEqual(['alice@gmail.com', 'bob@example.com']);
    expect(field().value).toBe('');
    items()[0]!.click();
    await flush();
    expect(field().value).toBe('code-of-a');
  });
});
