/**
 * Reading backup codes out of other password managers' exports. Pure: the file
 * comes in as bytes, the result goes out as candidates for the preview, and
 * nothing is stored or kept (the caller drops the bytes when done).
 */
import { BackstopError } from '../errors';
import { readBitwardenCsv, readBitwardenJson } from './bitwarden';
import { collectCandidates } from './candidates';
import { parseCsv } from './csv';
import { decodeText, detectFormat, ONEPUX_ENTRY, PROTON_ENTRY } from './detect';
import { readGenericCsv } from './generic-csv';
import { parseJson } from './json-values';
import { readKeePassXcCsv, readKeePassXml, type XmlParser } from './keepass';
import { read1PasswordCsv, read1puxData } from './onepassword';
import { readProtonCsv, readProtonJson } from './protonpass';
import { MAX_EXPORT_BYTES, type ImportFormat, type ImportResult, type SourceItem } from './types';
import { isZip, listZip, readZipEntry } from './zip';

export { accountImportOf, type AccountImport } from './accounts';
export { detectFormat } from './detect';
export { findCodes, type FoundCodes } from './find-codes';
export { FORMAT_NAMES } from './types';
export type { ImportCandidate, ImportFormat, ImportResult, SourceField, SourceItem } from './types';
export type { XmlParser } from './keepass';

export { MAX_EXPORT_BYTES } from './types';

export interface ReadExportOptions {
  /** Parses XML (KeePass); defaults to the global `DOMParser` where there is one. */
  parseXml?: XmlParser;
}

function defaultXmlParser(): XmlParser {
  if (typeof DOMParser === 'undefined') {
    throw new BackstopError('internal', 'No XML parser is available here.');
  }
  return (text) => new DOMParser().parseFromString(text, 'application/xml');
}

function tooLarge(): never {
  throw new BackstopError(
    'parse-error',
    'This file is too large to be a password manager export (over 64 MiB).',
    {
      reason: 'too-large',
    },
  );
}

async function zipEntryText(bytes: Uint8Array, match: (name: string) => boolean): Promise<string> {
  const entry = listZip(bytes).find((e) => match(e.name));
  if (!entry) {
    throw new BackstopError('parse-error', 'This archive does not hold an export.', {
      reason: 'unknown-format',
    });
  }
  return decodeText(await readZipEntry(bytes, entry, MAX_EXPORT_BYTES));
}

async function itemsOf(
  format: ImportFormat,
  bytes: Uint8Array,
  options: ReadExportOptions,
): Promise<SourceItem[]> {
  switch (format) {
    case 'bitwarden-json':
      return readBitwardenJson(parseJson(decodeText(bytes), 'Bitwarden export'));
    case 'bitwarden-csv':
      return readBitwardenCsv(parseCsv(decodeText(bytes)));
    case '1password-1pux': {
      const text = isZip(bytes)
        ? await zipEntryText(bytes, (n) => n === ONEPUX_ENTRY)
        : decodeText(bytes);
      return read1puxData(parseJson(text, '1Password export'));
    }
    case '1password-csv':
      return read1PasswordCsv(parseCsv(decodeText(bytes)));
    case 'keepass-xml':
      return readKeePassXml(decodeText(bytes), options.parseXml ?? defaultXmlParser());
    case 'keepassxc-csv':
      return readKeePassXcCsv(parseCsv(decodeText(bytes)));
    case 'protonpass-json': {
      const text = isZip(bytes)
        ? await zipEntryText(bytes, (n) => PROTON_ENTRY.test(n))
        : decodeText(bytes);
      return readProtonJson(parseJson(text, 'Proton Pass export'));
    }
    case 'protonpass-csv':
      return readProtonCsv(parseCsv(decodeText(bytes)));
    case 'generic-csv':
      return readGenericCsv(parseCsv(decodeText(bytes)));
  }
}

/**
 * Reads another password manager's export and lists the items in which backup
 * codes were found, for the person to review before anything is saved.
 *
 * @param fileName the chosen file's name (for error wording only; the format is read from the content)
 * @param data the file's bytes (or its text, for the text formats)
 * @param options an XML parser for KeePass files where there is no global `DOMParser`
 * @returns the format, the candidates and how many items had no codes
 * @throws BackstopError `parse-error` with detail `{ reason }` — `encrypted`,
 *   `unknown-format`, `damaged`, `too-large` or `unsupported` — and a message
 *   that says what to do
 */
export async function readManagerExport(
  fileName: string,
  data: Uint8Array | string,
  options: ReadExportOptions = {},
): Promise<ImportResult> {
  if (
    typeof data === 'string' ? data.length > MAX_EXPORT_BYTES : data.byteLength > MAX_EXPORT_BYTES
  ) {
    tooLarge();
  }
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const format = detectFormat(fileName, bytes);
  return collectCandidates(format, await itemsOf(format, bytes, options));
}
