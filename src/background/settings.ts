/**
 * Preferences: not secret (no user data), so they are kept in plain form and
 * can be read while the vault is locked (auto-lock needs them). They live in
 * the extension's own IndexedDB (src/storage/settings-db.ts), which content
 * scripts cannot reach; `storage.local`, where earlier versions kept them and
 * content scripts can write, is read once to move them over and then cleared.
 */
import { BackstopError } from '../core/errors';
import { DEFAULT_SETTINGS, type Settings } from '../core/types';
import { isLanguageChoice } from '../i18n/locales';
import type { KeyValueArea } from '../platform/storage-areas';

const KEY = 'settings';
const AUTO_LOCK: ReadonlyArray<Settings['autoLockMinutes']> = [1, 5, 15, 60, null];

/** Validates a partial update; unknown keys and out-of-range values are refused. */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new BackstopError('invalid-input', 'Settings must be an object.');
  }
  const out: Partial<Settings> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'autoLockMinutes') {
      if (!AUTO_LOCK.includes(value as Settings['autoLockMinutes'])) {
        throw new BackstopError(
          'invalid-input',
          'Auto-lock must be 1, 5, 15 or 60 minutes, or only on browser restart.',
        );
      }
      out.autoLockMinutes = value as Settings['autoLockMinutes'];
    } else if (key === 'clipboardClearSeconds') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 5 || value > 600) {
        throw new BackstopError(
          'invalid-input',
          'The clipboard delay must be between 5 and 600 seconds.',
        );
      }
      out.clipboardClearSeconds = value;
    } else if (key === 'lowCodesThreshold') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 50) {
        throw new BackstopError('invalid-input', 'The low-codes warning must be between 0 and 50.');
      }
      out.lowCodesThreshold = value;
    } else if (key === 'language') {
      if (!isLanguageChoice(value)) {
        throw new BackstopError('invalid-input', 'That language is not one Backstop speaks.');
      }
      out.language = value;
    } else {
      throw new BackstopError('invalid-input', `Unknown setting “${key}”.`);
    }
  }
  return out;
}

/**
 * The background is the only writer of the settings, so after the first read
 * they are served from memory: the auto-lock check runs on every message, and
 * a storage read each time would sit on the path of every fill.
 */
export class SettingsStore {
  private cached: Settings | null = null;
  private loading: Promise<Settings> | null = null;

  /**
   * @param area where the settings live (the extension's IndexedDB)
   * @param legacy `storage.local`, where earlier versions kept them: read once
   *   when `area` has none, moved over (values validated like any update) and
   *   removed, so a later write there by anyone changes nothing
   */
  constructor(
    private readonly area: KeyValueArea,
    private readonly legacy?: KeyValueArea,
  ) {}

  async get(): Promise<Settings> {
    if (this.cached) return { ...this.cached };
    this.loading ??= this.load().finally(() => (this.loading = null));
    return { ...(await this.loading) };
  }

  private async load(): Promise<Settings> {
    let stored: unknown;
    try {
      stored = await this.area.get(KEY);
      if (stored === undefined && this.legacy) stored = await this.migrate(this.legacy);
    } catch {
      // Storage that cannot be read (a private-only profile): safe defaults
      // for this session, nothing written anywhere else instead.
      return { ...DEFAULT_SETTINGS };
    }
    let settings: Settings;
    try {
      settings = { ...DEFAULT_SETTINGS, ...validateSettingsPatch(stored ?? {}) };
    } catch {
      // Damaged preferences fall back to safe defaults rather than blocking the vault.
      settings = { ...DEFAULT_SETTINGS };
    }
    this.cached = settings;
    return settings;
  }

  /** Moves the settings of `storage.local` over, once; what is not valid is dropped. */
  private async migrate(legacy: KeyValueArea): Promise<Settings> {
    const old = await legacy.get(KEY);
    let settings: Settings = { ...DEFAULT_SETTINGS };
    try {
      settings = { ...settings, ...validateSettingsPatch(old ?? {}) };
    } catch {
      // An invalid value (written by something other than Backstop): defaults.
    }
    await this.area.set(KEY, settings);
    await legacy.remove(KEY);
    return settings;
  }

  async set(patch: unknown): Promise<Settings> {
    const next = { ...(await this.get()), ...validateSettingsPatch(patch) };
    await this.area.set(KEY, next);
    this.cached = next;
    return { ...next };
  }
}
