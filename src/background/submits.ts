/**
 * Submits the background confirms when the page goes away (docs/architecture.md,
 * _Submit_). After a fill, and again on each trusted submit, the content
 * script posts on its `SUBMIT_PORT` port "if this frame leaves within N ms, the
 * code was submitted". When the port disconnects (full navigation, tab closed,
 * frame removed, page put in the back/forward cache) within that window, the
 * code is confirmed `used` here.
 *
 * Why a port and not a last message from `pagehide`: Firefox delivers a
 * closing tab's messages after `tabs.onRemoved`, without `sender.tab`, so
 * they cannot be told from any other sender and are refused (issue 13). A
 * disconnect needs nothing from the dying page.
 *
 * What a page cannot do through this: confirm a code that was not filled on
 * its own origin (the origin is the port's sender URL, and `confirm` only
 * turns a code `filled` there into `used`), or arm a code at all (only our
 * content script can open the port, and it arms only after a fill or a
 * trusted submit).
 */
import type { SenderInfo, SubmitWatch } from '../messages';
import type { Session } from './session';

/** The longest window a content script may ask for. */
export const MAX_SUBMIT_WINDOW_MS = 10_000;

export interface SubmitPortSession {
  /** A message posted on the port. */
  message(payload: unknown): void;
  /** The port disconnected: the frame went away (or its content script stopped). */
  gone(): Promise<void>;
}

interface Armed {
  accountId: string;
  codeId: string;
  origin: string;
  until: number;
}

function isWatch(m: unknown): m is SubmitWatch {
  const w = m as Partial<SubmitWatch> | null | undefined;
  return (
    typeof w?.accountId === 'string' &&
    typeof w.codeId === 'string' &&
    typeof w.windowMs === 'number' &&
    Number.isFinite(w.windowMs)
  );
}

export class PendingSubmits {
  /** Armed codes of each open port, by code id. */
  private readonly ports = new Set<Map<string, Armed>>();

  constructor(
    private readonly confirm: (accountId: string, codeId: string, origin: string) => Promise<void>,
    private readonly now: () => number,
  ) {}

  /**
   * A content script opened the port. Only a web frame's content script may
   * (the same rule as `page.*` messages); anything else gets no session.
   */
  open(sender: SenderInfo): SubmitPortSession | undefined {
    if (sender.extensionPage || sender.tabId === undefined || !sender.url) return undefined;
    let origin: string;
    try {
      origin = new URL(sender.url).origin;
    } catch {
      return undefined;
    }
    if (origin === 'null') return undefined;
    const armed = new Map<string, Armed>();
    this.ports.add(armed);
    return {
      message: (payload) => {
        if (!isWatch(payload)) return;
        const ms = Math.min(Math.max(payload.windowMs, 0), MAX_SUBMIT_WINDOW_MS);
        if (ms === 0) armed.delete(payload.codeId);
        else
          armed.set(payload.codeId, {
            accountId: payload.accountId,
            codeId: payload.codeId,
            origin,
            until: this.now() + ms,
          });
      },
      gone: async () => {
        this.ports.delete(armed);
        const at = this.now();
        for (const a of armed.values()) {
          if (at > a.until) continue;
          // One code's failure (locked vault, account deleted) leaves the others.
          await this.confirm(a.accountId, a.codeId, a.origin).catch(() => undefined);
        }
      },
    };
  }

  /**
   * The code was confirmed, undone or marked by hand some other way: a later
   * disconnect must not change it again (e.g. undo "used" back to "filled",
   * then close the tab).
   */
  forget(codeId: string): void {
    for (const armed of this.ports) armed.delete(codeId);
  }
}

/**
 * The confirm the background wires in: only while the vault is unlocked (a
 * locked vault leaves the code `filled`, never handed out again).
 */
export const confirmOnLeave =
  (session: Pick<Session, 'current'>) =>
  async (accountId: string, codeId: string, origin: string): Promise<void> => {
    await (await session.current())?.confirmUsed(accountId, codeId, origin);
  };
