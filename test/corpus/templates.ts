// Page templates of the detection corpus (docs/vocabulary.md, "Corpus"),
// written by the Backstop team: the backup-code sign-in step of each system
// whose catalogs the vocabulary comes from, in that system's page structure
// (form markup, where the term goes: heading, label, placeholder, aria-label),
// and one trap page per trap category. Only the terms come from the
// catalogs; attribute names are neutral (`code`, `otp`, `f`) so that a page
// is recognized by its language's own words, never by English in an id.
//
// Every template has exactly one input with id="f".

/** The words a page is rendered with, all in one language. */
export interface PageTerms {
  /** A backup-code term (as the catalog writes it). */
  positive: string;
  /** Another one of the same system when it has two (a heading and a label), else `positive`. */
  other: string;
  /** That language's word for "code", for fields labelled only "Code". */
  code: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Backup-code sign-in steps, by the system (sources/<id>.json) whose structure they follow. */
export const POSITIVE_TEMPLATES: Record<string, (t: PageTerms) => string> = {
  // Django form rendered as paragraphs; the label is the term.
  'django-allauth': (t) => `
    <main><h1>${esc(t.other)}</h1>
    <form method="post" action="/accounts/2fa/authenticate/">
      <p><label for="f">${esc(t.positive)}:</label>
      <input type="text" name="code" autocomplete="one-time-code" required id="f"></p>
      <button type="submit">→</button>
    </form></main>`,
  // A form wizard step in a table; the heading names the backup token, the label only "Token".
  'django-two-factor-auth': (t) => `
    <div class="container"><h1>${esc(t.positive)}</h1>
    <form action="" method="post"><table>
      <tr><th><label for="f">${esc(t.code)}:</label></th>
      <td><input type="text" name="backup-otp_token" autocomplete="one-time-code" autofocus maxlength="8" id="f"></td></tr>
    </table><button type="submit">→</button></form></div>`,
  // Laravel Fortify/Jetstream challenge: the recovery-code input shown after a toggle.
  'laravel-lang': (t) => `
    <div class="min-h-screen"><div class="w-full sm:max-w-md">
    <form method="POST" action="/two-factor-challenge">
      <div class="mt-4">
        <label class="block font-medium text-sm" for="f">${esc(t.positive)}</label>
        <input class="block mt-1 w-full" id="f" type="text" name="code" autocomplete="one-time-code">
      </div>
      <div class="flex items-center justify-end mt-4"><button type="button" class="underline">${esc(t.other)}</button>
      <button type="submit">→</button></div>
    </form></div></div>`,
  monica: (t) => POSITIVE_TEMPLATES['laravel-lang']!(t),
  statamic: (t) => `
    <div class="auth-card"><form method="POST" class="flex flex-col">
      <div class="mb-8"><label class="mb-2" for="f">${esc(t.positive)}</label>
      <input type="text" class="input-text" name="code" id="f" autocomplete="off"></div>
      <button class="btn-primary" type="submit">→</button>
    </form></div>`,
  // Filament: a field wrapper with the label in a span.
  'filament-breezy': (t) => `
    <div class="fi-simple-page"><form class="fi-form grid gap-y-6">
      <div class="fi-fo-field-wrp"><label class="fi-fo-field-wrp-label" for="f"><span>${esc(t.positive)}</span></label>
      <div class="fi-input-wrp"><input class="fi-input" id="f" type="text" autocomplete="one-time-code"></div></div>
      <button type="submit" class="fi-btn">→</button>
    </form></div>`,
  'pelican-panel': (t) => `
    <div class="fi-simple-main"><h1 class="fi-simple-header-heading">${esc(t.positive)}</h1>
    <form class="fi-form"><div class="fi-fo-field-wrp">
      <label class="fi-fo-field-wrp-label" for="f"><span>${esc(t.code)}</span></label>
      <div class="fi-input-wrp"><input class="fi-input" id="f" type="text" maxlength="10" autocomplete="one-time-code"></div>
    </div></form></div>`,
  // BookStack: heading and a placeholder, no label element.
  bookstack: (t) => `
    <div class="card content-wrap"><h1 class="list-heading">${esc(t.other)}</h1>
    <form action="/mfa/backup_codes/verify" method="post">
      <input type="text" id="f" name="code" placeholder="${esc(t.positive)}" class="input-fill-width">
      <button class="button">→</button>
    </form></div>`,
  // Gogs: a segment with a header and a placeholder.
  gogs: (t) => `
    <div class="ui middle very relaxed page grid"><form class="ui form" method="post">
      <h3 class="ui top attached header">${esc(t.other)}</h3>
      <div class="ui attached segment"><div class="required inline field">
        <input id="f" name="code" placeholder="${esc(t.positive)}" autofocus required>
      </div><button class="ui green button">→</button></div>
    </form></div>`,
  // Matomo: a materialize input with its label after it.
  matomo: (t) => `
    <section class="loginSection"><form method="post">
      <div class="row"><div class="col s12 input-field">
        <input type="text" name="form_authcode" id="f" autocomplete="off">
        <label for="f">${esc(t.positive)}</label>
      </div></div>
      <input type="submit" value="→">
    </form></section>`,
  // Redmine: a box with a heading, the field labelled only with the code word.
  redmine: (t) => `
    <div id="login-form"><h3>${esc(t.positive)}</h3>
    <form action="/account/twofa/confirm" method="post">
      <label for="f">${esc(t.code)}</label>
      <input type="text" name="twofa_code" id="f" autocomplete="one-time-code" maxlength="8" autofocus>
      <input type="submit" value="→">
    </form></div>`,
  // Logto (React): a title div and an input named by aria-label.
  logto: (t) => `
    <div class="container"><div class="title">${esc(t.other)}</div>
    <form class="form"><div class="inputField">
      <input name="code" id="f" type="text" inputmode="text" aria-label="${esc(t.positive)}" autocomplete="one-time-code">
    </div><button type="submit">→</button></form></div>`,
  // Casdoor (antd form item).
  casdoor: (t) => `
    <form class="ant-form ant-form-vertical"><div class="ant-form-item">
      <div class="ant-form-item-label"><label for="f" title="${esc(t.positive)}">${esc(t.positive)}</label></div>
      <div class="ant-form-item-control"><input id="f" class="ant-input" type="text"></div>
    </div><button class="ant-btn" type="submit">→</button></form>`,
  // Tuta (mithril): a dialog with a floating label.
  tutanota: (t) => `
    <div class="dialog"><div class="dialog-header"><h2>${esc(t.positive)}</h2></div>
    <div class="text-field"><label class="abs" for="f">${esc(t.positive)}</label>
      <input id="f" type="text" class="input" autocomplete="off" maxlength="64"></div></div>`,
  // Roundcube plugin: a table form.
  'roundcube-twofactor-gauthenticator': (t) => `
    <form name="form" method="post"><table><tbody>
      <tr><td class="title"><label for="f">${esc(t.positive)}</label></td>
      <td class="input"><input type="text" id="f" name="_code_2FA" size="10" autocomplete="off"></td></tr>
    </tbody></table><input type="submit" class="button mainaction" value="→"></form>`,
  // Ory Elements: a card with a heading and a labelled input.
  'ory-elements': (t) => `
    <div class="ory-card"><h2 class="ory-card-header">${esc(t.other)}</h2>
    <form method="POST"><div class="ory-input-group">
      <label for="f"><span>${esc(t.positive)}</span></label>
      <input name="lookup_secret" id="f" type="text" autocomplete="off">
    </div><button type="submit">→</button></form></div>`,
  // Nextcloud: the challenge page of a two-factor provider, its name as the
  // heading and an input named by its placeholder.
  'nextcloud-twofactor-backupcodes': (t) => `
    <div class="guest-box"><h2 class="two-factor-header">${esc(t.other)}</h2>
    <form method="POST" class="challenge-form">
      <input type="text" class="challenge" id="f" name="challenge" required autofocus autocomplete="off" autocapitalize="off" placeholder="${esc(t.positive)}">
      <button class="two-factor-submit primary" type="submit">→</button>
    </form></div>`,
  // ThingsBoard (Angular Material): a card whose title asks to verify, the
  // input in an outlined form field named only by its placeholder.
  thingsboard: (t) => `
    <div class="tb-two-factor-auth-login-content"><div class="mat-mdc-card">
    <div class="mat-mdc-card-title">${esc(t.other)}</div>
    <form class="tb-form"><div class="mat-mdc-form-field mat-form-field-appearance-outline">
      <input matinput class="mat-mdc-input-element" id="f" name="code" type="text" maxlength="8" placeholder="${esc(t.positive)}" autocomplete="off">
    </div><button mat-raised-button type="submit">→</button></form></div></div>`,
  // Authgear: a title and an input named by its placeholder.
  authgear: (t) => `
    <div class="screen-title">${esc(t.other)}</div>
    <form method="post"><input class="input" type="text" id="f" name="x_code" placeholder="${esc(t.positive)}" autocomplete="one-time-code">
    <button class="primary-btn" type="submit">→</button></form>`,
};

/**
 * A trap page: a field that is something else (named by the trap term) in a
 * box whose help text names backup codes, as on a security page that offers
 * several methods. Without its trap term the field would be offered.
 */
export function trapPage(category: string, trap: string, t: PageTerms): string {
  const input =
    category === 'recoveryContact' || category === 'field'
      ? '<input type="text" id="f" name="value" maxlength="64">'
      : '<input type="text" id="f" name="otp" autocomplete="one-time-code" inputmode="numeric">';
  return `
    <main><form method="post"><div class="form-group">
      <label for="f">${esc(trap)}</label>
      ${input}
      <p class="help">${esc(t.positive)}</p>
    </div><button type="submit">→</button></form></main>`;
}
