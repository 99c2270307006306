/**
 * Renders the page again, whole, whenever its language changes (the Language
 * setting, here or in another open page), so every `t()` speaks the new one;
 * state lives in hooks below and survives. Also checks once that the page's
 * copy of the setting matches the background's (see `language.ts`).
 */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isLanguageChoice } from '../../i18n/locales';
import { useServices } from './services';

export function LanguageRoot(props: { app: () => VNode }) {
  const { language, send } = useServices();
  const [, setVersion] = useState(0);

  useEffect(() => language?.subscribe(() => setVersion((v) => v + 1)), [language]);

  useEffect(() => {
    if (!language) return;
    send('settings.get').then(
      (settings) => {
        const stored = isLanguageChoice(settings.language) ? settings.language : '';
        const speaking = stored || language.browserLocale();
        if (stored !== language.choice() || speaking !== language.locale())
          void language.apply(stored).catch(() => {});
      },
      () => {}, // the background is not answering: the page already says so
    );
  }, [language, send]);

  // A new element each time: returning the same children would let Preact skip them.
  return props.app();
}
