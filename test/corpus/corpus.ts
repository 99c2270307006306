// The detection corpus (docs/vocabulary.md, "Corpus"): pages rendered from
// the templates in templates.ts with the catalog terms of
// src/core/detect/vocab/sources, for every system × language × backup-code
// term the vocabulary keeps, and every trap category × language × trap term.
// The real detector runs on each (the page's collect in jsdom, then the
// background's qualification with the full vocabulary), and recall and false
// offers are counted per language. `npm run corpus` prints the table;
// test/unit/corpus.test.ts fails on any regression below baseline.json.
import { JSDOM } from 'jsdom';
import { VOCABULARY } from '../../src/core/detect/keywords';
import { normalize, stemPhrase } from '../../src/core/detect/text';
import { NEGATIVE_CATEGORIES, type VocabSource } from '../../src/core/detect/vocab/generate';
import { qualifyField } from '../../src/core/detect/qualify';
import { findBackupCodeFields, type Qualifier } from '../../src/content/detect/index';
import { POSITIVE_TEMPLATES, trapPage } from './templates';

const files = import.meta.glob<VocabSource>('../../src/core/detect/vocab/sources/*.json', {
  eager: true,
  import: 'default',
});
const SOURCES = Object.values(files);

/** Languages written right to left (the page gets dir="rtl"). */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'ku', 'ckb']);

export interface CorpusPage {
  language: string;
  /** `positive:<system>` or `trap:<category>`. */
  kind: string;
  /** The term the page is about. */
  term: string;
  html: string;
  /** The page has a backup-code field (id="f") that must be offered. */
  positive: boolean;
}

const shipped = (lang: string, list: 'positive' | (typeof NEGATIVE_CATEGORIES)[number]) =>
  new Set(VOCABULARY.languages[lang]?.[list] ?? []);
const kept = (lang: string, list: Parameters<typeof shipped>[1]) => {
  const set = shipped(lang, list);
  return (term: string) => set.has(stemPhrase(normalize(term)));
};

/** Every page of the corpus, in a stable order. */
export function corpusPages(): CorpusPage[] {
  const pages: CorpusPage[] = [];
  const languages = Object.keys(VOCABULARY.languages).sort();
  const sorted = [...SOURCES].sort((a, b) => (a.system < b.system ? -1 : 1));
  for (const lang of languages) {
    const isPositive = kept(lang, 'positive');
    // The language's word for "code" as some catalog writes it.
    const code =
      sorted.flatMap((s) => s.terms[lang]?.codeWords ?? [])[0] ??
      VOCABULARY.languages[lang]?.codeWords[0] ??
      'code';
    let anyPositive = '';
    for (const src of sorted) {
      const template = POSITIVE_TEMPLATES[src.system];
      const terms = (src.terms[lang]?.positive ?? []).filter(isPositive);
      if (!template || !terms.length) continue;
      anyPositive ||= terms[0] ?? '';
      terms.forEach((positive, i) => {
        const other = terms[(i + 1) % terms.length] ?? positive;
        pages.push({
          language: lang,
          kind: `positive:${src.system}`,
          term: positive,
          html: template({ positive, other, code }),
          positive: true,
        });
      });
    }
    // Trap pages need a backup-code term of the language beside the trap.
    anyPositive ||= sorted.flatMap((s) => s.terms[lang]?.positive ?? []).find(isPositive) ?? '';
    if (!anyPositive) continue;
    for (const category of NEGATIVE_CATEGORIES) {
      const isTrap = kept(lang, category);
      const traps = new Map<string, string>();
      for (const src of sorted) {
        for (const t of src.terms[lang]?.[category] ?? []) {
          const key = normalize(t);
          if (isTrap(t) && !traps.has(key)) traps.set(key, t);
        }
      }
      for (const trap of traps.values()) {
        pages.push({
          language: lang,
          kind: `trap:${category}`,
          term: trap,
          html: trapPage(category, trap, { positive: anyPositive, other: anyPositive, code }),
          positive: false,
        });
      }
    }
  }
  return pages;
}

