/**
 * Finds backup codes in one item of another manager's export: in a field or
 * column named for them, in the passage of notes that follows a backup-code
 * label, or — for a known site — in lines shaped exactly like that site's codes.
 *
 * The other direction matters as much: a password, a TOTP secret or URI, a PIN
 * and anything labelled as a secret never becomes a code, even when it looks
 * like one ("hunter2-1234" parses as a code; it is still a password).
 */
import labelWords from '../codes/label-words.json';
import { analyzeLine } from '../codes/line';
import { codeKey } from '../codes/key';
import { PARSE_LIMITS } from '../codes/limits';
import { parseCodes, type ParsedCode } from '../codes/parse';
import { findSiteByDomain, type SiteRule } from '../sites/registry';
import { hasCodeLabel, hasWeakCodeLabel, isSecretLabel, normalizeLabel } from './keywords';
import type { SourceField, SourceItem } from './types';

/** Codes found in an item, and where. */
export interface FoundCodes {
  codes: ParsedCode[];
  /** `notes`, `field:<name>` or `column:<name>`. */
  where: string;
  warnings: string[];
}

const LINE_SPLIT = /\r\n|[\n\r\u0085\u2028\u2029]/;
/** A passage of codes after a label is never longer than this (codes one per line, blank lines between). */
const MAX_BLOCK_LINES = 160;
/** Lines of prose allowed between a label and its first code ("Keep these somewhere safe:"). */
const MAX_LEAD_LINES = 3;
/** A field named only loosely ("Backup", "2FA") must hold a real list to count. */
const MIN_CODES_WEAK_FIELD = 3;
/** Lines shaped like a known site's codes count only as a list, never as one stray token. */
const MIN_CODES_BY_SHAPE = 2;

const LABEL_WORDS = new Set<string>(labelWords.words);
// "Label: value" at the start of a line. Bounded so a long line cannot make it backtrack.
const LABELLED_LINE = /^\s*(?:[-*•]\s*)?([^\s:：=][^:：=\n]{0,48}?)\s*[:：=]\s*(.*)$/u;

/** The label of a `Label: value` line, or null. */
function labelOf(line: string): string | null {
  const m = LABELLED_LINE.exec(line);
  return m && /\p{L}/u.test(m[1]!) ? m[1]! : null;
}

/**
 * What follows the last `:` of a label line ("Notes: Recovery codes for X:
 * K7PD-3XQM-9RWT" → "K7PD-3XQM-9RWT"); empty when the line has no colon.
 */
function afterLabel(line: string): string {
  const parts = line.split(/[:：](?=\s|$)/);
  // "Backup codes for the router: see PIN: 1234 5678" — the last label is a secret's.
  if (parts.slice(1, -1).some((p) => isSecretLabel(p))) return '';
  if (parts.length > 1) return parts[parts.length - 1]!;
  return LABELLED_LINE.exec(line)?.[2] ?? '';
}

/** "Code 1:", "#2:", "Codes:" — labels the code parser itself understands. */
function isCodeNumberLabel(label: string): boolean {
  const words = normalizeLabel(label).split(' ');
  return words.every((w) => LABEL_WORDS.has(w) || /^\d{1,3}$/.test(w));
}

