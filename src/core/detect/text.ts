// Text normalisation and phrase matching for the detector's vocabulary
// (docs/vocabulary.md). The same `normalize` runs on page text and, when
// `npm run vocab` builds keywords.json, on every term, so both meet in one
// form whatever script, width, case or diacritics a page uses.
//
// Two kinds of script are matched differently:
// - spaced scripts (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, …):
//   phrases match word by word, each phrase word at the start of a text word,
//   so stems stored in keywords.json ("резервн код") meet inflections
//   ("резервных кодов") and German compounds ("wiederherstellungscod" in
//   "wiederherstellungscodes") without a stemmer at run time;
// - scripts written without spaces between words (Han, kana, Hangul, Thai,
//   Lao, Khmer, Myanmar): phrases match anywhere, spaces ignored.

/** Scripts whose words are not separated by spaces (or, Korean, not reliably). */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** True when `phrase` is matched as a substring (no word boundaries in its script). */
export const isUnspaced = (phrase: string): boolean => UNSPACED.test(phrase);

// Combining marks that are decoration rather than spelling: Latin/Greek/
// Cyrillic diacritics (after NFKD), Hebrew niqqud and cantillation, Arabic
// tashkeel and Quranic marks. Devanagari, Thai and other Brahmic vowel signs
// are marks too, but they spell the word, so they stay.
const DECORATION =
  /[\u0300-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]/g;

// Letter forms that writers use interchangeably: Arabic alef with hamza or
// madda, alef maqsura and Persian yeh, teh marbuta, Persian keheh; Hebrew
// and Greek final forms (so a stem like `טוקנ` starts `טוקן` and `טוקנים`);
// Turkish dotless i (case folding cannot know the language); German sharp s;
// Vietnamese/Croatian d with stroke.
const FOLD: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ئ: 'ي',
  ؤ: 'و',
  ة: 'ه',
  ۀ: 'ه',
  ک: 'ك',
  ך: 'כ',
  ם: 'מ',
  ן: 'נ',
  ף: 'פ',
  ץ: 'צ',
  ς: 'σ',
  ı: 'i',
  ß: 'ss',
  đ: 'd',
};
const FOLDED = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

// The Arabic definite article is written joined to its word, alone (ال) or
// after a one-letter conjunction or preposition (وال "and the", بال "with
// the", فال, كال; لل "for the"): "رمز الاسترداد" and "رمز استرداد",
// "الرموز الاحتياطية" and "رموز احتياطية" are the same words. It is dropped
// where at least three letters remain, so words that only start like it
// ("الف") stay whole; text and terms lose it alike. Repeated, so that
// normalising twice changes nothing ("الإلكتروني" is "ال" + "الكتروني").
const ARABIC_ARTICLE =
  /(?<![\p{L}\p{M}])(?:[وفبك]?ال|لل)+(?=[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]\p{L}\p{L})/gu;

/**
 * The form phrases are stored and compared in: NFKC (full-width and
 * compatibility forms folded), camelCase split (`backupCodePin` →
 * `backup code pin`), lower case, decorative marks removed (`código` →
 * `codigo`, niqqud and tashkeel dropped), letter-form variants folded,
 * zero-width joiners removed, anything that is not a letter, mark or digit
 * turned into one space, the Arabic definite article dropped.
 */
