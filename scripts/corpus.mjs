// `npm run corpus`: runs the real detector on the corpus pages (one per
// system × language × backup-code term, one per trap category × language ×
// trap term) in jsdom and prints recall and false offers per language, then
//   corpus: R% recall, F% false offers, L languages
// (docs/vocabulary.md, "Corpus"). Exit code 1 when the result is below the
// committed baseline (test/corpus/baseline.json); --write-baseline records
// the current result as the new baseline.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const baselineFile = join(root, 'test/corpus/baseline.json');

const { module } = await runnerImport(join(root, 'test/corpus/corpus.ts'), {
  configFile: false,
  logLevel: 'silent',
});
const result = await module.runCorpus();
console.log(module.formatReport(result));

const current = {
  recall: result.recall,
  falseOffers: result.falseOffers,
  languages: result.languages,
  pages: result.pages,
};
if (process.argv.includes('--write-baseline')) {
  writeFileSync(baselineFile, JSON.stringify(current, null, 2) + '\n');
  console.log('corpus: wrote test/corpus/baseline.json');
} else {
  const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
  const worse = module.regressions(result, baseline);
  if (worse.length) {
    for (const w of worse) console.error(`corpus: regression: ${w}`);
    process.exit(1);
  }
}
