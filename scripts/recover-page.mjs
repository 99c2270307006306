// Writes dist/recover.html, the stand-alone recovery page, from its parts.
//
// recover.html is a file people save and open from disk, years later perhaps,
// without Backstop: it must be ONE self-contained file. It cannot read the
// extension's _locales, and its CSP allows inline script only. The sources are
// kept apart so each stays readable and the words have one home:
//
//   recovery/recover.template.html   the page: markup and styles
//   recovery/recover-page.js         its script (decrypt, render, language)
//   public/_locales/<locale>/        its words (`recover*` keys and SHARED),
//                                    where translators work (docs/i18n.md)
//
// Here they are put together: the words of every language as one JSON element,
// then the script, both inline where the template says `<!-- @recover-page -->`.
// `npm run build` runs this (scripts/build.mjs); `npm run package` puts the same
// page into each zip (scripts/package.mjs). By hand:
//
//   node scripts/recover-page.mjs      writes dist/recover.html
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const TEMPLATE = join(root, 'recovery', 'recover.template.html');
export const SCRIPT = join(root, 'recovery', 'recover-page.js');
/** Where the built page goes: dist/, beside the two extension builds. */
export const PAGE = join(root, 'dist', 'recover.html');

/** Messages the page shares with the extension (same words, translated once). */
const SHARED = ['backupFile', 'errChooseBackup', 'language', 'print', 'used'];

const MARK = '<!-- @recover-page -->';

/** `{ languages: {locale: {name, dir}}, messages: {locale: {key: text}} }` for the page. */
export function recoverMessages() {
  const languages = JSON.parse(readFileSync(join(root, 'src/i18n/languages.json'), 'utf8'));
  const dir = join(root, 'public', '_locales');
  const present = new Set(readdirSync(dir));
  const messages = {};
  for (const locale of Object.keys(languages)) {
    if (!present.has(locale)) continue;
    const catalog = JSON.parse(readFileSync(join(dir, locale, 'messages.json'), 'utf8'));
    const picked = {};
    for (const [key, entry] of Object.entries(catalog)) {
      if (key.startsWith('recover') || SHARED.includes(key)) picked[key] = entry.message;
    }
    messages[locale] = picked;
  }
  return {
    languages: Object.fromEntries(Object.entries(languages).filter(([l]) => present.has(l))),
    messages,
  };
}

/** The whole page as one string: the template with the words and the script inline. */
export function renderRecoverPage(
  template = readFileSync(TEMPLATE, 'utf8'),
  script = readFileSync(SCRIPT, 'utf8'),
) {
  const at = template.indexOf(MARK);
  if (at < 0 || template.indexOf(MARK, at + 1) >= 0) {
    throw new Error(`${relative(root, TEMPLATE)}: needs exactly one ${MARK}`);
  }
  // Inline, `</script` or `<!--` in the script would end or confuse its element.
  if (/<\/script|<!--/i.test(script)) {
    throw new Error(
      `${relative(root, SCRIPT)}: contains </script or <!--, which cannot be inlined`,
    );
  }
  // `<` never appears raw in the JSON, so no message can end its element early.
  const json = JSON.stringify(recoverMessages()).replace(/</g, '\\u003c');
  const indent = template.slice(template.lastIndexOf('\n', at) + 1, at);
  const body =
    `<script type="application/json" id="messages">${json}</script>\n` +
    `${indent}<script>\n${script.trimEnd()}\n${indent}</script>`;
  return template.slice(0, at) + body + template.slice(at + MARK.length);
}

/** Writes the page to `path` (dist/recover.html unless told). */
export function writeRecoverPage(path = PAGE) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderRecoverPage());
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`recover-page: ${relative(root, writeRecoverPage())}`);
}
