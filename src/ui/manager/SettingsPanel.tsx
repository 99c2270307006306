/** Manager: change passphrase, auto-lock, clipboard clearing, low-codes warning, delete vault. */
import { useState } from 'preact/hooks';
import type { Settings } from '../../core/types';
import { LANGUAGE_NAMES, LOCALES, isLanguageChoice, localeTag } from '../../i18n/locales';
import { useAction } from '../shared/action';
import { ActionCard } from './ActionCard';
import { Alert, PassphraseInput, useId } from '../shared/components';
import { describeError } from '../shared/errors';
import { t } from '../shared/i18n';
import { useServices } from '../shared/services';
import { useSession } from '../shared/session';
import { useAnnounce } from '../shared/status';
import { NewPassphraseFields } from '../shared/NewPassphrase';
import { newPassphraseError } from '../shared/strength';

export function ChangePassphrase() {
  const { send } = useSession();
  const { announce } = useAnnounce();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  // `reencrypt`: the second button, which also replaces the data key.
  const changing = useAction(async (reencrypt: boolean) => {
    await send('vault.changePassphrase', { current, next, reencrypt });
    setCurrent('');
    setNext('');
    setConfirm('');
    announce(t(reencrypt ? 'passphraseChangedReencrypted' : 'passphraseChanged'));
  });

  async function submit(everything: boolean) {
    if (!current) return changing.setError(t('errEnterCurrent'));
    const problem = await newPassphraseError(next, confirm);
    if (problem) return changing.setError(problem);
    await changing.run(everything);
  }

  return (
    <ActionCard
      title={t('changePassphraseTitle')}
      body={t('changePassphraseBody')}
      action={changing}
      onSubmit={() => submit(false)}
      submitLabel={t('changePassphrase')}
      also={{ label: t('changePassphraseReencrypt'), onClick: () => submit(true) }}
    >
      <PassphraseInput
        label={t('currentPassphrase')}
        value={current}
        onInput={setCurrent}
        autoComplete="current-password"
      />
      <NewPassphraseFields
        label={t('newPassphrase')}
        confirmLabel={t('confirmNewPassphrase')}
        passphrase={next}
        confirm={confirm}
        onPassphrase={setNext}
        onConfirm={setConfirm}
      />
    </ActionCard>
  );
}

const AUTO_LOCK: { value: Settings['autoLockMinutes']; key: string }[] = [
  { value: 1, key: 'lock1' },
  { value: 5, key: 'lock5' },
  { value: 15, key: 'lock15' },
  { value: 60, key: 'lock60' },
  { value: null, key: 'lockRestart' },
];
export const CLIPBOARD_SECONDS = [10, 20, 30, 60, 120] as const;
export const LOW_THRESHOLDS = [0, 1, 2, 3, 4, 5] as const;

/**
 * The Language setting (docs/design.md §5): the browser's language by
 * default, or one of Backstop's; each named in its own language. Saved by the
 * background, then applied to this page and, through `language.ts`, to every
 * other open page and the content scripts (docs/i18n.md).
 */
export function LanguageSelect() {
  const { send, settings, setSettings } = useSession();
  const { language } = useServices();
  const { announce } = useAnnounce();
  const [error, setError] = useState<string | null>(null);
  const id = useId('language');
  const current = language ? language.choice() : settings.language;
  const browserLocale = language?.browserLocale() ?? 'en';

  async function choose(value: string) {
    if (!isLanguageChoice(value)) return;
    setError(null);
    try {
      setSettings(await send('settings.set', { language: value }));
    } catch (e) {
      return setError(describeError(e));
    }
    try {
      await language?.apply(value);
      announce(t('settingsSaved'));
    } catch {
      setError(t('errLanguage', LANGUAGE_NAMES[value || browserLocale]));
    }
  }

  return (
    <div class="field">
      <label for={id}>{t('language')}</label>
      <select id={id} value={current} onChange={(e) => void choose(e.currentTarget.value)}>
        <option value="">{t('languageBrowser', LANGUAGE_NAMES[browserLocale])}</option>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={localeTag(l)}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      <Alert message={error} />
    </div>
  );
}

