// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import english from '../../../public/_locales/en/messages.json';
import type { Catalog } from '../../i18n/format';
import type { Locale } from '../../i18n/locales';
import { ManagerApp } from '../manager/ManagerApp';
import { fakeBackground } from './testing/fake-background';
import { setMessageSource, sourceFromLocale, t, uiLanguage } from './i18n';
import { catalogKey, LANGUAGE_KEY, startLanguage, type LanguagePorts } from './language';
import { LanguageRoot } from './LanguageRoot';
import {
  cleanup,
  getByLabel,
  makeServices,
  MemoryStore,
  render,
  select,
  textOf,
  waitFor,
} from './testing/test-utils';

/** Small catalogs standing in for the package's files. */
const CATALOGS: Partial<Record<Locale, Catalog>> = {
  en: {
    catalogLocale: { message: 'en' },
    extName: { message: 'Backstop' },
    hello: { message: 'Hello' },
    onlyEnglish: { message: 'Only in English' },
    left: { message: '{$1, plural, one {# left} other {# left}}' },
  },
  de: {
    catalogLocale: { message: 'de' },
    extName: { message: 'Backstop' },
    hello: { message: 'Hallo' },
    left: { message: '{$1, plural, one {# übrig} other {# übrig}}' },
  },
  ar: {
    catalogLocale: { message: 'ar' },
    extName: { message: 'باكستوب' },
    hello: { message: 'مرحبا' },
    left: {
      message:
        '{$1, plural, zero {لا شيء} one {واحد} two {اثنان} few {# قليلة} many {# كثيرة} other {# متبقية}}',
    },
  },
  fr: { catalogLocale: { message: 'fr' }, hello: { message: 'Bonjour' } },
};

/** Ports of a browser whose language is `browser`, counting the catalogs read. */
function ports(browser: Locale, over: Partial<LanguagePorts> = {}) {
  const loads: Locale[] = [];
  const browserCatalog = sourceFromLocale(CATALOGS[browser]!);
  const englishCatalog = sourceFromLocale(CATALOGS.en!);
  const p: LanguagePorts & { loads: Locale[] } = {
    loads,
    // Like browser.i18n.getMessage: the browser's catalog, English for what it lacks, $n filled.
    getMessage: (key, subs = []) =>
      (browserCatalog(key) || englishCatalog(key)).replace(/[\ue001-\ue009]/g, (m) =>
        String(subs[m.charCodeAt(0) - 0xe001] ?? ''),
      ),
    browserLanguage: browser === 'en' ? 'en-GB' : browser,
    async loadCatalog(locale) {
      loads.push(locale);
      const catalog = CATALOGS[locale];
      if (!catalog) throw new Error(`no ${locale}`);
      return catalog;
    },
    local: new MemoryStore(),
    document,
    window,
    ...over,
  };
  return p;
}

afterEach(() => {
  cleanup();
  setMessageSource(sourceFromLocale(english));
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('dir');
});

