/**
 * Which manager wrote a file: decided from its content (ZIP entries, JSON
 * keys, the XML root, the CSV header), never from its name alone, and with a
 * clear refusal for encrypted exports and files that are not exports at all.
 */
import { BackstopError } from '../errors';
import { BITWARDEN_ENCRYPTED, looksLikeBitwardenCsv, looksLikeBitwardenJson } from './bitwarden';
import { parseCsvRows } from './csv';
import { looksLikeGenericCsv } from './generic-csv';
import { parseJson, isRecord } from './json-values';
import { looksLikeKeePassXcCsv, looksLikeKeePassXml } from './keepass';
import { looksLike1PasswordCsv, looksLike1puxData } from './onepassword';
import { PROTON_ENCRYPTED, looksLikeProtonCsv, looksLikeProtonJson } from './protonpass';
import type { ImportFormat } from './types';
import { isZip, listZip } from './zip';

/** The entry of a 1PUX archive that holds the items. */
export const ONEPUX_ENTRY = 'export.data';
/** Proton Pass zips its JSON as `Proton Pass/data.json`. */
export const PROTON_ENTRY = /(?:^|\/)data\.json$/;

function refuse(message: string, reason: 'encrypted' | 'unknown-format' | 'damaged'): never {
  throw new BackstopError('parse-error', message, { reason });
}

const UNKNOWN =
  'Backstop does not recognise this file. Choose an unencrypted export from Bitwarden (JSON or CSV), 1Password (1PUX or CSV), KeePass or KeePassXC (XML or CSV), Proton Pass (JSON or CSV), or a CSV file with a header row.';

/** KeePass databases (.kdbx, .kdb) start with these signatures. */
function isKeePassDatabase(bytes: Uint8Array): boolean {
  const sig = [0x03, 0xd9, 0xa2, 0x9a];
  return bytes.length >= 8 && sig.every((b, i) => bytes[i] === b);
}

/** Decodes UTF-8 text, dropping a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Tells the format of an export's text. */
function detectText(fileName: string, input: string): ImportFormat {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const start = text.trimStart();
  if (start.startsWith('-----BEGIN PGP MESSAGE-----')) refuse(PROTON_ENCRYPTED, 'encrypted');
  if (start.startsWith('{') || start.startsWith('[')) {
    const json = parseJson(start, 'export');
    if (looksLikeBitwardenJson(json)) {
      if (isRecord(json) && json.encrypted === true) refuse(BITWARDEN_ENCRYPTED, 'encrypted');
      return 'bitwarden-json';
    }
    if (looksLikeProtonJson(json)) {
      if (isRecord(json) && json.encrypted === true) refuse(PROTON_ENCRYPTED, 'encrypted');
      return 'protonpass-json';
    }
    if (looksLike1puxData(json)) return '1password-1pux';
    refuse(UNKNOWN, 'unknown-format');
  }
  if (start.startsWith('<')) {
    if (looksLikeKeePassXml(start)) return 'keepass-xml';
    refuse(UNKNOWN, 'unknown-format');
  }
  // Only the header row is needed; a first line can hold a quoted line break only in theory.
  const firstRows = parseCsvRows(
    start
      .slice(0, 64 * 1024)
      .split(/\r?\n/)
      .slice(0, 1)
      .join('\n'),
  );
  const header = (firstRows[0] ?? []).map((h) => h.trim());
  if (header.length < 2) {
    if (/\.1pux$/i.test(fileName))
      refuse('This 1PUX file is damaged: it is not a ZIP archive.', 'damaged');
    refuse(UNKNOWN, 'unknown-format');
  }
  if (looksLikeBitwardenCsv(header)) return 'bitwarden-csv';
  if (looksLikeProtonCsv(header)) return 'protonpass-csv';
  if (looksLikeKeePassXcCsv(header)) return 'keepassxc-csv';
  if (looksLike1PasswordCsv(header)) return '1password-csv';
  if (looksLikeGenericCsv(header)) return 'generic-csv';
  refuse(UNKNOWN, 'unknown-format');
}

/**
 * Tells which manager's export a file is.
 *
 * @param fileName the file's name (only used to word errors better)
 * @param data the file's content, as text or bytes (a 1PUX or Proton Pass ZIP must be bytes)
 * @returns the format
 * @throws BackstopError `parse-error` with detail `{ reason }`: `encrypted`
 *   (encrypted Bitwarden or Proton Pass export, a KeePass database, an
 *   encrypted ZIP), `unknown-format`, or `damaged`
 */
export function detectFormat(fileName: string, data: string | Uint8Array): ImportFormat {
  if (typeof data === 'string') return detectText(fileName, data);
  if (isKeePassDatabase(data)) {
    refuse(
      'This is a KeePass database, which is encrypted. In KeePass or KeePassXC, export it as XML or CSV, import that file, then delete it.',
      'encrypted',
    );
  }
  if (isZip(data)) {
    const names = listZip(data).map((e) => e.name);
    if (names.includes(ONEPUX_ENTRY)) return '1password-1pux';
    if (names.some((n) => PROTON_ENTRY.test(n))) return 'protonpass-json';
    refuse(UNKNOWN, 'unknown-format');
  }
  if (/\.1pux$/i.test(fileName))
    refuse('This 1PUX file is damaged: it is not a ZIP archive.', 'damaged');
  return detectText(fileName, decodeText(data));
}
