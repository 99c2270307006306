// @vitest-environment jsdom
// The content script in the Language setting: its words come from the background, refusals are told in them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContentWords, MessageName, Request } from '../messages';
import { setContentWords } from '../platform/content-i18n';
import type { ask as realAsk } from '../platform/content-messaging';
import { contentWordsOf, useEnglishContentText } from './testing/english';
import {
  GITHUB,
  fakeBackground,
  field,
  flush,
  load,
  shadowRoots,
  start,
  toastText,
  useContentPage,
} from './testing/content-page';

useContentPage();

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
    shadowRoots()
      .map((r) => r.querySelector('button'))
      .find((b) => b?.isConnected) ?? undefined;
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
      start(bg, { trusted: true });
      await flush();
      field().focus();
      await flush();
      expect(button()!.getAttribute('aria-label')).toBe(name);
      expect(button()!.textContent).toContain(left);
      const host = shadowRoots().find((r) => r.querySelector('button')?.isConnected)!
        .host as HTMLElement;
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
    start(bg, { trusted: true });
    await flush();
    field().focus();
    await flush();
    expect(bg.names()).toContain('page.words');
    expect(button()).toBeUndefined();
  });

  it('switches to the words the background sends when the setting changes', async () => {
    load(GITHUB);
    const bg = speaking(german);
    const controller = start(bg, { trusted: true });
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
    const controller = start({ ask: bg.ask });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(field().value).toBe('');
    expect(toastText()).toBe(catalog('de')[key]!.message);
  });

  it('on an English page a refusal keeps the background’s own reason', async () => {
    load(GITHUB);
    const why = 'This step only accepts authenticator-app codes.';
    const bg = speaking(german, refusal('origin-not-allowed', why));
    const controller = start({ ask: bg.ask });
    expect(await controller.handlers['content.fill']({})).toEqual({ filled: false });
    expect(toastText()).toBe(why);
  });
});
