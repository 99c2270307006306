/**
 * Reading one line of pasted text: which parts of it are codes, which are list
 * decoration (numbers, bullets, check boxes), which are "used" marks and which
 * are ordinary words. Everything that needs the whole text (comparing a
 * doubtful candidate with the other codes, a site's code shape) happens in
 * `parse.ts` and `shape.ts`.
 *
 * A line is first split into items by {@link lexLine}; three readings work on
 * the same items:
 * - {@link analyzeItems}, the heuristic: codes among words, columns and labels;
 * - {@link literalItems}, the literal: the whole line (minus decoration) is one code;
 * - `shape.ts`, which cuts the line's tokens into codes of a known site's shape.
 */
import labelWords from './label-words.json';

/** A possible code found on a line; `parse.ts` decides whether to keep it. */
export interface Candidate {
  /** As displayed, with single spaces or dashes between groups. */
  value: string;
  used: boolean;
  /** No digit at all: could be an ordinary word, needs support from the other codes. */
  weak: boolean;
}

/**
 * - `clean`: nothing but codes and list decoration.
 * - `mixed`: one word or a stray token next to the codes (a site name, a label).
 * - `prose`: a sentence; numbers in it are rarely codes.
 * - `comment`: a `# …` line, as written by the header of `formatCodesFile`.
 */
export type LineKind = 'blank' | 'comment' | 'clean' | 'mixed' | 'prose';

export interface LineAnalysis {
  kind: LineKind;
  candidates: Candidate[];
  /** Why parts of the line that look like attempted codes were not taken. */
  problems: string[];
  /** A "used" mark with no code on this line (it belongs to the line above). */
  danglingUsed: boolean;
}

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

/** Fewest letters and digits in a code (separators not counted). */
export const MIN_CODE_CHARS = 4;
/** Most letters and digits in a code; Apple's 28-character recovery key fits with room to spare. */
export const MAX_CODE_CHARS = 40;

// Private-use characters stand for structure found by the regular expressions
// below, so the token walk sees them as ordinary tokens. Any such character in
// the input is replaced first, so input cannot forge them.
const USED = '\uE000';
const STRIKE = '\uE001';
const BREAK = '\uE002';
const PUNCT_BREAK = '\uE003';
const SENTINELS = /[\uE000-\uE003]/g;

// Quantifiers are bounded so no line can make these expressions backtrack for long.
// "used" in the languages the field detector knows: en, de, fr, es/pt, it, nl, ja, zh.
const USED_WORD =
  '(?:used|benutzt|verwendet|genutzt|utilisé|utilise|usado|usada|utilizado|utilizada|usato|utilizzato|gebruikt|使用済み|使用済|已使用|已用)';
const USED_MARKERS = new RegExp(
  `\\(\\s{0,3}${USED_WORD}(?![\\p{L}])[^)]{0,60}\\)|\\[\\s{0,3}${USED_WORD}(?![\\p{L}])[^\\]]{0,60}\\]|[✓✔☑✅]\\s{0,3}${USED_WORD}(?![\\p{L}])|(?<=^|\\s)[-:|=]{1,3}\\s{0,3}${USED_WORD}(?![\\p{L}])|(?<=\\s)${USED_WORD}$`,
  'giu',
);
/** Two columns (a tab, two or more spaces). */
const SPACE_BREAKS = /\t+| {2,}/g;
/** A table's `|`, or a list written on one line (`,` `;`). */
const PUNCT_BREAKS = /[|,;、]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\v\f]/g;

