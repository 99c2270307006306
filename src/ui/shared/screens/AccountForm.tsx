/** Add or edit an account. Codes are entered here only when adding; later sets go through "Replace codes". */
import { useEffect, useState } from 'preact/hooks';
import type { Account, AccountDraft } from '../../../core/types';
import { useAction } from '../action';
import { Alert, useId } from '../components';
import type { ParseMode } from '../../../core/codes/parse';
import type { CodeEntry } from '../../../messages';
import { codesToSave, CodesInput, previewCodes, useCodesDrop } from '../CodesInput';
import { hostFromInput, parseDomainList } from '../domain';
import { t } from '../i18n';
import { useSession } from '../session';
import { findSiteInfo, useSiteShape, useSiteSuggestions } from '../sites';
import { useAnnounce } from '../status';

export function AccountForm(props: {
  /** Absent when adding. */
  account?: Account;
  onSaved(account: Account): void;
  onDeleted?(): void;
  onCancel(): void;
}) {
  const editing = props.account;
  const { send } = useSession();
  const { announce } = useAnnounce();
  const [website, setWebsite] = useState(editing?.domains[0] ?? '');
  const [name, setName] = useState(
    editing && editing.site !== editing.domains[0] ? editing.site : '',
  );
  const [username, setUsername] = useState(editing?.username ?? '');
  const [codesText, setCodesText] = useState('');
  const [codesMode, setCodesMode] = useState<ParseMode>('smart');
  const [otherDomains, setOtherDomains] = useState(editing?.domains.slice(1).join(', ') ?? '');
  const [pinnedHosts, setPinnedHosts] = useState(editing?.hosts?.join(', ') ?? '');
  const [notes, setNotes] = useState(editing?.notes ?? '');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // Save and Delete share one busy state and one error line, as they share the form.
  const action = useAction((work: () => Promise<void>) => work());
  const suggestions = useSiteSuggestions(website);
  const [droppedImage, setDroppedImage] = useState<File | null>(null);
  const { dragging, handlers } = useCodesDrop(
    setCodesText,
    (message) => action.setError(message),
    setDroppedImage,
  );
  const ids = {
    website: useId('website'),
    name: useId('name'),
    user: useId('user'),
    more: useId('more'),
    hosts: useId('hosts'),
    notes: useId('notes'),
    list: useId('sites'),
  };

  // Picking a known site fills in its display name (unless the person typed one).
  const host = hostFromInput(website);
  const known = suggestions.find((s) => s.domains.includes(host ?? ''));
  // The codes are read with the shape of the site the Website names (docs/codes.md).
  const codesShape = useSiteShape(host ? [host, ...parseDomainList(otherDomains).hosts] : []);
  useEffect(() => {
    if (known && !name) setName(known.name);
  }, [known?.name]);

  async function buildDraft(): Promise<AccountDraft | string> {
    const primary = hostFromInput(website);
    if (!primary) return t('errWebsite');
    const extra = parseDomainList(otherDomains);
    if (extra.invalid.length) return t('errOtherDomains', extra.invalid.join(', '));
    // The suggestions may not have loaded yet; a known site still gets its proper name.
    const siteName =
      name.trim() || known?.name || (await findSiteInfo([primary]).catch(() => null))?.name;
    return {
      site: siteName || primary,
      domains: [primary, ...extra.hosts.filter((h) => h !== primary)],
      // Exact hosts as typed; the background checks each lies within the domains.
      hosts: pinnedHosts.split(/[\s,;]+/).filter(Boolean),
      username: username.trim(),
      notes,
    };
  }

  async function saveDraft(draft: AccountDraft, codes: CodeEntry[] | null) {
    const saved = editing
      ? await send('accounts.update', { id: editing.id, draft })
      : await send('accounts.add', { draft, codes: codes! });
    setCodesText('');
    announce(t('accountSaved', saved.site));
    props.onSaved(saved);
  }

  async function deleteAccount(account: Account) {
    await send('accounts.delete', { id: account.id });
    announce(t('accountDeleted', account.site));
    props.onDeleted?.();
  }

  async function save(e: Event) {
    e.preventDefault();
    if (action.busy) return;
    const draft = await buildDraft();
    if (typeof draft === 'string') return action.setError(draft);
    // Exactly the codes the preview shows: same text, same shape, same mode.
    const preview = previewCodes(codesText, { shape: codesShape, mode: codesMode });
    const codes = codesToSave(preview);
    if (!editing && !codes) {
      return action.setError(preview.kind === 'error' ? preview.message : t('errNoCodes'));
    }
    await action.run(() => saveDraft(draft, codes));
  }

  return (
    <form
      class={`account-form ${dragging ? 'is-dragging' : ''}`}
      onSubmit={save}
      noValidate
      {...handlers}
    >
      <h2 class="pane-title" tabIndex={-1}>
        {editing ? t('editAccountTitle', editing.site) : t('addAccountTitle')}
      </h2>
      <div class="field">
        <label for={ids.website}>{t('website')}</label>
        <input
          id={ids.website}
          type="text"
          inputMode="url"
          value={website}
          list={ids.list}
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="off"
          placeholder={t('websitePlaceholder')}
          autoFocus={!editing}
          onInput={(e) => setWebsite(e.currentTarget.value)}
        />
        <datalist id={ids.list}>
          {suggestions.flatMap((s) =>
            s.domains.slice(0, 1).map((d) => <option key={d} value={d} label={s.name} />),
          )}
        </datalist>
      </div>
      <div class="field">
        <label for={ids.name}>{t('siteName')}</label>
        <input
          id={ids.name}
          type="text"
          value={name}
          autoComplete="off"
          placeholder={known?.name ?? host ?? ''}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={ids.user}>{t('username')}</label>
        <input
          id={ids.user}
          type="text"
          value={username}
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="off"
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </div>
      {!editing && known?.noBackupCodes && (
        <p class="hint hint-warning">{t('siteHasNoCodes', known.name)}</p>
      )}
      {!editing && (
        <CodesInput
          label={t('backupCodes')}
          value={codesText}
          onInput={setCodesText}
          domain={hostFromInput(website)}
          droppedImage={droppedImage}
          onImageTaken={() => setDroppedImage(null)}
          shape={codesShape}
          mode={codesMode}
          onModeChange={setCodesMode}
        />
      )}
      <details
        class="more-fields"
        open={Boolean(
          editing && (editing.domains.length > 1 || editing.notes || editing.hosts?.length),
        )}
      >
        <summary>{t('moreOptions')}</summary>
        <div class="field">
          <label for={ids.more}>{t('otherDomains')}</label>
          <input
            id={ids.more}
            type="text"
            value={otherDomains}
            autoComplete="off"
            spellcheck={false}
            autoCapitalize="off"
            aria-describedby={`${ids.more}-hint`}
            onInput={(e) => setOtherDomains(e.currentTarget.value)}
          />
          <p class="hint" id={`${ids.more}-hint`}>
            {t('otherDomainsHint')}
          </p>
        </div>
        <div class="field">
          <label for={ids.hosts}>{t('pinnedHosts')}</label>
          <input
            id={ids.hosts}
            type="text"
            value={pinnedHosts}
            autoComplete="off"
            spellcheck={false}
            autoCapitalize="off"
            aria-describedby={`${ids.hosts}-hint`}
            onInput={(e) => setPinnedHosts(e.currentTarget.value)}
          />
          <p class="hint" id={`${ids.hosts}-hint`}>
            {t('pinnedHostsHint')}
          </p>
        </div>
        <div class="field">
          <label for={ids.notes}>{t('notes')}</label>
          <textarea
            id={ids.notes}
            rows={3}
            value={notes}
            onInput={(e) => setNotes(e.currentTarget.value)}
          />
        </div>
      </details>
      <Alert message={action.error} />
      <div class="button-row">
        <button type="submit" class="primary-button" disabled={action.busy}>
          {t('save')}
        </button>
        <button type="button" class="secondary-button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
      {editing && (
        <div class="danger-zone">
          {!confirmingDelete ? (
            <button type="button" class="danger-link" onClick={() => setConfirmingDelete(true)}>
              {t('deleteAccount')}
            </button>
          ) : (
            <div class="confirm-box" role="group" aria-label={t('deleteAccount')}>
              <p>{t('deleteAccountConfirm', editing.site, editing.codes.length)}</p>
              <div class="button-row">
                <button
                  type="button"
                  class="danger-button"
                  disabled={action.busy}
                  onClick={() => void action.run(() => deleteAccount(editing))}
                >
                  {t('delete')}
                </button>
                <button
                  type="button"
                  class="secondary-button"
                  autoFocus
                  onClick={() => setConfirmingDelete(false)}
                >
                  {t('keepIt')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </form>
  );
}
