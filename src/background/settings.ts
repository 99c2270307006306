/**
 * Preferences: not secret (no user data), so they live in `storage.local` in
 * plain form and can be read while the vault is locked (auto-lock needs them).
 */
import { BackstopError } from '../core/errors';
import { DEFAULT_SETTINGS, type Settings } from '../core/types';
import { isLanguageChoice } from '../i18n/locales';
import type { KeyValueArea } from '../platform/storage-areas';

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
 * a `storage.local` read each time would sit on the path of every fill.
 */
export class SettingsStore {
  private cached: Settings | null = null;

  constructor(private readonly area: KeyValueArea) {}

  async get(): Promise<Settings> {
    if (this.cached) return { ...this.cached };
    const stored = await this.area.get('settings');
    let settings: Settings;
    try {
      settings = { ...DEFAULT_SETTINGS, ...validateSettingsPatch(stored ?? {}) };
    } catch {
      // Damaged preferences fall back to safe defaults rather than blocking the vault.
      settings = { ...DEFAULT_SETTINGS };
    }
    this.cached = settings;
    return { ...settings };
  }

  async set(patch: unknown): Promise<Settings> {
    const next = { ...(await this.get()), ...validateSettingsPatch(patch) };
    await this.area.set('settings', next);
    this.cached = next;
    return { ...next };
  }
}
