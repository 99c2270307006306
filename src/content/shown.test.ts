// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { accountsShownOnPage, MAX_SHOWN, MAX_SHOWN_LENGTH } from '../core/shown-account';
import { shownStrings } from './shown';

afterEach(() => {
  document.body.innerHTML = '';
});

const field = () => document.querySelector<HTMLInputElement>('#code')!;
const shown = () => shownStrings(document, field());
const GOOGLE = [
  { id: 'a', username: 'alice@gmail.com' },
  { id: 'b', username: 'bob@example.com' },
];

describe('shownStrings: what the page shows about its account', () => {
  it('finds the address in a Google-like account chip, and the background picks that account', () => {
    document.body.innerHTML = `
      <div class="account-chip" role="button" aria-label="Switch account">
        <img alt=""><div class="identifier">bob@example.com</div>
      </div>
      <form><h1>2-Step Verification</h1><p>Enter one of your 8-digit backup codes</p>
        <input id="code" name="backupCodePin"><button>Next</button></form>`;
    expect(shown()).toContain('bob@example.com');
    expect(accountsShownOnPage(GOOGLE, shown())).toEqual(['b']);
  });

  it('finds an address written inside a sentence anywhere on the page, and in open shadow roots', () => {
    document.body.innerHTML = `<header>Signed in as <b>alice@gmail.com</b>.</header>
      <div id="host"></div><form><input id="code"></form>`;
    const host = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    host.innerHTML = '<span>bob@example.com</span>';
    expect(shown()).toEqual(expect.arrayContaining(['alice@gmail.com', 'bob@example.com']));
  });

  it('reads the short texts around the field ("Signed in as bob"), not long prose', () => {
    const prose = 'Each backup code can be used once. '.repeat(5);
    document.body.innerHTML = `<form><p>Signed in as bob</p><p>${prose}</p>
      <label for="code">Backup code</label><input id="code"></form>`;
    expect(shown()).toEqual(expect.arrayContaining(['Signed in as bob', 'Backup code']));
    expect(shown().some((s) => s.includes('Each backup code'))).toBe(false);
    const handles = [
      { id: 'a', username: 'alice' },
      { id: 'b', username: 'bob' },
    ];
    expect(accountsShownOnPage(handles, shown())).toEqual(['b']);
  });

  it('reads the account named by a chip’s data attributes and label', () => {
    document.body.innerHTML = `<div data-email="bob@example.com"></div>
      <nav><a class="user-menu" title="alice"></a></nav><form><input id="code"></form>`;
    expect(shown()).toEqual(expect.arrayContaining(['bob@example.com', 'alice']));
  });

  it('never reads what is typed into inputs, nor hidden text, scripts or templates', () => {
    document.body.innerHTML = `
      <input id="email" value="alice@gmail.com">
      <div hidden>carol@example.com</div><div aria-hidden="true">dave@example.com</div>
      <script>var me = "erin@example.com"</script>
      <template><span>frank@example.com</span></template>
      <form><input id="code"></form>`;
    document.querySelector<HTMLInputElement>('#email')!.value = 'bob@example.com';
    const all = shown().join(' ');
    for (const who of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      expect(all).not.toContain(who);
    }
  });

  it('sends what the background accepts however big the page: at most 24 strings of 256', () => {
    const many = Array.from({ length: 200 }, (_, i) => `<p>user${i}@example.com</p>`).join('');
    const long = `${'x'.repeat(400)}@example.com`;
    document.body.innerHTML = `${many}<p>${long}</p><div class="user">${'y'.repeat(
      300,
    )}</div><form><input id="code"></form>`;
    const out = shown();
    expect(out.length).toBeLessThanOrEqual(MAX_SHOWN);
    expect(out.every((s) => s.length <= MAX_SHOWN_LENGTH)).toBe(true);
  });
});