const CODE_TOKEN = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const NUMBERING = /^(?:\(?\d{1,3}[.):]|\(\d{1,3}\)|#\d{1,3}[.):]?)$/;
const BULLET = /^[-*•·‣◦▪▫►▸○●+>=~☐□]{1,3}$/u;
const CHECKED_BOX = /^(?:\[[xX]\]|☑|☒)$/u;
const LEADING_WRAP = new Set([...'"\'`([{<“‘«„']);
const TRAILING_QUOTE = new Set([...'"\'`)]}>”’»']);
const TRAILING_WRAP = new Set([...TRAILING_QUOTE, ...'.,;:!?']);
const LABELS = new Set<string>(labelWords.words);

const hasDigit = (s: string) => /\d/.test(s);
const DATE = /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})$/;
const isLetters = (s: string) => /^[A-Za-z]+$/.test(s);
/** Letters and digits in a value, separators not counted. */
export const codeChars = (value: string) => value.replace(/[ -]/g, '').length;

/** Lower/upper/mixed, from the letters only; `none` when there are no letters. */
function letterCase(s: string): 'none' | 'lower' | 'upper' | 'mixed' {
  const lower = /[a-z]/.test(s);
  const upper = /[A-Z]/.test(s);
  if (lower && upper) return 'mixed';
  return lower ? 'lower' : upper ? 'upper' : 'none';
}

/**
 * A group of letters only ("xkqp") belongs to a code next to it ("xkqp 1a2b")
 * when it has that group's length and letter case. A digits-only neighbour
 * ("Code 1234 5678") never adopts a word.
 */
function belongsTogether(codeGroup: string, letters: string): boolean {
  const kind = letterCase(codeGroup);
  return codeGroup.length === letters.length && kind !== 'none' && kind === letterCase(letters);
}

function quote(s: string): string {
  const short = s.length > 48 ? `${s.slice(0, 47)}…` : s;
  return `“${short}”`;
}

/** Why `token` cannot be a code: the characters it has that codes never have. */
export function describeBadChars(token: string): string {
  const bad = new Set<string>();
  for (const ch of token) {
    if (/[A-Za-z0-9-]/.test(ch)) continue;
    const cp = ch.codePointAt(0) ?? 0;
    bad.add(
      cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffd
        ? 'an unreadable character'
        : `“${ch}”`,
    );
  }
  if (bad.size === 0) return `${quote(token)} has a misplaced dash.`;
  return `${quote(token)} contains characters a backup code cannot have: ${[...bad].join(', ')}.`;
}

