/**
 * `npm run ocr-bench`: renders the corpus (or takes the committed sample),
 * reads every image with the extension's pipeline in headless Chromium and
 * prints, per layout and overall, code-level exact matches, codes marked
 * unsure, missed, wrong and invented codes, used marks, the median time per
 * image and the browser's peak memory. `scripts/ocr-bench.mjs` builds this
 * file and the bench page. See docs/ocr.md.
 */
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { serveDirectory } from '../node/static-server';
import { summarize as stats } from '../node/stats';
import { renderCorpus, type CorpusImage } from './corpus';
import { distance, score, type ImageScore } from './score';
import type { PageReading } from './page/main';

export interface OcrBenchOptions {
  repoRoot: string;
  pagesDir: string;
  corpusDir: string;
  sample: boolean;
  writeSample: boolean;
  layout: string | null;
  /** Keep the rendered full corpus here and reuse it when it is already there. */
  corpus: string | null;
  /** Only images whose file name contains this. */
  only: string | null;
  raw: boolean;
  /** Print every reading of each code read wrong (truth, each way's text and per-character confidence). */
  trace?: boolean;
  /** Write every candidate's readings with its image's truth here, one JSON object a line. */
  traceJson?: string | null;
  /** Also read with the PP-OCR recognizer (not shipped; docs/ocr.md), to measure what it adds. */
  paddle?: boolean;
}

/** The corpus seed: change it only together with the numbers in docs/ocr.md. */
const SEED = 20261203;

