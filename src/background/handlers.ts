/**
 * One handler per protocol message (the compiler checks that none is
 * missing) and the sender policy. Browser specifics arrive through `deps`,
 * so these run in Node tests with fakes.
 */
import { planMerge, exportBackup, readBackupFile } from '../core/backup';
import { validateCodeList, type CodeEntry } from '../core/codes/list';
import { parseCodes } from '../core/codes/parse';
import { shapeForDomains } from '../core/codes/site-shape';
import { formatForField } from '../core/codes/format';
import { BackstopError } from '../core/errors';
import { remaining, summarize } from '../core/account';
import { accountsFromImports, readAccountImports } from '../core/importers/accounts';
import { normalizeWebsiteInput, registrableDomain } from '../core/sites/domain';
import { fillDecisionFor, normalizePinnedHosts } from '../core/sites/hosts';
import { challengeRuleForUrl, findSiteForUrl, isAppOnlyStep } from '../core/sites/registry';
import { readFieldContexts } from '../core/detect/context';
import { qualifyField } from '../core/detect/qualify';
import { accountChoices, accountsShownOnPage, readShownStrings } from '../core/shown-account';
import type { AccountDraft } from '../core/types';
import type { IndexEntry, UnlockedVault, VaultStore } from '../core/vault';
import {
  PAGE_ONLY,
  type ContentWords,
  type Handlers,
  type MessageName,
  type SenderInfo,
  type SiteRuleHint,
  type TabContext,
} from '../messages';
import type { ClaimLimits } from './claim-limits';
import type { ClipboardClearing } from './clipboard';
import type { FieldFrames } from './fields';
import type { PendingSubmits } from './submits';
import type { Session } from './session';
import type { SettingsStore } from './settings';

export type FrameFill = 'filled' | 'choosing' | false;

export interface TabsPort {
  /** The active tab of the last focused window. */
  activeTab(): Promise<{ id: number; url: string } | null>;
  /**
   * Asks one frame's content script to fill (it then claims the code
   * itself): `filled`, `choosing` (the account menu opened on its field
   * instead), or false when that frame did neither. `focusedOnly`: fill only
   * the frame's focused field, and only if the frame has focus.
   */
  fillFrame(
    tabId: number,
    frameId: number,
    accountId?: string,
    focusedOnly?: boolean,
  ): Promise<FrameFill>;
}

export interface BackgroundDeps {
  store: VaultStore;
  session: Session;
  settings: SettingsStore;
  fields: FieldFrames;
  /** How many codes pages may ask for (claim-limits.ts). */
  limits: ClaimLimits;
  /** Clears a copied code after the delay and on lock (clipboard.ts). */
  clipboard: ClipboardClearing;
  tabs: TabsPort;
  crypto: Crypto;
  now: () => number;
  /** PBKDF2 iterations for a new vault (calibrated in this browser). */
  calibrate: () => Promise<number>;
  /** The content script's words in a Language setting (see `language.ts`). */
  contentWords: (language: string) => Promise<ContentWords>;
  /** The Language setting changed: menus and open pages' content scripts follow. */
  languageChanged?: (language: string) => void;
  /** Codes armed to be confirmed when their page goes away (./submits.ts). */
  submits: Pick<PendingSubmits, 'forget'>;
}

/** Vault management only from the extension's own pages; `page.*` only from content scripts. */
export function authorize(name: MessageName, sender: SenderInfo): void {
  if (PAGE_ONLY.has(name)) {
    if (sender.extensionPage || sender.tabId === undefined || !sender.url) {
      throw new BackstopError(
        'forbidden-sender',
        'Only a web page’s Backstop helper may send this.',
      );
    }
  } else if (!sender.extensionPage) {
    throw new BackstopError('forbidden-sender', 'Only Backstop’s own pages may manage the vault.');
  }
}

function isSandboxed(sender: SenderInfo, reported: boolean): boolean {
  return reported === true || sender.origin === 'null';
}

/** What the site registry knows about a frame's URL (for the page and for qualification). */
function siteHintFor(url: string): SiteRuleHint | null {
  if (isAppOnlyStep(url)) return { appOnly: true };
  const challenge = challengeRuleForUrl(url);
  const site = challenge?.site ?? findSiteForUrl(url);
  if (!site) return null;
  const hint: SiteRuleHint = { isChallengeStep: challenge !== null };
  if (site.sharedWithAppCodes !== null) hint.sharedWithAppCodes = site.sharedWithAppCodes;
  if (challenge && site.field?.selectors?.length) hint.fieldSelectors = site.field.selectors;
  return hint;
}

