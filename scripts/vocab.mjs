// `npm run vocab`: rebuilds src/core/detect/keywords.json from the term files
// in src/core/detect/vocab/sources/ (docs/vocabulary.md). A new language or
// system is a data change: add or extend a source file (by hand or with
// scripts/vocab/extract.mjs) and run this.
//
//   npm run vocab              write keywords.json, print a summary
//   npm run vocab -- --verbose also list every term that was dropped and why
//   npm run vocab -- --check   exit 1 if keywords.json is not up to date
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'src/core/detect/vocab/sources');
const target = join(root, 'src/core/detect/keywords.json');
const args = new Set(process.argv.slice(2));

const { module } = await runnerImport(join(root, 'src/core/detect/vocab/generate.ts'), {
  configFile: false,
  logLevel: 'silent',
});
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
const { vocabulary, dropped, excludedLanguages } = module.buildVocabulary(sources);
const style = (await resolveConfig(target)) ?? {};
const text = await format(JSON.stringify(vocabulary), {
  ...style,
  parser: 'json',
  filepath: target,
});

if (args.has('--verbose')) {
  for (const d of dropped)
    console.log(`dropped ${d.language} ${d.category} "${d.term}": ${d.reason}`);
  for (const e of excludedLanguages)
    console.log(
      `language ${e.language} left out: backup-code terms from ${e.systems.join(', ')} only`,
    );
}
const langs = Object.keys(vocabulary.languages);
const count = (c) => langs.reduce((n, l) => n + vocabulary.languages[l][c].length, 0);
console.log(
  `vocab: ${sources.length} sources, ${langs.length} languages, ${count('positive')} backup-code terms, ` +
    `${['field', 'delivery', 'setup', 'reset', 'recoveryContact'].reduce((n, c) => n + count(c), 0)} trap terms ` +
    `(${dropped.length} dropped, ${excludedLanguages.length} languages with one source left out)`,
);
if (args.has('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('vocab: src/core/detect/keywords.json is out of date; run `npm run vocab`');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log('vocab: wrote src/core/detect/keywords.json');
}