export interface LanguageRow {
  language: string;
  positives: number;
  found: number;
  traps: number;
  falseOffers: number;
  /** Pages that went wrong, for the report. */
  misses: string[];
}

export interface CorpusResult {
  rows: LanguageRow[];
  pages: number;
  /** Percent of backup-code pages whose field was offered. */
  recall: number;
  /** Percent of trap pages where a field was offered. */
  falseOffers: number;
  /** Languages with at least one backup-code page. */
  languages: number;
  systems: number;
}

const percent = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 10 : 0);

/** Runs the real detector on every corpus page. */
export async function runCorpus(pages = corpusPages()): Promise<CorpusResult> {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: 'https://corpus.example/login',
  });
  const doc = dom.window.document;
  // What the background answers to page.qualify (no site rule: these hosts are unknown).
  const qualify: Qualifier = (contexts) => Promise.resolve(contexts.map((c) => qualifyField(c)));
  const rows = new Map<string, LanguageRow>();
  for (const page of pages) {
    const row = rows.get(page.language) ?? {
      language: page.language,
      positives: 0,
      found: 0,
      traps: 0,
      falseOffers: 0,
      misses: [],
    };
    rows.set(page.language, row);
    doc.documentElement.lang = page.language;
    doc.documentElement.dir = RTL.has(page.language) ? 'rtl' : 'ltr';
    doc.body.innerHTML = page.html;
    const offered = (await findBackupCodeFields(doc, null, qualify)).some(
      (f) => f.element.id === 'f',
    );
    if (page.positive) {
      row.positives++;
      if (offered) row.found++;
      else row.misses.push(`missed ${page.kind} "${page.term}"`);
    } else {
      row.traps++;
      if (offered) {
        row.falseOffers++;
        row.misses.push(`offered on ${page.kind} "${page.term}"`);
      }
    }
  }
  dom.window.close();
  const list = [...rows.values()];
  const sum = (k: 'positives' | 'found' | 'traps' | 'falseOffers') =>
    list.reduce((n, r) => n + r[k], 0);
  return {
    rows: list,
    pages: pages.length,
    recall: percent(sum('found'), sum('positives')),
    falseOffers: percent(sum('falseOffers'), sum('traps')),
    languages: list.filter((r) => r.positives > 0).length,
    systems: new Set(pages.filter((p) => p.positive).map((p) => p.kind)).size,
  };
}

/** The one summary line, exactly as CI and docs quote it. */
export const summaryLine = (r: CorpusResult) =>
  `corpus: ${r.recall}% recall, ${r.falseOffers}% false offers, ${r.languages} languages`;

/** The per-language table and the summary line. */
export function formatReport(r: CorpusResult): string {
  const lines = [
    'language  pages  recall  false offers',
    ...r.rows.map((row) => {
      const rec = `${row.found}/${row.positives}`.padStart(7);
      const fo = `${row.falseOffers}/${row.traps}`.padStart(13);
      return `${row.language.padEnd(8)} ${String(row.positives + row.traps).padStart(6)} ${rec} ${fo}`;
    }),
    ...r.rows.flatMap((row) => row.misses.map((m) => `  ${row.language}: ${m}`)),
    `${r.pages} pages, ${r.systems} systems' page structures`,
    summaryLine(r),
  ];
  return lines.join('\n');
}

/** The committed baseline (test/corpus/baseline.json). */
export interface Baseline {
  recall: number;
  falseOffers: number;
  languages: number;
  pages: number;
}

/** How `r` is worse than `baseline`, as sentences (none when it is not). */
export function regressions(r: CorpusResult, baseline: Baseline): string[] {
  const out: string[] = [];
  if (r.recall < baseline.recall) out.push(`recall ${r.recall}% < ${baseline.recall}%`);
  if (r.falseOffers > baseline.falseOffers)
    out.push(`false offers ${r.falseOffers}% > ${baseline.falseOffers}%`);
  if (r.languages < baseline.languages)
    out.push(`${r.languages} languages < ${baseline.languages}`);
  if (r.pages < baseline.pages) out.push(`${r.pages} pages < ${baseline.pages}`);
  return out;
}
