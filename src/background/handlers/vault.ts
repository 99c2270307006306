/** `vault.*`: create, unlock, lock, change the passphrase, delete; the session keeps the key. */
import { BackstopError } from '../../core/errors';
import type { BackgroundDeps, HandlerFamily } from './deps';

export function vaultHandlers(deps: BackgroundDeps): HandlerFamily<'vault'> {
  const { store, session } = deps;
  const vault = () => session.require();

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
  };
}
