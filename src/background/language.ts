/**
 * The background's words in the Language setting (docs/i18n.md): the context
 * menu title, and the few strings the content script shows on web pages.
 *
 * `browser.i18n.getMessage` speaks only the browser's language, so a chosen
 * other language is read from the package (`_locales/<locale>/messages.json`,
 * English for what it lacks), once per worker and language.
 */
import {
  ARG_MARKS,
  formatMessage,
  sourceFromLocale,
  withFallback,
  type Catalog,
  type MessageSource,
} from '../i18n/format';
import { intlTag, isLanguageChoice, isLocale, localeDir, type Locale } from '../i18n/locales';
import { contentForm } from '../i18n/content-form';
import type { ContentWords } from '../messages';

export interface LanguagePorts {
  /** `browser.i18n.getMessage`: the catalog the browser chose for its own language. */
  getMessage(key: string, substitutions?: string[]): string;
  /** `browser.i18n.getUILanguage()`. */
  browserLanguage: string;
  /** Reads `_locales/<locale>/messages.json` from the package. */
  loadCatalog(locale: Locale): Promise<Catalog>;
}

/** Words in one language, ready to show. */
export interface Words {
  locale: Locale;
  /** BCP 47 tag, for `lang` and `Intl`. */
  tag: string;
  dir: 'ltr' | 'rtl';
  /** The message `key` with plural blocks decided and `subs` filled in. */
  t(key: string, ...subs: (string | number)[]): string;
  /** The message's template as a source gives it ('' when there is none). */
  template(key: string): string;
}

export class BackgroundLanguage {
  private readonly catalogs = new Map<Locale, Promise<Catalog>>();
  private readonly fromBrowser: MessageSource;
  private readonly browserLocale: Locale;

  constructor(private readonly ports: LanguagePorts) {
    this.fromBrowser = (key) => ports.getMessage(key, ARG_MARKS);
    const marked = ports.getMessage('catalogLocale');
    this.browserLocale = isLocale(marked) ? marked : 'en';
  }

  /**
   * The words of `choice` (a Language setting: '' is the browser's). A
   * catalog that cannot be read leaves the browser's language, never nothing.
   */
  async words(choice: string): Promise<Words> {
    const wanted = isLanguageChoice(choice) && choice ? choice : this.browserLocale;
    let locale: Locale = this.browserLocale;
    let source = this.fromBrowser;
    if (wanted !== this.browserLocale) {
      try {
        const [catalog, english] = await Promise.all([
          this.load(wanted),
          this.browserLocale === 'en' ? null : this.load('en'),
        ]);
        source = withFallback(
          sourceFromLocale(catalog),
          english ? sourceFromLocale(english) : this.fromBrowser,
        );
        locale = wanted;
      } catch {
        // Keep the browser's language (and try the file again next time).
      }
    }
    const tag = intlTag(locale, this.ports.browserLanguage);
    return {
      locale,
      tag,
      dir: localeDir(locale),
      t: (key, ...subs) => {
        const template = source(key);
        return template ? formatMessage(template, subs, tag) : key;
      },
      template: source,
    };
  }

  /**
   * The content script's messages (keys starting with `content`) in `choice`,
   * in the small form it reads without a formatter of its own (see
   * `ContentWords`): the content script must stay under its 20 KB budget.
   */
  async contentWords(choice: string): Promise<ContentWords> {
    const [words, english] = await Promise.all([this.words(choice), this.load('en')]);
    const text: ContentWords['text'] = {};
    for (const key of Object.keys(english)) {
      if (!key.startsWith('content')) continue;
      const template = words.template(key);
      // Without the prefix: the content script names its words `'Undo'`, not `'contentUndo'`.
      if (template) text[key.slice('content'.length)] = contentForm(template);
    }
    return { lang: words.tag, dir: words.dir, text };
  }

  private load(locale: Locale): Promise<Catalog> {
    let catalog = this.catalogs.get(locale);
    if (!catalog) {
      catalog = this.ports.loadCatalog(locale);
      catalog.catch(() => this.catalogs.delete(locale));
      this.catalogs.set(locale, catalog);
    }
    return catalog;
  }
}