describe('startLanguage', () => {
  it("speaks the browser's language at once, without reading any catalog", () => {
    const p = ports('de');
    const { control, ready } = startLanguage(p);
    expect(ready).toBeNull();
    expect(t('hello')).toBe('Hallo');
    expect(control.locale()).toBe('de');
    expect(control.browserLocale()).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    expect(document.documentElement.dir).toBe('ltr');
    expect(p.loads).toEqual([]);
  });

  it('reads only the chosen catalog when the browser speaks English, and labels the page', async () => {
    const p = ports('en');
    p.local!.setItem(LANGUAGE_KEY, 'ar');
    const { control, ready } = startLanguage(p);
    await ready;
    expect(p.loads).toEqual(['ar']);
    expect(t('hello')).toBe('مرحبا');
    expect(t('left', 2)).toBe('اثنان');
    expect(t('left', 0)).toBe('لا شيء');
    expect(t('onlyEnglish')).toBe('Only in English'); // per-key fallback
    expect(control.choice()).toBe('ar');
    expect(uiLanguage()).toBe('ar');
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.title).toBe('باكستوب');
  });

  it('falls back to English, not to the browser’s language, for a key the chosen one lacks', async () => {
    const p = ports('de');
    p.local!.setItem(LANGUAGE_KEY, 'fr');
    await startLanguage(p).ready;
    expect(p.loads.sort()).toEqual(['en', 'fr']);
    expect(t('hello')).toBe('Bonjour');
    expect(t('left', 3)).toBe('3 left');
  });

  it("uses the browser's own tag for dates and numbers in its own language", () => {
    const p = ports('en');
    p.local!.setItem(LANGUAGE_KEY, 'en');
    startLanguage(p);
    expect(uiLanguage()).toBe('en-GB');
  });

  it('ignores a damaged stored choice', () => {
    const p = ports('de');
    p.local!.setItem(LANGUAGE_KEY, 'klingon');
    const { control, ready } = startLanguage(p);
    expect(ready).toBeNull();
    expect(control.choice()).toBe('');
    expect(t('hello')).toBe('Hallo');
  });

  it('speaks the browser’s language when the chosen catalog cannot be read, and keeps the setting', async () => {
    const p = ports('de', {
      loadCatalog: () => Promise.reject(new Error('gone')),
    });
    p.local!.setItem(LANGUAGE_KEY, 'ar');
    await startLanguage(p).ready;
    expect(t('hello')).toBe('Hallo');
    expect(document.documentElement.dir).toBe('ltr');
    expect(p.local!.getItem(LANGUAGE_KEY)).toBe('ar');
  });

  it('switches on apply, records the choice for the other pages, and tells its listeners', async () => {
    const p = ports('en');
    const { control } = startLanguage(p);
    let switched = 0;
    control.subscribe(() => (switched += 1));
    await control.apply('de');
    expect(t('hello')).toBe('Hallo');
    expect(p.local!.getItem(LANGUAGE_KEY)).toBe('de');
    expect(switched).toBe(1);
    await control.apply('');
    expect(t('hello')).toBe('Hello');
    expect(p.local!.getItem(LANGUAGE_KEY)).toBe('');
  });

  it('changes nothing when a catalog cannot be read', async () => {
    const p = ports('en');
    const { control } = startLanguage(p);
    await control.apply('de');
    await expect(control.apply('ko')).rejects.toThrow('no ko');
    expect(t('hello')).toBe('Hallo');
    expect(control.choice()).toBe('de');
    expect(p.local!.getItem(LANGUAGE_KEY)).toBe('de');
  });

  it('ends in the last choice when an earlier catalog arrives later', async () => {
    let releaseGerman!: () => void;
    const p = ports('en');
    const load = p.loadCatalog;
    p.loadCatalog = async (l) => {
      if (l === 'de') await new Promise<void>((r) => (releaseGerman = r));
      return load(l);
    };
    const { control } = startLanguage(p);
    const german = control.apply('de');
    await control.apply('ar');
    releaseGerman();
    await german;
    expect(t('hello')).toBe('مرحبا');
    expect(control.choice()).toBe('ar');
  });

  it("follows another page's change of the shared copy (a storage event)", async () => {
    const p = ports('en');
    const { control } = startLanguage(p);
    window.dispatchEvent(new StorageEvent('storage', { key: LANGUAGE_KEY, newValue: 'de' }));
    await waitFor(() => expect(t('hello')).toBe('Hallo'));
    window.dispatchEvent(new StorageEvent('storage', { key: 'other', newValue: 'ar' }));
    window.dispatchEvent(new StorageEvent('storage', { key: LANGUAGE_KEY, newValue: null }));
    await waitFor(() => expect(t('hello')).toBe('Hello'));
    expect(control.choice()).toBe('');
  });
});