export function Preferences() {
  const { send, settings, setSettings } = useSession();
  const { announce } = useAnnounce();
  const [error, setError] = useState<string | null>(null);
  const ids = { lock: useId('autolock'), clip: useId('clip'), low: useId('low') };

  // Not a useAction: each choice is saved at once, even while an earlier one
  // is on its way, so there is no busy state to wait for.
  async function save(patch: Partial<Settings>) {
    setError(null);
    try {
      setSettings(await send('settings.set', patch));
      announce(t('settingsSaved'));
    } catch (e) {
      setError(describeError(e));
    }
  }

  // Keep an unusual stored value selectable instead of silently showing another one.
  const clipOptions = CLIPBOARD_SECONDS.includes(
    settings.clipboardClearSeconds as (typeof CLIPBOARD_SECONDS)[number],
  )
    ? [...CLIPBOARD_SECONDS]
    : [...CLIPBOARD_SECONDS, settings.clipboardClearSeconds].sort((a, b) => a - b);
  const lowOptions = LOW_THRESHOLDS.includes(
    settings.lowCodesThreshold as (typeof LOW_THRESHOLDS)[number],
  )
    ? [...LOW_THRESHOLDS]
    : [...LOW_THRESHOLDS, settings.lowCodesThreshold].sort((a, b) => a - b);

  return (
    <div class="card">
      <h3 class="small-title">{t('preferencesTitle')}</h3>
      <LanguageSelect />
      <div class="field">
        <label for={ids.lock}>{t('autoLockAfter')}</label>
        <select
          id={ids.lock}
          value={settings.autoLockMinutes === null ? 'restart' : String(settings.autoLockMinutes)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            void save({ autoLockMinutes: v === 'restart' ? null : (Number(v) as 1 | 5 | 15 | 60) });
          }}
        >
          {AUTO_LOCK.map((o) => (
            <option key={o.key} value={o.value === null ? 'restart' : String(o.value)}>
              {t(o.key)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={ids.clip}>{t('clipboardClearAfter')}</label>
        <select
          id={ids.clip}
          value={String(settings.clipboardClearSeconds)}
          onChange={(e) => void save({ clipboardClearSeconds: Number(e.currentTarget.value) })}
        >
          {clipOptions.map((s) => (
            <option key={s} value={String(s)}>
              {t('nSeconds', s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={ids.low}>{t('lowThreshold')}</label>
        <select
          id={ids.low}
          value={String(settings.lowCodesThreshold)}
          onChange={(e) => void save({ lowCodesThreshold: Number(e.currentTarget.value) })}
        >
          {lowOptions.map((n) => (
            <option key={n} value={String(n)}>
              {String(n)}
            </option>
          ))}
        </select>
      </div>
      <Alert message={error} />
    </div>
  );
}

/** What the background needs to delete the vault; the person types the word in their own language. */
export const DELETE_WORD = 'DELETE';

export function DeleteVault() {
  const { send, applyStatus } = useSession();
  const { announce } = useAnnounce();
  const [typed, setTyped] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const inputId = useId('delete-confirm');
  const word = t('deleteVaultWord');
  const deleting = useAction(async () => {
    // The background checks the passphrase by unwrapping the data key; a wrong
    // one comes back as "Wrong passphrase" and nothing is deleted.
    const status = await send('vault.delete', { confirm: DELETE_WORD, passphrase });
    setTyped('');
    setPassphrase('');
    announce(t('vaultDeleted'));
    applyStatus(status);
  });

  function submit() {
    if (!passphrase) return deleting.setError(t('errEnterVaultPassphrase'));
    return deleting.run();
  }

  return (
    <ActionCard
      title={t('deleteVaultTitle')}
      body={t('deleteVaultBody')}
      danger
      action={deleting}
      onSubmit={submit}
      submitLabel={t('deleteVault')}
      blocked={typed !== word}
    >
      <PassphraseInput
        label={t('deleteVaultPassphrase')}
        value={passphrase}
        onInput={setPassphrase}
        autoComplete="current-password"
      />
      <div class="field">
        <label for={inputId}>{t('deleteVaultTypeLabel', word)}</label>
        <input
          id={inputId}
          type="text"
          value={typed}
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="characters"
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </div>
    </ActionCard>
  );
}
