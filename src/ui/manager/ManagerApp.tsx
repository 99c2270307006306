/** The full-page manager: everything the popup does, plus backup, settings and first-run setup. */
import { useEffect, useState } from 'preact/hooks';
import type { Account } from '../../core/types';
import { useId } from '../shared/components';
import { Header } from '../shared/Header';
import { t } from '../shared/i18n';
import { Accounts } from '../shared/screens/Accounts';
import { CreateVault } from '../shared/screens/CreateVault';
import { LoadFailed, StorageUnavailable } from '../shared/screens/Simple';
import { Unlock } from '../shared/screens/Unlock';
import { useServices } from '../shared/services';
import { SessionProvider, useSession } from '../shared/session';
import { StatusBar, StatusProvider } from '../shared/status';
import { ExportBackup, ImportBackup, PrintableExport } from './BackupPanel';
import { ImportOtherPanel } from './ImportOtherPanel';
import { PrintView } from './PrintView';
import { ChangePassphrase, DeleteVault, LanguageSelect, Preferences } from './SettingsPanel';

export function ManagerApp() {
  return (
    <SessionProvider>
      <StatusProvider>
        <ManagerShell />
      </StatusProvider>
    </SessionProvider>
  );
}

function ManagerShell() {
  const { phase } = useSession();
  const { print, now } = useServices();
  const [justCreated, setJustCreated] = useState(false);
  const [printable, setPrintable] = useState<{ accounts: Account[]; at: number } | null>(null);

  // Locking (by hand or auto-lock) drops the plaintext copy from memory.
  useEffect(() => {
    if (phase !== 'unlocked') setPrintable(null);
  }, [phase]);

  if (printable && phase === 'unlocked') {
    return (
      <PrintView
        accounts={printable.accounts}
        printedAt={printable.at}
        onPrint={print}
        onClose={() => setPrintable(null)}
      />
    );
  }

  return (
    <div class="manager-shell">
      <Header />
      <main class="manager-main" aria-busy={phase === 'loading'}>
        {phase === 'unavailable' && <StorageUnavailable />}
        {phase === 'failed' && <LoadFailed />}
        {phase === 'no-vault' && <CreateVault onCreated={() => setJustCreated(true)} />}
        {phase === 'locked' && <Unlock />}
        {(phase === 'no-vault' || phase === 'locked') && (
          // Someone who cannot read the browser's language can switch before creating or unlocking.
          <div class="language-corner">
            <LanguageSelect />
          </div>
        )}
        {phase === 'unlocked' && (
          <UnlockedManager
            showBackupNudge={justCreated}
            onDismissNudge={() => setJustCreated(false)}
            onPrintable={(accounts) => setPrintable({ accounts, at: now() })}
          />
        )}
      </main>
      <div class="manager-status">
        <StatusBar />
      </div>
    </div>
  );
}

function UnlockedManager(props: {
  showBackupNudge: boolean;
  onDismissNudge(): void;
  onPrintable(accounts: Account[]): void;
}) {
  const exportId = useId('export-button');
  const ids = {
    accounts: useId('sec-accounts'),
    backup: useId('sec-backup'),
    importOther: useId('sec-import-other'),
    settings: useId('sec-settings'),
  };
  return (
    <>
      <nav class="page-nav" aria-label={t('pageSections')}>
        <a href={`#${ids.accounts}`}>{t('accounts')}</a>
        <a href={`#${ids.backup}`}>{t('backupSection')}</a>
        <a href={`#${ids.settings}`}>{t('settingsSection')}</a>
      </nav>
      {props.showBackupNudge && (
        <div class="callout callout-accent nudge" role="note">
          <p>
            <strong>{t('nudgeTitle')}</strong> {t('nudgeBody')}
          </p>
          <div class="button-row">
            <button
              type="button"
              class="primary-button"
              onClick={() => {
                const button = document.getElementById(exportId);
                button?.scrollIntoView?.({ block: 'center' });
                button?.focus();
                props.onDismissNudge();
              }}
            >
              {t('nudgeAction')}
            </button>
            <button type="button" class="secondary-button" onClick={props.onDismissNudge}>
              {t('notNow')}
            </button>
          </div>
        </div>
      )}
      <section class="page-section" aria-labelledby={`${ids.accounts}-h`} id={ids.accounts}>
        <h2 class="section-title" id={`${ids.accounts}-h`}>
          {t('accounts')}
        </h2>
        <Accounts layout="split" tabAware={false} />
      </section>
      <section class="page-section" aria-labelledby={`${ids.backup}-h`} id={ids.backup}>
        <h2 class="section-title" id={`${ids.backup}-h`}>
          {t('backupSection')}
        </h2>
        <div class="card-grid">
          <ExportBackup exportButtonId={exportId} />
          <ImportBackup />
          <PrintableExport onShow={props.onPrintable} />
        </div>
      </section>
      <section class="page-section" aria-labelledby={`${ids.importOther}-h`} id={ids.importOther}>
        <h2 class="section-title" id={`${ids.importOther}-h`}>
          {t('importOtherSection')}
        </h2>
        <ImportOtherPanel />
      </section>
      <section class="page-section" aria-labelledby={`${ids.settings}-h`} id={ids.settings}>
        <h2 class="section-title" id={`${ids.settings}-h`}>
          {t('settingsSection')}
        </h2>
        <div class="card-grid">
          <Preferences />
          <ChangePassphrase />
          <DeleteVault />
        </div>
      </section>
    </>
  );
}
