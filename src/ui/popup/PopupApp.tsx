/** The toolbar popup: a fixed 360×600 surface with the accounts in a stack. */
import { Header } from '../shared/Header';
import { t } from '../shared/i18n';
import { Accounts } from '../shared/screens/Accounts';
import { LoadFailed, NoVaultPopup, StorageUnavailable } from '../shared/screens/Simple';
import { Unlock } from '../shared/screens/Unlock';
import { useServices } from '../shared/services';
import { SessionProvider, useSession } from '../shared/session';
import { StatusBar, StatusProvider } from '../shared/status';

export function PopupApp() {
  return (
    <SessionProvider>
      <StatusProvider>
        <PopupShell />
      </StatusProvider>
    </SessionProvider>
  );
}

function PopupShell() {
  const { phase } = useSession();
  const { openManager } = useServices();
  return (
    <div class="popup-shell">
      <Header>
        {phase === 'unlocked' && (
          <button
            type="button"
            class="ghost-button"
            onClick={() => {
              void openManager();
            }}
          >
            {t('openManager')}
          </button>
        )}
      </Header>
      <main class="popup-main" aria-busy={phase === 'loading'}>
        {phase === 'unavailable' && <StorageUnavailable />}
        {phase === 'failed' && <LoadFailed />}
        {phase === 'no-vault' && <NoVaultPopup />}
        {phase === 'locked' && <Unlock />}
        {phase === 'unlocked' && <Accounts layout="stack" tabAware />}
      </main>
      <StatusBar />
    </div>
  );
}
