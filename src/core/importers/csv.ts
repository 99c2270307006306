/**
 * A small RFC 4180 reader for password-manager CSV exports: quoted cells with
 * `""` escapes and line breaks inside, CRLF or LF, a UTF-8 byte-order mark,
 * and a comma, semicolon or tab separator (spreadsheets in many locales save
 * with semicolons).
 */
import { BackstopError } from '../errors';
import type { SourceField } from './types';

/** A CSV file as a header row and the rows below it, every row as long as the header. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

const MAX_ROWS = 100_000;
const MAX_COLUMNS = 500;

function damaged(message: string): never {
  throw new BackstopError('parse-error', message, { reason: 'damaged' });
}

/** The separator used by the first line (outside quotes): the most frequent of `,` `;` tab. */
function detectSeparator(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length && i < 10_000; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [sep, n] of counts) if (n > counts.get(best)!) best = sep;
  return best;
}

/**
 * Splits CSV text into rows of cells.
 * @throws BackstopError `parse-error` (detail `{ reason: 'damaged' }`) for an
 *   unterminated quote, over 100,000 rows or over 500 columns
 */
export function parseCsvRows(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = detectSeparator(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
    if (row.length > MAX_COLUMNS) damaged('This CSV file has too many columns to be an export.');
  };
  const endRow = () => {
    endCell();
    // A blank line is not a row.
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    if (rows.length > MAX_ROWS) damaged('This CSV file has too many rows to be an export.');
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      // A quote opens a quoted cell only at its start (spaces before it are dropped).
      cell = '';
      quoted = true;
    } else if (ch === sep) endCell();
    else if (ch === '\r' || ch === '\n') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else cell += ch;
    i++;
  }
  if (quoted) damaged('This CSV file is damaged: a quoted cell never ends.');
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * Reads a CSV file whose first row names the columns. Short rows are padded
 * with empty cells; cells beyond the header are dropped.
 */
export function parseCsv(input: string): CsvTable {
  const [header, ...rest] = parseCsvRows(input);
  if (!header) damaged('This CSV file is empty.');
  const width = header.length;
  const rows = rest.map((r) =>
    r.length >= width ? r.slice(0, width) : [...r, ...Array<string>(width - r.length).fill('')],
  );
  return { header: header.map((h) => h.trim()), rows };
}

/** Lowercase, no spaces, dashes or underscores: `Login URI`, `login_uri` → `loginuri`. */
export function headerKey(h: string): string {
  return h.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** The cell of `row` in column `i`; '' when the column is missing (`i` is -1). */
export function cellAt(row: readonly string[], i: number): string {
  return i >= 0 ? (row[i] ?? '') : '';
}

/**
 * The non-empty cells of `row` outside the columns in `skip`, each as a text
 * field named by its header (where a manager keeps custom fields as columns).
 */
export function otherColumns(
  header: readonly string[],
  row: readonly string[],
  skip: ReadonlySet<number>,
): SourceField[] {
  return header
    .map((name, i): SourceField => ({
      name,
      value: cellAt(row, i),
      kind: 'text',
      origin: 'column',
    }))
    .filter((f, i) => !skip.has(i) && f.value.trim() !== '');
}

/** Accessor for a table's cells by any of several header spellings. */
export function columnReader(header: readonly string[]) {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (!index.has(k)) index.set(k, i);
  });
  return {
    /** Index of the first header matching one of `names` (by {@link headerKey}), or -1. */
    find(...names: string[]): number {
      for (const n of names) {
        const i = index.get(headerKey(n));
        if (i !== undefined) return i;
      }
      return -1;
    },
    has(...names: string[]): boolean {
      return names.every((n) => index.has(headerKey(n)));
    },
  };
}
