/**
 * Which language a page speaks, and switching it while the page is open.
 *
 * The Language setting (docs/design.md §5) is stored by the background with
 * the other settings. Pages must know it *before* their first render, and a
 * round trip to a sleeping background would show a flash of the wrong
 * language, so every page keeps a copy in the extension's `localStorage`
 * (shared by all its pages, unreachable for web pages and content scripts),
 * reads it synchronously at start, and checks it against the background's
 * settings once rendered. Writing the copy fires a `storage` event in every
 * other open page, which switches too: no restart, no reload.
 *
 * The browser's `i18n.getMessage` only knows the browser's language, so
 * another language is read from the package itself
 * (`_locales/<locale>/messages.json`), English filling any key it lacks.
 * Only that one catalog is fetched, and only when it is not the browser's:
 * the popup never carries or loads the other fifteen (docs/design.md §6).
 *
 * A fetch before the first render cost the popup about 25 ms, over its
 * budget (docs/design.md §6), so every catalog read is also kept in the same
 * `localStorage`, stamped with the package's version: the next page starts
 * from that copy synchronously, then reads the package again after it has
 * rendered and switches only if the file changed (an unpacked build of the same version). Only the
 * chosen language and English are kept.
 */
import { parseCatalog, type Catalog } from '../../i18n/format';
import {
  intlTag,
  isLanguageChoice,
  isLocale,
  localeDir,
  LOCALES,
  type LanguageChoice,
  type Locale,
} from '../../i18n/locales';
import {
  ARG_MARKS,
  setMessageSource,
  sourceFromLocale,
  withFallback,
  type MessageSource,
} from './i18n';
import type { KeyValue } from './services';

/** The `localStorage` key of the pages' copy of the setting. */
export const LANGUAGE_KEY = 'backstop.language';

/** The `localStorage` key of a kept catalog: `<version>\n<messages JSON>`. */
export function catalogKey(locale: Locale): string {
  return `backstop.catalog.${locale}`;
}

export interface LanguagePorts {
  /** `browser.i18n.getMessage`: the catalog the browser chose for its own language. */
  getMessage(key: string, substitutions?: string[]): string;
  /** `browser.i18n.getUILanguage()`. */
  browserLanguage: string;
  /** Reads `_locales/<locale>/messages.json` from the package. */
  loadCatalog(locale: Locale): Promise<Catalog>;
  local: KeyValue | null;
  /**
   * The package's version (`runtime.getManifest().version`): a kept catalog of
   * another version is not used. Without it nothing is kept.
   */
  catalogVersion?: string;
  /** The page to label with `lang`, `dir` and its title. */
  document?: Document;
  /** Where other pages' changes of the shared copy arrive (`storage` events): the window. */
  window?: Pick<Window, 'addEventListener'>;
}

