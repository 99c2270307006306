/**
 * Manager: import backup codes from another password manager's export. The
 * file is read in this page only, the person reviews and ticks what was found,
 * and only then does one `accounts.import` message carry the ticked accounts,
 * codes and used marks as data to the background, which checks them and
 * writes them all or none (docs/importing.md). Neither the file nor what was
 * found is kept once the import is done or cancelled.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { BackstopError } from '../../core/errors';
import {
  MAX_EXPORT_BYTES,
  type ImportCandidate,
  type ImportResult,
} from '../../core/importers/types';
import { useAction } from '../shared/action';
import { Alert, useId } from '../shared/components';
import { describeError } from '../shared/errors';
import { speaksEnglish, t } from '../shared/i18n';
import { useSession } from '../shared/session';
import { useAnnounce } from '../shared/status';

interface Row {
  key: number;
  candidate: ImportCandidate;
  include: boolean;
  /** Typed by the person when the export had no website for the item. */
  website: string;
  error: string | null;
}

/** The file's bytes through FileReader (every browser and jsdom have it). */
function readFileBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      reader.result !== null && typeof reader.result !== 'string'
        ? resolve(new Uint8Array(reader.result))
        : reject(new Error('unreadable'));
    reader.onerror = () => reject(new Error('unreadable'));
    reader.readAsArrayBuffer(file);
  });
}

function whereText(where: string): string {
  if (where === 'notes') return t('importOtherWhereNotes');
  const name = where.slice(where.indexOf(':') + 1);
  return where.startsWith('column:')
    ? t('importOtherWhereColumn', name)
    : t('importOtherWhereField', name);
}

