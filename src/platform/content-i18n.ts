// The content script's words (the inline button, its states, the toasts) in
// the Language setting: the background hands them over (`ContentWords` in
// src/messages.ts, made by src/background/language.ts), already in the form
// read here, so the content script carries no catalog and no formatter — it
// runs in every frame within 20 KB (docs/design.md §6). The browser's own
// `i18n.getMessage` is not used: it knows only the browser's language and
// nothing of plural blocks. The words arrive before anything is shown
// (src/content/controller.ts) and again whenever the setting changes.
import type english from '../../public/_locales/en/messages.json';
import type { ContentWords } from '../messages';

/** A message of the content script: a key of the English messages starting with `content`. */
export type ContentMessageKey = Extract<keyof typeof english, `content${string}`>;

/**
 * How the content script names its messages: the key without `content`
 * (`'Undo'` for `contentUndo`), as `ContentWords` carries them; every name
 * is in every frame's 20 KB.
 */
export type ContentWord = ContentMessageKey extends `content${infer W}` ? W : never;

let words: ContentWords | undefined;

/** Every later lookup reads `next` (undefined: none yet, keys show). */
export function setContentWords(next: ContentWords | undefined): void {
  words = next;
}

/** The words in use (their `lang` and `dir` label our surfaces), if any arrived yet. */
export const contentWords = (): ContentWords | undefined => words;

/** A substitution as text: numbers written the language's way ("1.234" in German). */
const text = (v: string | number | undefined) =>
  typeof v == 'number' ? new Intl.NumberFormat(words?.lang).format(v) : (v ?? '');

/**
 * The text of `key` (`'Undo'` for `contentUndo`) with `$1`…`$9` replaced by
 * `subs` and `$$` by a dollar sign. A counted message takes the branch for
 * `subs[0]`: an exact `=N`, else the language's `Intl.PluralRules` category,
 * else `other`; `#` in it is the count. A missing message shows the key
 * itself, so a gap is visible rather than an empty button.
 */
export function contentText(key: ContentWord, ...subs: (string | number)[]): string {
  let message = words?.text[key];
  const counted = typeof message == 'object';
  if (typeof message == 'object') {
    const n = Number(subs[0]);
    message =
      message[`=${n}`] ?? message[new Intl.PluralRules(words!.lang).select(n)] ?? message.other;
  }
  return message
    ? message.replace(/\$(\$|\d)|#/g, (m, d?: string) =>
        d == '$' ? '$' : d ? text(subs[+d - 1]) : counted ? text(subs[0]) : m,
      )
    : key;
}
