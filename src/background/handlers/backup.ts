/** `backup.*`: the encrypted backup file out and in (core/backup/), and the plaintext export. */
import { planMerge, exportBackup, readBackupFile } from '../../core/backup';
import { BackstopError } from '../../core/errors';
import type { BackgroundDeps, HandlerFamily } from './deps';

function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function backupHandlers(deps: BackgroundDeps): HandlerFamily<'backup'> {
  const { store, session } = deps;
  const vault = () => session.require();

  return {
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
  };
}
