// The detection corpus (test/corpus/, docs/vocabulary.md): fails on any
// regression below the committed baseline, so a vocabulary or detector
// change that loses a language, misses a page or offers on a trap is caught.
// `npm run corpus` prints the same run as a table.
import { describe, expect, it } from 'vitest';
import baseline from '../corpus/baseline.json';
import { corpusPages, regressions, runCorpus, summaryLine } from '../corpus/corpus';

describe('detection corpus', () => {
  it('renders a page for every system × language term and every trap category × language', () => {
    const pages = corpusPages();
    const kinds = new Set(pages.map((p) => p.kind));
    for (const k of ['field', 'delivery', 'setup', 'reset', 'recoveryContact'])
      expect(kinds, k).toContain(`trap:${k}`);
    expect([...kinds].filter((k) => k.startsWith('positive:')).length).toBeGreaterThanOrEqual(15);
    // Right-to-left pages, CJK, Korean, Hindi, Thai among the languages.
    const langs = new Set(pages.filter((p) => p.positive).map((p) => p.language));
    for (const l of ['ar', 'he', 'fa', 'zh-Hans', 'ja', 'ko', 'hi', 'th'])
      expect(langs, l).toContain(l);
  });

  it('is not worse than test/corpus/baseline.json', async () => {
    const result = await runCorpus();
    console.log(summaryLine(result));
    const misses = result.rows.flatMap((r) => r.misses.map((m) => `${r.language}: ${m}`));
    expect(regressions(result, baseline), misses.join('\n')).toEqual([]);
    expect(summaryLine(result)).toMatch(
      /^corpus: [\d.]+% recall, [\d.]+% false offers, \d+ languages$/,
    );
  }, 180_000);
});
