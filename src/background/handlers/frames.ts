/**
 * The facts about a frame that the `ui.*` and `page.*` handlers decide on:
 * which accounts may fill it (core/sites/hosts.ts), what the site registry
 * knows about its URL, and why a tab gets nothing.
 */
import { BackstopError } from '../../core/errors';
import { fillDecisionFor } from '../../core/sites/hosts';
import { challengeRuleForUrl, findSiteForUrl, isAppOnlyStep } from '../../core/sites/registry';
import type { IndexEntry, UnlockedVault } from '../../core/vault';
import type { SenderInfo, SiteRuleHint, TabContext } from '../../messages';

/** A frame as the fill decision sees it. */
export interface FrameFacts {
  /** The frame's URL, or only its origin (what FieldFrames keeps). */
  url: string;
  sandboxed: boolean;
  /** The frame's URL is a step that takes only authenticator codes. */
  appOnly: boolean;
}

export function isSandboxed(sender: SenderInfo, reported: boolean): boolean {
  return reported === true || sender.origin === 'null';
}

/** What the site registry knows about a frame's URL (for the page and for qualification). */
export function siteHintFor(url: string): SiteRuleHint | null {
  if (isAppOnlyStep(url)) return { appOnly: true };
  const challenge = challengeRuleForUrl(url);
  const site = challenge?.site ?? findSiteForUrl(url);
  if (!site) return null;
  const hint: SiteRuleHint = { isChallengeStep: challenge !== null };
  if (site.sharedWithAppCodes !== null) hint.sharedWithAppCodes = site.sharedWithAppCodes;
  if (challenge && site.field?.selectors?.length) hint.fieldSelectors = site.field.selectors;
  return hint;
}

export function frameUrl(sender: SenderInfo): string {
  if (!sender.url) throw new BackstopError('origin-not-allowed', 'This page cannot receive codes.');
  return sender.url;
}

export function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * Accounts whose codes may go into the frame: the origin policy, the login
 * hosts and pinned hosts (core/sites/hosts.ts), never an app-only step.
 */
export async function accountsForFrame(v: UnlockedVault, frame: FrameFacts): Promise<IndexEntry[]> {
  if (frame.sandboxed || frame.appOnly) return [];
  const accounts = await v.summaries();
  return accounts.filter((a) => fillDecisionFor({ url: frame.url, sandboxed: false }, a).allowed);
}

/**
 * Why the tab at `url` gets nothing although accounts match its domain: the
 * first such account's site and the hosts its codes do fill on.
 */
export function notOfferedHere(accounts: IndexEntry[], url: string): TabContext['notOffered'] {
  for (const a of accounts) {
    const d = fillDecisionFor({ url, sandboxed: false }, a);
    if (!d.allowed && d.reason === 'not-login-host') {
      return { site: d.rule.kind === 'login' ? d.rule.site : a.site, hosts: d.rule.hosts };
    }
  }
  return undefined;
}