/** A line that must never be read for codes: an otpauth URI, or `Password: …`, `PIN: …`, `TOTP secret: …`. */
function isSecretLine(line: string): boolean {
  if (/otpauth:\/\//i.test(line)) return true;
  const label = labelOf(line);
  return label !== null && isSecretLabel(label);
}

/** parseCodes, with "no codes" (and any refusal) as an empty list. */
function parseQuietly(text: string): ParsedCode[] {
  try {
    return parseCodes(text).codes;
  } catch {
    return [];
  }
}

function withoutSecretLines(text: string): string {
  return text
    .split(LINE_SPLIT)
    .filter((l) => !isSecretLine(l))
    .join('\n');
}

/** Lines longer than the code parser accepts are never code lines (and are not analysed). */
const tooLong = (line: string) => line.length > PARSE_LIMITS.maxLineLength;

/** A line holding codes and at most list decoration or one word. */
function hasCodes(line: string): boolean {
  if (tooLong(line)) return false;
  const a = analyzeLine(line);
  return a.candidates.length > 0 && a.kind !== 'prose';
}

/**
 * A line that is a list of codes: nothing but codes and list decoration, or
 * `Code 3: …`. A line like "Generated 2024-03-02" has a code-like token but is
 * not one; it may sit in a passage, never start one.
 */
function isCodeLine(line: string): boolean {
  if (tooLong(line)) return false;
  const a = analyzeLine(line);
  if (a.candidates.length === 0) return false;
  if (a.kind === 'clean') return true;
  const label = labelOf(line);
  return a.kind === 'mixed' && label !== null && isCodeNumberLabel(label);
}

/**
 * The passages of `text` that follow a backup-code label: what follows the
 * label's colon, up to three lines of prose, then code lines (blank lines between them are
 * fine). A passage ends at prose after the codes, another `Label: value` line,
 * a secret line, or the next backup-code label (which starts its own passage).
 */
export function codePassages(text: string): string[] {
  const lines = text.split(LINE_SPLIT);
  const passages: string[] = [];
  const nextNonBlank = (from: number) => {
    for (let k = from; k < lines.length; k++) if (lines[k]!.trim() !== '') return k;
    return -1;
  };
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    if (!hasCodeLabel(first) || isSecretLine(first)) {
      i++;
      continue;
    }
    // Of the label's own line only what follows a colon counts ("Backup codes:
    // 1234 5678"): a title such as "Recovery codes (saved 2024-03-02)" is not a code.
    const rest = afterLabel(first);
    const passage = [rest];
    let sawCode = isCodeLine(rest);
    let lead = 0;
    let j = i + 1;
    for (; j < lines.length && j - i <= MAX_BLOCK_LINES; j++) {
      const line = lines[j]!;
      if (line.trim() === '') {
        if (!sawCode) continue;
        const k = nextNonBlank(j + 1);
        const next = k < 0 ? '' : lines[k]!;
        if (k < 0 || hasCodeLabel(next) || !isCodeLine(next)) break;
        continue;
      }
      if (hasCodeLabel(line) || isSecretLine(line)) break;
      const label = labelOf(line);
      if (label !== null && !isCodeNumberLabel(label)) break;
      if (isCodeLine(line) || (sawCode && hasCodes(line))) {
        passage.push(line);
        sawCode ||= isCodeLine(line);
        continue;
      }
      // "(used)" alone on a line belongs to the code above it.
      if (sawCode && !tooLong(line) && analyzeLine(line).danglingUsed) {
        passage.push(line);
        continue;
      }
      if (sawCode || ++lead > MAX_LEAD_LINES) break;
      passage.push(line);
    }
    if (sawCode) passages.push(passage.join('\n'));
    i = j;
  }
  return passages;
}

const ALPHABETS: Record<string, string> = {
  digits: '0-9',
  'hex-lower': '0-9a-f',
  'alnum-lower': '0-9a-z',
  'alnum-upper': '0-9A-Z',
  alnum: '0-9A-Za-z',
};

/**
 * The exact shape of a known site's codes (`^[0-9a-f]{5}-[0-9a-f]{5}$` for
 * GitHub; a grouped code also without its separator), or null when the
 * registry does not say enough.
 */
export function siteCodePattern(site: SiteRule): RegExp | null {
  const { alphabet, display, length } = site.format;
  const chars = alphabet ? ALPHABETS[alphabet] : undefined;
  if (!chars) return null;
  const c = `[${chars}]`;
  if (display && display.groups.length > 0) {
    const sep = display.separator === '-' ? '-' : display.separator === ' ' ? ' ' : '';
    const grouped = display.groups.map((n) => `${c}{${n}}`).join(sep);
    const total = display.groups.reduce((a, b) => a + b, 0);
    return new RegExp(`^(?:${grouped}|${c}{${total}})$`);
  }
  return length ? new RegExp(`^${c}{${length}}$`) : null;
}

/** Code lines of `text` whose every code has `pattern`'s shape, when they make a list. */
function shapedCodes(text: string, pattern: RegExp): ParsedCode[] {
  const lines = text.split(LINE_SPLIT).filter((line) => {
    if (tooLong(line) || isSecretLine(line)) return false;
    const a = analyzeLine(line);
    return (
      a.kind === 'clean' &&
      a.candidates.length > 0 &&
      a.candidates.every((c) => pattern.test(c.value))
    );
  });
  const codes = parseQuietly(lines.join('\n')).filter((c) => pattern.test(c.value));
  return codes.length >= MIN_CODES_BY_SHAPE ? codes : [];
}

