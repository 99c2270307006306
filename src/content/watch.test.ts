// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FieldCandidate } from './detect';
import { watchSubmit, type SubmitSignal } from './watch';

const trusted = () => true;

afterEach(() => {
  document.body.innerHTML = '';
});

function page(html: string): { field: HTMLInputElement; candidate: FieldCandidate } {
  document.body.innerHTML = html;
  const field = document.querySelector<HTMLInputElement>('#code')!;
  field.value = 'abcde-12345';
  return { field, candidate: { element: field, kind: 'single', score: 1, reasons: [] } };
}

const FORM = `<form action="/verify"><input id="code"><button id="go">Verify</button>
  <button type="button" id="show">Show</button></form>`;

function watch(candidate: FieldCandidate, options = {}) {
  const seen: SubmitSignal[] = [];
  const stop = watchSubmit(candidate, 'abcde-12345', (how) => seen.push(how), {
    trusted,
    ...options,
  });
  return { seen, stop };
}

describe('watchSubmit', () => {
  it('marks on the form’s submit event', () => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual(['submit']);
  });

  it('marks once, on Enter in the field', () => {
    const { field, candidate } = page(FORM);
    const { seen } = watch(candidate);
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual(['enter']);
  });

  it('marks on a click on the form’s submit control, not on other buttons', () => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    document
      .querySelector<HTMLButtonElement>('#show')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(seen).toEqual([]);
    // preventDefault in a listener keeps jsdom from "submitting" on its own.
    document.addEventListener('click', (e) => e.preventDefault());
    document
      .querySelector('#go')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(seen).toEqual(['click']);
  });

  it('without a <form>: a click on a button next to the field counts', () => {
    const { candidate } =
      page(`<div><div class="box"><input id="code"><div role="button" id="go">Verify</div></div></div>
      <nav><button id="elsewhere">Help</button></nav>`);
    const { seen } = watch(candidate);
    document.querySelector('#elsewhere')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(seen).toEqual([]);
    document.querySelector('#go')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(seen).toEqual(['click']);
  });

  it('ignores untrusted Enter and clicks (a page script cannot mark codes used that way)', () => {
    const { field, candidate } = page(FORM);
    const seen: SubmitSignal[] = [];
    watchSubmit(candidate, 'abcde-12345', (how) => seen.push(how)); // real isTrusted check
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    document
      .querySelector('#go')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(seen).toEqual([]);
  });

  it('does not mark when the field no longer holds the code', () => {
    const { field, candidate } = page(FORM);
    const { seen } = watch(candidate);
    field.value = 'something else';
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual([]);
    field.value = 'ABCDE12345'; // the page reformatted it: still the code
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual(['submit']);
  });

  it('leaving the page counts only within the navigation window', () => {
    const now = vi.fn(() => 1_000);
    const first = page(FORM);
    const a = watch(first.candidate, { now });
    now.mockReturnValue(1_000 + 9_000);
    window.dispatchEvent(new Event('pagehide'));
    expect(a.seen).toEqual(['navigation']);

    now.mockReturnValue(50_000);
    const second = page(FORM);
    const b = watch(second.candidate, { now });
    now.mockReturnValue(50_000 + 10_001);
    window.dispatchEvent(new Event('pagehide'));
    expect(b.seen).toEqual([]);
    b.stop();
  });

  it('stop() ends the watch', () => {
    const { candidate } = page(FORM);
    const { seen, stop } = watch(candidate);
    stop();
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual([]);
  });

  it('split boxes: Enter in any box, code read across the boxes', () => {
    document.body.innerHTML = `<form>${'<input maxlength="1">'.repeat(6)}</form>`;
    const bs = [...document.querySelectorAll('input')];
    'ab12cd'.split('').forEach((ch, i) => (bs[i]!.value = ch));
    const seen: SubmitSignal[] = [];
    watchSubmit(
      { element: bs[0]!, kind: 'split', boxes: bs, score: 1, reasons: [] },
      'ab12cd',
      (h) => seen.push(h),
      { trusted },
    );
    bs[5]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(seen).toEqual(['enter']);
  });

  it('sees a submit inside an open shadow root', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const sr = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    sr.innerHTML = '<form><input id="code"></form>';
    const field = sr.querySelector<HTMLInputElement>('#code')!;
    field.value = 'abcde-12345';
    const { seen } = watch({ element: field, kind: 'single', score: 1, reasons: [] });
    sr.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual(['submit']);
  });
});
