/** Manager: encrypted export, import with a preview, and the door to the printable copy. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Account } from '../../core/types';
import type { DomainChange, ImportPreview } from '../../core/backup';
import type { BackupPreview } from '../../messages';
import { useAction } from '../shared/action';
import { ActionCard } from './ActionCard';
import { readFileText } from '../shared/CodesInput';
import { Alert, PassphraseInput, useId } from '../shared/components';
import { t } from '../shared/i18n';
import { MIN_PASSPHRASE_LENGTH } from '../../core/passphrase';
import { checkNewPassphrase } from '../shared/passphrase';
import { useServices } from '../shared/services';
import { useSession } from '../shared/session';
import { useAnnounce } from '../shared/status';

/** Generous: 1,000 accounts × 16 codes encrypt to a few megabytes. */
export const MAX_BACKUP_FILE_BYTES = 32 * 1024 * 1024;

export function ExportBackup(props: { exportButtonId?: string }) {
  const { send } = useSession();
  const { download } = useServices();
  const { announce } = useAnnounce();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const hintId = useId('export-hint');
  const exporting = useAction(async () => {
    const file = await send('backup.export', { passphrase });
    download(file.fileName, file.json, 'application/json');
    setPassphrase('');
    setConfirm('');
    announce(t('exportDone', file.fileName));
  });

  function submit() {
    // The background holds only the data key, never the master passphrase, so
    // the file needs a passphrase typed now (the master one is fine).
    // The rule of every new passphrase; no strength floor for a backup's own.
    const problem = checkNewPassphrase(passphrase, confirm, null);
    if (problem === 'too-short') return exporting.setError(t('errTooShort', MIN_PASSPHRASE_LENGTH));
    if (problem === 'mismatch') return exporting.setError(t('errMismatch'));
    return exporting.run();
  }

  return (
    <ActionCard
      title={t('exportTitle')}
      body={t('exportBody')}
      action={exporting}
      onSubmit={submit}
      submitLabel={t('exportBackup')}
      submitId={props.exportButtonId}
    >
      <PassphraseInput
        label={t('exportPassphrase')}
        value={passphrase}
        onInput={setPassphrase}
        autoComplete="new-password"
        describedBy={hintId}
      />
      <PassphraseInput
        label={t('exportPassphraseConfirm')}
        value={confirm}
        onInput={setConfirm}
        autoComplete="new-password"
      />
      <p class="hint" id={hintId}>
        {t('exportPassphraseHint')}
      </p>
    </ActionCard>
  );
}

