/**
 * Proton Pass exports. JSON (`data.json`, alone or inside the exported ZIP as
 * `Proton Pass/data.json`): `{ version, encrypted, vaults: { <id>: { name,
 * items[] } } }`, an item with `state` (1 active, 2 trashed) and `data {type,
 * metadata {name, note}, content {itemUsername, itemEmail, password, urls[],
 * totpUri}, extraFields[] {fieldName, type: text|hidden|totp|timestamp, data
 * {content | totpUri}}}`. The encrypted export is a PGP message. CSV:
 * `type,name,url,email,username,password,note,totp,createTime,modifyTime,vault`.
 */
import { BackstopError } from '../errors';
import { cellAt, columnReader, type CsvTable } from './csv';
import { hasCodeLabel } from './keywords';
import { distinct, isRecord, records, str, type JsonRecord } from './json-values';
import type { FieldKind, SourceField, SourceItem } from './types';

export const PROTON_ENCRYPTED =
  'This Proton Pass export is encrypted; export it again without encryption (JSON or CSV), import, then delete the file.';

const CATEGORIES: Record<string, SourceItem['category']> = {
  login: 'login',
  note: 'note',
  creditCard: 'card',
  identity: 'identity',
};

const FIELD_KINDS: Record<string, FieldKind> = {
  text: 'text',
  hidden: 'concealed',
  totp: 'totp',
};

/** True for the JSON of a Proton Pass export (encrypted or not). */
export function looksLikeProtonJson(v: unknown): boolean {
  return isRecord(v) && isRecord(v.vaults) && ('version' in v || 'encrypted' in v || 'userId' in v);
}

function extraFields(list: unknown, secrets: string[]): SourceField[] {
  const fields: SourceField[] = [];
  for (const f of records(list)) {
    const kind = FIELD_KINDS[str(f.type)] ?? 'other';
    const data = isRecord(f.data) ? f.data : {};
    const value = kind === 'totp' ? str(data.totpUri) || str(data.content) : str(data.content);
    if (kind === 'totp') secrets.push(value);
    if (kind === 'other' || value.trim() === '') continue;
    fields.push({ name: str(f.fieldName), value, kind, origin: 'field' });
  }
  return fields;
}

function readItem(item: JsonRecord): SourceItem | null {
  if (item.state === 2) return null;
  const data = isRecord(item.data) ? item.data : {};
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  const content = isRecord(data.content) ? data.content : {};
  const secrets = [str(content.password), str(content.totpUri)];
  const fields = extraFields(data.extraFields, secrets);
  // Custom items keep their fields in titled sections; a section named for
  // codes is read as one list.
  for (const section of records(content.sections)) {
    const title = str(section.sectionName);
    const inner = extraFields(section.sectionFields, secrets);
    const list = inner.filter((f) => f.kind === 'text' || f.kind === 'concealed');
    if (hasCodeLabel(title) && list.length > 1 && list.every((f) => !hasCodeLabel(f.name))) {
      fields.push({
        name: title,
        value: list.map((f) => f.value).join('\n'),
        kind: list.some((f) => f.kind === 'concealed') ? 'concealed' : 'text',
        origin: 'field',
      });
    } else fields.push(...inner);
  }
  const urls = Array.isArray(content.urls) ? content.urls.map(str) : [];
  const category = CATEGORIES[str(data.type)] ?? 'other';
  if (category === 'card') secrets.push(str(content.number), str(content.pin));
  return {
    title: str(metadata.name),
    urls: distinct(urls),
    username: (str(content.itemUsername) || str(content.itemEmail) || str(content.username)).trim(),
    notes: str(metadata.note),
    fields,
    secrets: distinct(secrets),
    category,
  };
}

/**
 * The active items of every vault of a Proton Pass JSON export.
 * @throws BackstopError `parse-error` (`encrypted`) for an encrypted export
 */
export function readProtonJson(v: unknown): SourceItem[] {
  if (!isRecord(v)) return [];
  if (v.encrypted === true) {
    throw new BackstopError('parse-error', PROTON_ENCRYPTED, { reason: 'encrypted' });
  }
  const items: SourceItem[] = [];
  const vaults = isRecord(v.vaults) ? v.vaults : {};
  for (const vault of Object.values(vaults)) {
    if (!isRecord(vault)) continue;
    for (const item of records(vault.items)) {
      const read = readItem(item);
      if (read) items.push(read);
    }
  }
  return items;
}

/** True for the header of a Proton Pass CSV export. */
export function looksLikeProtonCsv(header: readonly string[]): boolean {
  const cols = columnReader(header);
  return (
    cols.has('type', 'name', 'url', 'username', 'password', 'note', 'totp') &&
    (cols.has('vault') || cols.has('createtime'))
  );
}

/** The rows of a Proton Pass CSV export. */
export function readProtonCsv(table: CsvTable): SourceItem[] {
  const cols = columnReader(table.header);
  const at = {
    type: cols.find('type'),
    name: cols.find('name'),
    url: cols.find('url'),
    email: cols.find('email'),
    username: cols.find('username'),
    password: cols.find('password'),
    note: cols.find('note'),
    totp: cols.find('totp'),
  };
  return table.rows.map((row) => ({
    title: cellAt(row, at.name),
    urls: distinct(cellAt(row, at.url).split(/[,\s]+/)),
    username: (cellAt(row, at.username) || cellAt(row, at.email)).trim(),
    notes: cellAt(row, at.note),
    fields: [],
    secrets: distinct([cellAt(row, at.password), cellAt(row, at.totp)]),
    category: CATEGORIES[cellAt(row, at.type).trim()] ?? 'other',
  }));
}
