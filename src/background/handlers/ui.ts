/**
 * `ui.*` and `settings.*`: what the popup and the manager ask about the
 * browser around them (the active tab, the clipboard) and the settings.
 */
import { BackstopError } from '../../core/errors';
import { registrableDomain } from '../../core/sites/domain';
import { fillDecisionFor } from '../../core/sites/hosts';
import type { TabContext } from '../../messages';
import type { BackgroundDeps, HandlerFamily } from './deps';
import { accountsForFrame, notOfferedHere } from './frames';

export function uiHandlers(deps: BackgroundDeps): HandlerFamily<'ui' | 'settings'> {
  const { session, settings, fields, tabs, clipboard } = deps;
  const vault = () => session.require();

  return {
    async 'ui.copied'() {
      await vault(); // only an unlocked vault has codes to copy
      await clipboard.copied((await settings.get()).clipboardClearSeconds);
    },

    async 'settings.get'() {
      return settings.get();
    },

    async 'settings.set'(patch) {
      const before = (await settings.get()).language;
      const next = await settings.set(patch);
      await session.check();
      if (next.language !== before) deps.languageChanged?.(next.language);
      return next;
    },

    async 'ui.tabContext'() {
      const tab = await tabs.activeTab();
      const empty = {
        tabId: tab?.id ?? null,
        domain: null,
        hasField: false,
        matchingAccountIds: [],
      };
      if (!tab) return empty;
      const domain = registrableDomain(tab.url);
      const v = await session.current();
      if (!domain || !v) return { ...empty, domain };
      const accounts = await v.summaries();
      const onDomain = accounts.filter((a) => a.domains.includes(domain));
      let hasField = false;
      for (const frame of await fields.framesOf(tab.id)) {
        if ((await accountsForFrame(v, { url: frame.origin, sandboxed: false, ...frame })).length)
          hasField = true;
      }
      const context: TabContext = {
        tabId: tab.id,
        domain,
        hasField,
        matchingAccountIds: onDomain.map((a) => a.id),
      };
      // Accounts match the domain, yet none of them fills on this host: say why.
      const onHost = onDomain.filter(
        (a) => fillDecisionFor({ url: tab.url, sandboxed: false }, a).allowed,
      );
      const notOffered = onHost.length ? undefined : notOfferedHere(onDomain, tab.url);
      if (notOffered) context.notOffered = notOffered;
      return context;
    },

    async 'ui.fillActiveTab'({ accountId }) {
      const v = await vault();
      if (typeof accountId !== 'string') {
        throw new BackstopError('invalid-input', 'Choose the account to fill.');
      }
      const tab = await tabs.activeTab();
      if (!tab) throw new BackstopError('not-found', 'No page is open in this window.');
      for (const frame of await fields.framesOf(tab.id)) {
        const allowed = await accountsForFrame(v, {
          url: frame.origin,
          sandboxed: false,
          ...frame,
        });
        if (allowed.some((a) => a.id === accountId)) {
          if ((await tabs.fillFrame(tab.id, frame.frameId, accountId)) === 'filled') return;
        }
      }
      throw new BackstopError('not-found', 'This page has no backup-code field Backstop can fill.');
    },
  };
}
