/** Locked vault: ask for the master passphrase. */
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../action';
import { Alert, PassphraseInput, Screen } from '../components';
import { describeError, errorCode } from '../errors';
import { t } from '../i18n';
import { readBackoff, recordFailure, resetBackoff } from '../backoff';
import { useServices } from '../services';
import { useSession } from '../session';

export function Unlock() {
  const { local, now } = useServices();
  const { send, applyStatus, setCorruptedRecords } = useSession();
  const [passphrase, setPassphrase] = useState('');
  const [until, setUntil] = useState(() => readBackoff(local).until);
  const [secondsLeft, setSecondsLeft] = useState(() =>
    Math.max(0, Math.ceil((until - now()) / 1000)),
  );
  const [pauseNotice, setPauseNotice] = useState('');

  useEffect(() => {
    const tick = () => setSecondsLeft(Math.max(0, Math.ceil((until - now()) / 1000)));
    tick();
    if (until <= now()) return;
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [until, now]);

  const paused = secondsLeft > 0;

  const unlocking = useAction(
    async () => {
      const result = await send('vault.unlock', { passphrase });
      resetBackoff(local);
      setPassphrase('');
      setCorruptedRecords(result.corruptedRecords);
      applyStatus({ exists: true, unlocked: true });
    },
    {
      onError(err) {
        if (errorCode(err) === 'wrong-passphrase') {
          const state = recordFailure(local, now());
          if (state.until) {
            setUntil(state.until);
            // Announced once (politely), not every second of the countdown.
            setPauseNotice(t('backoffNotice', Math.ceil((state.until - now()) / 1000)));
          }
        }
        return describeError(err);
      },
    },
  );

  async function submit(e: Event) {
    e.preventDefault();
    if (unlocking.busy || paused) return;
    if (!passphrase) return unlocking.setError(t('errEnterPassphrase'));
    await unlocking.run();
  }

  return (
    <Screen title={t('lockedTitle')} class="unlock-screen">
      <p class="lead">{t('lockedIntro')}</p>
      <form onSubmit={submit} noValidate>
        <PassphraseInput
          label={t('masterPassphrase')}
          value={passphrase}
          onInput={setPassphrase}
          autoComplete="current-password"
          invalid={unlocking.error !== null}
          autoFocus
        />
        <Alert message={unlocking.error} />
        <button
          type="submit"
          class="primary-button"
          disabled={unlocking.busy || paused}
          aria-busy={unlocking.busy}
        >
          {t('unlock')}
        </button>
        <p class="hint countdown" aria-hidden={!paused}>
          {paused ? t('backoffCountdown', secondsLeft) : '\u00a0'}
        </p>
        <p class="visually-hidden" role="status" aria-live="polite">
          {paused ? pauseNotice : ''}
        </p>
      </form>
    </Screen>
  );
}
