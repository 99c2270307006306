/**
 * KeePass 2 / KeePassXC exports. XML: `KeePassFile/Root/Group` with nested
 * `Group`s and `Entry`s; an entry's `String` elements pair a `Key` with a
 * `Value` (standard keys Title, UserName, Password, URL, Notes; anything else
 * is a custom field; `ProtectInMemory="True"` marks a concealed one). Old
 * versions of an entry sit under `Entry/History` and the trash is the group
 * whose UUID is `Meta/RecycleBinUUID`; both are skipped. KeePassXC keeps TOTP
 * settings under `otp` (older: `TOTP Seed`/`TOTP Settings`; KeePass 2.47+:
 * `TimeOtp-*`/`HmacOtp-*`). The KeePassXC CSV export has
 * `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"`.
 */
import { BackstopError } from '../errors';
import { cellAt, columnReader, type CsvTable } from './csv';
import { distinct } from './json-values';
import type { SourceField, SourceItem } from './types';

/** Turns XML text into a document (the browser's or jsdom's `DOMParser`). */
export type XmlParser = (text: string) => Document;

const STANDARD_KEYS = new Set(['title', 'username', 'password', 'url', 'notes']);
const OTP_KEY = /^(?:otp|totp seed|totp settings|timeotp-.*|hmacotp-.*)$/i;
/** KeePass2Android and KeePassXC keep extra URLs as `KP2A_URL`, `KP2A_URL_1`… */
const EXTRA_URL_KEY = /^KP2A_URL(?:_\d+)?$/i;
/** Recycle bins that predate `RecycleBinUUID`, or exports that lost it, by their usual English name. */
const TRASH_NAMES = new Set(['recycle bin', 'trash']);

/** True when the text is a KeePass XML export. */
export function looksLikeKeePassXml(text: string): boolean {
  return /<KeePassFile[\s>]/.test(text.slice(0, 4096));
}

function childElements(parent: Element, name: string): Element[] {
  return Array.from(parent.children).filter((c) => c.localName === name);
}

function childText(parent: Element, name: string): string {
  return childElements(parent, name)[0]?.textContent ?? '';
}

function readEntry(entry: Element): SourceItem {
  const values = new Map<string, string>();
  const fields: SourceField[] = [];
  const secrets: string[] = [];
  const urls: string[] = [];
  for (const s of childElements(entry, 'String')) {
    const key = childText(s, 'Key');
    const valueEl = childElements(s, 'Value')[0];
    const value = valueEl?.textContent ?? '';
    // `Protected="True"` is a value still encrypted with the database's inner
    // stream key (a raw KDBX payload, not an export): unreadable, never a code.
    if (valueEl?.getAttribute('Protected')?.toLowerCase() === 'true') continue;
    const lower = key.toLowerCase();
    if (STANDARD_KEYS.has(lower)) {
      values.set(lower, value);
      continue;
    }
    if (OTP_KEY.test(key)) {
      secrets.push(value);
      continue;
    }
    if (EXTRA_URL_KEY.test(key)) {
      urls.push(value);
      continue;
    }
    if (value.trim() === '') continue;
    const concealed = valueEl?.getAttribute('ProtectInMemory')?.toLowerCase() === 'true';
    fields.push({ name: key, value, kind: concealed ? 'concealed' : 'text', origin: 'field' });
  }
  // Old passwords in the entry's history must not become codes either.
  for (const old of childElements(entry, 'History').flatMap((h) => childElements(h, 'Entry'))) {
    for (const s of childElements(old, 'String')) {
      if (childText(s, 'Key').toLowerCase() === 'password') secrets.push(childText(s, 'Value'));
    }
  }
  secrets.push(values.get('password') ?? '');
  return {
    title: values.get('title') ?? '',
    urls: distinct([values.get('url') ?? '', ...urls]),
    username: (values.get('username') ?? '').trim(),
    notes: values.get('notes') ?? '',
    fields,
    secrets: distinct(secrets),
    category: 'login',
  };
}

/**
 * The entries of a KeePass 2 XML export, outside the recycle bin, without
 * their history.
 * @throws BackstopError `parse-error` (`damaged`) when the XML does not parse
 *   or is not a KeePass file
 */
export function readKeePassXml(text: string, parseXml: XmlParser): SourceItem[] {
  const doc = parseXml(text);
  const root = doc.documentElement;
  if (
    !root ||
    root.localName !== 'KeePassFile' ||
    doc.getElementsByTagName('parsererror').length > 0
  ) {
    throw new BackstopError('parse-error', 'This KeePass XML file is damaged and cannot be read.', {
      reason: 'damaged',
    });
  }
  const meta = childElements(root, 'Meta')[0];
  const trashId = meta ? childText(meta, 'RecycleBinUUID').trim() : '';
  const items: SourceItem[] = [];
  const walk = (group: Element, depth: number) => {
    const id = childText(group, 'UUID').trim();
    // The all-zero UUID (AAAAAAAAAAAAAAAAAAAAAA==) means "no recycle bin".
    if (trashId && !/^A+==$/.test(trashId) && id === trashId) return;
    if (depth > 0 && TRASH_NAMES.has(childText(group, 'Name').trim().toLowerCase())) return;
    for (const entry of childElements(group, 'Entry')) items.push(readEntry(entry));
    if (depth < 64) for (const sub of childElements(group, 'Group')) walk(sub, depth + 1);
  };
  for (const r of childElements(root, 'Root'))
    for (const g of childElements(r, 'Group')) walk(g, 0);
  return items;
}

/** True for the header of a KeePassXC CSV export. */
export function looksLikeKeePassXcCsv(header: readonly string[]): boolean {
  return columnReader(header).has('group', 'title', 'username', 'password', 'url', 'notes');
}

/** The rows of a KeePassXC CSV export, outside the recycle bin. */
export function readKeePassXcCsv(table: CsvTable): SourceItem[] {
  const cols = columnReader(table.header);
  const at = {
    group: cols.find('group'),
    title: cols.find('title'),
    username: cols.find('username'),
    password: cols.find('password'),
    url: cols.find('url'),
    notes: cols.find('notes'),
    totp: cols.find('totp'),
  };
  return table.rows
    .filter((row) => {
      const path = cellAt(row, at.group)
        .split('/')
        .map((p) => p.trim().toLowerCase());
      return !path.slice(1).some((p) => TRASH_NAMES.has(p));
    })
    .map((row) => ({
      title: cellAt(row, at.title),
      urls: distinct([cellAt(row, at.url)]),
      username: cellAt(row, at.username).trim(),
      notes: cellAt(row, at.notes),
      fields: [],
      secrets: distinct([cellAt(row, at.password), cellAt(row, at.totp)]),
      category: 'login',
    }));
}
