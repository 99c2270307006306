/**
 * "Backup codes" textarea + "Import codes file" + drag-and-drop, with a live
 * preview of what the parser understood. The background parses again on save;
 * this preview only helps the person catch a bad paste before saving.
 */
import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { parseCodes } from '../../core/codes/parse';
import { useId } from './components';
import { describeError } from './errors';
import { speaksEnglish, t } from './i18n';

/** Code files are a few hundred bytes; anything this large is the wrong file. */
export const MAX_CODES_FILE_BYTES = 64 * 1024;
const PREVIEW_LIMIT = 40;

export type CodesPreview =
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | {
      kind: 'ok';
      codes: string[];
      rejected: { line: number; text: string; reason: string }[];
      duplicates: number;
    };

export function previewCodes(text: string): CodesPreview {
  if (!text.trim()) return { kind: 'empty' };
  try {
    const r = parseCodes(text);
    return {
      kind: 'ok',
      codes: r.codes.map((c) => c.value),
      rejected: r.rejected.map((x) => ({ line: x.line, text: x.text, reason: String(x.reason) })),
      duplicates: typeof r.duplicates === 'number' ? r.duplicates : 0,
    };
  } catch (e) {
    return { kind: 'error', message: describeError(e) };
  }
}

export async function readCodesFile(file: File): Promise<string> {
  if (file.size > MAX_CODES_FILE_BYTES) throw new Error(t('errFileTooLarge'));
  return readFileText(file);
}

/** `File.text()` through FileReader, which every browser (and jsdom) has. */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(new Error(t('errFileUnreadable')));
    reader.readAsText(file);
  });
}

/** Props for wiring drag-and-drop onto a whole form. */
export function useCodesDrop(onText: (text: string) => void, onError: (message: string) => void) {
  const [dragging, setDragging] = useState(false);
  const handlers = {
    onDragOver(e: JSX.TargetedDragEvent<HTMLElement>) {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave(e: JSX.TargetedDragEvent<HTMLElement>) {
      if (e.currentTarget === e.target) setDragging(false);
    },
    onDrop(e: JSX.TargetedDragEvent<HTMLElement>) {
      const file = e.dataTransfer?.files[0];
      setDragging(false);
      if (!file) return;
      e.preventDefault();
      readCodesFile(file).then(onText, (err: unknown) =>
        onError(err instanceof Error ? err.message : t('errFileUnreadable')),
      );
    },
  };
  return { dragging, handlers };
}

export function CodesInput(props: {
  label: string;
  value: string;
  onInput(text: string): void;
  error?: string | null;
}) {
  const textId = useId('codes');
  const fileId = useId('codes-file');
  const previewId = useId('codes-preview');
  const [fileError, setFileError] = useState<string | null>(null);
  const preview = useMemo(() => previewCodes(props.value), [props.value]);

  async function onFile(e: JSX.TargetedEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    try {
      props.onInput(await readCodesFile(file));
      setFileError(null);
    } catch (err) {
      setFileError(err instanceof Error ? err.message : t('errFileUnreadable'));
    } finally {
      // Choosing the same file again should re-read it.
      input.value = '';
    }
  }

  return (
    <div class="field codes-field">
      <label for={textId}>{props.label}</label>
      <textarea
        id={textId}
        rows={5}
        value={props.value}
        spellcheck={false}
        autoComplete="off"
        autoCapitalize="off"
        aria-describedby={previewId}
        aria-invalid={preview.kind === 'error' || props.error ? 'true' : undefined}
        placeholder={t('codesPlaceholder')}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <div class="file-row">
        <label for={fileId} class="file-label">
          {t('importCodesFile')}
        </label>
        <input id={fileId} type="file" accept=".txt,.csv,.text,text/plain" onChange={onFile} />
        <span class="hint">{t('dropHint')}</span>
      </div>
      {fileError && (
        <p role="alert" class="alert">
          {fileError}
        </p>
      )}
      <div id={previewId} class="codes-preview" aria-live="polite">
        <PreviewBody preview={preview} />
      </div>
    </div>
  );
}

function PreviewBody({ preview }: { preview: CodesPreview }) {
  if (preview.kind === 'empty') return <p class="hint">{t('codesEmptyHint')}</p>;
  if (preview.kind === 'error') return <p class="hint hint-error">{preview.message}</p>;
  return (
    <>
      <p class={preview.codes.length ? 'hint hint-ok' : 'hint hint-error'}>
        {t('codesFound', preview.codes.length)}
        {preview.duplicates > 0 && ` · ${t('codesDuplicates', preview.duplicates)}`}
      </p>
      {preview.codes.length > 0 && (
        <ul class="code-chips" aria-label={t('codesFoundList')}>
          {preview.codes.slice(0, PREVIEW_LIMIT).map((c, i) => (
            <li key={i}>
              <code dir="ltr">{c}</code>
            </li>
          ))}
          {preview.codes.length > PREVIEW_LIMIT && <li>…</li>}
        </ul>
      )}
      {preview.rejected.length > 0 && (
        <details class="rejected" open={preview.rejected.length <= 3}>
          <summary>{t('codesRejected', preview.rejected.length)}</summary>
          <ul>
            {preview.rejected.map((r) => (
              <li key={r.line}>
                {t('rejectedLine', r.line)} <code dir="ltr">{r.text}</code>
                {/* The parser explains in English only. */}
                {speaksEnglish() && ` — ${r.reason}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
