// The content script's words in English for DOM tests: jsdom has no
// `i18n.getMessage`, so without this every text would show its key.
import english from '../../../public/_locales/en/messages.json';
import { setContentMessages } from '../../platform/content-i18n';

const messages: Record<string, { message: string } | undefined> = english;

/** Points the content script's lookups at the English messages, `$1`…`$9` filled in. */
export function useEnglishContentText(): void {
  setContentMessages(
    (key, subs) =>
      messages[key]?.message.replace(/\$([1-9])/g, (_, n: string) => subs[Number(n) - 1] ?? '') ??
      '',
  );
}