/** Normalises look-alike characters so that a code copied from a web page or a word processor reads as typed. */
export function normalizeLine(raw: string): string {
  // Most lines are plain ASCII, which none of the replacements below would change.
  if (/^[\x20-\x7e\t]*$/.test(raw)) return raw.trim();
  return raw
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .trim();
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

/**
 * Splits one line (without its line break) into items. Pure; never throws.
 * @param raw the line as it appeared in the text
 */
export function lexLine(raw: string): LexedLine {
  const text = normalizeLine(raw);
  if (text === '') return { kind: 'blank', items: [] };
  // Markdown headings and the header formatCodesFile writes.
  if (/^#+(?:\s|$)/.test(text)) return { kind: 'comment', items: [] };

  // Wide gaps first: the spaces put around the marks below must not read as columns.
  const marked = markStrikethrough(text.replace(SENTINELS, '?').replace(SPACE_BREAKS, ` ${BREAK} `))
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
    else if (NUMBERING.test(token) || BULLET.test(token)) items.push({ kind: 'decoration' });
    else {
      let start = 0;
      let end = token.length;
      while (start < end && LEADING_WRAP.has(token[start]!)) start++;
      while (end > start && TRAILING_WRAP.has(token[end - 1]!)) end--;
      const t = token.slice(start, end);
      const tail = token.slice(end);
      const code = t !== '' && CODE_TOKEN.test(t);
      items.push({
        kind: 'token',
        text: t,
        code,
        label: code && token.endsWith(':'),
        lead: start > 0,
        trail: end < token.length,
        trailQuote: end < token.length && [...tail].every((c) => TRAILING_QUOTE.has(c)),
      });
    }
  }
  return { kind: 'text', items };
}

/**
 * Reads one line (without its line break) the heuristic way. Pure; never throws.
 * @param raw the line as it appeared in the text
 */
export function analyzeLine(raw: string): LineAnalysis {
  return analyzeItems(lexLine(raw));
}

/** The same tokens with the same length and letter case from `from` on; then the token after them. */
function afterLetterChain(
  items: readonly LineItem[],
  from: number,
  like: string,
): LineItem | undefined {
  let j = from;
  for (; j < items.length; j++) {
    const it = items[j]!;
    if (
      it.kind !== 'token' ||
      !it.code ||
      it.label ||
      it.lead ||
      it.trail ||
      !isLetters(it.text) ||
      it.text.length !== like.length ||
      letterCase(it.text) !== letterCase(like)
    )
      break;
  }
  return items[j];
}

/** The heuristic reading of a lexed line (see {@link analyzeLine}). */
export function analyzeItems(lexed: LexedLine): LineAnalysis {
  const result: LineAnalysis = { kind: 'clean', candidates: [], problems: [], danglingUsed: false };
  if (lexed.kind !== 'text') return { ...result, kind: lexed.kind };
  const { items } = lexed;

  const { candidates, problems } = result;
  let words = 0;
  let junk = 0;
  let striking = false;
  let pendingUsed = false;
  let run: string[] = [];

  const emit = (value: string) => {
    // "(used 2024-05-01)", "saved 01-05-2024": a date is never a backup code.
    if (DATE.test(value)) return;
    const letters = codeChars(value);
    if (letters < MIN_CODE_CHARS) {
      // A lone short number is list numbering or part of a date, not a failed code.
      if (!/^\d{1,3}$/.test(value)) {
        problems.push(
          `${quote(value)} is too short for a backup code (at least ${MIN_CODE_CHARS} letters or digits).`,
        );
      }
      return;
    }
    if (letters > MAX_CODE_CHARS) {
      problems.push(
        `${quote(value)} is too long for a backup code (at most ${MAX_CODE_CHARS} letters or digits).`,
      );
      return;
    }
    candidates.push({ value, used: striking || pendingUsed, weak: !hasDigit(value) });
    pendingUsed = false;
  };

  const flush = () => {
    if (run.length === 0) return;
    let groups = run;
    run = [];
    // "01 1234 5678": a list number written without punctuation.
    const [first, next] = groups;
    if (
      first !== undefined &&
      next !== undefined &&
      /^\d{1,3}$/.test(first) &&
      next.length > first.length &&
      groups.slice(1).every((g) => g.length === next.length)
    ) {
      groups = groups.slice(1);
    }
    emit(groups.join(' '));
  };

  let lastWord = '';
  // The one word on a line may be a code without digits ("fadedcab" among hex codes).
  let soleWord: { value: string; used: boolean } | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'break' || item.kind === 'decoration') {
      flush();
      continue;
    }
    if (item.kind === 'strike') {
      flush();
      striking = !striking;
      continue;
    }
    if (item.kind === 'used') {
      flush();
      const last = candidates[candidates.length - 1];
      if (last) last.used = true;
      else pendingUsed = true;
      continue;
    }
    if (item.kind === 'check') {
      flush();
      pendingUsed = true;
      continue;
    }

    const t = item.text;
    if (item.lead) flush();
    if (t === '') continue;

    if (item.code) {
      if (item.label) {
        // A label such as "Recovery code:" or "2FA:". Words before a code label
        // do not make the line prose; any other label is just a word.
        flush();
        const label = t.toLowerCase();
        if (LABELS.has(label) || LABELS.has(lastWord)) words = 0;
        else words++;
        soleWord = undefined;
        lastWord = label;
        continue;
      }
      if (t.includes('-')) {
        flush();
        if (t.split('-').some((g) => g.length < 2)) {
          // "2-step", "e-mail": hyphenated words, not codes.
          words++;
          soleWord = undefined;
        } else {
          emit(t);
        }
      } else if (t.length === 1) {
        flush();
        if (isLetters(t)) {
          words++;
          soleWord = undefined;
        }
      } else if (hasDigit(t)) {
        run.push(t);
      } else {
        const prev = run[run.length - 1];
        // "abcd efgh ijkl yz12": letter groups leading up to a group of the same
        // length and case that has digits are that code's first groups.
        const ahead = item.trail ? undefined : afterLetterChain(items, i + 1, t);
        if (prev !== undefined && belongsTogether(prev, t)) {
          run.push(t);
        } else if (
          ahead?.kind === 'token' &&
          ahead.code &&
          !ahead.label &&
          !ahead.lead &&
          !ahead.text.includes('-') &&
          hasDigit(ahead.text) &&
          belongsTogether(ahead.text, t)
        ) {
          flush();
          run.push(t);
        } else {
          flush();
          words++;
          lastWord = t.toLowerCase();
          soleWord = { value: t, used: striking || pendingUsed };
        }
      }
      if (item.trail) flush();
      continue;
    }

    flush();
    if (/:\/\/|@|^www\./i.test(t) || !hasDigit(t)) {
      // Addresses, e-mail, and words with apostrophes or accents: text, not codes.
      words++;
      soleWord = undefined;
      lastWord = t.toLowerCase();
    } else {
      junk++;
      problems.push(describeBadChars(t));
    }
  }
  flush();

  if (
    candidates.length === 0 &&
    words === 1 &&
    junk === 0 &&
    soleWord !== undefined &&
    soleWord.value.length >= MIN_CODE_CHARS &&
    soleWord.value.length <= MAX_CODE_CHARS
  ) {
    candidates.push({ value: soleWord.value, used: soleWord.used || pendingUsed, weak: true });
    pendingUsed = false;
    words = 0;
  }

  result.danglingUsed = pendingUsed && candidates.length === 0;
  result.kind = words >= 2 ? 'prose' : words === 1 || junk > 0 ? 'mixed' : 'clean';
  return result;
}

