/**
 * Any other CSV: columns are recognised by their header (name/title/site,
 * url/website/domain, username/login/email, notes/comments), a column whose
 * header names backup or recovery codes is read for codes, and a column whose
 * header names a password, TOTP, PIN or other secret is never read. Other
 * columns are read only for passages after a backup-code label (like notes).
 */
import { BackstopError } from '../errors';
import { cellAt, columnReader, type CsvTable, otherColumns } from './csv';
import { hasCodeLabel, isSecretLabel } from './keywords';
import { distinct } from './json-values';
import type { SourceItem } from './types';

const TITLE = ['name', 'title', 'site', 'service', 'account', 'account name', 'item', 'entry'];
const URL = [
  'url',
  'website',
  'web site',
  'domain',
  'login uri',
  'login url',
  'uri',
  'link',
  'address',
];
const USERNAME = [
  'username',
  'user name',
  'login',
  'login name',
  'user',
  'email',
  'e-mail',
  'email address',
];
const NOTES = ['notes', 'note', 'comments', 'comment', 'extra', 'description'];

interface Layout {
  title: number;
  url: number;
  username: number;
  notes: number;
  codeColumns: number[];
  secretColumns: number[];
}

function layoutOf(header: readonly string[]): Layout {
  const cols = columnReader(header);
  const codeColumns: number[] = [];
  const secretColumns: number[] = [];
  header.forEach((h, i) => {
    if (hasCodeLabel(h)) codeColumns.push(i);
    else if (isSecretLabel(h)) secretColumns.push(i);
  });
  return {
    title: cols.find(...TITLE),
    url: cols.find(...URL),
    username: cols.find(...USERNAME),
    notes: cols.find(...NOTES),
    codeColumns,
    secretColumns,
  };
}

/** True when the header names the item (title or URL) and has somewhere codes can be: notes or a codes column. */
export function looksLikeGenericCsv(header: readonly string[]): boolean {
  const l = layoutOf(header);
  return (l.title >= 0 || l.url >= 0) && (l.notes >= 0 || l.codeColumns.length > 0);
}

/**
 * The rows of a CSV file with a recognisable header.
 * @throws BackstopError `parse-error` (`unknown-format`) when the header has no name/URL column or nowhere codes can be
 */
export function readGenericCsv(table: CsvTable): SourceItem[] {
  if (!looksLikeGenericCsv(table.header)) {
    throw new BackstopError(
      'parse-error',
      'Backstop cannot tell what the columns of this CSV file are. It needs a header row with a name or URL column and a notes or “Backup codes” column.',
      { reason: 'unknown-format' },
    );
  }
  const l = layoutOf(table.header);
  const used = new Set([l.title, l.url, l.username, l.notes, ...l.secretColumns]);
  return table.rows.map((row) => ({
    title: cellAt(row, l.title) || cellAt(row, l.url),
    urls: distinct(cellAt(row, l.url).split(/[,\s]+/)),
    username: cellAt(row, l.username).trim(),
    notes: cellAt(row, l.notes),
    fields: otherColumns(table.header, row, used),
    secrets: distinct(l.secretColumns.map((i) => cellAt(row, i))),
    category: 'login',
  }));
}
