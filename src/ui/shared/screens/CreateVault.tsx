/** First run: choose the master passphrase. Only the manager page shows this screen. */
import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { Alert, Screen, useId } from '../components';
import { t } from '../i18n';
import { useSession } from '../session';
import { NewPassphraseFields } from '../NewPassphrase';
import { newPassphraseError } from '../strength';

export function CreateVault(props: { onCreated(): void }) {
  const { send, applyStatus } = useSession();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const warningId = useId('warning');
  const errorId = useId('create-error');
  const creating = useAction(async () => {
    const status = await send('vault.create', { passphrase });
    setPassphrase('');
    setConfirm('');
    props.onCreated();
    applyStatus(status);
  });

  async function submit(e: Event) {
    e.preventDefault();
    if (creating.busy) return;
    const problem = await newPassphraseError(passphrase, confirm);
    if (problem) return creating.setError(problem);
    await creating.run();
  }

  return (
    <Screen title={t('createTitle')} class="create-screen">
      <p class="lead">{t('createIntro')}</p>
      <form onSubmit={submit} noValidate aria-describedby={errorId}>
        <NewPassphraseFields
          label={t('masterPassphrase')}
          confirmLabel={t('confirmPassphrase')}
          passphrase={passphrase}
          confirm={confirm}
          onPassphrase={setPassphrase}
          onConfirm={setConfirm}
          describedBy={warningId}
          invalid={creating.error !== null}
          autoFocus
        />
        <div class="callout callout-warning" id={warningId}>
          <p>
            <strong>{t('noRecoveryTitle')}</strong> {t('noRecoveryBody')}
          </p>
        </div>
        <Alert message={creating.error} id={errorId} />
        <button
          type="submit"
          class="primary-button"
          disabled={creating.busy}
          aria-busy={creating.busy}
        >
          {creating.busy ? t('creating') : t('createVault')}
        </button>
      </form>
    </Screen>
  );
}
