/** `accounts.*` and `codes.*`: what the manager and the popup change in the unlocked vault. */
import { validateCodeList, type CodeEntry } from '../../core/codes/list';
import { parseCodes } from '../../core/codes/parse';
import { shapeForDomains } from '../../core/codes/site-shape';
import { BackstopError } from '../../core/errors';
import { summarize } from '../../core/account';
import { accountsFromImports, readAccountImports } from '../../core/importers/accounts';
import { normalizeWebsiteInput } from '../../core/sites/domain';
import { normalizePinnedHosts } from '../../core/sites/hosts';
import type { AccountDraft } from '../../core/types';
import type { BackgroundDeps, HandlerFamily } from './deps';

/**
 * The codes to save: the preview's list as approved (checked, never parsed
 * again, so what is saved is what was shown), or text read here exactly as the
 * preview reads it in smart mode, with the site's shape.
 */
function codesForAccount(
  input: { codes?: unknown; codesText?: unknown },
  domains: readonly string[],
): CodeEntry[] {
  if (input.codes !== undefined && input.codesText !== undefined) {
    throw new BackstopError('invalid-input', 'Send the codes either as a list or as text.');
  }
  if (input.codes !== undefined) return validateCodeList(input.codes);
  if (typeof input.codesText !== 'string')
    throw new BackstopError('invalid-input', 'Paste the backup codes.');
  const { codes } = parseCodes(input.codesText, { shape: shapeForDomains(domains) });
  return codes.map(({ value, used }) => ({ value, used }));
}

function normalizeDraft(draft: AccountDraft): AccountDraft {
  if (!draft || !Array.isArray(draft.domains)) {
    throw new BackstopError('invalid-input', 'Enter the website these codes are for.');
  }
  const domains = [
    ...new Set(
      draft.domains
        .filter((d) => typeof d === 'string' && d.trim() !== '')
        .map((d) => normalizeWebsiteInput(d)),
    ),
  ];
  if (draft.hosts === undefined) return { ...draft, domains };
  if (!Array.isArray(draft.hosts) || !draft.hosts.every((h) => typeof h === 'string')) {
    throw new BackstopError('invalid-input', 'Pinned hosts must be a list of host names.');
  }
  // Each pinned host must lie within the account's own domains (docs/sites.md).
  return { ...draft, domains, hosts: normalizePinnedHosts(draft.hosts, domains) };
}

export function accountHandlers(deps: BackgroundDeps): HandlerFamily<'accounts' | 'codes'> {
  const { session, settings, submits } = deps;
  const vault = () => session.require();

  return {
    async 'accounts.list'() {
      const v = await vault();
      const { lowCodesThreshold } = await settings.get();
      const accounts = (await v.summaries()).map((e) => ({
        id: e.id,
        site: e.site,
        domains: e.domains,
        username: e.username,
        total: e.total,
        left: e.left,
        low: e.left <= lowCodesThreshold,
      }));
      return { accounts, corruptedRecords: v.corrupted };
    },

    async 'accounts.get'({ id }) {
      return (await vault()).getAccount(id);
    },

    async 'accounts.add'(req) {
      const v = await vault();
      const normalized = normalizeDraft(req.draft);
      return v.addAccount(normalized, codesForAccount(req, normalized.domains));
    },

    async 'accounts.import'(payload) {
      const v = await vault();
      // Everything is checked before anything is written; then one all-or-nothing write.
      const accounts = accountsFromImports(readAccountImports(payload), deps);
      await v.putAccounts(accounts);
      const { lowCodesThreshold } = await settings.get();
      return { added: accounts.map((a) => summarize(a, lowCodesThreshold)) };
    },

    async 'accounts.update'({ id, draft }) {
      return (await vault()).updateAccount(id, normalizeDraft(draft));
    },

    async 'accounts.delete'({ id }) {
      await (await vault()).deleteAccount(id);
    },

    async 'codes.mark'({ accountId, codeId, used }) {
      submits.forget(codeId);
      return (await vault()).markCode(accountId, codeId, used === true);
    },

    async 'codes.undo'({ accountId, codeId }) {
      submits.forget(codeId);
      return (await vault()).undo(accountId, codeId);
    },

    async 'codes.replace'(req) {
      const v = await vault();
      const { domains } = await v.getAccount(req.accountId);
      return v.replaceCodes(req.accountId, codesForAccount(req, domains));
    },
  };
}
