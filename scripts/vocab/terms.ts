// From catalog strings to short terms (docs/vocabulary.md): what
// extract.mjs keeps of a translation. Pure, so it is unit-tested
// (terms.test.ts) on the cases real catalogs have.
import { isUnspaced, normalize } from '../../src/core/detect/text';

/** At most this many words in a term: catalogs' sentences never become vocabulary. */
export const MAX_WORDS = 5;
/** At most this many characters in a term of a script written without spaces. */
export const MAX_UNSPACED = 16;

/**
 * A catalog string as a page would show it: markup, placeholders (`%s`,
 * `%(name)s`, `{name}`, `{{name}}`, `:count`) and surrounding punctuation
 * removed.
 */
export function cleanCatalogText(s: string): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(
      /%\([^)]*\)[a-z]|%\d*\$?[a-z]|\{\{[^}]*\}\}|\{[^}]*\}|(?<![\p{L}\p{N}]):[a-z_]+/giu,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'“”«»„‘’.:;,!?¿¡\-–—]+|[\s"'“”«»„‘’.:;,!?¿¡\-–—…]+$/gu, '')
    .trim();
}

/** True when normalized `t` is short enough to be a term. */
function short(t: string): boolean {
  if (isUnspaced(t)) return t.replace(/ /g, '').length <= MAX_UNSPACED;
  return t.split(' ').length <= MAX_WORDS;
}

/**
 * The term a catalog string gives, as a page shows it (cleaned, case and
 * accents kept: `Código de recuperación`), or undefined when it is not a
 * short term.
 */
export function termOf(s: string): string | undefined {
  const display = cleanCatalogText(s);
  const t = normalize(display);
  return t && short(t) ? display : undefined;
}

/**
 * The words of `original` that a normalized run stands for, as written there:
 * the run "резервны код" of "Использовать резервный код" is "резервный код".
 */
function displayOf(original: string, run: string): string | undefined {
  const tokens = [...original.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  const words = run.split(' ');
  for (let i = 0; i + words.length <= tokens.length; i++) {
    const span = tokens.slice(i, i + words.length);
    if (span.every((t, k) => normalize(t[0]).startsWith(words[k] ?? ''))) {
      const first = span[0];
      const last = span.at(-1);
      if (!first || !last) return undefined;
      return original.slice(first.index, (last.index ?? 0) + last[0].length);
    }
  }
  return undefined;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/**
 * Two inflections of one word meet at their common start when it is at
 * least three letters and most of the shorter word (`kod`/`kodu`,
 * `резервные`/`резервных`); otherwise undefined.
 */
function sameWord(a: string, b: string): string | undefined {
  if (a === b) return a;
  const p = commonPrefix(a, b);
  return p.length >= 3 && p.length >= 0.6 * Math.min(a.length, b.length) ? p : undefined;
}

/**
 * The longest run of words two normalized strings share (inflections
 * allowed, see sameWord), or for scripts without spaces the longest common
 * substring. "Zwei-Faktor-Authentifizierung Backup-Codes" and
 * "Backup-Codes generieren" share "backup codes"; "Использовать резервный
 * код" and "Резервные коды" share "резервн код".
 */
export function commonRun(a: string, b: string): string {
  if (isUnspaced(a) || isUnspaced(b)) {
    const x = a.replace(/ /g, '');
    const y = b.replace(/ /g, '');
    let best = '';
    for (let i = 0; i < x.length; i++) {
      for (let j = 0; j < y.length; j++) {
        let k = 0;
        while (x[i + k] !== undefined && x[i + k] === y[j + k]) k++;
        if (k > best.length) best = x.slice(i, i + k);
      }
    }
    return best;
  }
  const A = a.split(' ');
  const B = b.split(' ');
  let best: string[] = [];
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < B.length; j++) {
      const run: string[] = [];
      for (let k = 0; i + k < A.length && j + k < B.length; k++) {
        const w = sameWord(A[i + k] ?? '', B[j + k] ?? '');
        if (!w) break;
        run.push(w);
      }
      const len = (r: string[]) => r.join(' ').length;
      if (run.length > best.length || (run.length === best.length && len(run) > len(best)))
        best = run;
    }
  }
  return best.join(' ');
}

/**
 * What several catalog strings that all name one thing ("Backup codes",
 * "Use a backup code", "Generate backup codes") have in common, when that is
 * a term in its own right: two words or more, or one long compound word
 * (`Wiederherstellungscode`). Returned as the first string writes it.
 */
export function commonTerm(strings: string[]): string | undefined {
  const cleaned = strings.map(cleanCatalogText).filter((s) => normalize(s));
  const normalized = cleaned.map(normalize);
  if (normalized.length < 2) return undefined;
  let run = normalized[0] ?? '';
  for (const s of normalized.slice(1)) run = commonRun(run, s);
  // Without word boundaries a shared stretch of characters can start or end
  // mid-word ("งรหัสกู้คืน"): scripts without spaces take terms from single keys only.
  if (!run || isUnspaced(run)) return undefined;
  const words = run.split(' ');
  if (words.length > MAX_WORDS) return undefined;
  const display = displayOf(cleaned[0] ?? '', run) ?? run;
  if (words.length >= 2) return display;
  // One word: a compound ("wiederherstellungscode"), never the stem of an
  // adjective alone ("резервн" of "резервные"/"резервный"): it must be a
  // whole word of one of the strings.
  const whole = normalized.some((s) => s.split(' ').includes(run));
  return run.length >= 7 && whole ? display : undefined;
}

/**
 * The language a catalog file is for, as the vocabulary counts languages:
 * regional variants merged (`pt_BR` → `pt`, `es_AR` → `es`, `de_sie` → `de`),
 * Chinese kept apart by script (`zh-Hans`, `zh-Hant`), Norwegian `no` as
 * `nb`. Undefined for pseudo-locales and catalogs that are not a language.
 */
export function canonicalLanguage(code: string): string | undefined {
  const c = code
    .replace(/^locale_/, '')
    .replace(/[@_]/g, '-')
    .toLowerCase();
  if (
    /^(?:en-l|awoo|tok|defaultmessages|qps|pseudo|source|templates?|pot|base|i18n|keys)(?:-|$)/.test(
      c,
    )
  )
    return undefined;
  const [base = '', ...rest] = c.split('-');
  if (!/^[a-z]{2,3}$/.test(base)) return undefined;
  if (base === 'zh') {
    const tail = rest.join('-');
    return /hant|tw|hk|mo/.test(tail) ? 'zh-Hant' : 'zh-Hans';
  }
  if (base === 'no') return 'nb';
  return base;
}
export { normalize } from '../../src/core/detect/text';
