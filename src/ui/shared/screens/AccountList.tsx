/** The unlocked home: search, the accounts with "N left", and a fill shortcut for the current tab. */
import { useState } from 'preact/hooks';
import type { AccountSummary } from '../../../core/types';
import type { TabContext } from '../../../messages';
import { Avatar, useId } from '../components';
import { t } from '../i18n';

/** Case-insensitive match on site name, domains and username. */
export function filterAccounts(accounts: AccountSummary[], query: string): AccountSummary[] {
  const q = query.trim().toLowerCase();
  if (!q) return accounts;
  return accounts.filter(
    (a) =>
      a.site.toLowerCase().includes(q) ||
      a.username.toLowerCase().includes(q) ||
      a.domains.some((d) => d.includes(q)),
  );
}

/** Accounts for the current tab first, then alphabetical by site, then username. */
export function sortAccounts(
  accounts: AccountSummary[],
  firstIds: readonly string[],
): AccountSummary[] {
  const first = new Set(firstIds);
  return [...accounts].sort(
    (a, b) =>
      Number(first.has(b.id)) - Number(first.has(a.id)) ||
      a.site.localeCompare(b.site, undefined, { sensitivity: 'base' }) ||
      a.username.localeCompare(b.username, undefined, { sensitivity: 'base' }),
  );
}

export function AccountList(props: {
  accounts: AccountSummary[] | null;
  tab: TabContext | null;
  selectedId?: string | null;
  onOpen(id: string): void;
  onFill(accountId: string): void;
  filling: boolean;
}) {
  const [query, setQuery] = useState('');
  const searchId = useId('search');
  const matching = props.tab?.matchingAccountIds ?? [];
  const shown = props.accounts
    ? sortAccounts(filterAccounts(props.accounts, query), matching)
    : null;

  const notOffered = props.tab?.notOffered;
  return (
    <div class="account-list-pane">
      {notOffered && (
        // Accounts match this site, but its codes are filled on other hosts only.
        <p class="hint not-offered" role="note">
          {t('onlyOnHosts', notOffered.site, notOffered.hosts.join(', '))}
        </p>
      )}
      <div class="search-row">
        <label for={searchId} class="visually-hidden">
          {t('searchAccounts')}
        </label>
        <input
          id={searchId}
          type="search"
          value={query}
          placeholder={t('searchAccounts')}
          autoComplete="off"
          spellcheck={false}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </div>
      {shown === null ? (
        <p class="hint list-loading">{t('loading')}</p>
      ) : props.accounts!.length === 0 ? (
        <div class="empty-state">
          <p class="empty-title">{t('noAccountsTitle')}</p>
          <p class="hint">{t('noAccountsBody')}</p>
        </div>
      ) : shown.length === 0 ? (
        <p class="hint empty-search">{t('noSearchResults', query.trim())}</p>
      ) : (
        <ul class="account-list" aria-label={t('accounts')}>
          {shown.map((a) => {
            const onThisPage = matching.includes(a.id);
            return (
              <li
                key={a.id}
                class={`account-item ${a.left === 0 ? 'is-empty' : a.low ? 'is-low' : ''} ${
                  props.selectedId === a.id ? 'is-selected' : ''
                }`}
              >
                <button
                  type="button"
                  class="account-row"
                  aria-current={props.selectedId === a.id ? 'true' : undefined}
                  onClick={() => props.onOpen(a.id)}
                >
                  <Avatar name={a.site} />
                  <span class="account-text">
                    <span class="account-site" title={a.site} dir="auto">
                      {a.site}
                    </span>
                    <span class="account-meta">
                      <span class="account-domain" dir="auto">
                        {a.domains[0] ?? ''}
                      </span>
                      {a.username && (
                        <>
                          <span aria-hidden="true">·</span>
                          {/* Cut short with an ellipsis when long, the whole name on hover;
                              dir="auto": a Latin name on an Arabic page keeps its beginning. */}
                          <span class="account-user" title={a.username} dir="auto">
                            {a.username}
                          </span>
                        </>
                      )}
                    </span>
                  </span>
                  <span class="left-badge">
                    {t('nLeft', a.left)}
                    {(a.low || a.left === 0) && (
                      <span class="visually-hidden">
                        {' '}
                        ({a.left === 0 ? t('noneLeftSr') : t('lowSr')})
                      </span>
                    )}
                  </span>
                </button>
                {onThisPage && props.tab?.hasField && (
                  <button
                    type="button"
                    class="fill-button"
                    disabled={props.filling || a.left === 0}
                    onClick={() => props.onFill(a.id)}
                  >
                    {t('fillOnThisPage')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