export interface LanguageControl {
  /** The setting as this page knows it: '' follows the browser. */
  choice(): LanguageChoice;
  /** The language the page speaks now. */
  locale(): Locale;
  /** The locale the browser chose for Backstop: what '' means. */
  browserLocale(): Locale;
  /**
   * Switches this page to `choice` and records it for the other pages.
   * Rejects (and changes nothing) when the catalog cannot be read.
   */
  apply(choice: LanguageChoice): Promise<void>;
  /** Called after every switch, to re-render. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/**
 * Installs the page's language from the stored copy. `ready` is null when the
 * messages are already in place (the browser's own language), else it
 * resolves once they are: render after it.
 */
export function startLanguage(ports: LanguagePorts): {
  control: LanguageControl;
  ready: Promise<void> | null;
} {
  const fromBrowser: MessageSource = (key) => ports.getMessage(key, ARG_MARKS);
  const marked = ports.getMessage('catalogLocale');
  const browserLocale: Locale = isLocale(marked) ? marked : 'en';
  const listeners = new Set<() => void>();
  const catalogs = new Map<Locale, Promise<Catalog>>();
  let choice: LanguageChoice = '';
  let locale: Locale = browserLocale;
  let generation = 0;

  const version = ports.catalogVersion;
  /** The kept copy of `l`'s catalog, or null (none, another version, damaged). */
  function keptCatalog(l: Locale): { text: string; catalog: Catalog } | null {
    if (!version) return null;
    try {
      const raw = ports.local?.getItem(catalogKey(l));
      const cut = raw?.indexOf('\n') ?? -1;
      if (!raw || cut < 0 || raw.slice(0, cut) !== version) return null;
      const text = raw.slice(cut + 1);
      return { text, catalog: parseCatalog(JSON.parse(text)) };
    } catch {
      return null; // damaged or unreadable: read the package instead
    }
  }
  /** Keeps `l`'s catalog; returns whether it differs from the copy kept before. */
  function keep(l: Locale, catalog: Catalog): boolean {
    if (!version) return false;
    const text = JSON.stringify(catalog);
    const changed = keptCatalog(l)?.text !== text;
    try {
      if (changed) ports.local?.setItem(catalogKey(l), `${version}\n${text}`);
    } catch {
      // Storage full or refused: the next page fetches the catalog again.
    }
    return changed;
  }
  /** Drops kept catalogs no page needs any more (a language chosen before). */
  function forgetOthers(target: Locale) {
    for (const l of LOCALES) {
      if (l === target || l === 'en') continue;
      try {
        if (ports.local?.getItem(catalogKey(l)) != null) ports.local?.removeItem(catalogKey(l));
      } catch {
        // Nothing to clean, or no storage.
      }
    }
  }

  const load = (l: Locale) => {
    let catalog = catalogs.get(l);
    if (!catalog) {
      catalog = ports.loadCatalog(l);
      // A failed read may succeed later (e.g. while the extension is updated).
      catalog.catch(() => catalogs.delete(l));
      catalogs.set(l, catalog);
    }
    return catalog;
  };

  function install(next: LanguageChoice, target: Locale, source: MessageSource, record = true) {
    choice = next;
    locale = target;
    setMessageSource(source, intlTag(target, ports.browserLanguage));
    const doc = ports.document;
    if (doc) {
      doc.documentElement.lang = intlTag(target, ports.browserLanguage);
      doc.documentElement.dir = localeDir(target);
      doc.title = source('extName') || doc.title;
    }
    if (record) forgetOthers(target);
    try {
      if (record && (ports.local?.getItem(LANGUAGE_KEY) ?? '') !== next)
        ports.local?.setItem(LANGUAGE_KEY, next);
    } catch {
      // Storage full or refused: this page still switched; the others follow on their next start.
    }
    for (const listener of listeners) listener();
  }

  async function apply(next: LanguageChoice): Promise<void> {
    const mine = ++generation;
    const target = next || browserLocale;
    if (target === browserLocale) return install(next, target, fromBrowser);
    const [catalog, english] = await Promise.all([
      load(target),
      browserLocale === 'en' ? null : load('en'),
    ]);
    if (mine !== generation) return; // a later choice won
    // Kept for the next page (again after a switch away dropped the copy).
    keep(target, catalog);
    if (english) keep('en', english);
    install(
      next,
      target,
      withFallback(sourceFromLocale(catalog), english ? sourceFromLocale(english) : fromBrowser),
    );
  }

  const control: LanguageControl = {
    choice: () => choice,
    locale: () => locale,
    browserLocale: () => browserLocale,
    apply,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  // Another page changed the setting (it wrote the shared copy): speak it too.
  ports.window?.addEventListener('storage', (event) => {
    if (event.key !== LANGUAGE_KEY) return;
    void apply(isLanguageChoice(event.newValue) ? event.newValue : '').catch(() => {});
  });

  let stored: string | null = null;
  try {
    stored = ports.local?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    // No storage: the browser's language.
  }
  const initial: LanguageChoice = isLanguageChoice(stored) ? stored : '';
  if ((initial || browserLocale) === browserLocale) {
    install(initial, browserLocale, fromBrowser);
    return { control, ready: null };
  }
  // The kept copies: render at once, then check them against the package.
  const target = initial as Locale;
  const kept = keptCatalog(target);
  const keptEnglish = browserLocale === 'en' ? null : keptCatalog('en');
  if (kept && (browserLocale === 'en' || keptEnglish)) {
    const english = keptEnglish ? sourceFromLocale(keptEnglish.catalog) : fromBrowser;
    install(initial, target, withFallback(sourceFromLocale(kept.catalog), english), false);
    const mine = generation;
    void Promise.all([ports.loadCatalog(target), keptEnglish && ports.loadCatalog('en')])
      .then(([catalog, en]) => {
        const changedTarget = keep(target, catalog);
        const changed = (en !== null && keep('en', en)) || changedTarget;
        if (!changed || mine !== generation) return; // same file, or another choice since
        catalogs.set(target, Promise.resolve(catalog));
        if (en) catalogs.set('en', Promise.resolve(en));
        return apply(initial);
      })
      .catch(() => {}); // the kept copy stays in use; the next start tries again
    return { control, ready: null };
  }
  // The catalog could not be read: speak the browser's language rather than nothing, and keep
  // the setting (a later start may read it).
  const ready = apply(initial).catch(() => install(initial, browserLocale, fromBrowser, false));
  return { control, ready };
}
