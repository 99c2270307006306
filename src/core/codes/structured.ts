/**
 * Codes pasted as data rather than as a list: a JSON file, a page's HTML or XML, a
 * table with a "used" column. Each is turned into the lines the parser reads (one
 * code a line, a used one followed by "(used)"), so there is still one path to a
 * saved code, and every line that is not a code is still listed with its reason.
 * Anything else is returned as it is.
 */
import { isUsedWord } from './lex';
import { LINE_SPLIT, PARSE_LIMITS } from './limits';

const USED_MARK = ' (used)';

/** The text the parser should read: `text` itself unless it is one of the forms above. */
export function asCodeLines(text: string): string {
  // A text over the size limit is refused by the limits check, unread.
  if (text.length > PARSE_LIMITS.maxBytes) return text;
  return fromJson(text) ?? fromMarkup(text) ?? withUsedColumn(text);
}

// ---- JSON ------------------------------------------------------------------------------

/** A key saying whether a code was used: `used`, `isUsed`, `used_at`, `spent`, `redeemed`… */
const USED_KEY = /^(?:is_?)?(?:used|spent|consumed|redeemed)(?:_?(?:at|on|date|time))?$/i;
/** A key holding the code itself, when an object also holds other text (a site, a note). */
const CODE_KEY = /code|token|key|value|secret/i;

function fromJson(text: string): string | null {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return null;
  let data: unknown;
  try {
    data = JSON.parse(t);
  } catch {
    return null;
  }
  const lines: string[] = [];
  walkJson(data, lines, 0);
  return lines.length > 0 ? lines.join('\n') : null;
}

/** A string, or a whole number of four or more digits (a digits-only code written as a number). */
function leaf(v: unknown): string | null {
  if (typeof v === 'string') {
    const s = v.trim();
    return s && !/[\r\n]/.test(s) ? s : null;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1000) return String(v);
  return null;
}

function isUsedValue(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v > 0;
  if (typeof v === 'string') return v.trim() !== '' && !/^(?:false|no|0|null)$/i.test(v.trim());
  return false;
}

function walkJson(v: unknown, lines: string[], depth: number): void {
  // Nesting deeper than any codes file: not read further.
  if (depth > 16) return;
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = leaf(item);
      if (s !== null) lines.push(s);
      else walkJson(item, lines, depth + 1);
    }
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  const entries = Object.entries(v);
  const used = entries.some(([k, value]) => USED_KEY.test(k) && isUsedValue(value));
  const leaves = entries.filter(([k, value]) => !USED_KEY.test(k) && leaf(value) !== null);
  // The mark goes to the code, not to the site or note beside it.
  const marked = leaves.some(([k]) => CODE_KEY.test(k))
    ? (k: string) => CODE_KEY.test(k)
    : () => true;
  for (const [k, value] of entries) {
    if (USED_KEY.test(k)) continue;
    const s = leaf(value);
    if (s !== null) lines.push(used && marked(k) ? s + USED_MARK : s);
    else walkJson(value, lines, depth + 1);
  }
}

