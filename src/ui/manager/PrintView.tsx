/**
 * The plaintext copy meant for paper: every account with its codes and a box
 * to tick off each one by hand. The print stylesheet hides everything else.
 * The data lives only in this component's props and is dropped on close.
 */
import type { Account } from '../../core/types';
import { formatDate, t } from '../shared/i18n';

export function PrintView(props: {
  accounts: Account[];
  printedAt: number;
  onPrint(): void;
  onClose(): void;
}) {
  const accounts = [...props.accounts].sort((a, b) => a.site.localeCompare(b.site));
  return (
    <div class="print-view">
      <div class="print-toolbar no-print">
        <p class="callout callout-warning">{t('printOnScreenWarning')}</p>
        <div class="button-row">
          <button type="button" class="primary-button" onClick={props.onPrint}>
            {t('print')}
          </button>
          <button type="button" class="secondary-button" onClick={props.onClose}>
            {t('closePrintable')}
          </button>
        </div>
      </div>
      <article class="print-sheet">
        <h1>{t('printHeading')}</h1>
        <p class="print-meta">{t('printMeta', formatDate(props.printedAt), accounts.length)}</p>
        <p class="print-meta">{t('printKeepSafe')}</p>
        {accounts.map((a) => (
          <section key={a.id} class="print-account">
            <h2>
              {a.site}
              {a.username && <span class="print-user"> · {a.username}</span>}
            </h2>
            <p class="print-domains">{a.domains.join(', ')}</p>
            <ol class="print-codes">
              {a.codes.map((c) => (
                <li key={c.id} class={c.state !== 'unused' ? 'is-spent' : ''}>
                  <span class="tick" aria-hidden="true">
                    {c.state !== 'unused' ? '☒' : '☐'}
                  </span>{' '}
                  <code dir="ltr">{c.value}</code>
                  {c.state !== 'unused' && (
                    <span class="print-state"> {c.state === 'used' ? t('used') : t('filled')}</span>
                  )}
                </li>
              ))}
            </ol>
            {a.notes && <p class="print-notes">{a.notes}</p>}
          </section>
        ))}
      </article>
    </div>
  );
}
