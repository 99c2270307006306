/**
 * The labels that tell a field or a passage of notes in another manager's
 * export holds backup codes, or holds a secret that must never become one.
 * The words are data (`keywords.json`); this file only compares them.
 */
import data from './keywords.json';

type Lists = Record<string, string[]>;

/**
 * Lowercase, accents removed, every run of characters that is not a letter or
 * digit turned into one space: `Backup-Codes`, `backup_codes` and `BACKUP
 * CODES` all read `backup codes`. Exported for the data test.
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const compact = (normalized: string) => normalized.replace(/ /g, '');
const isLatin = (normalized: string) => /^[a-z0-9 ]+$/.test(normalized);

function flatten(lists: Lists): string[] {
  return [...new Set(Object.values(lists).flat().map(normalizeLabel))].filter(Boolean);
}

const CODE_LABELS = flatten(data.codeLabels).map(compact);
const WEAK_LABELS = flatten(data.weakCodeLabels);
const SECRET_LABELS = flatten(data.secretLabels);

/** Whole-word match of `label` (normalized) in `text` (normalized); non-Latin labels as substrings. */
function hasWords(text: string, label: string): boolean {
  if (!isLatin(label)) return compact(text).includes(compact(label));
  return ` ${text} `.includes(` ${label} `);
}

/**
 * The text names a set of backup or recovery codes ("Backup codes",
 * "GitHub recovery codes:", "Wiederherstellungscodes", "códigos de respaldo",
 * "バックアップコード"). Matched without spaces, so compounds and `snake_case`
 * names count too.
 */
export function hasCodeLabel(text: string): boolean {
  const n = compact(normalizeLabel(text));
  return n !== '' && CODE_LABELS.some((label) => n.includes(label));
}

/** The name hints at codes ("Backup", "2FA", "Recovery") without saying so outright. */
export function hasWeakCodeLabel(text: string): boolean {
  const n = normalizeLabel(text);
  return n !== '' && WEAK_LABELS.some((label) => hasWords(n, label));
}

/**
 * The name says what follows is a password, PIN, TOTP secret, key or card
 * detail — unless it also names backup codes ("TOTP recovery codes"), which wins.
 */
export function isSecretLabel(text: string): boolean {
  const n = normalizeLabel(text);
  if (n === '' || hasCodeLabel(text)) return false;
  return SECRET_LABELS.some((label) => hasWords(n, label));
}
