/** Add or edit an account. Codes are entered here only when adding; later sets go through "Replace codes". */
import { useEffect, useState } from 'preact/hooks';
import type { Account, AccountDraft } from '../../../core/types';
import { useAction } from '../action';
import { Alert, useId } from '../components';
import { CodesInput, previewCodes, useCodesDrop } from '../CodesInput';
import { hostFromInput, parseDomainList } from '../domain';
import { t } from '../i18n';
import { useSession } from '../session';
import { findSiteInfo, useSiteSuggestions } from '../sites';
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
  const [otherDomains, setOtherDomains] = useState(editing?.domains.slice(1).join(', ') ?? '');
  const [notes, setNotes] = useState(editing?.notes ?? '');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // Save and Delete share one busy state and one error line, as they share the form.
  const action = useAction((work: () => Promise<void>) => work());
  const suggestions = useSiteSuggestions(website);
  const { dragging, handlers } = useCodesDrop(setCodesText, (message) => action.setError(message));
  const ids = {
    website: useId('website'),
    name: useId('name'),
    user: useId('user'),
    more: useId('more'),
    notes: useId('notes'),
    list: useId('sites'),
  };

  // Picking a known site fills in its display name (unless the person typed one).
  const host = hostFromInput(website);
  const known = suggestions.find((s) => s.domains.includes(host ?? ''));
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
      username: username.trim(),
      notes,
    };
  }

  async function saveDraft(draft: AccountDraft) {
    const saved = editing
      ? await send('accounts.update', { id: editing.id, draft })
      : await send('accounts.add', { draft, codesText });
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
    if (!editing) {
      const preview = previewCodes(codesText);
      if (preview.kind === 'empty') return action.setError(t('errNoCodes'));
      if (preview.kind === 'error') return action.setError(preview.message);
      if (!preview.codes.length) return action.setError(t('errNoCodes'));
    }
    await action.run(() => saveDraft(draft));
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
      {!editing && <CodesInput label={t('backupCodes')} value={codesText} onInput={setCodesText} />}
      <details
        class="more-fields"
        open={Boolean(editing && (editing.domains.length > 1 || editing.notes))}
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