describe('startLanguage with kept catalogs (the popup renders without a fetch)', () => {
  const kept = (p: LanguagePorts) => ({
    ...p,
    catalogVersion: '1.2.0',
  });

  it('keeps the catalog it read; the next page speaks it at once and checks it against the package after', async () => {
    const first = ports('en');
    first.local!.setItem(LANGUAGE_KEY, 'ar');
    await startLanguage(kept(first)).ready;
    expect(first.local!.getItem(catalogKey('ar'))).toBe(`1.2.0\n${JSON.stringify(CATALOGS.ar)}`);

    setMessageSource(sourceFromLocale(english));
    const next = ports('en', { local: first.local });
    const { control, ready } = startLanguage(kept(next));
    expect(ready).toBeNull(); // nothing to wait for: render now
    expect(next.loads).toEqual(['ar']); // the check, started after the synchronous install
    expect(t('hello')).toBe('مرحبا');
    expect(t('onlyEnglish')).toBe('Only in English');
    expect(document.documentElement.dir).toBe('rtl');
    let switched = 0;
    control.subscribe(() => (switched += 1));
    await new Promise((r) => setTimeout(r, 0));
    expect(switched).toBe(0); // the package holds the same file: no second render
  });

  it('switches to the package’s text when the file changed under the same version', async () => {
    const p = ports('en');
    p.local!.setItem(LANGUAGE_KEY, 'ar');
    const old = { ...CATALOGS.ar, hello: { message: 'قديم' } };
    p.local!.setItem(catalogKey('ar'), `1.2.0\n${JSON.stringify(old)}`);
    const { control } = startLanguage(kept(p));
    expect(t('hello')).toBe('قديم');
    let switched = 0;
    control.subscribe(() => (switched += 1));
    await waitFor(() => expect(t('hello')).toBe('مرحبا'));
    expect(switched).toBe(1);
    expect(p.local!.getItem(catalogKey('ar'))).toContain('مرحبا');
  });

  it('does not use a copy of another version, a damaged copy or a copy that is not a catalog', async () => {
    for (const value of [
      `1.1.0\n${JSON.stringify(CATALOGS.ar)}`,
      '1.2.0\n{"hello": {"message": "cut off',
      '1.2.0\n{"hello": {"text": "no message"}}',
      JSON.stringify(CATALOGS.ar),
    ]) {
      setMessageSource(sourceFromLocale(english));
      const p = ports('en');
      p.local!.setItem(LANGUAGE_KEY, 'ar');
      p.local!.setItem(catalogKey('ar'), value);
      const { ready } = startLanguage(kept(p));
      expect(ready, value).not.toBeNull();
      await ready;
      expect(t('hello')).toBe('مرحبا');
      expect(p.local!.getItem(catalogKey('ar'))).toBe(`1.2.0\n${JSON.stringify(CATALOGS.ar)}`);
    }
  });

  it('needs English kept too when the browser speaks another language', async () => {
    const p = ports('de');
    p.local!.setItem(LANGUAGE_KEY, 'fr');
    p.local!.setItem(catalogKey('fr'), `1.2.0\n${JSON.stringify(CATALOGS.fr)}`);
    const { ready } = startLanguage(kept(p));
    expect(ready).not.toBeNull(); // English missing: read before the first render
    await ready;
    expect(t('left', 3)).toBe('3 left');
    expect(p.local!.getItem(catalogKey('en'))).not.toBeNull();

    setMessageSource(sourceFromLocale(english));
    const again = ports('de', { local: p.local });
    expect(startLanguage(kept(again)).ready).toBeNull();
    expect(t('hello')).toBe('Bonjour');
    expect(t('left', 3)).toBe('3 left');
  });

  it('keeps only the chosen language and English, and nothing without a version', async () => {
    const p = ports('en');
    const { control } = startLanguage(kept(p));
    await control.apply('de');
    await control.apply('ar');
    expect(p.local!.getItem(catalogKey('de'))).toBeNull();
    expect(p.local!.getItem(catalogKey('ar'))).not.toBeNull();
    await control.apply('');
    expect(p.local!.getItem(catalogKey('ar'))).toBeNull();
    await control.apply('ar'); // read once by this page, kept again
    expect(p.loads.filter((l) => l === 'ar')).toHaveLength(1);
    expect(p.local!.getItem(catalogKey('ar'))).not.toBeNull();

    const unversioned = ports('en');
    await startLanguage(unversioned).control.apply('ar');
    expect(unversioned.local!.getItem(catalogKey('ar'))).toBeNull();
  });

  it('goes on with the kept copy when the package cannot be read afterwards', async () => {
    const p = ports('en', { loadCatalog: () => Promise.reject(new Error('gone')) });
    p.local!.setItem(LANGUAGE_KEY, 'ar');
    p.local!.setItem(catalogKey('ar'), `1.2.0\n${JSON.stringify(CATALOGS.ar)}`);
    expect(startLanguage(kept(p)).ready).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    expect(t('hello')).toBe('مرحبا');
  });
});

