/**
 * The unlocked accounts area: list, detail, add and edit. The popup stacks one
 * view at a time; the manager page keeps the list beside the open view.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Account, AccountSummary } from '../../../core/types';
import type { TabContext } from '../../../messages';
import { useAction } from '../action';
import { describeError } from '../errors';
import { t } from '../i18n';
import { useSession } from '../session';
import { useAnnounce } from '../status';
import { AccountDetail } from './AccountDetail';
import { AccountForm } from './AccountForm';
import { AccountList } from './AccountList';

export type AccountsRoute =
  | { name: 'list' }
  | { name: 'add' }
  | { name: 'detail'; id: string }
  | { name: 'edit'; account: Account };

export function Accounts(props: {
  layout: 'stack' | 'split';
  /** Ask the background about the active tab (popup only). */
  tabAware: boolean;
}) {
  const { send, corruptedRecords, setCorruptedRecords, dataVersion } = useSession();
  const { announce } = useAnnounce();
  const [route, setRoute] = useState<AccountsRoute>({ name: 'list' });
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [tab, setTab] = useState<TabContext | null>(null);
  const pane = useRef<HTMLDivElement>(null);
  const firstRoute = useRef(true);

  const refresh = useCallback(async () => {
    try {
      const r = await send('accounts.list');
      setAccounts(r.accounts);
      setCorruptedRecords(r.corruptedRecords);
      setListError(null);
    } catch (e) {
      setListError(describeError(e));
    }
  }, [send, setCorruptedRecords]);

  const refreshTab = useCallback(async () => {
    if (!props.tabAware) return;
    try {
      setTab(await send('ui.tabContext'));
    } catch {
      setTab(null);
    }
  }, [send, props.tabAware]);

  // Layout effects: the requests leave right after the commit, not after the
  // first frame (see session.tsx).
  useLayoutEffect(() => {
    void refresh();
  }, [refresh, dataVersion]);

  useLayoutEffect(() => {
    void refreshTab();
  }, [refreshTab]);

  // Keyboard and screen-reader users land on the new view's heading.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const root = pane.current;
    if (!root) return;
    const active = document.activeElement;
    if (active && root.contains(active) && active.matches('input, textarea, select')) return;
    root.querySelector<HTMLElement>('h2, .account-list-pane input')?.focus();
  }, [route]);

  // The popup's outcome line says how a fill went; no error box on the list.
  const filling = useAction(
    async (accountId: string) => {
      await send('ui.fillActiveTab', { accountId });
      announce(t('filledOnPage'));
      void refresh();
      void refreshTab();
    },
    {
      onError(e) {
        announce(describeError(e));
        return null;
      },
    },
  );

  const list = (
    <AccountList
      accounts={accounts}
      tab={tab}
      selectedId={route.name === 'detail' ? route.id : null}
      onOpen={(id) => setRoute({ name: 'detail', id })}
      onFill={(id) => void filling.run(id)}
      filling={filling.busy}
    />
  );

  const toolbar = (
    <div class="toolbar">
      <button type="button" class="primary-button" onClick={() => setRoute({ name: 'add' })}>
        <span aria-hidden="true">+</span> {t('addAccount')}
      </button>
    </div>
  );

  const banners = (
    <>
      {corruptedRecords.length > 0 && (
        <div class="callout callout-danger" role="note">
          <p>{t('corruptedRecords', corruptedRecords.length)}</p>
        </div>
      )}
      {listError && (
        <p role="alert" class="alert">
          {listError}
        </p>
      )}
    </>
  );

  const back = () => setRoute({ name: 'list' });
  let view = null;
  if (route.name === 'add') {
    view = (
      <AccountForm
        onCancel={back}
        onSaved={(a) => {
          void refresh();
          setRoute(props.layout === 'split' ? { name: 'detail', id: a.id } : { name: 'list' });
        }}
      />
    );
  } else if (route.name === 'edit') {
    view = (
      <AccountForm
        account={route.account}
        onCancel={() => setRoute({ name: 'detail', id: route.account.id })}
        onSaved={(a) => {
          void refresh();
          setRoute({ name: 'detail', id: a.id });
        }}
        onDeleted={() => {
          void refresh();
          back();
        }}
      />
    );
  } else if (route.name === 'detail') {
    view = (
      <AccountDetail
        id={route.id}
        onBack={props.layout === 'stack' ? back : undefined}
        onEdit={(account) => setRoute({ name: 'edit', account })}
        onChanged={() => void refresh()}
      />
    );
  }

  if (props.layout === 'stack') {
    return (
      <div class="accounts stack" ref={pane}>
        {view ?? (
          <>
            {toolbar}
            {banners}
            {list}
          </>
        )}
      </div>
    );
  }
  return (
    <div class="accounts split" ref={pane}>
      <div class="split-list">
        {toolbar}
        {banners}
        {list}
      </div>
      <div class="split-view">
        {view ?? (
          <div class="empty-state">
            <p class="hint">{accounts?.length ? t('pickAccount') : t('noAccountsBody')}</p>
          </div>
        )}
      </div>
    </div>
  );
}
