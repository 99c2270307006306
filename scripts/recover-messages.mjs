// Puts the messages of recovery/recover.html into the page itself.
//
// recover.html is a file people save and open from disk, years later perhaps,
// without Backstop: it cannot read the extension's _locales, so its words in
// every language are copied into it, as JSON, from public/_locales (the one
// place translators work in; docs/i18n.md). Run after changing a translation:
//
//   node scripts/recover-messages.mjs           rewrites recovery/recover.html
//   node scripts/recover-messages.mjs --check   exits 1 if it is out of date
//
// test/unit/recover-messages.test.ts runs the check.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PAGE = join(root, 'recovery', 'recover.html');

/** Messages the page shares with the extension (same words, translated once). */
const SHARED = ['backupFile', 'errChooseBackup', 'language', 'print', 'used'];

const START = '<script type="application/json" id="messages">';
const END = '</script>';

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

/** The page with its embedded messages replaced by `recoverMessages()`, formatted as the repository is. */
export async function renderedPage(html = readFileSync(PAGE, 'utf8')) {
  const start = html.indexOf(START);
  const end = html.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`${PAGE}: no ${START}…${END} block`);
  // `<` never appears raw inside the script element, so no message can end it early.
  const json = JSON.stringify(recoverMessages()).replace(/</g, '\\u003c');
  const next = html.slice(0, start + START.length) + json + html.slice(end);
  const options = await prettier.resolveConfig(PAGE);
  return prettier.format(next, { ...options, filepath: PAGE });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(PAGE, 'utf8');
  const next = await renderedPage(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(
        'recovery/recover.html: messages out of date; run node scripts/recover-messages.mjs',
      );
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(PAGE, next);
    console.log('recovery/recover.html: messages updated');
  }
}
