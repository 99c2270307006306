/** Locked vault: ask for the master passphrase. */
import { useEffect, useState } from 'preact/hooks';
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || paused) return;
    if (!passphrase) return setError(t('errEnterPassphrase'));
    setBusy(true);
    setError(null);
    try {
      const result = await send('vault.unlock', { passphrase });
      resetBackoff(local);
      setPassphrase('');
      setCorruptedRecords(result.corruptedRecords);
      applyStatus({ exists: true, unlocked: true });
    } catch (err) {
      setError(describeError(err));
      if (errorCode(err) === 'wrong-passphrase') {
        const state = recordFailure(local, now());
        if (state.until) {
          setUntil(state.until);
          // Announced once (politely), not every second of the countdown.
          setPauseNotice(t('backoffNotice', Math.ceil((state.until - now()) / 1000)));
        }
      }
    } finally {
      setBusy(false);
    }
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
          invalid={error !== null}
          autoFocus
        />
        <Alert message={error} />
        <button type="submit" class="primary-button" disabled={busy || paused} aria-busy={busy}>
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