function frameUrl(sender: SenderInfo): string {
  if (!sender.url) throw new BackstopError('origin-not-allowed', 'This page cannot receive codes.');
  return sender.url;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

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

/** A frame as the fill decision sees it. */
interface FrameFacts {
  /** The frame's URL, or only its origin (what FieldFrames keeps). */
  url: string;
  sandboxed: boolean;
  /** The frame's URL is a step that takes only authenticator codes. */
  appOnly: boolean;
}

function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function createHandlers(deps: BackgroundDeps): Handlers {
  const { store, session, settings, fields, limits, tabs, clipboard, submits } = deps;

  const vault = () => session.require();

  /**
   * Accounts whose codes may go into the frame: the origin policy, the login
   * hosts and pinned hosts (core/sites/hosts.ts), never an app-only step.
   */
  async function accountsForFrame(v: UnlockedVault, frame: FrameFacts): Promise<IndexEntry[]> {
    if (frame.sandboxed || frame.appOnly) return [];
    const accounts = await v.summaries();
    return accounts.filter((a) => fillDecisionFor({ url: frame.url, sandboxed: false }, a).allowed);
  }

  /**
   * Why the tab at `url` gets nothing although accounts match its domain: the
   * first such account's site and the hosts its codes do fill on.
   */
  function notOfferedHere(accounts: IndexEntry[], url: string): TabContext['notOffered'] {
    for (const a of accounts) {
      const d = fillDecisionFor({ url, sandboxed: false }, a);
      if (!d.allowed && d.reason === 'not-login-host') {
        return { site: d.rule.kind === 'login' ? d.rule.site : a.site, hosts: d.rule.hosts };
      }
    }
    return undefined;
  }

  const status = async () => {
    try {
      const exists = await store.exists();
      return { exists, unlocked: exists && (await session.current()) !== null };
    } catch (e) {
      if (e instanceof BackstopError && e.code === 'storage-unavailable') {
        return { exists: false, unlocked: false, storageUnavailable: true };
      }
      throw e;
    }
  };

  return {
    'vault.status': status,

    async 'vault.create'({ passphrase }) {
      if (await store.exists())
        throw new BackstopError('vault-exists', 'A vault already exists in this browser.');
      const v = await store.create(passphrase, await deps.calibrate());
      await session.start(v);
      return status();
    },

    async 'vault.unlock'({ passphrase }) {
      const v = await store.unlock(passphrase);
      await session.start(v);
      // The list comes from the encrypted index; reading every record to find
      // damaged ones happens afterwards and shows up in the next list.
      void v.listAccounts().catch(() => undefined);
      return { corruptedRecords: v.corrupted };
    },

    async 'ui.copied'() {
      await vault(); // only an unlocked vault has codes to copy
      await clipboard.copied((await settings.get()).clipboardClearSeconds);
    },

    async 'vault.lock'() {
      await session.lock();
      return status();
    },

    async 'vault.changePassphrase'({ current, next, reencrypt }) {
      await vault();
      if (reencrypt === true) {
        // The session holds the old data key, which opens nothing any more.
        await session.start(await store.changePassphraseAndReencrypt(current, next));
        return;
      }
      await store.changePassphrase(current, next);
    },

    async 'vault.delete'({ confirm, passphrase }) {
      if (confirm !== 'DELETE') {
        throw new BackstopError('invalid-input', 'Type DELETE to confirm deleting the vault.');
      }
      if (typeof passphrase !== 'string' || passphrase === '') {
        throw new BackstopError(
          'wrong-passphrase',
          'Enter the master passphrase to delete the vault.',
        );
      }
      // The passphrase is checked before anything changes: a wrong one neither locks nor deletes.
      await store.destroy(passphrase);
      await session.lock();
      return status();
    },

    async 'vault.touch'() {
      await session.touch();
    },

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

    async 'backup.export'({ passphrase }) {
      const v = await vault();
      if (typeof passphrase !== 'string' || passphrase === '') {
        throw new BackstopError(
          'invalid-input',
          'Choose a passphrase for the backup (it can be your master passphrase).',
        );
      }
      const { accounts } = await v.listAccounts();
      const json = await exportBackup(accounts, {
        passphrase,
        // The backup reuses the vault's iteration count, read from the header
        // as it is now (a passphrase change may have set a new one).
        iterations: (await store.readHeader()).kdf.iterations,
        crypto: deps.crypto,
        now: deps.now,
      });
      return { fileName: `backstop-backup-${today(deps.now())}.json`, json };
    },

    async 'backup.preview'({ json, passphrase }) {
      const v = await vault();
      const { version, accounts } = await readBackupFile(json, passphrase, deps.crypto);
      const existing = (await v.listAccounts()).accounts;
      return {
        ...planMerge(existing, accounts, { now: deps.now() }).preview,
        fileVersion: version,
      };
    },

    async 'backup.import'({ json, passphrase, addDomains }) {
      const v = await vault();
      // Decrypt and validate everything first; then one all-or-nothing write. An existing
      // account gains only the domains the person confirmed, one by one, in the preview.
      const { version, accounts: incoming } = await readBackupFile(json, passphrase, deps.crypto);
      if (addDomains !== undefined && !Array.isArray(addDomains)) {
        throw new BackstopError('invalid-input', 'The confirmed domains must be a list.');
      }
      const plan = planMerge((await v.listAccounts()).accounts, incoming, {
        now: deps.now(),
        addDomains: addDomains ?? [],
      });
      await v.putAccounts(plan.result);
      return { ...plan.preview, fileVersion: version };
    },

    async 'backup.plaintext'({ confirm }) {
      if (confirm !== true)
        throw new BackstopError('invalid-input', 'Confirm the plaintext export first.');
      return (await (await vault()).listAccounts()).accounts;
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
