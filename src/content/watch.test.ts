// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldCandidate } from './detect';
import { STAY_MS, SUBMIT_WINDOW_MS, watchSubmit, type SubmitEvents } from './watch';

const trusted = () => true;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function page(html: string): { field: HTMLInputElement; candidate: FieldCandidate } {
  document.body.innerHTML = html;
  const field = document.querySelector<HTMLInputElement>('#code')!;
  field.value = 'abcde-12345';
  return { field, candidate: { element: field, kind: 'single', score: 1, reasons: [] } };
}

const FORM = `<form action="/verify"><input id="code"><button id="go">Verify</button>
  <button type="button" id="show">Show</button></form>
  <nav><button id="elsewhere">Help</button></nav>`;

/** What the watch told the controller, in order: `arm:<ms>`, `left`, `stayed`. */
function watch(candidate: FieldCandidate, options: Parameters<typeof watchSubmit>[3] = {}) {
  const seen: string[] = [];
  const events: SubmitEvents = {
    arm: (ms) => seen.push(`arm:${ms}`),
    left: () => seen.push('left'),
    stayed: () => seen.push('stayed'),
  };
  history.replaceState({}, '', '/verify');
  const stop = watchSubmit(candidate, 'abcde-12345', events, { trusted, ...options });
  // The fill itself arms: leaving right after it counts.
  expect(seen.splice(0)).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
  // A single-page navigation: the URL changes, nothing unloads.
  return { seen, stop, go: (to: string) => history.pushState({}, '', to) };
}

const click = (selector: string) =>
  document
    .querySelector(selector)!
    .dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));

// preventDefault in a listener keeps jsdom from "submitting" on its own.
const noSubmit = (e: Event) => e.preventDefault();
beforeEach(() => document.addEventListener('click', noSubmit));
afterEach(() => document.removeEventListener('click', noSubmit));

