// Sign-in steps written the way real sites write them, in languages the
// corpus covers thinly (docs/vocabulary.md): the corpus renders each
// catalog's own terms into its own system's markup, so it cannot see a page
// that says "رمز استرداد" without the article, hyphenates "बैक-अप", writes
// Norwegian compounds as one word or names the code only in its help text.
// Each snippet is hand-written by the team in the style of a sign-in page
// (heading, label, placeholder, help text), with neutral attribute names so
// that only the language's own words count. The real detector runs on it:
// the page's collect in jsdom, then the background's qualification.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { findBackupCodeFields, type Qualifier } from '../../src/content/detect/index';
import { qualifyField } from '../../src/core/detect/qualify';

const RTL = new Set(['ar', 'fa', 'he', 'ur']);
const qualify: Qualifier = (contexts) => Promise.resolve(contexts.map((c) => qualifyField(c)));

/** Whether the field with id="f" is offered on `html`. */
async function offered(lang: string, html: string): Promise<boolean> {
  const dom = new JSDOM(`<!doctype html><html><head></head><body></body></html>`, {
    url: 'https://accounts.example/login',
  });
  const doc = dom.window.document;
  doc.documentElement.lang = lang;
  doc.documentElement.dir = RTL.has(lang) ? 'rtl' : 'ltr';
  doc.body.innerHTML = html;
  try {
    return (await findBackupCodeFields(doc, null, qualify)).some((f) => f.element.id === 'f');
  } finally {
    dom.window.close();
  }
}

/** A field labelled by a <label>, under a heading, with optional help text. */
const labelled = (heading: string, label: string, help = '', attrs = 'autocomplete="off"') => `
  <main><h1>${heading}</h1>
  <form method="post"><div class="field">
    <label for="f">${label}</label>
    <input type="text" id="f" name="code" ${attrs}>
    ${help ? `<p class="hint">${help}</p>` : ''}
  </div><button type="submit">→</button></form></main>`;

/** A field named only by its placeholder, under a title and a line of text. */
const placeholder = (title: string, text: string, ph: string) => `
  <div class="card"><div class="card-title">${title}</div>
  <p>${text}</p>
  <form><input type="text" id="f" name="c" placeholder="${ph}" maxlength="12"></form></div>`;

/** A card payment form: the field is the card's security code. */
const card = (number: string, expiry: string, cvc: string, help: string) => `
  <form class="checkout"><h2>${help}</h2>
    <label for="n">${number}</label><input type="text" id="n" name="n" inputmode="numeric">
    <label for="e">${expiry}</label><input type="text" id="e" name="e">
    <label for="f">${cvc}</label><input type="text" id="f" name="s" inputmode="numeric" maxlength="4">
  </form>`;

const BACKUP_CODE_PAGES: [lang: string, what: string, html: string][] = [
  // Arabic: the article comes and goes with the construction.
  [
    'ar',
    'label without the article',
    labelled('التحقق بخطوتين', 'رمز استرداد', 'أدخل أحد الرموز التي حفظتها'),
  ],
  [
    'ar',
    'plural with the article in the placeholder',
    placeholder('تأكيد هويتك', 'لا يمكنك استخدام هاتفك؟', 'أدخل أحد الرموز الاحتياطية'),
  ],
  ['ar', 'singular with the article', labelled('تسجيل الدخول', 'الرمز الاحتياطي')],
  ['ar', 'article after "with"', labelled('التحقق بخطوتين', 'تسجيل الدخول بالرمز الاحتياطي')],
  // Hindi: the English loan, hyphenated or not, and the Sanskrit word.
  ['hi', 'loan word', labelled('दो-चरणीय सत्यापन', 'बैकअप कोड', '8 अंकों वाला कोड दर्ज करें')],
  ['hi', 'hyphenated loan word', placeholder('साइन इन करें', 'अपना फ़ोन नहीं है?', 'बैक-अप कोड')],
  [
    'hi',
    'native term in a heading',
    labelled('पुनर्प्राप्ति कोड दर्ज करें', 'कोड', '', 'autocomplete="one-time-code" maxlength="8"'),
  ],
  // Norwegian Bokmål: compounds written as one word, inflected.
  ['nb', 'one-word compound', labelled('Totrinnsbekreftelse', 'Reservekode')],
  [
    'nb',
    'definite plural in help text',
    labelled('Logg på', 'Kode', 'Skriv inn en av reservekodene dine'),
  ],
  ['nb', 'recovery compound', placeholder('Bekreft at det er deg', '', 'Gjenopprettingskode')],
  ['nb', 'English loan compound', labelled('Totrinnsverifisering', 'Backupkode')],
  // Hungarian.
  ['hu', 'recovery code', labelled('Kétlépcsős azonosítás', 'Helyreállítási kód')],
  [
    'hu',
    'spare code',
    labelled('Bejelentkezés', 'Tartalék kód', 'Adja meg az egyik tartalék kódját'),
  ],
  // Malay.
  ['ms', 'backup code', labelled('Pengesahan dua langkah', 'Kod sandaran')],
  [
    'ms',
    'recovery code in a placeholder',
    placeholder('Log masuk', 'Tiada akses kepada telefon anda?', 'Masukkan kod pemulihan'),
  ],
  // A few others, in the same style.
  ['da', 'one-word compound', labelled('Totrinsbekræftelse', 'Backupkode')],
  ['id', 'backup code', labelled('Verifikasi 2 langkah', 'Kode cadangan')],
  [
    'tr',
    'backup code',
    placeholder('İki adımlı doğrulama', 'Telefonunuz yanınızda değil mi?', 'Yedek kod'),
  ],
  ['pl', 'backup code', labelled('Weryfikacja dwuetapowa', 'Kod zapasowy')],
];

/** A payment provider's frame holding one card field, as checkout pages embed them. */
const cardFrame = (label: string, help: string) => `
  <form class="card-field"><label for="f">${label}</label>
    <input type="text" id="f" name="s" autocomplete="off">
    <p class="hint">${help}</p></form>`;

const TRAP_PAGES: [lang: string, what: string, html: string][] = [
  [
    'nb',
    'card security code in its own frame',
    cardFrame('Sikkerhetskode', 'De tre sifrene på baksiden av kortet'),
  ],
  [
    'nb',
    'card security code',
    card('Kortnummer', 'Utløpsdato', 'Sikkerhetskode', 'Betal med kort'),
  ],
  ['hu', 'card security code', card('Kártyaszám', 'Lejárat', 'CVC', 'Fizetés kártyával')],
  ['ar', 'code sent by SMS', labelled('التحقق بخطوتين', 'رمز الرسالة القصيرة')],
  ['hi', 'code sent by SMS', labelled('दो-चरणीय सत्यापन', 'SMS कोड')],
  ['ms', 'password', labelled('Log masuk', 'Kata laluan', 'Atau gunakan kod sandaran')],
];

describe('realistic sign-in pages', () => {
  it.each(BACKUP_CODE_PAGES)(
    '%s: offers on the backup-code field (%s)',
    async (lang, _what, html) => {
      expect(await offered(lang, html)).toBe(true);
    },
  );

  it.each(TRAP_PAGES)(
    '%s: offers nothing on a field that is something else (%s)',
    async (lang, _what, html) => {
      expect(await offered(lang, html)).toBe(false);
    },
  );
});