export function ImportBackup() {
  const { send, bumpData } = useSession();
  const { announce } = useAnnounce();
  const [json, setJson] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  // New domains for existing accounts the person ticked, one by one; none by default.
  const [addDomains, setAddDomains] = useState<DomainChange[]>([]);
  const fileId = useId('backup-file');
  // The preview and the import run one at a time; they and the file checks share one error line.
  const action = useAction((work: () => Promise<void>) => work());

  async function onFile(e: JSX.TargetedEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    setPreview(null);
    action.setError(null);
    if (!file) return setJson(null);
    if (file.size > MAX_BACKUP_FILE_BYTES) {
      setJson(null);
      return action.setError(t('errFileTooLarge'));
    }
    try {
      setJson(await readFileText(file));
      setFileName(file.name);
    } catch {
      setJson(null);
      action.setError(t('errFileUnreadable'));
    }
  }

  async function runPreview(e: Event) {
    e.preventDefault();
    if (action.busy) return;
    if (json === null) return action.setError(t('errChooseBackup'));
    if (!passphrase) return action.setError(t('errEnterPassphrase'));
    await action.run(async () => {
      setAddDomains([]);
      setPreview(await send('backup.preview', { json, passphrase }));
    });
  }

  async function importBackup(text: string) {
    const done = await send('backup.import', { json: text, passphrase, addDomains });
    announce(t('importDone', done.added.length, done.merged.length));
    setPreview(null);
    setAddDomains([]);
    setPassphrase('');
    setJson(null);
    setFileName('');
    bumpData();
  }

  return (
    <div class="card">
      <h3 class="small-title">{t('importTitle')}</h3>
      <p class="hint">{t('importBody')}</p>
      {!preview ? (
        <form onSubmit={runPreview} noValidate>
          <div class="field">
            <label for={fileId}>{t('backupFile')}</label>
            <input id={fileId} type="file" accept=".json,application/json" onChange={onFile} />
          </div>
          <PassphraseInput
            label={t('backupPassphrase')}
            value={passphrase}
            onInput={setPassphrase}
            autoComplete="current-password"
          />
          <p class="hint">{t('backupPassphraseHint')}</p>
          <Alert message={action.error} />
          <button type="submit" class="primary-button" disabled={action.busy}>
            {t('importBackup')}
          </button>
        </form>
      ) : (
        <div class="import-preview" role="group" aria-label={t('importPreviewTitle')}>
          <p class="lead">{t('importPreviewIntro', fileName)}</p>
          {preview.fileVersion === 1 && (
            <p class="callout callout-warning" role="note">
              {t('importOlderFormat')}
            </p>
          )}
          <ImportSummary preview={preview} chosen={addDomains} onChoose={setAddDomains} />
          <Alert message={action.error} />
          <div class="button-row">
            <button
              type="button"
              class="primary-button"
              disabled={action.busy}
              onClick={() => json !== null && void action.run(() => importBackup(json))}
              autoFocus
            >
              {t('confirmImport')}
            </button>
            <button type="button" class="secondary-button" onClick={() => setPreview(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function ImportSummary(props: {
  preview: ImportPreview;
  chosen: DomainChange[];
  onChoose(next: DomainChange[]): void;
}) {
  const { preview } = props;
  if (!preview.added.length && !preview.merged.length) {
    return <p>{t('importNothing', preview.unchanged)}</p>;
  }
  return (
    <>
      {preview.added.length > 0 && (
        <>
          <h4 class="small-title">{t('importAdded', preview.added.length)}</h4>
          <ul class="plain-list" aria-label={t('importAddedList')}>
            {preview.added.map((a, i) => (
              <li key={i}>
                <strong>{a.site}</strong> {a.username && `· ${a.username} `}· {t('nCodes', a.codes)}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.merged.length > 0 && (
        <>
          <h4 class="small-title">{t('importMerged', preview.merged.length)}</h4>
          <ul class="plain-list" aria-label={t('importMergedList')}>
            {preview.merged.map((m, i) => (
              <li key={i}>
                <strong>{m.site}</strong> {m.username && `· ${m.username} `}·{' '}
                {t('mergeDetail', m.newCodes, m.newlyUsed)}
                {m.newDomains.length > 0 && (
                  <NewDomains merged={m} chosen={props.chosen} onChoose={props.onChoose} />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.unchanged > 0 && <p class="hint">{t('importUnchanged', preview.unchanged)}</p>}
    </>
  );
}

/**
 * The domains a backup would add to where an existing account fills: each one
 * named, each its own checkbox, none ticked. Only ticked ones are sent, and
 * the background adds nothing else (docs/security.md, "Imports").
 */
function NewDomains(props: {
  merged: ImportPreview['merged'][number];
  chosen: DomainChange[];
  onChoose(next: DomainChange[]): void;
}) {
  const { merged, chosen, onChoose } = props;
  const name = merged.username ? `${merged.site} · ${merged.username}` : merged.site;
  const hintId = useId('new-domains-hint');
  const isChosen = (domain: string) =>
    chosen.some((c) => c.accountId === merged.accountId && c.domain === domain);
  const toggle = (domain: string, on: boolean) =>
    onChoose([
      ...chosen.filter((c) => !(c.accountId === merged.accountId && c.domain === domain)),
      ...(on ? [{ accountId: merged.accountId, domain }] : []),
    ]);
  return (
    <fieldset class="new-domains" aria-describedby={hintId}>
      <legend>{t('importNewDomainsLegend', name)}</legend>
      <p class="hint hint-warning" id={hintId}>
        {t('importNewDomainsHint')}
      </p>
      {merged.newDomains.map((domain) => (
        <label key={domain} class="check-row">
          <input
            type="checkbox"
            checked={isChosen(domain)}
            onChange={(e) => toggle(domain, e.currentTarget.checked)}
          />{' '}
          {t('importAddDomain', domain, name)}
        </label>
      ))}
    </fieldset>
  );
}

export function PrintableExport(props: { onShow(accounts: Account[]): void }) {
  const { send } = useSession();
  const [confirming, setConfirming] = useState(false);
  const opening = useAction(async () =>
    props.onShow(await send('backup.plaintext', { confirm: true })),
  );

  return (
    <div class="card">
      <h3 class="small-title">{t('printTitle')}</h3>
      <p class="hint">{t('printBody')}</p>
      {!confirming ? (
        <button type="button" class="secondary-button" onClick={() => setConfirming(true)}>
          {t('printOpen')}
        </button>
      ) : (
        <div class="callout callout-warning" role="group" aria-label={t('printWarningTitle')}>
          <p>
            <strong>{t('printWarningTitle')}</strong> {t('printWarningBody')}
          </p>
          <Alert message={opening.error} />
          <div class="button-row">
            <button
              type="button"
              class="danger-button"
              disabled={opening.busy}
              onClick={() => void opening.run()}
            >
              {t('printConfirm')}
            </button>
            <button
              type="button"
              class="secondary-button"
              onClick={() => setConfirming(false)}
              autoFocus
            >
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
