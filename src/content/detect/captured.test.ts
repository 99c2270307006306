// @vitest-environment jsdom
// Two patterns from captured real sign-in pages (issue 8), tested as
// families: a "search"-ish class hint on a shared 2FA field whose own text
// says backup codes work, and instructions inside an ancestor with an ARIA
// alert/live role. Real search boxes and real alerts stay negative.
// Fixture pages of both: test/fixtures/pages/captured-*.html.
import { afterEach, describe, expect, it } from 'vitest';
import { findBackupCodeFields } from './index';
import { localQualifier } from './testing/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

async function found(html: string): Promise<string[]> {
  document.body.innerHTML = html;
  const fields = await findBackupCodeFields(document, null, localQualifier());
  return fields.map((f) => f.element.id);
}

const sharedField = (cls: string) => `
  <main><h1>Two-step verification</h1>
  <form><div class="row">
    <label for="f">Security code</label>
    <input id="f" name="code" class="${cls}" autocomplete="off" maxlength="12">
    <small>Enter the code from your authenticator app, or one of your backup codes.</small>
  </div><button>Continue</button></form></main>`;

describe('a search-ish class hint on a field that says it takes backup codes', () => {
  for (const cls of [
    'lastPassSearch',
    'text-input lastPassSearch',
    'lpSearch',
    'search-ignore',
    'no-search',
    'js-search-field',
    'SearchInput',
    'searchable',
    'autocomplete-search-off',
  ]) {
    it(`class="${cls}": offered`, async () => {
      expect(await found(sharedField(cls))).toEqual(['f']);
    });
  }
});

describe('real search boxes on a page about backup codes stay negative', () => {
  const page = (field: string) => `
    <main><h1>Backup codes</h1><p>Enter one of your backup codes to sign in.</p>
    <div class="toolbar">${field}</div></main>`;
  for (const [name, field] of [
    ['placeholder "Search"', '<input id="s" class="search" placeholder="Search">'],
    [
      'aria-label "Search" with a class hint',
      '<input id="s" class="lastPassSearch" aria-label="Search">',
    ],
    ['inside role=search', '<form role="search"><input id="s" name="query" maxlength="40"></form>'],
    ['role=searchbox', '<input id="s" role="searchbox" maxlength="40">'],
    ['id "search"', '<input id="search" maxlength="20">'],
    ['name "search"', '<input id="s" name="search" maxlength="20">'],
    // In a search form of its own (its own section), not sharing the text about codes.
    [
      'a search class and nothing else',
      '<section class="site-search"><input id="s" class="site-search" maxlength="8"></section>',
    ],
    ['type=search', '<input id="s" type="search">'],
    ['label "Suche" (German)', '<label>Suche <input id="s" class="lastPassSearch"></label>'],
    ['label "검색" (Korean)', '<label>검색 <input id="s"></label>'],
  ]) {
    it(`${name}: not offered`, async () => {
      expect(await found(page(field ?? ''))).toEqual([]);
    });
  }
});

describe('instructions inside an ancestor with an ARIA alert or live role', () => {
  const panel = (attrs: string) => `
    <main><div ${attrs} class="panel">
      <h2>Verify it's you</h2>
      <p>Enter the code from your authenticator app or a backup code.</p>
      <div class="row"><label for="f">Code</label><input id="f" autocomplete="one-time-code"></div>
    </div></main>`;
  for (const attrs of [
    'role="alert"',
    'role="alertdialog"',
    'role="status"',
    'role="log"',
    'aria-live="polite"',
    'aria-live="assertive"',
    'role="alert" aria-live="assertive"',
  ]) {
    it(`${attrs}: offered`, async () => {
      expect(await found(panel(attrs))).toEqual(['f']);
    });
  }
});

describe('real alerts that are not instructions about the field stay negative', () => {
  it('an error alert beside an app-code field that mentions backup codes', async () => {
    expect(
      await found(`
      <main><h1>Authenticator app</h1>
      <div role="alert">Wrong code. Try again, or use a backup code.</div>
      <form><label for="f">Authentication code</label>
      <input id="f" autocomplete="one-time-code" inputmode="numeric">
      <p>Open the app on your phone and enter the 6-digit code.</p></form></main>`),
    ).toEqual([]);
  });

  it('an alert panel around a field for a recovery code sent by e-mail', async () => {
    expect(
      await found(`
      <main><div role="alert" class="panel">
      <p>We sent a recovery code to your email address.</p>
      <div><label for="f">Recovery code</label><input id="f" maxlength="8"></div>
      </div></main>`),
    ).toEqual([]);
  });

  it('a status message about regenerated codes above a password field', async () => {
    expect(
      await found(`
      <main><div role="status">Your backup codes were regenerated.</div>
      <form><label for="f">Confirm your password</label><input id="f" type="password"></form></main>`),
    ).toEqual([]);
  });
});
