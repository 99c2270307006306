/**
 * `page.*`: what a web page's content script may ask (authorize() lets only
 * content scripts send these): report a field, qualify one, claim a code,
 * confirm or undo a fill. The frame's own URL, never the page's word, decides.
 */
import { BackstopError } from '../../core/errors';
import { remaining } from '../../core/account';
import { formatForField } from '../../core/codes/format';
import { readFieldContexts } from '../../core/detect/context';
import { qualifyField } from '../../core/detect/qualify';
import { findSiteForUrl, isAppOnlyStep } from '../../core/sites/registry';
import { accountChoices, accountsShownOnPage, readShownStrings } from '../../core/shown-account';
import type { BackgroundDeps, HandlerFamily } from './deps';
import { accountsForFrame, frameUrl, isSandboxed, originOf, siteHintFor } from './frames';

export function pageHandlers(deps: BackgroundDeps): HandlerFamily<'page'> {
  const { session, settings, fields, limits, submits } = deps;
  const vault = () => session.require();

  return {
    async 'page.fieldFound'({ hasField, sandboxed }, sender) {
      const url = frameUrl(sender);
      const appOnly = isAppOnlyStep(url);
      await fields.report(sender.tabId!, sender.frameId ?? 0, url, hasField === true, appOnly);
      if (!hasField) return { state: 'none' };
      const v = await session.current();
      if (!v) return { state: 'locked' };
      const allowed = await accountsForFrame(v, {
        url,
        sandboxed: isSandboxed(sender, sandboxed),
        appOnly,
      });
      const withCodes = allowed.filter((a) => a.left > 0);
      const best = withCodes[0];
      if (!best)
        return allowed[0] ? { state: 'exhausted', site: allowed[0].site } : { state: 'none' };
      return {
        state: 'available',
        left: withCodes.reduce((n, a) => n + a.left, 0),
        site: best.site,
        username: best.username,
      };
    },

    async 'page.siteHint'(_payload, sender) {
      return siteHintFor(frameUrl(sender));
    },

    // Page text arrives here only from Backstop's own content scripts, is
    // qualified in memory and dropped: never stored, logged or sent on.
    async 'page.qualify'(payload, sender) {
      const hint = siteHintFor(frameUrl(sender));
      return readFieldContexts(payload).map((ctx) => qualifyField(ctx, hint));
    },

    async 'page.claimCode'({ accountId, sandboxed, shown }, sender) {
      const url = frameUrl(sender);
      const v = await vault();
      if (isSandboxed(sender, sandboxed)) {
        throw new BackstopError(
          'origin-not-allowed',
          'Backstop never fills codes into sandboxed frames.',
        );
      }
      if (isAppOnlyStep(url)) {
        throw new BackstopError(
          'origin-not-allowed',
          'This step only accepts authenticator-app codes; a backup code would be wasted here.',
        );
      }
      const allowed = await accountsForFrame(v, { url, sandboxed: false, appOnly: false });
      if (
        !allowed.length ||
        (accountId !== undefined && !allowed.some((a) => a.id === accountId))
      ) {
        throw new BackstopError('origin-not-allowed', 'Backstop has no codes for this site.');
      }
      const evidence = readShownStrings(shown);
      let chosen = accountId ?? (allowed.length === 1 ? allowed[0]!.id : undefined);
      if (chosen === undefined) {
        // docs/design.md §4 "Several accounts on one site": the account the
        // page shows, else the person chooses in Backstop's menu.
        const ids = accountsShownOnPage(allowed, evidence);
        const among = ids ? allowed.filter((a) => ids.includes(a.id)) : allowed;
        const usable = among.filter((a) => a.left > 0);
        if (ids && !usable.length) {
          // Another account's code would be refused by the site and spent for nothing.
          throw new BackstopError(
            'no-codes-left',
            'Every backup code of the account this page is for has been used.',
          );
        }
        if (among.length === 1) chosen = among[0]!.id;
        else if (usable.length) return { choose: accountChoices(among) };
        // Otherwise every code of every account is spent: the claim says so.
      }
      const origin = originOf(url);
      // A code filled here just now is handed out again; a fresh one only
      // within the tab's and the origin's limits (claim-limits.ts).
      const claim = await limits.claim(sender.tabId!, origin, (fresh) =>
        v.claimNextCode(origin, chosen, { fresh }),
      );
      // Activity is recorded after the answer leaves: the person is waiting
      // for the code, not for the auto-lock clock (a storage round trip).
      void session.touch().catch(() => undefined);
      const rule = findSiteForUrl(url);
      return {
        code: rule ? formatForField(claim.code.value, rule.format.fill) : claim.code.value,
        accountId: claim.account.id,
        codeId: claim.code.id,
        left: remaining(claim.account),
      };
    },

    async 'page.submitted'({ accountId, codeId }, sender) {
      // Confirmed now: the page leaving later must not confirm it again after an undo.
      submits.forget(codeId);
      await (await vault()).confirmUsed(accountId, codeId, originOf(frameUrl(sender)));
    },

    async 'page.undoFill'({ accountId, codeId }, sender) {
      const v = await vault();
      const origin = originOf(frameUrl(sender));
      const code = (await v.getAccount(accountId)).codes.find((c) => c.id === codeId);
      // A page can only undo a fill that happened on its own origin.
      if (!code || code.origin !== origin || code.state === 'unused') {
        throw new BackstopError('not-found', 'There is nothing to undo here.');
      }
      submits.forget(codeId);
      await v.undo(accountId, codeId);
    },

    async 'page.words'() {
      return deps.contentWords((await settings.get()).language);
    },

    async 'page.openPopup'() {
      // The toolbar popup cannot be opened programmatically everywhere; the
      // inline button tells the person to click the Backstop icon instead.
      throw new BackstopError('invalid-input', 'Click the Backstop icon in the toolbar to unlock.');
    },
  };
}
