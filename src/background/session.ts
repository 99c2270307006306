/**
 * The unlocked state. The raw DEK and the last-activity time live in
 * `storage.session` (memory only, trusted contexts only), so a restarted
 * service worker re-imports the key instead of asking for the passphrase —
 * until the auto-lock timeout, which is checked on every wake-up because
 * timers die with the worker.
 */
import { fromBase64, toBase64 } from '../core/bytes';
import { BackstopError } from '../core/errors';
import type { UnlockedVault, VaultStore } from '../core/vault';
import type { KeyValueArea } from '../platform/storage-areas';
import type { SettingsStore } from './settings';

interface SessionRecord {
  vaultId: string;
  key: string;
  lastActivity: number;
}

const KEY = 'unlocked';
/** Activity is written at most this often (storage writes are not free). */
const TOUCH_EVERY_MS = 5_000;

export interface SessionHooks {
  onLocked?: () => void | Promise<void>;
  onUnlocked?: () => void | Promise<void>;
}

export class Session {
  private vault: UnlockedVault | null = null;
  private lastActivity = 0;
  private restoring: Promise<UnlockedVault | null> | null = null;

  constructor(
    private readonly store: VaultStore,
    private readonly area: KeyValueArea,
    private readonly settings: SettingsStore,
    private readonly now: () => number,
    private readonly hooks: SessionHooks = {},
  ) {}

  /** Keeps a freshly unlocked (or created) vault for this browser session. */
  async start(vault: UnlockedVault): Promise<void> {
    this.vault?.lock();
    this.vault = vault;
    this.lastActivity = this.now();
    const record: SessionRecord = {
      vaultId: vault.vaultId,
      key: toBase64(vault.rawKey),
      lastActivity: this.lastActivity,
    };
    await this.area.set(KEY, record);
    await this.hooks.onUnlocked?.();
  }

  /** The open vault, restoring it after a worker restart; null when locked or timed out. */
  async current(): Promise<UnlockedVault | null> {
    if (this.vault) {
      if (await this.expired(this.lastActivity)) {
        await this.lock();
        return null;
      }
      return this.vault;
    }
    this.restoring ??= this.restore().finally(() => (this.restoring = null));
    return this.restoring;
  }

  private async restore(): Promise<UnlockedVault | null> {
    const record = (await this.area.get(KEY)) as Partial<SessionRecord> | undefined;
    const raw = fromBase64(record?.key);
    if (
      !record ||
      !raw ||
      typeof record.vaultId !== 'string' ||
      typeof record.lastActivity !== 'number'
    ) {
      if (record) await this.lock();
      return null;
    }
    if (await this.expired(record.lastActivity)) {
      await this.lock();
      return null;
    }
    try {
      this.vault = await this.store.resume(record.vaultId, raw);
      this.lastActivity = record.lastActivity;
      return this.vault;
    } catch {
      await this.lock();
      return null;
    }
  }

  private async expired(lastActivity: number): Promise<boolean> {
    const minutes = (await this.settings.get()).autoLockMinutes;
    return minutes !== null && this.now() - lastActivity >= minutes * 60_000;
  }

  /** The open vault or a `locked` error. */
  async require(): Promise<UnlockedVault> {
    const vault = await this.current();
    if (!vault) throw new BackstopError('locked', 'Backstop is locked. Unlock it first.');
    return vault;
  }

  /** Records user activity (resets the auto-lock clock). */
  async touch(): Promise<void> {
    if (!(await this.current())) return;
    const now = this.now();
    if (now - this.lastActivity < TOUCH_EVERY_MS) return;
    this.lastActivity = now;
    const record = (await this.area.get(KEY)) as SessionRecord | undefined;
    if (record) await this.area.set(KEY, { ...record, lastActivity: now });
  }

  /** Checks the timeout (called by the alarm). */
  async check(): Promise<void> {
    await this.current();
  }

  async lock(): Promise<void> {
    this.vault?.lock();
    this.vault = null;
    await this.area.remove(KEY);
    await this.hooks.onLocked?.();
  }

  isOpen(): boolean {
    return this.vault !== null;
  }
}
