// The content script's words (the inline button, its states, the toasts) in
// the person's language: `_locales/<lang>/messages.json`, read through the
// browser's own `i18n.getMessage` without webextension-polyfill, which the
// content script cannot afford (20 KB in every frame, docs/design.md §6).
//
// Its keys all start with `content`, so the set the content script needs is easy
// to hand over as a whole (e.g. by the background, for a language chosen in
// Backstop's settings rather than the browser's): `setContentMessages` points
// every lookup at such a source.
import type english from '../../public/_locales/en/messages.json';
import { contentApi } from './content-api';

/** A message of the content script: a key of the English messages starting with `content`. */
export type ContentMessageKey = Extract<keyof typeof english, `content${string}`>;

/** `(key, substitutions) => text`, '' for a key it does not know (like `i18n.getMessage`). */
export type ContentMessageSource = (key: string, substitutions: string[]) => string;

let chosen: ContentMessageSource | undefined;

/** Every later lookup reads `source` (undefined: the browser's language again). */
export function setContentMessages(source: ContentMessageSource | undefined): void {
  chosen = source;
}

/**
 * The text of `key` with `$1`…`$9` replaced by `subs`. A missing message shows
 * the key itself, so a gap is visible rather than an empty button.
 */
export function contentText(key: ContentMessageKey, ...subs: (string | number)[]): string {
  const i18n = contentApi()?.i18n;
  const source = chosen ?? (i18n && ((k, s) => i18n.getMessage(k, s)));
  return source?.(key, subs.map(String)) || key;
}
