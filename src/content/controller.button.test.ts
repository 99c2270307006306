// @vitest-environment jsdom
// The inline button: when it shows, what it says, and that only a person's click on it fills.
import { describe, expect, it } from 'vitest';
import type { FieldOffer } from '../messages';
import {
  GITHUB,
  fakeBackground,
  field,
  flush,
  load,
  offerButton,
  settle,
  start,
  toastText,
  useContentPage,
} from './testing/content-page';

useContentPage();

describe('content script: the inline button', () => {
  it('hides the button when the field loses focus', async () => {
    load(GITHUB);
    const bg = fakeBackground();
    start(bg, { person: true });
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
    start(bg, { person: true });
    await flush(); // the site hint's round trip
    field().focus();
    await flush();
    expect(offerButton()).toBeUndefined();
  });

  it('locked: the button says so and clicking it points at the toolbar icon', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'locked' });
    start(bg, { person: true });
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
    start(bg); // real isTrusted
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
    start(bg, { person: true });
    await flush();
    const before = bg.calls.length;
    window.postMessage({ backstop: 1, name: 'content.fill', payload: {} }, '*');
    window.postMessage({ backstop: 1, name: 'page.claimCode', payload: { sandboxed: false } }, '*');
    await settle();
    expect(bg.calls.length).toBe(before);
    expect(field().value).toBe('');
  });

  it('exhausted: the button says "No codes for this site" and fills nothing', async () => {
    load(GITHUB);
    const bg = fakeBackground({ state: 'exhausted', site: 'GitHub' });
    start(bg, { person: true });
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
    start(bg, { person: true });
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
});
