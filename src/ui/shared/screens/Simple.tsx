/** Small screens: no vault yet (popup), storage unavailable, background not answering. */
import { Screen } from '../components';
import { t } from '../i18n';
import { useServices } from '../services';
import { useSession } from '../session';

export function NoVaultPopup() {
  const { openManager } = useServices();
  return (
    <Screen title={t('welcomeTitle')}>
      <p class="lead">{t('welcomeBody')}</p>
      <button
        type="button"
        class="primary-button"
        onClick={() => {
          void openManager();
        }}
      >
        {t('openSetup')}
      </button>
    </Screen>
  );
}

export function StorageUnavailable() {
  return (
    <Screen title={t('unavailableTitle')}>
      <p class="lead">{t('unavailableBody')}</p>
    </Screen>
  );
}

export function LoadFailed() {
  const { reload } = useSession();
  return (
    <Screen title={t('failedTitle')}>
      <p class="lead">{t('failedBody')}</p>
      <button type="button" class="secondary-button" onClick={() => void reload()}>
        {t('tryAgain')}
      </button>
    </Screen>
  );
}