export function normalize(s: string): string {
  return s
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(DECORATION, '')
    .normalize('NFKC')
    .replace(/[\u00ad\u0640\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(FOLDED, (c) => FOLD[c] ?? c)
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .replace(ARABIC_ARTICLE, '')
    .trim();
}

// Vowels (and Cyrillic signs) a word may end with in its inflected forms.
const FINAL_VOWELS = /[aeiouyаеиоуыэюяйьъіїєαεηιουωაეიოუ]{1,2}$/;

/**
 * A stem for prefix matching, used when keywords.json is generated: drops a
 * plural `s` and up to two final vowels in alphabetic scripts, keeping at
 * least five letters (`codigos` → `codig`, `резервные` → `резервн`,
 * `codes` → `code`), so that the stem starts every inflected form while
 * short words stay whole (`phone` must not start `phong`). Abjads (Arabic,
 * Hebrew) and abugidas (Devanagari, Thai) are left alone.
 */
export function stemWord(word: string, keep = 5): string {
  let w = word.replace(/(?<=[a-z]{4})s$/, '');
  const m = FINAL_VOWELS.exec(w);
  if (m && w.length - m[0].length >= keep) w = w.slice(0, w.length - m[0].length);
  return w;
}

/**
 * `stemWord` on every word of a spaced phrase; unspaced phrases are returned
 * as they are. A one-word phrase keeps at least four letters: shorter ones
 * must match whole words (`code` must not become `cod`, which only matches
 * `cod`).
 */
export function stemPhrase(phrase: string): string {
  if (isUnspaced(phrase)) return phrase;
  const words = phrase.split(' ');
  if (words.length === 1) {
    const s = stemWord(phrase);
    return s.length >= 4 ? s : phrase;
  }
  return words.map((w) => stemWord(w)).join(' ');
}

/**
 * A phrase list compiled for matching: the first phrase found in a
 * normalized clause, or undefined.
 */
export type Matcher = (clause: string) => string | undefined;

const squeeze = (s: string) => s.replace(/ /g, '');
/** Index key of a word or squeezed text at position `i`: its first two characters. */
const key2 = (s: string, i = 0) => s.slice(i, i + 2);

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Whether text word `t` matches phrase word `p`: words of up to two letters
 * must be equal (`de`, `d`), longer ones start the text word (`kod` in
 * `kodów`). A phrase of a single short word (`sms`, `tel`, `pin`) must be a
 * whole word: `tel` must not match `tell`.
 */
function wordMatches(t: string, p: string, single: boolean): boolean {
  return p.length <= 2 || (single && p.length <= 3) ? t === p : t.startsWith(p);
}

/**
 * Compiles phrases (normalized, stems allowed) into a matcher. With `glued`,
 * spaced phrases longer than six letters also match with their spaces
 * removed, for attribute values like `recoverycode`. Phrases are indexed by
 * their first two letters, so a clause costs one lookup per word (spaced)
 * or per character (unspaced), whatever the number of phrases.
 */
export function compile(phrases: readonly string[], glued = false): Matcher {
  const byWord = new Map<string, string[][]>();
  const bySqueezed = new Map<string, [string, string][]>();
  for (const phrase of new Set(phrases)) {
    if (!phrase) continue;
    if (isUnspaced(phrase)) {
      const s = squeeze(phrase);
      push(bySqueezed, key2(s), [s, phrase]);
      continue;
    }
    const words = phrase.split(' ');
    push(byWord, key2(words[0] ?? ''), words);
    const s = squeeze(phrase);
    if (glued && s.length > 6) push(bySqueezed, key2(s), [s, phrase]);
  }
  return (clause) => {
    const words = clause.split(' ');
    for (let i = 0; i < words.length; i++) {
      const w = words[i] ?? '';
      for (const k of w.length > 1 ? [key2(w), w.slice(0, 1)] : [w]) {
        for (const p of byWord.get(k) ?? []) {
          if (i + p.length > words.length) continue;
          let j = 0;
          while (j < p.length && wordMatches(words[i + j] ?? '', p[j] ?? '', p.length === 1)) j++;
          if (j === p.length) return p.join(' ');
        }
      }
    }
    if (!bySqueezed.size) return undefined;
    const s = squeeze(clause);
    for (let i = 0; i < s.length - 1; i++) {
      for (const [sq, phrase] of bySqueezed.get(key2(s, i)) ?? []) {
        if (s.startsWith(sq, i)) return phrase;
      }
    }
    return undefined;
  };
}

/**
 * Clause boundaries: sentence and list punctuation of the scripts the
 * vocabulary covers (Latin, CJK full-width, Arabic comma/semicolon/question
 * mark, Devanagari danda, Armenian and Ethiopic full stops, Hebrew sof pasuq).
 */
const PUNCTUATION =
  /[.!?;:,()[\]|•·。！？；：、，（）\n\u060c\u061b\u061f\u06d4\u0964\u0965\u0589\u1362\u05c3]+/;

/**
 * A splitter at the word "or" of every language: spaced or-words must stand
 * alone (` or `, ` oder `, ` أو `), unspaced ones split anywhere (`または`, `或`).
 */
export function orSplitter(orWords: readonly string[]): RegExp {
  const spaced = orWords.filter((w) => w && !isUnspaced(w));
  const unspaced = orWords.filter((w) => w && isUnspaced(w));
  const parts = [
    ...(spaced.length ? [` (?:${spaced.join('|')}) `] : []),
    ...(unspaced.length ? [unspaced.join('|')] : []),
  ];
  return new RegExp(parts.join('|') || '(?!)');
}

/**
 * Splits raw text into normalized clauses at punctuation and at "or" words,
 * so "Enter the code we sent to your phone, or one of your backup codes"
 * yields a delivery clause and a separate backup-code clause: a negative
 * only cancels a positive in the same clause.
 */
export function splitClauses(raw: string, or: RegExp): string[] {
  const out: string[] = [];
  for (const part of raw.split(PUNCTUATION)) {
    const norm = normalize(part);
    if (!norm) continue;
    for (const c of ` ${norm} `.split(or)) {
      const t = c.trim();
      if (t) out.push(t);
    }
  }
  return out;
}
