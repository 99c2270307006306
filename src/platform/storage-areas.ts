/**
 * The extension's storage areas as small key-value ports, so the background's
 * stores can be tested with in-memory fakes:
 * - `sessionArea()`: `storage.session`, memory only: survives service-worker
 *   restarts, cleared when the browser quits. Only trusted extension contexts
 *   can read it (content scripts cannot).
 * - `localArea()`: `storage.local`, on disk: the settings (nothing secret).
 */
import { browser } from './browser';

export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

function area(storage: typeof browser.storage.session): KeyValueArea {
  return {
    async get(key) {
      return (await storage.get(key))[key];
    },
    async set(key, value) {
      await storage.set({ [key]: value });
    },
    async remove(key) {
      await storage.remove(key);
    },
  };
}

export const sessionArea = (): KeyValueArea => area(browser.storage.session);
export const localArea = (): KeyValueArea => area(browser.storage.local);
