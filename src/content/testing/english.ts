// The content script's words in English for DOM tests, as the background
// hands them over (`page.words`, src/background/language.ts).
import english from '../../../public/_locales/en/messages.json';
import { contentForm } from '../../i18n/content-form';
import { sourceFromLocale } from '../../i18n/format';
import { setContentWords } from '../../platform/content-i18n';
import type { ContentWords } from '../../messages';

/** The content words of a catalog, in the form `page.words` answers with. */
export function contentWordsOf(
  catalog: Record<string, { message: string }>,
  lang: string,
  dir: 'ltr' | 'rtl' = 'ltr',
): ContentWords {
  const source = sourceFromLocale(catalog);
  const text: ContentWords['text'] = {};
  for (const key of Object.keys(catalog).filter((k) => k.startsWith('content')))
    text[key.slice('content'.length)] = contentForm(source(key)!);
  return { lang, dir, text };
}

/** Points the content script's lookups at the English messages. */
export function useEnglishContentText(): void {
  setContentWords(contentWordsOf(english, 'en'));
}