// ---- HTML and XML ----------------------------------------------------------------------

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (all, name: string) => {
    if (name[0] === '#') {
      const n =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/** Elements whose text is not shown on a page. */
const HIDDEN = new Set(['script', 'style', 'head', 'template', 'noscript']);
/** Struck-through text. */
const STRUCK = new Set(['s', 'del', 'strike']);
/** Inline elements: a space, not a new line. Any other element (an XML file's own among them) ends a line. */
const INLINE = new Set(
  'span a b i em strong small mark u font label abbr sup sub bdi bdo kbd samp tt var'.split(' '),
);
/** A tag, the start of a comment, or a declaration; bounded, so a stray `<` costs one short scan. */
const TAG = /<!--|<\/?([a-z][\w:-]{0,40})\b[^<>]{0,2000}>|<[!?][^<>]{0,2000}>/gi;

/**
 * The text of a page or an XML file, one line per block, in one pass over its tags:
 * hidden elements dropped, struck-through text written `~~like this~~` (read as used).
 */
function fromMarkup(text: string): string | null {
  const t = text.trim();
  // Markup from its first character, with at least one closing tag.
  if (!/^<[!?a-z]/i.test(t) || !/<\/[a-z][\w:-]{0,40}\s*>/i.test(t)) return null;
  const lines: string[] = [];
  let line = '';
  let hidden: string | null = null;
  let struck = 0;
  let struckText = '';
  const endLine = () => {
    const l = decodeEntities(line).replace(/\s+/g, ' ').trim();
    if (l) lines.push(l);
    line = '';
  };
  const put = (s: string) => {
    if (struck > 0) struckText += s;
    else line += s;
  };
  let at = 0;
  const tags = new RegExp(TAG.source, TAG.flags);
  for (let m = tags.exec(t); m !== null; m = tags.exec(t)) {
    if (hidden === null) put(t.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[0] === '<!--') {
      // A comment ends at the first `-->`, or with the text.
      const end = t.indexOf('-->', at);
      at = end < 0 ? t.length : end + 3;
      tags.lastIndex = at;
      if (hidden === null) endLine();
      continue;
    }
    const name = m[1]?.toLowerCase();
    const closing = m[0][1] === '/';
    if (hidden !== null) {
      if (closing && name === hidden) hidden = null;
      continue;
    }
    if (!name) {
      endLine();
      continue;
    }
    if (HIDDEN.has(name)) {
      if (!closing && !m[0].endsWith('/>')) hidden = name;
      continue;
    }
    if (STRUCK.has(name)) {
      if (!closing) struck++;
      else if (struck > 0 && --struck === 0) {
        const inner = struckText.replace(/\s+/g, ' ').trim();
        if (inner) line += ` ~~${inner}~~ `;
        struckText = '';
      }
      continue;
    }
    if (INLINE.has(name)) put(' ');
    else if (struck > 0) struckText += ' ';
    else endLine();
  }
  if (hidden === null) put(t.slice(at));
  if (struckText) line += struckText;
  endLine();
  return lines.length > 0 ? lines.join('\n') : null;
}

// ---- Tables with a "used" column ------------------------------------------------------

/** Column names for a code's state. */
const STATE_HEADER = /^(?:used|is used|spent|status|state|used at|used on|date used|usage)$/i;
const YES = /^(?:true|yes|y|1|x|✓|✔|☑|✅)$/i;

/**
 * A table (comma, semicolon, tab or `|` between cells) whose header names a used or
 * status column: that column's cell becomes a used mark after the row's other cells
 * (true/yes/1/x, a date in a "used at" column, or a "used" word in any listed
 * language), so `99210042,true` reads as a used code. Line numbers are kept.
 */
function withUsedColumn(text: string): string {
  // The parser's own lines, so a row keeps its line number whatever break ends it.
  const lines = text.split(LINE_SPLIT);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return text;
  for (const delimiter of ['\t', ';', ',', '|']) {
    const header = cellsOf(lines[headerAt]!, delimiter);
    if (header.length < 2 || header.some((h) => unquote(h) === '')) continue;
    const column = header.findIndex((h) => STATE_HEADER.test(unquote(h)));
    if (column < 0) continue;
    const dated = /\b(?:at|on|date)\b/i.test(unquote(header[column]!));
    const out = lines.map((line, i) => {
      if (i <= headerAt) return line;
      const cells = cellsOf(line, delimiter);
      // A row whose last cells are empty may end early.
      while (cells.length < header.length && cells.length > 1) cells.push('');
      if (cells.length !== header.length) return line;
      const state = unquote(cells[column]!);
      const used = YES.test(state) || isUsedWord(state) || (dated && /\d/.test(state));
      const rest = cells.filter((_, j) => j !== column).join(delimiter === '|' ? ' | ' : delimiter);
      return used ? rest + USED_MARK : rest;
    });
    return out.join('\n');
  }
  return text;
}

/** A line's cells; whitespace after the last one is not a cell. */
function cellsOf(line: string, delimiter: string): string[] {
  const t = line.trimEnd();
  return (delimiter === '|' ? t.trimStart().replace(/^\||\|$/g, '') : t).split(delimiter);
}

const unquote = (cell: string) =>
  cell
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
