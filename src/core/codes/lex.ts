/**
 * Splitting one line of pasted text into items: tokens that may be (part of)
 * a code, columns, list decoration (numbers, bullets, check boxes),
 * strikethrough and "used" marks. Every reading of a line works on these
 * items: the heuristic (`line.ts`), the literal (`literal.ts`) and a site's
 * shape (`shape.ts`).
 */

/**
 * One piece of a line. A `token` is a run of non-space characters with any
 * surrounding quotes, brackets or punctuation removed (`lead`/`trail` say
 * whether some were); the other kinds stand for structure found around tokens.
 */
export type LineItem =
  | {
      kind: 'token';
      text: string;
      /** Letters and digits with single inner dashes: could be (part of) a code. */
      code: boolean;
      /** Ended with `:`, as in "Recovery code:". */
      label: boolean;
      /** Quotes or brackets were removed before / after the text. */
      lead: boolean;
      trail: boolean;
      /** Only closing quotes or brackets were removed after it (no `.`, `,`, `!`…). */
      trailQuote: boolean;
    }
  /** Two columns: a tab or two or more spaces (`space`), or `|` `,` `;` `、`. */
  | { kind: 'break'; space: boolean }
  /** `(used)`, `[used]`, `✓ used`, `- used`, a trailing `used`, in the listed languages. */
  | { kind: 'used' }
  /** A `~~` that opens or closes a strikethrough. */
  | { kind: 'strike' }
  /** A ticked check box `[x]`, `☑`, `☒`. */
  | { kind: 'check' }
  /** List numbering (`1.`, `(2)`, `#3`) or a bullet (`-`, `*`, `•`, `[ ]`). */
  | { kind: 'decoration' };

export type LineToken = Extract<LineItem, { kind: 'token' }>;

export interface LexedLine {
  kind: 'blank' | 'comment' | 'text';
  items: LineItem[];
}

// Private-use characters stand for structure found by the regular expressions
// below, so the token walk sees them as ordinary tokens. Any such character in
// the input is replaced first, so input cannot forge them.
const USED = '\uE000';
const STRIKE = '\uE001';
const BREAK = '\uE002';
const PUNCT_BREAK = '\uE003';
const SENTINELS = /[\uE000-\uE003]/g;

// Quantifiers are bounded so no line can make these expressions backtrack for long.
// "used" in the languages of Backstop's own pages (its `used` and `codeUsedTag` messages, so a
// person's notes in their language read back; `parse.marks.test.ts` checks every locale) and in
// the other languages people write notes in. Full words only: the pattern checks no letter follows.
const USED_WORDS = [
  // en, de, fr, es, pt, it, nl
  'used|spent|benutzt|verwendet|genutzt|utilisé|utilisée|utilise|usado|usada|utilizado|utilizada',
  'usato|usata|utilizzato|gebruikt',
  // pl, ru, uk, tr, cs, ro, hu, sv, da, nb, fi, id/ms, vi, el
  'użyty|użyta|użyte|wykorzystany|использован|использована|использовано|использованы',
  'використано|використаний|використана|kullanıldı|kullanılmış|použit|použito|použitý',
  'folosit|utilizat|felhasznált|felhasználva|använd|använt|brugt|brukt|käytetty|digunakan',
  'terpakai|đã dùng|đã sử dụng|χρησιμοποιήθηκε',
  // ar (short vowels are taken out of every line first), he, ja, zh, ko, th, hi
  'مستخدم|مستعمل|מנוצל|נוצל|משומש|使用済み|使用済|已使用|已用|사용됨|사용함|ใช้แล้ว|प्रयुक्त',
];
const USED_WORD = `(?:${USED_WORDS.join('|')})`;
const WHOLE_USED_WORD = new RegExp(`^${USED_WORD}$`, 'iu');
/** `used`, `verwendet`, `已使用`…: a whole "used" word of one of the listed languages. */
export const isUsedWord = (s: string): boolean => WHOLE_USED_WORD.test(s.trim());
const USED_MARKERS = new RegExp(
  `\\(\\s{0,3}${USED_WORD}(?![\\p{L}])[^)]{0,60}\\)|\\[\\s{0,3}${USED_WORD}(?![\\p{L}])[^\\]]{0,60}\\]|[✓✔☑✅]\\s{0,3}${USED_WORD}(?![\\p{L}])|(?<=^|\\s)[-:|=]{1,3}\\s{0,3}${USED_WORD}(?![\\p{L}])|(?<=\\s)${USED_WORD}$`,
  'giu',
);
/** Two columns (a tab, two or more spaces). */
const SPACE_BREAKS = /\t+| {2,}/g;
/** A table's `|`, or a list written on one line (`,` `;`). */
const PUNCT_BREAKS = /[|,;、]/g;
/** Invisible characters, bidirectional marks of right-to-left text among them, and Arabic short vowels. */
// The Arabic vowel marks are combining characters listed one by one on purpose: each is removed alone.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD\u064B-\u065F\u0670]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/**
 * Arabic-Indic (U+0660–) and Persian (U+06F0–) digits, which NFKC leaves as they are; both
 * blocks start at a multiple of 16, so a digit's value is its code point's low four bits.
 */
