// @vitest-environment jsdom
// Several accounts on one site: the page's evidence is sent, the menu chooses.
import { describe, expect, it } from 'vitest';
import type { MessageName, Request } from '../messages';
import type { ask as realAsk } from '../platform/content-messaging';
import {
  GITHUB,
  fakeBackground,
  field,
  flush,
  load,
  offerButton,
  shadowRoots,
  start,
  useContentPage,
} from './testing/content-page';

useContentPage();

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
    shadowRoots()
      .flatMap((r) => [...r.querySelectorAll<HTMLButtonElement>('[role=menuitem]')])
      .filter((b) => b.isConnected);

  it('sends what the page shows; a menu answer opens the menu, and the choice fills that account', async () => {
    load(GITHUB.replace('<main>', '<div class="account">bob@example.com</div><main>'));
    const bg = choosingBackground();
    const controller = start(bg, { person: true });
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
    const controller = start(bg);
    expect(await controller.handlers['content.fill']({ accountId: 'a' })).toEqual({
      filled: true,
    });
    expect(bg.claims).toEqual([{ accountId: 'a', sandboxed: false }]);
    expect(field().value).toBe('code-of-a');
  });

  it('the inline button opens the same menu', async () => {
    load(GITHUB);
    const bg = choosingBackground();
    start(bg, { person: true });
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
