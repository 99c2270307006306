/** The shapes shared by the readers of other password managers' exports. */
import type { ParsedCode } from '../codes/parse';

/** Larger than any real export of a personal vault; refused before anything is parsed. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

/** The exports Backstop reads. */
export type ImportFormat =
  | 'bitwarden-json'
  | 'bitwarden-csv'
  | '1password-1pux'
  | '1password-csv'
  | 'keepass-xml'
  | 'keepassxc-csv'
  | 'protonpass-json'
  | 'protonpass-csv'
  | 'generic-csv';

/** Display names, in English (product names are not translated). */
export const FORMAT_NAMES: Record<ImportFormat, string> = {
  'bitwarden-json': 'Bitwarden (JSON)',
  'bitwarden-csv': 'Bitwarden (CSV)',
  '1password-1pux': '1Password (1PUX)',
  '1password-csv': '1Password (CSV)',
  'keepass-xml': 'KeePass / KeePassXC (XML)',
  'keepassxc-csv': 'KeePassXC (CSV)',
  'protonpass-json': 'Proton Pass (JSON)',
  'protonpass-csv': 'Proton Pass (CSV)',
  'generic-csv': 'CSV',
};

/** How the source manager stored a field; decides what may never be read as codes. */
export type FieldKind = 'text' | 'concealed' | 'totp' | 'url' | 'email' | 'boolean' | 'other';

/** A named value of an item: a custom field, a section field or a CSV column. */
export interface SourceField {
  name: string;
  value: string;
  kind: FieldKind;
  /** `field` for custom/extra fields, `column` for a CSV column. */
  origin: 'field' | 'column';
}

/** What every reader turns an item of its format into. */
export interface SourceItem {
  title: string;
  /** Every URL or domain the item lists, as written. */
  urls: string[];
  username: string;
  notes: string;
  /** Fields that may hold codes. The password and TOTP are never put here. */
  fields: SourceField[];
  /** Values that must never become codes: the password, TOTP secrets and URIs, concealed PINs. */
  secrets: string[];
  /** Cards and identities are never read for codes: their numbers look like codes. */
  category: 'login' | 'note' | 'card' | 'identity' | 'other';
}

/** An item in which backup codes were found, as shown in the import preview. */
export interface ImportCandidate {
  /** The item's title in the source manager. */
  sourceTitle: string;
  /** Registrable domains of the item's URLs; empty when it has none (the person must enter one). */
  domains: string[];
  /** When `domains` is empty and the title names a known site exactly, that site's domain. */
  suggestedDomain: string | null;
  username: string;
  codes: ParsedCode[];
  /** Where the codes were: `notes`, `field:<name>` or `column:<name>`. */
  where: string;
  /** Plain English notes for the person (codes left out, other codes seen elsewhere). */
  warnings: string[];
}

/** Everything found in one export file. */
export interface ImportResult {
  format: ImportFormat;
  formatName: string;
  candidates: ImportCandidate[];
  /** Items read (trashed items and old versions excluded). */
  itemCount: number;
  /** Items in which no backup codes were found. */
  withoutCodes: number;
}
