/** First run: choose the master passphrase. Only the manager page shows this screen. */
import { useState } from 'preact/hooks';
import { Alert, PassphraseInput, Screen, StrengthMeter, useId } from '../components';
import { describeError } from '../errors';
import { t } from '../i18n';
import { MIN_PASSPHRASE_LENGTH } from '../../../core/passphrase';
import { checkNewPassphrase } from '../passphrase';
import { useSession } from '../session';
import { scorePassphrase, useStrength } from '../strength';

export function CreateVault(props: { onCreated(): void }) {
  const { send, applyStatus } = useSession();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const strength = useStrength(passphrase);
  const meterId = useId('strength');
  const warningId = useId('warning');
  const errorId = useId('create-error');

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    // Score the exact text being submitted (the meter is debounced).
    const score = await scorePassphrase(passphrase);
    const problem = checkNewPassphrase(passphrase, confirm, score);
    if (problem === 'too-short') return setError(t('errTooShort', MIN_PASSPHRASE_LENGTH));
    if (problem === 'too-weak') return setError(t('errTooWeak'));
    if (problem === 'mismatch') return setError(t('errMismatch'));
    setError(null);
    setBusy(true);
    try {
      const status = await send('vault.create', { passphrase });
      setPassphrase('');
      setConfirm('');
      props.onCreated();
      applyStatus(status);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen title={t('createTitle')} class="create-screen">
      <p class="lead">{t('createIntro')}</p>
      <form onSubmit={submit} noValidate aria-describedby={errorId}>
        <PassphraseInput
          label={t('masterPassphrase')}
          value={passphrase}
          onInput={setPassphrase}
          autoComplete="new-password"
          describedBy={`${meterId} ${warningId}`}
          invalid={error !== null}
          autoFocus
        />
        <StrengthMeter id={meterId} passphrase={passphrase} strength={strength} />
        <PassphraseInput
          label={t('confirmPassphrase')}
          value={confirm}
          onInput={setConfirm}
          autoComplete="new-password"
          invalid={error !== null}
        />
        <div class="callout callout-warning" id={warningId}>
          <p>
            <strong>{t('noRecoveryTitle')}</strong> {t('noRecoveryBody')}
          </p>
        </div>
        <Alert message={error} id={errorId} />
        <button type="submit" class="primary-button" disabled={busy} aria-busy={busy}>
          {busy ? t('creating') : t('createVault')}
        </button>
      </form>
    </Screen>
  );
}
