import type { ComponentChildren } from 'preact';
import { describeError } from './errors';
import { t } from './i18n';
import { useSession } from './session';
import { useAnnounce } from './status';

/** App bar: name on the left; "Lock" (when unlocked) and page-specific actions on the right. */
export function Header(props: { children?: ComponentChildren }) {
  const { phase, send, applyStatus } = useSession();
  const { announce } = useAnnounce();
  async function lock() {
    try {
      applyStatus(await send('vault.lock'));
      announce(t('lockedNow'));
    } catch (e) {
      announce(describeError(e));
    }
  }
  return (
    <header class="app-header">
      <span class="brand">
        <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
          <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z" fill="currentColor" />
          <path
            d="m8.5 12 2.5 2.5 4.5-5"
            fill="none"
            stroke="var(--bg)"
            stroke-width="2"
            stroke-linecap="round"
          />
        </svg>
        {t('extName')}
      </span>
      <span class="header-actions">
        {props.children}
        {phase === 'unlocked' && (
          <button type="button" class="secondary-button" onClick={lock}>
            {t('lock')}
          </button>
        )}
      </span>
    </header>
  );
}
