/**
 * The background's answer to every protocol message and the sender policy.
 * Each message family has its file in handlers/ (vault, accounts and codes,
 * backup, ui and settings, page); here they are merged, and the `Handlers`
 * type makes a missing one a compile error. Browser specifics arrive through
 * `deps` (handlers/deps.ts), so these run in Node tests with fakes.
 */
import { BackstopError } from '../core/errors';
import { PAGE_ONLY, type Handlers, type MessageName, type SenderInfo } from '../messages';
import { accountHandlers } from './handlers/accounts';
import { backupHandlers } from './handlers/backup';
import type { BackgroundDeps } from './handlers/deps';
import { pageHandlers } from './handlers/page';
import { uiHandlers } from './handlers/ui';
import { vaultHandlers } from './handlers/vault';

export type { BackgroundDeps, FrameFill, TabsPort } from './handlers/deps';

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

export function createHandlers(deps: BackgroundDeps): Handlers {
  return {
    ...vaultHandlers(deps),
    ...accountHandlers(deps),
    ...backupHandlers(deps),
    ...uiHandlers(deps),
    ...pageHandlers(deps),
  };
}