const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
/**
 * Text struck through with combining overlays (U+0334–U+0338 after each character,
 * as "strikethrough text" tools and some note apps write it), spaces and dashes
 * between the struck characters included.
 */
const OVERLAY_STRUCK =
  /[^\s\u0334-\u0338][\u0334-\u0338]{1,4}(?:(?:[ -][\u0334-\u0338]{0,4})?[^\s\u0334-\u0338][\u0334-\u0338]{1,4})*/gu;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\v\f]/g;

const CODE_TOKEN = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const NUMBERING = /^(?:\(?\d{1,3}[.):]|\(\d{1,3}\)|#\d{1,3}[.):]?)$/;
const BULLET = /^[-*•·‣⁃◦▪▫■◆◇►▸▶▷➤→○●+>=~☐□・]{1,3}$/u;
/** A bullet other than `-`, `*`, `+` (which codes and words may start with) against a code. */
const BULLET_BEFORE = /^[•·‣⁃◦▪▫■◆◇►▸▶▷➤→○●・](?=[A-Za-z0-9])/u;
const CHECKED_BOX = /^(?:\[[xX]\]|☑|☒)$/u;
const LEADING_WRAP = new Set([...'"\'`([{<“‘«„']);
const TRAILING_QUOTE = new Set([...'"\'`)]}>”’»']);
const TRAILING_WRAP = new Set([...TRAILING_QUOTE, ...'.,;:!?']);

/** Normalises look-alike characters so that a code copied from a web page or a word processor reads as typed. */
export function normalizeLine(raw: string): string {
  // Most lines are plain ASCII, which none of the replacements below would change.
  if (/^[\x20-\x7e\t]*$/.test(raw)) return raw.trim();
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .replace(ARABIC_DIGITS, (d) => String(d.codePointAt(0)! & 0xf))
    .trim();
}

/** A span struck through with combining overlays reads as `~~span~~` does. */
function markOverlayStrike(s: string): string {
  return s.replace(
    OVERLAY_STRUCK,
    (span) => ` ${STRIKE} ${span.replace(/[\u0334-\u0338]/g, '')} ${STRIKE} `,
  );
}

/** Pairs `~~` marks left to right; unpaired ones are left as they are. */
function markStrikethrough(s: string): string {
  const at: number[] = [];
  for (let i = s.indexOf('~~'); i !== -1; i = s.indexOf('~~', i + 2)) at.push(i);
  if (at.length < 2) return s;
  let out = '';
  let from = 0;
  for (let p = 0; p + 1 < at.length; p += 2) {
    const open = at[p]!;
    const close = at[p + 1]!;
    out += `${s.slice(from, open)} ${STRIKE} ${s.slice(open + 2, close)} ${STRIKE} `;
    from = close + 2;
  }
  return out + s.slice(from);
}

/** A word or code, with the quotes, brackets and punctuation around it taken off. */
function tokenItem(token: string): LineItem {
  let start = 0;
  let end = token.length;
  while (start < end && LEADING_WRAP.has(token[start]!)) start++;
  while (end > start && TRAILING_WRAP.has(token[end - 1]!)) end--;
  const t = token.slice(start, end);
  const tail = token.slice(end);
  const code = t !== '' && CODE_TOKEN.test(t);
  return {
    kind: 'token',
    text: t,
    code,
    label: code && token.endsWith(':'),
    lead: start > 0,
    trail: end < token.length,
    trailQuote: end < token.length && [...tail].every((c) => TRAILING_QUOTE.has(c)),
  };
}

/**
 * Splits one line (without its line break) into items. Pure; never throws.
 * @param raw the line as it appeared in the text
 */
export function lexLine(raw: string): LexedLine {
  const text = normalizeLine(raw);
  if (text === '') return { kind: 'blank', items: [] };
  // Markdown headings and comment lines.
  if (/^#+(?:\s|$)/.test(text)) return { kind: 'comment', items: [] };

  // Wide gaps first: the spaces put around the marks below must not read as columns.
  const marked = markStrikethrough(
    markOverlayStrike(text.replace(SENTINELS, '?').replace(SPACE_BREAKS, ` ${BREAK} `)),
  )
    .replace(USED_MARKERS, ` ${USED} `)
    .replace(PUNCT_BREAKS, ` ${PUNCT_BREAK} `);
  const items: LineItem[] = [];
  for (const token of marked.split(' ')) {
    if (token === '') continue;
    if (token === BREAK || token === PUNCT_BREAK) {
      items.push({ kind: 'break', space: token === BREAK });
    } else if (token === STRIKE) items.push({ kind: 'strike' });
    else if (token === USED) items.push({ kind: 'used' });
    else if (CHECKED_BOX.test(token)) items.push({ kind: 'check' });
    else if (BULLET_BEFORE.test(token)) {
      // "•12345678", "・12345678": a bullet written against its code.
      items.push({ kind: 'decoration' });
      items.push(tokenItem(token.slice(1)));
    } else if (NUMBERING.test(token) || BULLET.test(token)) items.push({ kind: 'decoration' });
    else items.push(tokenItem(token));
  }
  return { kind: 'text', items };
}