describe('Language setting in the manager', () => {
  /** The manager with the real English messages, German and Arabic from tiny catalogs. */
  async function manager(stored = '', backgroundLanguage = stored) {
    const full: Catalog = { ...english, catalogLocale: { message: 'en' } };
    const p = ports('en', {
      getMessage: (key, subs = []) =>
        sourceFromLocale(full)(key).replace(/[\ue001-\ue009]/g, (m) =>
          String(subs[m.charCodeAt(0) - 0xe001] ?? ''),
        ),
      loadCatalog: async (l) => ({
        ...CATALOGS[l]!,
        language: { message: l === 'de' ? 'Sprache' : 'اللغة' },
        preferencesTitle: { message: l === 'de' ? 'Einstellungen' : 'التفضيلات' },
      }),
    });
    p.local!.setItem(LANGUAGE_KEY, stored);
    const { control, ready } = startLanguage(p);
    await ready;
    const bg = fakeBackground({ unlocked: true });
    bg.state.settings.language = backgroundLanguage;
    const root = await render(
      <LanguageRoot app={() => <ManagerApp />} />,
      makeServices(bg.send, { language: control }),
    );
    return { bg, root, control, p };
  }

  it('offers the browser’s language first, then every language in its own name', async () => {
    const { root } = await manager();
    const list = getByLabel<HTMLSelectElement>(root, 'Language');
    const options = [...list.options];
    expect(options[0]!.textContent).toBe('Browser language (English)');
    expect(options.map((o) => o.value).slice(1)).toHaveLength(17);
    expect(options.find((o) => o.value === 'ar')!.textContent).toBe('العربية');
    expect(options.find((o) => o.value === 'ar')!.lang).toBe('ar');
    expect(list.value).toBe('');
  });

  it('saves the choice in the background and re-renders the whole page in it', async () => {
    const { bg, root } = await manager();
    await select(getByLabel<HTMLSelectElement>(root, 'Language'), 'de');
    await waitFor(() => expect(bg.callsOf('settings.set')).toEqual([{ language: 'de' }]));
    await waitFor(() => expect(textOf(root)).toContain('Einstellungen'));
    expect(getByLabel<HTMLSelectElement>(root, 'Sprache').value).toBe('de');
    await select(getByLabel<HTMLSelectElement>(root, 'Sprache'), 'ar');
    await waitFor(() => getByLabel(root, 'اللغة'));
    expect(document.documentElement.dir).toBe('rtl');
  });

  it("takes the background's setting when the page's copy is stale", async () => {
    const { root, p } = await manager('', 'de');
    await waitFor(() => getByLabel(root, 'Sprache'));
    expect(p.local!.getItem(LANGUAGE_KEY)).toBe('de');
  });
});
