/**
 * Code labels ("Recovery code:", "Backup codes"): the words of
 * `label-words.json`, and what they tell about a line.
 */
import labelWords from './label-words.json';
import { hasDigit, letterCase } from './code-text';

/** Words that label what follows as a backup code, lowercase. */
const LABELS: ReadonlySet<string> = new Set<string>(labelWords.words);

/**
 * A compound ending in a code label, written as one word of letters: German
 * "Sicherungscodes", Norwegian "reservekoder", Finnish "varmistuskoodit". At least
 * four letters before the label, then one of the plural or case endings those languages
 * use, so that random letters (`mnopkodx`) do not spell one.
 */
const COMPOUND_LABEL = new RegExp(
  `^[a-z]{4,}(?:${labelWords.compoundEnds.join('|')})(?:${labelWords.compoundEndings.join('|')})?$`,
);

/** A lowercase word that labels codes: a label word, or a compound ending in one. */
const isLabelWord = (word: string) => LABELS.has(word) || COMPOUND_LABEL.test(word);

/**
 * A token before a colon labels a code when it is a label word ("Recovery
 * code:", "2FA:") or follows one ("Backup code GitHub:"). Words before such a
 * label do not make the line a sentence; any other label is just a word.
 * @param label the token without its colon, lowercase
 * @param before the word before it on the line, lowercase (`''` for none)
 */
export function isCodeLabel(label: string, before: string): boolean {
  return LABELS.has(label) || LABELS.has(before);
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
    if (g.length < 4 || !isLabelWord(g.toLowerCase())) return false;
    if (groups.length === 1 || !even) return true;
    const kind = letterCase(g);
    const others = groups.filter((_, j) => j !== i).map(letterCase);
    return !others.some((k) => k === kind || k === 'mixed');
  });
}
