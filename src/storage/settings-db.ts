/**
 * Where the preferences live: a small IndexedDB database of the extension's
 * own origin (`backstop-settings`, one object store `settings`).
 *
 * Not `storage.local`: content scripts can write that area, so a page whose
 * renderer is compromised could switch auto-lock off, and a restarted
 * background would read it back (docs/security.md, "A compromised
 * renderer"). The extension's IndexedDB is reachable only from the
 * extension's own pages and background; content scripts run with the web
 * page's origin and see the page's databases, never this one. It is a
 * database of its own, apart from the vault's, so deleting the vault keeps
 * the preferences (as before) and the vault's schema stays untouched.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { BackstopError } from '../core/errors';

export const SETTINGS_DB_NAME = 'backstop-settings';
const STORE = 'settings';

/** A key-value area over that database (the shape of the background's storage ports). */
export class IdbSettingsArea {
  private dbPromise: Promise<IDBPDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name = SETTINGS_DB_NAME,
  ) {}

  private db(): Promise<IDBPDatabase> {
    this.dbPromise ??= (async () => {
      let request: IDBOpenDBRequest;
      try {
        request = this.factory.open(this.name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE);
        return (await wrap(request)) as unknown as IDBPDatabase;
      } catch (e) {
        throw new BackstopError(
          'storage-unavailable',
          'This browser profile does not allow extension storage (IndexedDB).',
          e,
        );
      }
    })().catch((e: unknown) => {
      this.dbPromise = null;
      throw e;
    });
    return this.dbPromise;
  }

  async get(key: string): Promise<unknown> {
    return (await this.db()).get(STORE, key);
  }

  async set(key: string, value: unknown): Promise<void> {
    await (await this.db()).put(STORE, value, key);
  }

  async remove(key: string): Promise<void> {
    await (await this.db()).delete(STORE, key);
  }

  close(): void {
    void this.dbPromise?.then((db) => db.close());
    this.dbPromise = null;
  }
}
