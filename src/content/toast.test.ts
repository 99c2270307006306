// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { showToast } from './toast';
import { setContentWords } from '../platform/content-i18n';

let roots: ShadowRoot[] = [];
const realAttach = Element.prototype.attachShadow;
beforeEach(() => {
  roots = [];
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = realAttach.call(this, init);
    roots.push(root);
    return root;
  });
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.documentElement.innerHTML = '<head></head><body></body>';
});

const status = () => roots.at(-1)!.querySelector('[role=status]')!;
const undo = () => roots.at(-1)!.querySelector('button')!;

describe('toast', () => {
  it('says "Marked as used · Undo" politely, in a closed root', () => {
    const t = showToast(document, {
      message: 'Marked as used',
      action: { label: 'Undo', run: async () => 'Undone' },
    });
    expect(t.surface.host.shadowRoot).toBeNull();
    expect(status().textContent).toBe('Marked as used · Undo');
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(undo().type).toBe('button'); // a real, focusable button
  });

  it('Undo runs on a trusted click on our own button only', async () => {
    const run = vi.fn(async () => 'No longer marked as used.');
    showToast(document, { message: 'Marked as used', action: { label: 'Undo', run } });
    undo().click(); // untrusted: a page script
    expect(run).not.toHaveBeenCalled();

    document.documentElement.innerHTML = '<head></head><body></body>';
    const t = showToast(document, {
      message: 'Marked as used',
      action: { label: 'Undo', run },
      trusted: () => true,
    });
    t.surface.host.click(); // what a page could reach
    expect(run).not.toHaveBeenCalled();
    undo().click();
    undo().click(); // a double click runs it once
    expect(run).toHaveBeenCalledTimes(1);
    await vi.runAllTicks();
    await Promise.resolve();
    expect(status().textContent).toBe('No longer marked as used.');
    expect(undo()).toBeNull();
  });

  it('shows the error when the action fails and lets the person retry', async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error('There is nothing to undo here.'));
    run.mockResolvedValueOnce('ok');
    showToast(document, {
      message: 'Marked as used',
      action: { label: 'Undo', run },
      trusted: () => true,
    });
    undo().click();
    await Promise.resolve();
    await Promise.resolve();
    expect(status().textContent).toContain('There is nothing to undo here.');
    expect(undo().disabled).toBe(false);
  });

  it('in another language, says the action failed in that language', async () => {
    setContentWords({ lang: 'de', dir: 'ltr', text: { ActionFailed: 'Das hat nicht geklappt.' } });
    const run = vi.fn().mockRejectedValueOnce(new Error('There is nothing to undo here.'));
    showToast(document, { message: 'x', action: { label: 'y', run }, trusted: () => true });
    undo().click();
    await Promise.resolve();
    await Promise.resolve();
    setContentWords(undefined);
    expect(status().textContent).toContain('Das hat nicht geklappt.');
    expect(status().textContent).not.toContain('nothing to undo');
  });

  it('dismisses itself after about 8 s, but not while focused', () => {
    const t = showToast(document, {
      message: 'Marked as used',
      action: { label: 'Undo', run: async () => '' },
    });
    vi.advanceTimersByTime(7_900);
    expect(t.surface.host.isConnected).toBe(true);
    vi.advanceTimersByTime(200);
    expect(t.surface.host.isConnected).toBe(false);

    const u = showToast(document, {
      message: 'Marked as used',
      action: { label: 'Undo', run: async () => '' },
    });
    undo().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    vi.advanceTimersByTime(60_000);
    expect(u.surface.host.isConnected).toBe(true);
    undo().dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    vi.advanceTimersByTime(8_001);
    expect(u.surface.host.isConnected).toBe(false);
  });

  it('Escape closes it; a new toast replaces the old one', () => {
    const a = showToast(document, { message: 'one', trusted: () => true });
    const b = showToast(document, { message: 'two', trusted: () => true });
    expect(a.surface.host.isConnected).toBe(false);
    status().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(b.surface.host.isConnected).toBe(false);
  });
});
