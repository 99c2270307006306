/** The bench's printed output: the table of metrics and the summary per budget. */
import type { Metric, Status } from './metrics';

function fmt(n: number | undefined, unit: Metric['unit']): string {
  if (n === undefined) return '';
  if (unit === 'iterations') return n.toLocaleString('en-US');
  if (unit === 'KB') return `${n.toFixed(1)} KB`;
  return n < 10 ? `${n.toFixed(2)} ms` : `${n.toFixed(1)} ms`;
}

export function printTable(metrics: Metric[], log: (s: string) => void): void {
  const rows = metrics.map((m) => [
    m.label,
    m.browser ?? '',
    fmt(m.summary?.median ?? m.value, m.unit),
    m.summary ? `${fmt(m.summary.min, m.unit)} .. ${fmt(m.summary.max, m.unit)}` : '',
    m.summary ? String(m.summary.n) : '',
    m.budget === undefined ? '' : fmt(m.budget, m.unit === 'KB' ? 'KB' : 'ms'),
    m.ratio === undefined ? '' : `${(m.ratio * 100).toFixed(0)}%`,
    m.status,
  ]);
  const head = ['metric', 'browser', 'median', 'min .. max', 'N', 'budget', 'of budget', 'status'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  log('');
  log(line(head));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) log(line(r));
  log('');
  for (const m of metrics) if (m.note) log(`  ${m.label.trim()} (${m.browser}): ${m.note}`);
}

export function printSummary(
  metrics: Metric[],
  browsers: readonly string[],
  log: (s: string) => void,
): void {
  const budgets: [string, string[]][] = [
    ['Unlock to account list <= KDF + 100 ms', ['unlock.total']],
    ['Click to value in field < 50 ms', ['fill']],
    ['Focus to offer < 50 ms', ['offer']],
    ['Content script < 20 KB minified', ['content.size']],
    ['Scan of 5,000 elements < 3 ms', ['scan.fields']],
    ['Popup < 40 KB gzipped JS+CSS', ['popup.gzip']],
    [
      'Popup first render < 150 ms',
      ['popup.render.locked', 'popup.render.unlocked', 'popup.render.unlockedArabic'],
    ],
  ];
  const rank: Status[] = ['ERROR', 'OVER', 'PENDING', 'PASS', 'INFO'];
  log('Summary (docs/design.md §6):');
  for (const [label, ids] of budgets) {
    for (const browser of browsers) {
      const found = metrics.filter((m) => ids.includes(m.id) && m.browser === browser);
      const status = found.length
        ? rank.find((s) => found.some((m) => m.status === s))!
        : ('ERROR' as Status);
      log(`  ${status.padEnd(7)} ${browser.padEnd(8)} ${label}`);
    }
  }
}
