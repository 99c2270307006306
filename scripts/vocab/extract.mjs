// Reads the translation catalogs of one system (scripts/vocab/systems.mjs)
// from a checkout and writes the short terms found in them to
// src/core/detect/vocab/sources/<id>.json, with the repository, commit,
// catalog paths and licence. Catalogs themselves are never committed: only
// the terms (docs/vocabulary.md).
//
//   node scripts/vocab/extract.mjs <system-id> <git dir or directory> [--commit <sha>]
//   node scripts/vocab/extract.mjs <system-id> <directory> --commits <paths.json>
//   node scripts/vocab/extract.mjs --list
//
// A git directory (bare or not) is read at HEAD; a plain directory (catalog
// files fetched one by one, in the repository's layout) needs --commit, or,
// when its files were read at different commits, --commits: a JSON object
// from each catalog path to the commit it was read at. The output then lists
// every file's commit under `fileCommits`, and `commit` is the one most of
// them were read at.
// Then `npm run vocab` rebuilds keywords.json from all source files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { runnerImport } from 'vite';
import { READERS } from './catalogs.mjs';
import { SYSTEMS } from './systems.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(root, 'src/core/detect/vocab/sources');

const args = process.argv.slice(2);
if (args[0] === '--list' || !args.length) {
  for (const s of SYSTEMS) console.log(`${s.id.padEnd(36)} ${s.repository}`);
  if (!args.length)
    console.log('\nusage: node scripts/vocab/extract.mjs <system-id> <checkout> [--commit <sha>]');
  process.exit(args.length ? 0 : 2);
}
const [id, checkout] = args;
const system = SYSTEMS.find((s) => s.id === id);
if (!system || !checkout) {
  console.error(`extract: unknown system "${id}" or no checkout given (--list shows the systems)`);
  process.exit(2);
}
const commitArg = args.includes('--commit') ? args[args.indexOf('--commit') + 1] : undefined;
const commitsArg = args.includes('--commits') ? args[args.indexOf('--commits') + 1] : undefined;
/** @type {Record<string, string> | undefined} */
const fileCommits = commitsArg ? JSON.parse(readFileSync(commitsArg, 'utf8')) : undefined;
/** The commit most files were read at. */
const mostCommon = (/** @type {string[]} */ list) => {
  const n = new Map();
  for (const c of list) n.set(c, (n.get(c) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
};

const { module: terms } = await runnerImport(join(root, 'scripts/vocab/terms.ts'), {
  configFile: false,
  logLevel: 'silent',
});

/** Files of the checkout: from git at HEAD, or from the directory tree. */
function openCheckout(path) {
  const isGit = existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects'));
  if (isGit) {
    const git = (...a) =>
      execFileSync('git', ['--git-dir', path, ...a], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return {
      commit: git('rev-parse', 'HEAD').trim(),
      list: () => git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean),
      read: (p) => git('show', `HEAD:${p}`),
    };
  }
  if (!commitArg && !fileCommits)
    throw new Error(
      'a plain directory needs --commit <sha> or --commits <paths.json> (the commits its files are from)',
    );
  const walk = (dir) =>
    readdirSync(dir).flatMap((e) => {
      const full = join(dir, e);
      return statSync(full).isDirectory() ? walk(full) : [relative(path, full)];
    });
  return {
    commit: commitArg ?? mostCommon(Object.values(fileCommits ?? {})),
    list: () => walk(path),
    read: (p) => readFileSync(join(path, p), 'utf8'),
  };
}

const repo = openCheckout(checkout);
const catalogs = new Map(); // file language code -> Map(key -> text)
const paths = [];
for (const file of repo.list()) {
  for (const re of system.files) {
    const m = re.exec(file);
    if (!m) continue;
    const map = READERS[system.format](repo.read(file), m[1]);
    const merged = catalogs.get(m[1]) ?? new Map();
    for (const [k, v] of map) merged.set(k, v);
    catalogs.set(m[1], merged);
    paths.push(file);
  }
}
if (!catalogs.size) throw new Error(`no catalog of ${system.id} found in ${checkout}`);

// English text of every key: the English catalog, or the key itself (msgid).
const englishCatalog = system.english ? catalogs.get(system.english) : undefined;
if (system.english && !englishCatalog) throw new Error(`no English catalog "${system.english}"`);
// A gettext key with a context is `context + U+0004 + msgid`.
const english = (key) => (englishCatalog ? englishCatalog.get(key) : key.split('\u0004').pop());

/** The terms one language's catalog gives for one spec, untranslated strings skipped. */
function termsFor(catalog, spec, isEnglish) {
  const texts = spec.keys
    .map((k) => [catalog.get(k), english(k)])
    .filter(([t, en]) => typeof t === 'string' && t.trim() && en !== undefined)
    .filter(([t, en]) => isEnglish || terms.normalize(t) !== terms.normalize(en))
    .map(([t]) => t);
  if (spec.keys.length === 1) {
    const t = texts[0] && terms.termOf(texts[0]);
    return t ? [t] : [];
  }
  if (texts.length < spec.keys.length) return [];
  const t = terms.commonTerm(texts);
  return t ? [t] : [];
}

const out = {};
const excluded = [];
const add = (lang, category, term) => {
  const norm = terms.normalize(term);
  const reason = Object.entries(system.exclude?.[lang] ?? {}).find(
    ([t]) => terms.normalize(t) === norm,
  )?.[1];
  if (reason) {
    excluded.push({ language: lang, category, term, reason });
    return;
  }
  const byCat = (out[lang] ??= {});
  const list = (byCat[category] ??= []);
  // One spelling per term ("Recovery codes" and "Recovery Codes" are one).
  if (!list.some((t) => terms.normalize(t) === norm)) list.push(term);
};

// English from the keys (or the English catalog) themselves.
const englishOnly = new Map(
  [...new Set(system.terms.flatMap((s) => s.keys))]
    .map((k) => [k, english(k)])
    .filter(([, v]) => v),
);
for (const spec of system.terms)
  for (const t of termsFor(englishOnly, spec, true)) add('en', spec.category, t);

for (const [code, catalog] of [...catalogs].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const lang = terms.canonicalLanguage(code);
  if (!lang || lang === 'en') continue;
  for (const spec of system.terms)
    for (const t of termsFor(catalog, spec, false)) add(lang, spec.category, t);
}

const sorted = Object.fromEntries(
  Object.keys(out)
    .sort()
    .map((lang) => [
      lang,
      Object.fromEntries(
        Object.keys(out[lang])
          .sort()
          .map((c) => [c, out[lang][c].sort((a, b) => a.localeCompare(b, 'en'))]),
      ),
    ]),
);
const pattern = (re) =>
  re.source
    .replace(/^\^|\$$/g, '')
    .replace(/\(\[\^\/\]\+\)/, '<lang>')
    .replace(/\\\//g, '/')
    .replace(/\\\./g, '.')
    .replace(/\(\?:([^)]*)\)/g, '{$1}')
    .replace(/\|/g, ',');
const result = {
  system: system.id,
  name: system.name,
  source: { repository: system.repository, paths: system.files.map(pattern) },
  commit: repo.commit,
  ...(fileCommits
    ? {
        fileCommits: Object.fromEntries(
          paths.sort().map((p) => {
            if (!/^[0-9a-f]{40}$/.test(fileCommits[p] ?? ''))
              throw new Error(`--commits names no commit for ${p}`);
            return [p, fileCommits[p]];
          }),
        ),
      }
    : {}),
  licence: system.licence,
  extractedBy: 'scripts/vocab/extract.mjs',
  keys: Object.fromEntries(
    [...new Set(system.terms.map((s) => s.category))].map((c) => [
      c,
      system.terms.filter((s) => s.category === c).map((s) => s.keys.map(english).join(' + ')),
    ]),
  ),
  ...(excluded.length ? { excluded } : {}),
  terms: sorted,
};
const file = join(OUT, `${system.id}.json`);
const style = (await resolveConfig(file)) ?? {};
writeFileSync(
  file,
  await format(JSON.stringify(result), { ...style, parser: 'json', filepath: file }),
);
const languages = Object.keys(sorted);
const withPositive = languages.filter((l) => sorted[l].positive?.length);
console.log(
  `extract: ${system.id}: ${paths.length} catalogs, ${languages.length} languages ` +
    `(${withPositive.length} with backup-code terms) -> ${relative(root, file)}`,
);
