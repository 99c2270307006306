/** When the site is unknown: the shape of the codes, guessed from the picture itself. */
import type { CodeAlphabet } from '../sites/schema';
import { ALPHABET_CHARS } from './code-text';
import type { CodeShape } from './ocr-shape';
import { EDGE_JUNK, SPLIT, type OcrLineInput } from './ocr-words';

/** Most specific first: a run of digits is `digits`, not `hex-lower`. */
const NARROWEST_FIRST: readonly CodeAlphabet[] = [
  'digits',
  'hex-lower',
  'alnum-lower',
  'alnum-upper',
  'alnum',
];

/** The character class of a run, most specific first. */
function alphabetOf(run: string): CodeAlphabet | null {
  return NARROWEST_FIRST.find((a) => ALPHABET_CHARS[a].test(run)) ?? null;
}

const WIDER: Record<CodeAlphabet, CodeAlphabet[]> = {
  digits: ['digits'],
  'hex-lower': ['digits', 'hex-lower'],
  'alnum-lower': ['digits', 'hex-lower', 'alnum-lower'],
  'alnum-upper': ['digits', 'alnum-upper'],
  alnum: ['digits', 'hex-lower', 'alnum-lower', 'alnum-upper', 'alnum'],
};

/**
 * When the site is unknown: the shape most code-like lines of the picture
 * share (at least two, or one line holding nothing else when it is the only
 * one). A code-like run has 6–32 characters of letters and digits with at
 * least two digits, as one word or as groups joined by `-` or spaces.
 */
export function inferShape(lines: readonly OcrLineInput[]): CodeShape | null {
  const votes = new Map<string, { shape: CodeShape; n: number }>();
  for (const line of lines) {
    const seen = new Set<string>();
    for (const w of line.words) {
      const text = w.text.replace(EDGE_JUNK, '');
      const parts = text.split(SPLIT).filter(Boolean);
      const bare = parts.join('');
      if (bare.length < 6 || bare.length > 32) continue;
      if ((bare.match(/[0-9]/g) ?? []).length < 2) continue;
      const alphabet = alphabetOf(bare);
      if (!alphabet) continue;
      const groups = parts.length > 1 ? parts.map((p) => p.length) : null;
      const shape: CodeShape = {
        length: bare.length,
        alphabet,
        groups,
        separator: groups ? '-' : '',
      };
      const key = `${shape.length}/${groups?.join(',') ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const v = votes.get(key);
      if (v) {
        v.n++;
        // The widest alphabet seen wins: `1234abcd` and `5678ef01` are both hex.
        if (
          !WIDER[alphabet].includes(v.shape.alphabet) ||
          WIDER[v.shape.alphabet].includes(alphabet)
        ) {
          if (WIDER[alphabet].length > WIDER[v.shape.alphabet].length) v.shape.alphabet = alphabet;
        }
      } else votes.set(key, { shape, n: 1 });
    }
    // Two words of 3–6 digits side by side (`1234 5678`): a grouped numeric code.
    const digitWords = line.words.map((w) => w.text.replace(EDGE_JUNK, ''));
    for (let k = 0; k + 1 < digitWords.length; k++) {
      const a = digitWords[k]!;
      const b = digitWords[k + 1]!;
      if (/^[0-9]{3,6}$/.test(a) && /^[0-9]{3,6}$/.test(b)) {
        const shape: CodeShape = {
          length: a.length + b.length,
          alphabet: 'digits',
          groups: [a.length, b.length],
          separator: ' ',
        };
        const key = `${shape.length}/${a.length},${b.length}/ `;
        if (seen.has(key)) continue;
        seen.add(key);
        const v = votes.get(key);
        if (v) v.n++;
        else votes.set(key, { shape, n: 1 });
        k++;
      }
    }
  }
  let best: { shape: CodeShape; n: number } | null = null;
  for (const v of votes.values()) if (!best || v.n > best.n) best = v;
  if (!best) return null;
  if (best.n >= 2 || votes.size === 1) return best.shape;
  return null;
}