/** The literal reading of a line: one code, nothing to read, or why the line is not one code. */
export type LiteralLine =
  | { kind: 'code'; value: string; used: boolean }
  /** Blank, a comment, or only decoration and "used" marks (`danglingUsed`: a lone mark). */
  | { kind: 'none'; danglingUsed: boolean }
  | { kind: 'not-code'; reason: string };

/**
 * Reads a lexed line as exactly one code: everything but list numbering,
 * bullets, check boxes and "used" marks must be the code, letters and digits in
 * groups separated by single spaces or dashes.
 *
 * @param lexed the line
 * @param columns how to treat a tab or a run of spaces inside the line:
 *   `split` — the line holds several columns, so it is not one code;
 *   `join` — a wide gap is just a space (the person said "one code per line")
 */
export function literalItems(lexed: LexedLine, columns: 'split' | 'join'): LiteralLine {
  if (lexed.kind !== 'text') return { kind: 'none', danglingUsed: false };
  const items = lexed.items;
  const tokens: string[] = [];
  let used = false;
  let decorationAfterToken = false;
  let pendingBreak: Extract<LineItem, { kind: 'break' }> | null = null;
  let first = -1;
  let last = -1;
  let markedAfterCode = false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (markedAfterCode && it.kind === 'token') {
      // "1234 5678 - used 2024-05-01": what follows a used mark is about the mark,
      // unless it is another code ("abcd-1234 (used) efgh-5678").
      if (it.code && !it.label && codeChars(it.text) >= MIN_CODE_CHARS && hasDigit(it.text)) {
        if (!DATE.test(it.text)) return { kind: 'not-code', reason: 'It holds several codes.' };
      }
      continue;
    }
    if (it.kind === 'used' || it.kind === 'check') {
      used = true;
      if (it.kind === 'used' && tokens.length > 0) markedAfterCode = true;
    } else if (it.kind === 'strike') {
      // Struck through, even partly: a spent code.
      used = true;
    } else if (it.kind === 'decoration') {
      if (tokens.length > 0) decorationAfterToken = true;
    } else if (it.kind === 'break') {
      // Only a break between two parts of the line matters ("1234 5678   (used)" is one code).
      if (tokens.length > 0 && (!it.space || columns === 'split')) pendingBreak = it;
    } else {
      if (it.text === '') continue;
      if (pendingBreak) {
        return {
          kind: 'not-code',
          reason: pendingBreak.space
            ? 'It holds several columns.'
            : 'It holds a list (“,”, “;” or “|”).',
        };
      }
      if (decorationAfterToken) {
        // "01 - 1234 5678": a list number, a dash, then the code.
        if (tokens.length === 1 && /^\d{1,3}$/.test(tokens[0]!)) {
          tokens.length = 0;
          decorationAfterToken = false;
        } else return { kind: 'not-code', reason: 'It has a bullet or a number inside.' };
      }
      if (!it.code) return { kind: 'not-code', reason: describeBadChars(it.text) };
      if (it.label)
        return { kind: 'not-code', reason: `It has a label (${quote(`${it.text}:`)}).` };
      if (first === -1) first = i;
      last = i;
      tokens.push(it.text);
    }
  }
  if (tokens.length === 0) return { kind: 'none', danglingUsed: used };
  // Quotes or brackets may wrap the whole code; any other punctuation means a sentence.
  for (let i = first; i <= last; i++) {
    const it = items[i]!;
    if (it.kind !== 'token') continue;
    if ((it.lead && i !== first) || (it.trail && (i !== last || !it.trailQuote))) {
      return { kind: 'not-code', reason: 'It has punctuation that a backup code cannot have.' };
    }
  }
  // "01 1234 5678": a list number written without punctuation.
  const [head, next] = tokens;
  if (
    head !== undefined &&
    next !== undefined &&
    /^\d{1,3}$/.test(head) &&
    next.length > head.length &&
    tokens.slice(1).every((g) => g.length === next.length)
  ) {
    tokens.shift();
  }
  const value = tokens.join(' ');
  const n = codeChars(value);
  if (n < MIN_CODE_CHARS) {
    return {
      kind: 'not-code',
      reason: `${quote(value)} is too short for a backup code (at least ${MIN_CODE_CHARS} letters or digits).`,
    };
  }
  if (n > MAX_CODE_CHARS) {
    return {
      kind: 'not-code',
      reason: `${quote(value)} is too long for a backup code (at most ${MAX_CODE_CHARS} letters or digits).`,
    };
  }
  return { kind: 'code', value, used };
}

/**
 * A heading such as "Backup codes" or "RECOVERY KEY": no punctuation, so it
 * reads like a code, but one of its words labels codes. Random codes of four
 * or more letters per group never spell these words by chance.
 */
export function isHeading(value: string): boolean {
  const groups = value.split(/[ -]/);
  const uneven = groups.some((g) => g.length !== groups[0]!.length);
  if (hasDigit(value) && !uneven) return false;
  return hasLabelWord(value);
}

/**
 * One of the words is a code label of four or more letters, written as a word
 * ("Code 1234 5678", "Backup codes"). In a code of equal groups, a group that
 * happens to spell one in the other groups' letter case is part of the code
 * (`AAAA-CODE-BBBB`, `abcd code efgh`).
 */
export function hasLabelWord(value: string): boolean {
  const groups = value.split(/[ -]/);
  const even = groups.every((g) => g.length === groups[0]!.length);
  return groups.some((g, i) => {
    if (g.length < 4 || !LABELS.has(g.toLowerCase())) return false;
    if (groups.length === 1 || !even) return true;
    const kind = letterCase(g);
    const others = groups.filter((_, j) => j !== i).map(letterCase);
    return !others.some((k) => k === kind || k === 'mixed');
  });
}