export function ImportOtherPanel() {
  const { send, bumpData } = useSession();
  const { announce } = useAnnounce();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const fileId = useId('other-export-file');
  const hintId = useId('other-export-hint');
  // Reading the file and importing share one error line and one busy state.
  const reading = useAction(readExport, {
    onError: (err) => (err instanceof BackstopError ? describeError(err) : t('errFileUnreadable')),
  });
  const importing = useAction(importChosen);
  const busy = reading.busy || importing.busy;
  const error = importing.error ?? reading.error;

  function reset() {
    setResult(null);
    setRows([]);
    reading.setError(null);
    importing.setError(null);
  }

  async function readExport(file: File) {
    // The readers (and the public-suffix list) load only when someone imports.
    const { readManagerExport } = await import('../../core/importers');
    // The bytes are held only while they are parsed.
    const found = await readManagerExport(file.name, await readFileBytes(file));
    setResult(found);
    setRows(
      found.candidates.map((candidate, key) => ({
        key,
        candidate,
        include: true,
        website: candidate.suggestedDomain ?? '',
        error: null,
      })),
    );
  }

  function onFile(e: JSX.TargetedEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // Forget the chosen file (the File object stays readable), so the same one
    // can be chosen again after a fix.
    input.value = '';
    reset();
    if (!file) return;
    if (file.size > MAX_EXPORT_BYTES) return reading.setError(t('errImportOtherTooLarge'));
    void reading.run(file);
  }

  function update(key: number, change: Partial<Row>) {
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));
  }

  /**
   * What is wrong with the website typed for a row whose export had none, by
   * row: the background would refuse the whole import for it, so each row
   * says so first.
   */
  async function websiteProblems(chosen: Row[]): Promise<Map<number, string>> {
    const { normalizeWebsiteInput } = await import('../../core/sites/domain');
    const problems = new Map<number, string>();
    for (const r of chosen) {
      if (r.candidate.domains.length > 0) continue;
      if (r.website.trim() === '') {
        problems.set(r.key, t('importOtherWebsiteMissing', r.candidate.sourceTitle));
        continue;
      }
      try {
        normalizeWebsiteInput(r.website);
      } catch (e) {
        problems.set(r.key, describeError(e));
      }
    }
    return problems;
  }

  async function importSelected() {
    if (busy) return;
    const chosen = rows.filter((r) => r.include);
    if (chosen.length === 0) return importing.setError(t('importOtherChooseSome'));
    const problems = await websiteProblems(chosen);
    setRows((list) => list.map((r) => ({ ...r, error: problems.get(r.key) ?? null })));
    const [first] = problems.values();
    if (first !== undefined) return importing.setError(first);
    await importing.run(chosen);
  }

  /** One message for every ticked row: the background adds them all, or none. */
  async function importChosen(chosen: Row[]) {
    const { accountImportOf } = await import('../../core/importers');
    const { added } = await send('accounts.import', {
      accounts: chosen.map((r) => accountImportOf(r.candidate, r.website)),
    });
    bumpData();
    announce(t('importOtherDone', added.length));
    reset();
  }

  const selected = rows.filter((r) => r.include).length;

  return (
    <div class="card import-other">
      <p class="hint" id={hintId}>
        {t('importOtherBody')}
      </p>
      {!result ? (
        <>
          <div class="field">
            <label for={fileId}>{t('importOtherFile')}</label>
            <input
              id={fileId}
              type="file"
              accept=".json,.csv,.xml,.1pux,.zip,application/json,text/csv,text/xml"
              aria-describedby={hintId}
              disabled={busy}
              onChange={onFile}
            />
          </div>
          {busy && <p class="hint">{t('importOtherReading')}</p>}
          <Alert message={error} />
        </>
      ) : (
        <div role="group" aria-label={t('importOtherPreviewLabel')}>
          <p class="lead">{t('importOtherDetected', result.formatName)}</p>
          <p>
            {rows.length > 0 ? t('importOtherFound', rows.length) : t('importOtherNothing')}{' '}
            {result.withoutCodes > 0 && t('importOtherNoCodes', result.withoutCodes)}
          </p>
          {rows.length > 0 && (
            <div class="table-scroll" style={{ overflowX: 'auto' }}>
              <table class="import-table">
                <caption class="visually-hidden">{t('importOtherPreviewLabel')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('importOtherColImport')}</th>
                    <th scope="col">{t('importOtherColItem')}</th>
                    <th scope="col">{t('website')}</th>
                    <th scope="col">{t('username')}</th>
                    <th scope="col">{t('importOtherColCodes')}</th>
                    <th scope="col">{t('importOtherColWhere')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <PreviewRow
                      key={row.key}
                      row={row}
                      busy={busy}
                      onChange={(c) => update(row.key, c)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p class="hint hint-warning">{t('importOtherDeleteFile')}</p>
          <Alert message={error} />
          <div class="button-row">
            {rows.length > 0 && (
              <button
                type="button"
                class="primary-button"
                disabled={busy || selected === 0}
                onClick={importSelected}
              >
                {t('importOtherImport')}
              </button>
            )}
            <button type="button" class="secondary-button" disabled={busy} onClick={reset}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function PreviewRow(props: { row: Row; busy: boolean; onChange(change: Partial<Row>): void }) {
  const { row, busy, onChange } = props;
  const c = row.candidate;
  const used = c.codes.filter((code) => code.used).length;
  const errorId = useId('import-row-error');
  const needsWebsite = c.domains.length === 0;
  return (
    <>
      <tr>
        <td>
          <input
            type="checkbox"
            checked={row.include}
            disabled={busy}
            aria-label={t('importOtherInclude', c.sourceTitle)}
            onChange={(e) => onChange({ include: e.currentTarget.checked, error: null })}
          />
        </td>
        <th scope="row">{c.sourceTitle}</th>
        <td>
          {needsWebsite ? (
            <>
              <input
                type="text"
                value={row.website}
                placeholder="example.com"
                disabled={busy}
                aria-label={t('importOtherWebsiteFor', c.sourceTitle)}
                aria-invalid={row.error !== null}
                aria-describedby={row.error ? errorId : undefined}
                onInput={(e) => onChange({ website: e.currentTarget.value, error: null })}
              />
              <span class="hint">{t('importOtherNeedsWebsite')}</span>
            </>
          ) : (
            c.domains.join(', ')
          )}
        </td>
        <td>{c.username}</td>
        <td>
          {t('nCodes', c.codes.length)}
          {used > 0 && ` · ${t('importOtherUsed', used)}`}
        </td>
        <td>{whereText(c.where)}</td>
      </tr>
      {(c.warnings.length > 0 || row.error) && (
        <tr>
          <td />
          <td colSpan={5}>
            {/* The importers explain in English only; other languages get the gist. */}
            {speaksEnglish()
              ? c.warnings.map((w, i) => (
                  <p key={i} class="hint hint-warning">
                    {w}
                  </p>
                ))
              : c.warnings.length > 0 && (
                  <p class="hint hint-warning">{t('importOtherCheckItem')}</p>
                )}
            {row.error && (
              <p class="hint hint-error" id={errorId}>
                {row.error}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