/** Every way a value can appear as a "code": itself and, for an otpauth URI, its secret. */
function secretKeys(item: SourceItem): Set<string> {
  const keys = new Set<string>();
  const add = (v: string) => {
    const t = v.trim();
    if (t.length > 0 && t.length <= 4096) keys.add(codeKey(t));
  };
  // A PIN or secret kept in a custom field is as much a secret as the password.
  const fieldSecrets = item.fields
    .filter((f) => f.kind === 'totp' || isSecretLabel(f.name))
    .map((f) => f.value);
  for (const s of [...item.secrets, ...fieldSecrets]) {
    add(s);
    const m = /[?&]secret=([^&#\s]+)/i.exec(s);
    if (m) {
      try {
        add(decodeURIComponent(m[1]!));
      } catch {
        add(m[1]!);
      }
    }
  }
  return keys;
}

interface Source {
  where: string;
  codes: ParsedCode[];
}

function whereOf(field: SourceField): string {
  return `${field.origin}:${field.name}`;
}

/** Fields that can never hold codes, whatever their name. */
function unreadable(field: SourceField): boolean {
  return (
    field.kind === 'totp' ||
    field.kind === 'url' ||
    field.kind === 'email' ||
    field.kind === 'boolean' ||
    /^\s*otpauth:\/\//i.test(field.value)
  );
}

/** Every place in the item that holds codes, most explicit first. */
function sources(item: SourceItem, pattern: RegExp | null): Source[] {
  const out: Source[] = [];
  const fields = item.fields.filter((f) => !unreadable(f) && f.value.trim() !== '');
  const named = fields.filter((f) => hasCodeLabel(f.name));
  const loose = fields.filter(
    (f) => !hasCodeLabel(f.name) && !isSecretLabel(f.name) && hasWeakCodeLabel(f.name),
  );
  // A concealed field is read only when its name says it holds codes.
  const plain = fields.filter(
    (f) =>
      f.kind !== 'concealed' &&
      !hasCodeLabel(f.name) &&
      !isSecretLabel(f.name) &&
      !hasWeakCodeLabel(f.name),
  );

  for (const f of named)
    out.push({ where: whereOf(f), codes: parseQuietly(withoutSecretLines(f.value)) });
  for (const f of loose) {
    const codes = parseQuietly(withoutSecretLines(f.value));
    if (codes.length >= MIN_CODES_WEAK_FIELD) out.push({ where: whereOf(f), codes });
  }
  const passagesOf = (text: string) => parseQuietly(codePassages(text).join('\n\n'));
  out.push({ where: 'notes', codes: passagesOf(item.notes) });
  for (const f of plain) out.push({ where: whereOf(f), codes: passagesOf(f.value) });
  if (pattern) {
    out.push({ where: 'notes', codes: shapedCodes(item.notes, pattern) });
    for (const f of plain) out.push({ where: whereOf(f), codes: shapedCodes(f.value, pattern) });
  }
  return out.filter((s) => s.codes.length > 0);
}

function describeWhere(where: string): string {
  if (where === 'notes') return 'the notes';
  const name = where.slice(where.indexOf(':') + 1);
  return where.startsWith('column:') ? `the column “${name}”` : `the field “${name}”`;
}

/**
 * Finds the backup codes of one item.
 *
 * Looks, in this order, at fields (or CSV columns) named for backup codes;
 * fields named loosely ("Backup", "2FA") holding at least three codes; the
 * passages of the notes (and of other plain text fields) that follow a
 * backup-code label in any listed language; and, when `domains` belong to a
 * site whose code format the registry knows, lines shaped exactly like that
 * site's codes (at least two). The first place with codes wins; other places
 * with different codes are reported as a warning, never merged (an older,
 * spent set must not come back as unused).
 *
 * Never read: TOTP, URL, e-mail and boolean fields, otpauth URIs, concealed
 * fields not named for codes, fields and `Label: value` lines named as a
 * password, PIN, secret, key or card detail, and any code equal to the item's
 * password or TOTP secret.
 *
 * @param item an item as a format reader produced it
 * @param domains the item's registrable domains (for the site's code shape)
 * @returns the codes, where they were and warnings; null when there are none
 */
export function findCodes(item: SourceItem, domains: readonly string[]): FoundCodes | null {
  if (item.category === 'card' || item.category === 'identity') return null;
  let site: SiteRule | null = null;
  for (const d of domains) {
    site = findSiteByDomain(d);
    if (site) break;
  }
  const pattern = site ? siteCodePattern(site) : null;
  const secrets = secretKeys(item);
  const warnings: string[] = [];

  const found = sources(item, pattern)
    .map((s) => {
      const codes = s.codes.filter((c) => !secrets.has(codeKey(c.value)));
      return { where: s.where, codes, dropped: s.codes.length - codes.length };
    })
    .filter((s) => s.codes.length > 0);
  const first = found[0];
  if (!first) return null;

  if (first.dropped > 0) {
    warnings.push(
      first.dropped === 1
        ? 'One value equal to the password or TOTP secret was left out.'
        : `${first.dropped} values equal to the password or TOTP secret were left out.`,
    );
  }
  const taken = new Set(first.codes.map((c) => codeKey(c.value)));
  const reported = new Set<string>([first.where]);
  for (const other of found.slice(1)) {
    if (reported.has(other.where)) continue;
    if (other.codes.every((c) => taken.has(codeKey(c.value)))) continue;
    reported.add(other.where);
    warnings.push(
      `Other codes were also found in ${describeWhere(other.where)}; only those in ${describeWhere(first.where)} are listed.`,
    );
  }
  return { codes: first.codes, where: first.where, warnings };
}