/** Resident memory (kB) of a process and all its descendants, from /proc. */
function treeRssKb(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const pid = Number(entry);
      rss.set(pid, kb);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Each code not read exactly: the truth nearest to it and every reading taken of it. */
function traceOf(image: CorpusImage, r: PageReading): string {
  const truth = image.truth.codes.map((t) => t.replace(/[\s-]/g, ''));
  const out: string[] = [];
  for (const t of r.trace) {
    const got = t.code ? t.code.value.replace(/[\s-]/g, '') : null;
    if (got !== null && truth.includes(got)) continue;
    const key = (got ?? t.readings.find((x) => x)?.text ?? t.read).replace(/[\s-]/g, '');
    const near = truth.reduce(
      (best, c) => (distance(c, key) < distance(best, key) ? c : best),
      truth[0] ?? '',
    );
    const sure = t.code
      ? t.code.unsure
        ? `unsure(${t.code.reasons.join(',')})`
        : 'SURE'
      : 'doubtful';
    out.push(`    truth ${near}  got ${got ?? '-'} ${sure}  page "${t.read}"`);
    for (const w of t.readings) {
      if (!w) out.push('      (way read nothing)');
      else
        out.push(
          `      ${(w.way ?? '?').padEnd(8)} ${w.text}  [${w.chars.map((c) => Math.round(c)).join(' ')}]`,
        );
    }
  }
  return out.join('\n');
}

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`;
}

interface Row {
  label: string;
  scores: ImageScore[];
}

function summarize(rows: Row[]): string {
  const head = [
    'group',
    'images',
    'codes',
    'exact',
    'unsure',
    'missed',
    'wrong',
    'wrong not unsure',
    'invented',
    'used marks',
    'median ms',
  ];
  const lines = [head];
  for (const { label, scores } of rows) {
    const sum = (f: (s: ImageScore) => number) => scores.reduce((a, s) => a + f(s), 0);
    const codes = sum((s) => s.truth);
    lines.push([
      label,
      String(scores.length),
      String(codes),
      `${sum((s) => s.exact)} (${pct(
        sum((s) => s.exact),
        codes,
      )})`,
      String(sum((s) => s.unsure)),
      String(sum((s) => s.missed)),
      String(sum((s) => s.wrong)),
      String(sum((s) => s.wrongSure)),
      String(sum((s) => s.invented)),
      `${sum((s) => s.usedRight)}/${sum((s) => s.usedTotal)}`,
      scores.length ? stats(scores.map((s) => s.ms)).median.toFixed(0) : '—',
    ]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

export async function runOcrBench(opts: OcrBenchOptions): Promise<number> {
  const sampleDir = join(opts.repoRoot, 'test', 'fixtures', 'ocr');
  const browser = await launch();
  try {
    let corpus: CorpusImage[];
    let imagesDir: string;
    if (opts.writeSample) {
      rmSync(sampleDir, { recursive: true, force: true });
      corpus = await renderCorpus(browser, { outDir: sampleDir, seed: SEED + 1, sample: true });
      console.log(`ocr-bench: wrote ${corpus.length} sample images to test/fixtures/ocr/`);
      imagesDir = sampleDir;
    } else if (opts.sample) {
      if (!existsSync(join(sampleDir, 'corpus.json'))) {
        console.error(
          'ocr-bench: test/fixtures/ocr/corpus.json is missing (--write-sample makes it)',
        );
        return 1;
      }
      corpus = JSON.parse(readFileSync(join(sampleDir, 'corpus.json'), 'utf8')) as CorpusImage[];
      imagesDir = sampleDir;
    } else if (opts.corpus && existsSync(join(opts.corpus, 'corpus.json'))) {
      corpus = JSON.parse(readFileSync(join(opts.corpus, 'corpus.json'), 'utf8')) as CorpusImage[];
      imagesDir = opts.corpus;
    } else {
      const t0 = Date.now();
      imagesDir = opts.corpus ?? opts.corpusDir;
      corpus = await renderCorpus(browser, { outDir: imagesDir, seed: SEED });
      console.log(
        `ocr-bench: rendered ${corpus.length} images in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    if (opts.layout) corpus = corpus.filter((c) => c.layout === opts.layout);
    if (opts.only) corpus = corpus.filter((c) => c.file.includes(opts.only!));
    mkdirSync(join(opts.pagesDir, 'corpus'), { recursive: true });
    for (const c of corpus)
      copyFileSync(join(imagesDir, c.file), join(opts.pagesDir, 'corpus', c.file));

    const server = await serveDirectory(opts.pagesDir);
    // The browser is a child of this process: measure the whole tree (Node itself included).
    const rootPid = process.pid;
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.origin}/index.html${opts.paddle ? '?paddle=1' : ''}`);
      await page.waitForFunction(() => 'ocrBench' in globalThis);
      const idleKb = rootPid ? treeRssKb(rootPid) : 0;
      const startMs = await page.evaluate(() =>
        (globalThis as unknown as OcrGlobal).ocrBench.warm(),
      );
      console.log(`ocr-bench: engine started in ${startMs.toFixed(0)} ms`);
      let peakKb = 0;
      const sampler = setInterval(() => {
        if (rootPid) peakKb = Math.max(peakKb, treeRssKb(rootPid));
      }, 100);
      const scores: ImageScore[] = [];
      const sheets = { screenshot: 0, photo: 0 };
      try {
        for (const c of corpus) {
          const url = `corpus/${c.file}`;
          if (opts.raw) {
            const lines = await page.evaluate(
              (u) => (globalThis as unknown as OcrGlobal).ocrBench.raw(u),
              url,
            );
            console.log(`\n# ${c.file}: ${c.truth.codes.join(' | ')}`);
            for (const l of lines) {
              console.log(l.words.map((w) => `${w.text}[${Math.round(w.confidence)}]`).join(' '));
            }
            continue;
          }
          const siteId = c.layout === 'not-codes' ? null : c.truth.siteId;
          const r = await page.evaluate(
            ([u, s]) => (globalThis as unknown as OcrGlobal).ocrBench.read(u!, s ?? null),
            [url, siteId] as const,
          );
          const s = score(c, r);
          scores.push(s);
          // Which pictures the sheet step warped (src/ocr/sheet.ts): photos should, screenshots never.
          if (r.reading.sheet) sheets[c.kind]++;
          if (s.exact < s.truth || s.invented || s.wrong || s.usedRight < s.usedTotal) {
            console.log(`  ${c.file}: ${s.detail}`);
          }
          if (opts.trace) console.log(traceOf(c, r));
          if (opts.traceJson) {
            appendFileSync(
              opts.traceJson,
              `${JSON.stringify({ file: c.file, kind: c.kind, truth: c.truth.codes, trace: r.trace })}\n`,
            );
          }
        }
      } finally {
        clearInterval(sampler);
      }
      if (opts.raw) return 0;
      const by = (f: (s: ImageScore) => boolean, label: string): Row => ({
        label,
        scores: scores.filter(f),
      });
      const layouts = [...new Set(scores.map((s) => s.image.layout))];
      const rows: Row[] = [
        ...layouts.map((l) =>
          by((s) => s.image.layout === l && s.image.kind === 'screenshot', `${l} screenshots`),
        ),
        ...layouts.map((l) =>
          by((s) => s.image.layout === l && s.image.kind === 'photo', `${l} photos`),
        ),
        by((s) => s.image.kind === 'screenshot', 'ALL screenshots'),
        by((s) => s.image.kind === 'photo', 'ALL photos'),
        by(() => true, 'ALL'),
      ].filter((r) => r.scores.length > 0);
      console.log(`\n${summarize(rows)}`);
      console.log(
        `\nread as a flattened sheet: ${sheets.photo} photos, ${sheets.screenshot} screenshots`,
      );
      console.log(
        `\npeak memory (bench process and browser): ${(peakKb / 1024).toFixed(0)} MB, ` +
          `${((peakKb - idleKb) / 1024).toFixed(0)} MB above the page before the engine started`,
      );
      const shots = scores.filter((s) => s.image.kind === 'screenshot');
      const photos = scores.filter((s) => s.image.kind === 'photo');
      const sum = (xs: ImageScore[], f: (s: ImageScore) => number) =>
        xs.reduce((a, s) => a + f(s), 0);
      const shotExact =
        sum(shots, (s) => s.exact) /
        Math.max(
          1,
          sum(shots, (s) => s.truth),
        );
      const photoExact =
        sum(photos, (s) => s.exact) /
        Math.max(
          1,
          sum(photos, (s) => s.truth),
        );
      const checks = [
        ['screenshots ≥ 99.5% exact', shotExact >= 0.995],
        ['screenshots: 0 invented', sum(shots, (s) => s.invented) === 0],
        ['photos ≥ 97% exact', photos.length === 0 || photoExact >= 0.97],
        ['photos: every wrong code marked unsure', sum(photos, (s) => s.wrongSure) === 0],
        [
          'median ≤ 2 s per screenshot',
          shots.length === 0 || stats(shots.map((s) => s.ms)).median <= 2000,
        ],
      ] as const;
      console.log('');
      for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${label}`);
      return checks.every(([, ok]) => ok) ? 0 : 1;
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
  }
}

interface OcrGlobal {
  ocrBench: {
    warm(): Promise<number>;
    raw(url: string): Promise<{ words: { text: string; confidence: number }[] }[]>;
    read(url: string, siteId: string | null): Promise<PageReading>;
  };
}