describe('watchSubmit', () => {
  it('arms again on the form’s submit event', () => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
  });

  it('arms on Enter in the field', () => {
    const { field, candidate } = page(FORM);
    const { seen } = watch(candidate);
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
  });

  it('arms on a click on any button of the form: a scripted type="button" sends it too', () => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    click('#elsewhere'); // the page's navigation: the scope is never the whole body
    expect(seen).toEqual([]);
    click('#show');
    click('#go');
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, `arm:${SUBMIT_WINDOW_MS}`]);
  });

  it('arms on a button outside the form in the block around it, not on one far away', () => {
    const { candidate } = page(`<main><div class="card">
        <form id="f"><label>Code <input id="code"></label></form>
        <div class="actions"><button type="button" id="confirm">Confirm</button></div>
      </div></main><footer><div><div><div><div><div><button id="far">Help</button></div></div></div></div></div></footer>`);
    const { seen } = watch(candidate);
    click('#far');
    expect(seen).toEqual([]);
    click('#confirm');
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
  });

  it('without a <form>: a click on a button next to the field counts, one elsewhere does not', () => {
    const { candidate } =
      page(`<div><div class="box"><input id="code"><div role="button" id="go">Verify</div></div></div>
      <nav><button id="elsewhere">Help</button></nav>`);
    const { seen } = watch(candidate);
    click('#elsewhere');
    expect(seen).toEqual([]);
    click('#go');
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
  });

  it('ignores untrusted Enter and clicks (a page script cannot arm a code)', () => {
    const { field, candidate } = page(FORM);
    const { seen } = watch(candidate, { trusted: (e) => e.isTrusted }); // the real check
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    click('#go');
    expect(seen).toEqual([]);
  });

  it('a submit counts only while the field holds the code; changing it ends the watch', () => {
    const { field, candidate } = page(FORM);
    const { seen, go } = watch(candidate);
    field.value = 'ABCDE12345'; // the page reformatted it: still the code
    field.dispatchEvent(new Event('input', { bubbles: true }));
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
    field.value = 'something else';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, 'arm:0']);
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    go('/home');
    vi.advanceTimersByTime(STAY_MS * 2);
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, 'arm:0']);
  });

  it('a single-page navigation (the URL changes, nothing unloads) after a submit: left, once', () => {
    const { candidate } = page(FORM);
    const { seen, go } = watch(candidate);
    click('#show');
    vi.advanceTimersByTime(600);
    go('/home');
    vi.advanceTimersByTime(STAY_MS * 2);
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, 'left']);
    click('#go'); // the watch has ended
    expect(seen).toHaveLength(2);
  });

  it('a page that stays at the same URL after a submit: stayed, and still armed', () => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    click('#show');
    vi.advanceTimersByTime(STAY_MS - 1);
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, 'stayed']);
  });

  // An app that swaps its view without changing the URL (the family: the form
  // removed, its card emptied, the field hidden; and the error cases that keep
  // or re-render a field like it).
  it.each([
    ['removes the form', () => document.querySelector('form')!.remove()],
    ['empties the block and shows a message', () => (document.body.innerHTML = '<h1>Welcome</h1>')],
    [
      'hides the field (display: none)',
      () => {
        const f = document.querySelector<HTMLInputElement>('#code')!;
        f.checkVisibility = () => false;
      },
    ],
  ])('after a submit, a page that %s at the same URL went on: left', (_, change) => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    click('#go');
    vi.advanceTimersByTime(600);
    change();
    vi.advanceTimersByTime(STAY_MS * 2);
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, 'left']);
  });

  it.each([
    [
      're-renders the form with an error (a new field, same id)',
      () =>
        (document.body.innerHTML = `<form><input id="code" value="abcde-12345"><p>Wrong code</p><button>Verify</button></form>`),
    ],
    [
      're-renders a field of the same name',
      () =>
        (document.body.innerHTML = `<form><input name="otp" id="other"><button>Verify</button></form>`),
    ],
  ])('after a submit, a page that %s stayed: the code is not confirmed', (_, change) => {
    const { candidate, field } = page(FORM);
    field.name = 'otp';
    const { seen } = watch(candidate);
    click('#go');
    change();
    vi.advanceTimersByTime(STAY_MS * 2);
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, 'stayed']);
  });

  it('a field removed without a submit confirms nothing (the person never sent it)', () => {
    const { candidate } = page(FORM);
    const { seen } = watch(candidate);
    document.querySelector('form')!.remove();
    vi.advanceTimersByTime(SUBMIT_WINDOW_MS + 500);
    expect(seen).toEqual([]);
  });

  it('a URL change long after the window is not a submit', () => {
    const { candidate } = page(FORM);
    const { seen, go } = watch(candidate);
    vi.advanceTimersByTime(SUBMIT_WINDOW_MS + 500);
    go('/elsewhere');
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
  });

  it('stop() ends the watch and disarms', () => {
    const { candidate } = page(FORM);
    const { seen, stop, go } = watch(candidate);
    stop();
    expect(seen).toEqual(['arm:0']);
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    go('/home');
    vi.advanceTimersByTime(STAY_MS * 2);
    expect(seen).toEqual(['arm:0']);
  });

  it('split boxes: Enter in any box, code read across the boxes', () => {
    document.body.innerHTML = `<form>${'<input maxlength="1">'.repeat(6)}</form>`;
    const bs = [...document.querySelectorAll('input')];
    'ab12cd'.split('').forEach((ch, i) => (bs[i]!.value = ch));
    const seen: string[] = [];
    watchSubmit(
      { element: bs[0]!, kind: 'split', boxes: bs, score: 1, reasons: [] },
      'ab12cd',
      { arm: (ms) => seen.push(`arm:${ms}`), left: () => {}, stayed: () => {} },
      { trusted },
    );
    bs[5]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`, `arm:${SUBMIT_WINDOW_MS}`]);
  });

  it('sees a submit inside an open shadow root', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const sr = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    sr.innerHTML = '<form><input id="code"></form>';
    const field = sr.querySelector<HTMLInputElement>('#code')!;
    field.value = 'abcde-12345';
    const { seen } = watch({ element: field, kind: 'single', score: 1, reasons: [] });
    sr.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual([`arm:${SUBMIT_WINDOW_MS}`]);
  });
});
