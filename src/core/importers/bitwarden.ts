/**
 * Bitwarden's unencrypted exports. JSON: `{ encrypted: false, folders, items }`
 * where an item has `type` (1 login, 2 secure note, 3 card, 4 identity, 5 SSH
 * key), `name`, `notes`, `fields[] {name, value, type}` (0 text, 1 hidden,
 * 2 boolean, 3 linked), `login {uris[].uri, username, password, totp}` and
 * `passwordHistory[]`. CSV: `folder,favorite,type,name,notes,fields,reprompt,
 * login_uri,login_username,login_password,login_totp` (organisation exports
 * have `collections` instead of `folder`), custom fields as `name: value` lines.
 */
import { BackstopError } from '../errors';
import { cellAt, columnReader, type CsvTable } from './csv';
import { distinct, isRecord, records, str } from './json-values';
import type { FieldKind, SourceField, SourceItem } from './types';

export const BITWARDEN_ENCRYPTED =
  'This Bitwarden export is encrypted; export it as unencrypted JSON, import, then delete the file.';

const CATEGORIES: Record<number, SourceItem['category']> = {
  1: 'login',
  2: 'note',
  3: 'card',
  4: 'identity',
};

const FIELD_KINDS: Record<number, FieldKind> = { 0: 'text', 1: 'concealed', 2: 'boolean' };

/** True for the JSON shape of a Bitwarden export (encrypted or not). */
export function looksLikeBitwardenJson(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (v.encrypted === true)
    return 'data' in v || 'items' in v || 'encKeyValidation_DO_NOT_EDIT' in v;
  return Array.isArray(v.items) && (v.encrypted === false || 'folders' in v || 'collections' in v);
}

/**
 * The items of an unencrypted Bitwarden JSON export.
 * @throws BackstopError `parse-error` with detail `{ reason: 'encrypted' }` for an encrypted export
 */
export function readBitwardenJson(v: unknown): SourceItem[] {
  if (!isRecord(v)) return [];
  if (v.encrypted === true) {
    throw new BackstopError('parse-error', BITWARDEN_ENCRYPTED, { reason: 'encrypted' });
  }
  const items: SourceItem[] = [];
  for (const item of records(v.items)) {
    // Items in the trash carry a deletion date.
    if (str(item.deletedDate) !== '') continue;
    const login = isRecord(item.login) ? item.login : {};
    const fields: SourceField[] = [];
    const secrets = [str(login.password), str(login.totp)];
    for (const f of records(item.fields)) {
      const kind = FIELD_KINDS[typeof f.type === 'number' ? f.type : -1] ?? 'other';
      const value = str(f.value);
      if (kind === 'other' || value === '') continue;
      fields.push({ name: str(f.name), value, kind, origin: 'field' });
    }
    for (const h of records(item.passwordHistory)) secrets.push(str(h.password));
    items.push({
      title: str(item.name),
      urls: distinct(records(login.uris).map((u) => str(u.uri))),
      username: str(login.username).trim(),
      notes: str(item.notes),
      fields,
      secrets: distinct(secrets),
      category: CATEGORIES[typeof item.type === 'number' ? item.type : 0] ?? 'other',
    });
  }
  return items;
}

/** True for the header of a Bitwarden CSV export. */
export function looksLikeBitwardenCsv(header: readonly string[]): boolean {
  const cols = columnReader(header);
  return cols.has('login_uri', 'login_password', 'name', 'type');
}

/** `name: value` lines of the CSV `fields` cell; a line without a colon continues the value above. */
export function splitCsvFields(cell: string): SourceField[] {
  const fields: SourceField[] = [];
  for (const line of cell.split(/\r\n|\n|\r/)) {
    const m = /^([^:\n]{1,200}):\s?(.*)$/.exec(line);
    const last = fields[fields.length - 1];
    if (m) fields.push({ name: m[1]!.trim(), value: m[2]!, kind: 'text', origin: 'field' });
    else if (last) last.value += `\n${line}`;
  }
  return fields.filter((f) => f.value.trim() !== '');
}

/** The items of a Bitwarden CSV export. */
export function readBitwardenCsv(table: CsvTable): SourceItem[] {
  const cols = columnReader(table.header);
  const at = {
    type: cols.find('type'),
    name: cols.find('name'),
    notes: cols.find('notes'),
    fields: cols.find('fields'),
    uri: cols.find('login_uri'),
    username: cols.find('login_username'),
    password: cols.find('login_password'),
    totp: cols.find('login_totp'),
  };
  return table.rows.map((row) => {
    const type = cellAt(row, at.type).trim().toLowerCase();
    return {
      title: cellAt(row, at.name),
      // Several URIs are written into one cell, separated by commas or line breaks.
      urls: distinct(cellAt(row, at.uri).split(/[,\n]/)),
      username: cellAt(row, at.username).trim(),
      notes: cellAt(row, at.notes),
      fields: splitCsvFields(cellAt(row, at.fields)),
      secrets: distinct([cellAt(row, at.password), cellAt(row, at.totp)]),
      category: type === 'login' ? 'login' : type === 'note' ? 'note' : 'other',
    };
  });
}
