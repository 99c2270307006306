/**
 * 1Password exports. The 1PUX file is a ZIP archive whose `export.data` is
 * JSON: `accounts[].vaults[].items[]`, each item with `state`, `categoryUuid`
 * (`001` login, `002` credit card, `003` secure note, `004` identity, `005`
 * password…), `overview {title, url, urls[].url}` and `details {loginFields[]
 * {designation, fieldType, name, value}, notesPlain, password,
 * passwordHistory[], sections[] {title, fields[] {title, id, value}}}`, where a
 * section field's `value` is an object with one key naming its kind
 * (`string`, `concealed`, `totp`, `email`, `url`, `phone`, `date`…).
 * The CSV export has `Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes`.
 */
import { cellAt, columnReader, type CsvTable, otherColumns } from './csv';
import { hasCodeLabel } from './keywords';
import { distinct, isRecord, records, str, type JsonRecord } from './json-values';
import type { FieldKind, SourceField, SourceItem } from './types';

const CATEGORIES: Record<string, SourceItem['category']> = {
  '001': 'login',
  '002': 'card',
  '003': 'note',
  '004': 'identity',
};

/** True for the JSON of a 1PUX `export.data`. */
export function looksLike1puxData(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v.accounts);
}

/** The kind and text of a section field's `value` object. */
function sectionValue(value: unknown): { kind: FieldKind; text: string } | null {
  if (!isRecord(value)) return null;
  if (typeof value.totp === 'string') return { kind: 'totp', text: value.totp };
  if (typeof value.concealed === 'string') return { kind: 'concealed', text: value.concealed };
  if (typeof value.string === 'string') return { kind: 'text', text: value.string };
  if (typeof value.url === 'string') return { kind: 'url', text: value.url };
  if (isRecord(value.email)) return { kind: 'email', text: str(value.email.email_address) };
  if (typeof value.email === 'string') return { kind: 'email', text: value.email };
  // Card numbers, dates, phone numbers, addresses, references: never codes.
  return null;
}

function loginFieldKind(fieldType: string): FieldKind {
  switch (fieldType) {
    case 'P':
      return 'concealed';
    case 'E':
      return 'email';
    case 'U':
      return 'url';
    case 'C':
      return 'boolean';
    case 'T':
    case 'A':
      return 'text';
    default:
      return 'other';
  }
}

function readItem(item: JsonRecord): SourceItem | null {
  if (item.trashed === true || str(item.state) === 'trashed') return null;
  const overview = isRecord(item.overview) ? item.overview : {};
  const details = isRecord(item.details) ? item.details : {};
  const fields: SourceField[] = [];
  const secrets: string[] = [str(details.password)];
  let username = '';

  for (const f of records(details.loginFields)) {
    const value = isRecord(f.value) ? str(f.value.string) : str(f.value);
    const designation = str(f.designation);
    const kind = loginFieldKind(str(f.fieldType));
    if (designation === 'password' || str(f.fieldType) === 'P') {
      secrets.push(value);
      continue;
    }
    if (designation === 'username') {
      username = value.trim();
      continue;
    }
    if (value.trim() !== '')
      fields.push({ name: str(f.name) || str(f.id), value, kind, origin: 'field' });
  }

  for (const section of records(details.sections)) {
    const title = str(section.title);
    const parts: { name: string; kind: FieldKind; text: string }[] = [];
    for (const f of records(section.fields)) {
      const v = sectionValue(f.value);
      if (!v) continue;
      if (v.kind === 'totp') secrets.push(v.text);
      if (v.text.trim() === '') continue;
      parts.push({ name: str(f.title) || str(f.id), kind: v.kind, text: v.text });
    }
    // A section named for codes ("Backup codes") often holds one code per field:
    // read it as one list rather than as a dozen one-code fields.
    const list = parts.filter((p) => p.kind === 'text' || p.kind === 'concealed');
    if (hasCodeLabel(title) && list.length > 1 && list.every((p) => !hasCodeLabel(p.name))) {
      fields.push({
        name: title,
        value: list.map((p) => p.text).join('\n'),
        kind: list.some((p) => p.kind === 'concealed') ? 'concealed' : 'text',
        origin: 'field',
      });
      continue;
    }
    for (const p of parts) {
      // "Security › Backup codes" and "Backup codes › Code" both keep the label that matters.
      const name = title && !hasCodeLabel(p.name) && hasCodeLabel(title) ? title : p.name;
      fields.push({ name, value: p.text, kind: p.kind, origin: 'field' });
    }
  }

  for (const h of records(details.passwordHistory)) secrets.push(str(h.value));
  const urls = [str(overview.url), ...records(overview.urls).map((u) => str(u.url))];
  return {
    title: str(overview.title),
    urls: distinct(urls),
    username,
    notes: str(details.notesPlain),
    fields,
    secrets: distinct(secrets),
    category: CATEGORIES[str(item.categoryUuid)] ?? 'other',
  };
}

/** The items of a 1PUX `export.data` (every account and vault; trashed items left out). */
export function read1puxData(v: unknown): SourceItem[] {
  if (!isRecord(v)) return [];
  const items: SourceItem[] = [];
  for (const account of records(v.accounts)) {
    for (const vault of records(account.vaults)) {
      for (const entry of records(vault.items)) {
        // Older exports wrap each item as `{ item: {...} }`.
        const item = isRecord(entry.item) ? entry.item : entry;
        const read = readItem(item);
        if (read) items.push(read);
      }
    }
  }
  return items;
}

/** True for the header of a 1Password CSV export. */
export function looksLike1PasswordCsv(header: readonly string[]): boolean {
  const cols = columnReader(header);
  return (
    cols.has('title', 'url', 'username', 'password') && (cols.has('otpauth') || cols.has('notes'))
  );
}

const KNOWN_1P_COLUMNS = [
  'title',
  'url',
  'username',
  'password',
  'otpauth',
  'notes',
  'favorite',
  'archived',
  'tags',
];

/** The items of a 1Password CSV export; columns beyond the standard ones are read as fields. */
export function read1PasswordCsv(table: CsvTable): SourceItem[] {
  const cols = columnReader(table.header);
  const at = {
    title: cols.find('title'),
    url: cols.find('url'),
    username: cols.find('username'),
    password: cols.find('password'),
    otp: cols.find('otpauth'),
    notes: cols.find('notes'),
    archived: cols.find('archived'),
  };
  const known = new Set(KNOWN_1P_COLUMNS.map((c) => cols.find(c)));
  return table.rows.map((row) => ({
    title: cellAt(row, at.title),
    urls: distinct(cellAt(row, at.url).split(/[,\n]/)),
    username: cellAt(row, at.username).trim(),
    notes: cellAt(row, at.notes),
    fields: otherColumns(table.header, row, known),
    secrets: distinct([cellAt(row, at.password), cellAt(row, at.otp)]),
    category: 'login',
  }));
}
