/** One account: its codes (masked until shown), mark/undo, copy, history, replace. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Account, BackupCode, HistoryEntry } from '../../../core/types';
import { useAction } from '../action';
import { Alert, Avatar, maskCode } from '../components';
import type { ParseMode } from '../../../core/codes/parse';
import type { CodeEntry } from '../../../messages';
import { codesToSave, CodesInput, previewCodes } from '../CodesInput';
import { clipboardGuardFor } from '../clipboard';
import { describeError } from '../errors';
import { formatDate, t } from '../i18n';
import { useServices } from '../services';
import { useSession } from '../session';
import { useSiteInfo, useSiteShape } from '../sites';
import { useAnnounce } from '../status';

function hostOf(origin: string | undefined): string {
  if (!origin) return '';
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

export function AccountDetail(props: {
  id: string;
  onEdit(account: Account): void;
  onBack?(): void;
  /** The list should refresh its counts. */
  onChanged(): void;
}) {
  const { send, settings, dataVersion } = useSession();
  const { clipboard } = useServices();
  const { announce } = useAnnounce();
  const [account, setAccount] = useState<Account | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const site = useSiteInfo(account?.domains ?? []);

  const marking = useAction(async (code: BackupCode, used: boolean) => {
    if (!account) return;
    const accountId = account.id;
    setAccount(await send('codes.mark', { accountId, codeId: code.id, used }));
    props.onChanged();
    announce(used ? t('markedUsed') : t('markedUnused'), {
      label: t('undo'),
      run: async () => {
        try {
          setAccount(await send('codes.undo', { accountId, codeId: code.id }));
          props.onChanged();
          announce(t('undone'));
        } catch (e) {
          announce(describeError(e));
        }
      },
    });
  });

  const copying = useAction(
    async (code: BackupCode) => {
      await clipboardGuardFor(clipboard).copy(code.value, settings.clipboardClearSeconds);
      // This page's timer dies with the page; the background clears after the
      // delay and on lock even when the popup has closed (docs/security.md).
      await send('ui.copied');
      announce(
        settings.clipboardClearSeconds > 0
          ? t('copiedClears', settings.clipboardClearSeconds)
          : t('copied'),
      );
    },
    { onError: () => t('errClipboard') },
  );

  useEffect(() => {
    let live = true;
    setAccount(null);
    setShown(false);
    setReplacing(false);
    marking.setError(null);
    copying.setError(null);
    send('accounts.get', { id: props.id }).then(
      (a) => live && setAccount(a),
      (e: unknown) => live && setLoadError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [props.id, send, dataVersion]);

  // Codes are hidden again whenever the page is hidden (tab switch, popup blur).
  useEffect(() => {
    const hide = () => document.visibilityState === 'hidden' && setShown(false);
    document.addEventListener('visibilitychange', hide);
    return () => document.removeEventListener('visibilitychange', hide);
  }, []);

  const left = account ? account.codes.filter((c) => c.state === 'unused').length : 0;

  if (loadError) return <Alert message={loadError} />;
  if (!account) return <p class="hint">{t('loading')}</p>;

  return (
    <article class="account-detail" aria-labelledby={`acct-${account.id}`}>
      {props.onBack && (
        <button type="button" class="back-button" onClick={props.onBack}>
          <span aria-hidden="true">←</span> {t('back')}
        </button>
      )}
      <header class="detail-header">
        <Avatar name={account.site} size="large" />
        <div>
          <h2 id={`acct-${account.id}`} class="pane-title" tabIndex={-1}>
            {account.site}
          </h2>
          <p class="detail-meta">
            {account.domains.join(', ')}
            {account.username && ` · ${account.username}`}
          </p>
          <p
            class={`detail-count ${left === 0 ? 'is-empty' : left <= settings.lowCodesThreshold ? 'is-low' : ''}`}
          >
            {t('nOfTotalLeft', left, account.codes.length)}
          </p>
        </div>
      </header>

      {left <= settings.lowCodesThreshold && (
        <div class={`callout ${left === 0 ? 'callout-danger' : 'callout-warning'}`} role="note">
          <p>
            <strong>{left === 0 ? t('noCodesLeftTitle') : t('lowCodesTitle', left)}</strong>{' '}
            {t('lowCodesBody', account.site)}
          </p>
          {site?.regenerateUrl && (
            <p>
              <a href={site.regenerateUrl} target="_blank" rel="noopener noreferrer">
                {t('getNewCodesOn', site.name)}
              </a>
            </p>
          )}
        </div>
      )}

      {account.notes && <p class="notes">{account.notes}</p>}

      <div class="button-row">
        <button type="button" class="secondary-button" onClick={() => setShown((s) => !s)}>
          {shown ? t('hideCodes') : t('showCodes')}
        </button>
        <button type="button" class="secondary-button" onClick={() => props.onEdit(account)}>
          {t('edit')}
        </button>
        {!replacing && (
          <button type="button" class="secondary-button" onClick={() => setReplacing(true)}>
            {t('replaceCodes')}
          </button>
        )}
      </div>

      {replacing && (
        <ReplaceCodes
          account={account}
          onDone={(updated) => {
            setReplacing(false);
            if (updated) {
              setAccount(updated);
              props.onChanged();
            }
          }}
        />
      )}

      <Alert message={copying.error ?? marking.error} />

      <ul class="code-list" aria-label={t('backupCodes')}>
        {account.codes.map((code, i) => (
          <CodeItem
            key={code.id}
            code={code}
            index={i}
            shown={shown}
            busy={marking.busy}
            canCopy={clipboard !== null}
            onMark={(used) => void marking.run(code, used)}
            onCopy={() => void copying.run(code)}
          />
        ))}
      </ul>

      {account.archived.length > 0 && (
        <details class="archived">
          <summary>{t('archivedSets', account.archived.length)}</summary>
          {[...account.archived].reverse().map((set) => (
            <section key={set.replacedAt} class="archived-set">
              <h3 class="small-title">{t('replacedOn', formatDate(set.replacedAt))}</h3>
              <ul
                class="code-list compact"
                aria-label={t('archivedCodesList', formatDate(set.replacedAt))}
              >
                {set.codes.map((c, i) => (
                  <li key={c.id} class={`code-item state-${c.state}`}>
                    <CodeValue value={c.value} shown={shown} index={i} />
                    <span class="code-state">{stateLabel(c)}</span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </details>
      )}

      <History account={account} />
    </article>
  );
}

function stateLabel(code: BackupCode): string {
  return code.state === 'used' ? t('used') : code.state === 'filled' ? t('filled') : t('unused');
}

function CodeValue(props: { value: string; shown: boolean; index: number }) {
  if (props.shown)
    return (
      <code class="code-value" dir="ltr">
        {props.value}
      </code>
    );
  return (
    <code class="code-value is-masked" dir="ltr">
      <span aria-hidden="true">{maskCode(props.value)}</span>
      <span class="visually-hidden">{t('codeHidden', props.index + 1)}</span>
    </code>
  );
}

function CodeItem(props: {
  code: BackupCode;
  index: number;
  shown: boolean;
  busy: boolean;
  canCopy: boolean;
  onMark(used: boolean): void;
  onCopy(): void;
}) {
  const { code } = props;
  const when = code.changedAt ? formatDate(code.changedAt) : '';
  const where = hostOf(code.origin);
  const detail = [when, where].filter(Boolean).join(' · ');
  // An unused code can be marked used or copied; a filled one (handed to a
  // page, not confirmed) marked either way; a used one only marked unused.
  const markUsed = { label: t('markUsed'), disabled: props.busy, run: () => props.onMark(true) };
  const actions =
    code.state === 'unused'
      ? [markUsed, { label: t('copy'), disabled: !props.canCopy, run: props.onCopy }]
      : [
          ...(code.state === 'filled' ? [markUsed] : []),
          { label: t('markUnused'), disabled: props.busy, run: () => props.onMark(false) },
        ];
  return (
    <li class={`code-item state-${code.state}`}>
      <CodeValue value={code.value} shown={props.shown} index={props.index} />
      {code.state !== 'unused' && (
        <span class="code-state">
          <span class="state-label">{stateLabel(code)}</span>
          {detail && <span class="state-detail"> {detail}</span>}
        </span>
      )}
      <span class="code-actions">
        {actions.map((action) => (
          <button
            key={action.label}
            type="button"
            class="small-button"
            disabled={action.disabled}
            onClick={action.run}
          >
            {action.label}
          </button>
        ))}
      </span>
    </li>
  );
}

function ReplaceCodes(props: { account: Account; onDone(updated: Account | null): void }) {
  const { send } = useSession();
  const { announce } = useAnnounce();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<ParseMode>('smart');
  const shape = useSiteShape(props.account.domains);
  const replace = useAction(async (codes: CodeEntry[]) => {
    const updated = await send('codes.replace', { accountId: props.account.id, codes });
    announce(t('codesReplaced', updated.codes.length));
    props.onDone(updated);
  });

  async function submit(e: Event) {
    e.preventDefault();
    if (replace.busy) return;
    // Exactly the codes the preview shows: same text, same shape, same mode.
    const preview = previewCodes(text, { shape, mode });
    const codes = codesToSave(preview);
    if (!codes) {
      return replace.setError(preview.kind === 'error' ? preview.message : t('errNoCodes'));
    }
    await replace.run(codes);
  }

  return (
    <form class="replace-form" onSubmit={submit} noValidate aria-label={t('replaceCodes')}>
      <p class="hint">{t('replaceHint')}</p>
      <CodesInput
        label={t('newBackupCodes')}
        value={text}
        onInput={setText}
        domain={props.account.domains[0] ?? null}
        shape={shape}
        mode={mode}
        onModeChange={setMode}
      />
      <Alert message={replace.error} />
      <div class="button-row">
        <button type="submit" class="primary-button" disabled={replace.busy}>
          {t('replaceCodes')}
        </button>
        <button type="button" class="secondary-button" onClick={() => props.onDone(null)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

const HISTORY_KEYS: Record<HistoryEntry['action'], string> = {
  created: 'historyCreated',
  edited: 'historyEdited',
  filled: 'historyFilled',
  used: 'historyUsed',
  unused: 'historyUnused',
  'codes-replaced': 'historyReplaced',
  imported: 'historyImported',
};

function History({ account }: { account: Account }) {
  const codeNumbers = useMemo(() => {
    const m = new Map<string, number>();
    account.codes.forEach((c, i) => m.set(c.id, i + 1));
    return m;
  }, [account]);
  if (!account.history.length) return null;
  const entries = [...account.history].reverse();
  return (
    <details class="history">
      <summary>{t('history')}</summary>
      <ol class="history-list">
        {entries.map((h, i) => {
          const n = h.codeId ? codeNumbers.get(h.codeId) : undefined;
          const where = hostOf(h.origin);
          return (
            <li key={`${h.at}-${i}`}>
              <time dateTime={new Date(h.at).toISOString()}>{formatDate(h.at)}</time>{' '}
              {t(HISTORY_KEYS[h.action])}
              {n !== undefined && ` · ${t('codeNumber', n)}`}
              {where && ` · ${where}`}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
