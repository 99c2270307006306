/**
 * Reading one line of pasted text: which parts of it are codes, which are list
 * decoration (numbers, bullets, check boxes), which are "used" marks and which
 * are ordinary words. Everything that needs the whole text (comparing a
 * doubtful candidate with the other codes) happens in `parse.ts`.
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
const SENTINELS = /[\uE000-\uE002]/g;

// Quantifiers are bounded so no line can make these expressions backtrack for long.
// "used" in the languages the field detector knows: en, de, fr, es/pt, it, nl, ja, zh.
const USED_WORD =
  '(?:used|benutzt|verwendet|genutzt|utilisé|utilise|usado|usada|utilizado|utilizada|usato|utilizzato|gebruikt|使用済み|使用済|已使用|已用)';
const USED_MARKERS = new RegExp(
  `\\(\\s{0,3}${USED_WORD}(?![\\p{L}])[^)]{0,60}\\)|\\[\\s{0,3}${USED_WORD}(?![\\p{L}])[^\\]]{0,60}\\]|[✓✔☑✅]\\s{0,3}${USED_WORD}(?![\\p{L}])|(?<=^|\\s)[-:|=]{1,3}\\s{0,3}${USED_WORD}(?![\\p{L}])|(?<=\\s)${USED_WORD}$`,
  'giu',
);
/** Two columns (a tab, two or more spaces, a table's `|`) or a list written on one line (`,` `;`). */
const CELL_BREAKS = /\t+| {2,}|[|,;、]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\v\f]/g;

const CODE_TOKEN = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const NUMBERING = /^(?:\(?\d{1,3}[.):]|\(\d{1,3}\)|#\d{1,3}[.):]?)$/;
const BULLET = /^[-*•·‣◦▪▫►▸○●+>=~☐□]{1,3}$/u;
const CHECKED_BOX = /^(?:\[[xX]\]|☑|☒)$/u;
const LEADING_WRAP = new Set([...'"\'`([{<“‘«„']);
const TRAILING_WRAP = new Set([...'"\'`)]}>”’».,;:!?']);
const LABELS = new Set<string>(labelWords.words);

const hasDigit = (s: string) => /\d/.test(s);
const isLetters = (s: string) => /^[A-Za-z]+$/.test(s);

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

function describeBadChars(token: string): string {
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
 * Reads one line (without its line break). Pure; never throws.
 * @param raw the line as it appeared in the text
 */
export function analyzeLine(raw: string): LineAnalysis {
  const text = normalizeLine(raw);
  const result: LineAnalysis = { kind: 'clean', candidates: [], problems: [], danglingUsed: false };
  if (text === '') return { ...result, kind: 'blank' };
  // Markdown headings and the header formatCodesFile writes.
  if (/^#+(?:\s|$)/.test(text)) return { ...result, kind: 'comment' };

  const marked = markStrikethrough(text.replace(SENTINELS, '?'))
    .replace(USED_MARKERS, ` ${USED} `)
    .replace(CELL_BREAKS, ` ${BREAK} `);
  const tokens = marked.split(' ').filter((t) => t !== '');

  const { candidates, problems } = result;
  let words = 0;
  let junk = 0;
  let striking = false;
  let pendingUsed = false;
  let run: string[] = [];

  const emit = (value: string) => {
    // "(used 2024-05-01)", "saved 01-05-2024": a date is never a backup code.
    if (/^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})$/.test(value)) return;
    const letters = value.replace(/[ -]/g, '');
    if (letters.length < MIN_CODE_CHARS) {
      // A lone short number is list numbering or part of a date, not a failed code.
      if (!/^\d{1,3}$/.test(value)) {
        problems.push(
          `${quote(value)} is too short for a backup code (at least ${MIN_CODE_CHARS} letters or digits).`,
        );
      }
      return;
    }
    if (letters.length > MAX_CODE_CHARS) {
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
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === BREAK) {
      flush();
      continue;
    }
    if (token === STRIKE) {
      flush();
      striking = !striking;
      continue;
    }
    if (token === USED) {
      flush();
      const last = candidates[candidates.length - 1];
      if (last) last.used = true;
      else pendingUsed = true;
      continue;
    }
    if (CHECKED_BOX.test(token)) {
      flush();
      pendingUsed = true;
      continue;
    }
    if (NUMBERING.test(token) || BULLET.test(token)) {
      flush();
      continue;
    }

    let start = 0;
    let end = token.length;
    while (start < end && LEADING_WRAP.has(token[start]!)) start++;
    while (end > start && TRAILING_WRAP.has(token[end - 1]!)) end--;
    const t = token.slice(start, end);
    if (start > 0) flush();
    if (t === '') continue;

    if (CODE_TOKEN.test(t)) {
      if (token.endsWith(':')) {
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
        const ahead = tokens[i + 1];
        if (prev !== undefined && belongsTogether(prev, t)) {
          run.push(t);
        } else if (
          ahead !== undefined &&
          CODE_TOKEN.test(ahead) &&
          !ahead.includes('-') &&
          hasDigit(ahead) &&
          belongsTogether(ahead, t)
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
      if (end < token.length) flush();
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
