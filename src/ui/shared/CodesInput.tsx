/**
 * "Backup codes" textarea + "Import codes file" + drag-and-drop, with a live
 * preview of exactly what will be saved: one code per row (with a warning when
 * a code deserves a look), every line left out and why, and a "One code per
 * line" switch. The page saves the codes of {@link previewCodes} for the same
 * text, shape and mode, and the background saves that list as is (docs/codes.md).
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { parseCodes, type ParseMode, type ParsedCode } from '../../core/codes/parse';
import type { CodeShape } from '../../core/codes/shape';
import { isBackstopError } from '../../core/errors';
import type { CodeEntry } from '../../messages';
import { useAction } from './action';
import { useId } from './components';
import { describeError } from './errors';
import { speaksEnglish, t } from './i18n';
import { ImageCodes, isImageFile, useImageCodes } from './ImageCodes';

/** Code files are a few hundred bytes; anything this large is the wrong file. */
export const MAX_CODES_FILE_BYTES = 64 * 1024;

type LeftOut = { line: number; text: string; reason: string };

export type CodesPreview =
  | { kind: 'empty' }
  | { kind: 'error'; message: string; rejected: LeftOut[] }
  | {
      kind: 'ok';
      codes: ParsedCode[];
      rejected: LeftOut[];
      duplicates: number;
      reading: ParseMode;
      warnings: string[];
    };

/** How a paste is read: the site's code shape (null for an unknown site) and the mode. */
export interface CodesReading {
  shape: CodeShape | null;
  mode: ParseMode;
}

const SMART: CodesReading = { shape: null, mode: 'smart' };

function leftOutOf(detail: unknown): LeftOut[] {
  const rejected = (detail as { rejected?: unknown } | undefined)?.rejected;
  return Array.isArray(rejected) ? (rejected as LeftOut[]) : [];
}

/** The preview of `text` read with `reading`: a pure function, so what is shown is what is saved. */
export function previewCodes(text: string, reading: CodesReading = SMART): CodesPreview {
  if (!text.trim()) return { kind: 'empty' };
  try {
    const r = parseCodes(text, { shape: reading.shape, mode: reading.mode });
    return {
      kind: 'ok',
      codes: r.codes,
      rejected: r.rejected,
      duplicates: r.duplicates,
      reading: r.reading,
      warnings: r.warnings,
    };
  } catch (e) {
    const rejected = isBackstopError(e, 'parse-error') ? leftOutOf(e.detail) : [];
    return { kind: 'error', message: describeError(e), rejected };
  }
}

/** The codes to send for a preview: exactly the rows it shows, or null when it shows none. */
export function codesToSave(preview: CodesPreview): CodeEntry[] | null {
  if (preview.kind !== 'ok' || preview.codes.length === 0) return null;
  return preview.codes.map(({ value, used }) => ({ value, used }));
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

/**
 * Props for wiring drag-and-drop onto a whole form. A dropped picture goes to
 * `onImage` (read by `CodesInput`), a text file to `onText`.
 */
export function useCodesDrop(
  onText: (text: string) => void,
  onError: (message: string) => void,
  onImage?: (file: File) => void,
) {
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
      if (onImage && isImageFile(file)) return onImage(file);
      readCodesFile(file).then(onText, (err: unknown) =>
        onError(err instanceof Error ? err.message : t('errFileUnreadable')),
      );
    },
  };
  return { dragging, handlers };
}

/** Files the "Import codes file" input offers: codes files and pictures of codes. */
/** Text, tables, JSON and saved pages (read by `parseCodes`), and pictures (read by OCR). */
export const CODES_FILE_ACCEPT =
  '.txt,.text,.csv,.tsv,.json,.html,.htm,.xml,text/plain,text/csv,application/json,text/html,text/xml,image/png,image/jpeg,image/webp';

export function CodesInput(props: {
  label: string;
  value: string;
  onInput(text: string): void;
  error?: string | null;
  /** The account's domain, for the code shape used when reading a picture. */
  domain?: string | null;
  /** A picture dropped elsewhere on the form; `onImageTaken` clears it once reading starts. */
  droppedImage?: File | null;
  onImageTaken?(): void;
  /** The site's code shape, when the site is known. */
  shape?: CodeShape | null;
  mode?: ParseMode;
  onModeChange?(mode: ParseMode): void;
}) {
  const textId = useId('codes');
  const fileId = useId('codes-file');
  const previewId = useId('codes-preview');
  const modeId = useId('codes-mode');
  const mode = props.mode ?? 'smart';
  const shape = props.shape ?? null;
  const preview = useMemo(
    () => previewCodes(props.value, { shape, mode }),
    [props.value, shape, mode],
  );
  const reading = useAction(async (file: File) => props.onInput(await readCodesFile(file)), {
    onError: (err) => (err instanceof Error ? err.message : t('errFileUnreadable')),
  });
  const image = useImageCodes({
    domain: props.domain ?? null,
    text: props.value,
    onText: props.onInput,
  });

  function readImage(file: File) {
    reading.setError(null);
    void image.read(file);
  }

  useEffect(() => {
    if (!props.droppedImage) return;
    readImage(props.droppedImage);
    props.onImageTaken?.();
  }, [props.droppedImage]);

  function onPaste(e: JSX.TargetedClipboardEvent<HTMLTextAreaElement>) {
    const file = [...(e.clipboardData?.files ?? [])].find((f) => isImageFile(f));
    if (!file) return;
    // An image on the clipboard (a screenshot copied with Ctrl+C): read it, paste no text.
    e.preventDefault();
    readImage(file);
  }

  function onFile(e: JSX.TargetedEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // Choosing the same file again should re-read it (the File object stays readable).
    input.value = '';
    if (!file) return;
    if (isImageFile(file)) readImage(file);
    else void reading.run(file);
  }

  return (
    <div class="field codes-field">
      <label for={textId}>{props.label}</label>
      <textarea
        id={textId}
        rows={5}
        // Codes typed or pasted read left to right; the empty field follows its placeholder's language.
        dir="auto"
        value={props.value}
        spellcheck={false}
        autoComplete="off"
        autoCapitalize="off"
        aria-describedby={previewId}
        aria-invalid={preview.kind === 'error' || props.error ? 'true' : undefined}
        placeholder={t('codesPlaceholder')}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onPaste={onPaste}
      />
      <div class="file-row">
        <label for={fileId} class="file-label">
          {t('importCodesFile')}
        </label>
        <input id={fileId} type="file" accept={CODES_FILE_ACCEPT} onChange={onFile} />
        <span class="hint">{t('dropHint')}</span>
      </div>
      {reading.error && (
        <p role="alert" class="alert">
          {reading.error}
        </p>
      )}
      <ImageCodes image={image} />
      {props.onModeChange && (
        <div class="check-row codes-mode">
          <input
            id={modeId}
            type="checkbox"
            checked={mode === 'lines'}
            aria-describedby={`${modeId}-hint`}
            onChange={(e) => props.onModeChange!(e.currentTarget.checked ? 'lines' : 'smart')}
          />
          <label for={modeId}>{t('codesOneLine')}</label>
          <span class="hint" id={`${modeId}-hint`}>
            {t('codesOneLineHint')}
          </span>
        </div>
      )}
      <div id={previewId} class="codes-preview" aria-live="polite">
        <PreviewBody preview={preview} mode={mode} />
      </div>
    </div>
  );
}

function LeftOutLines({ rejected }: { rejected: LeftOut[] }) {
  if (rejected.length === 0) return null;
  return (
    <details class="rejected" open={rejected.length <= 3}>
      <summary>{t('codesRejected', rejected.length)}</summary>
      <ul>
        {rejected.map((r) => (
          <li key={r.line}>
            {t('rejectedLine', r.line)} <code dir="ltr">{r.text}</code>
            {/* The parser explains in English only. */}
            {speaksEnglish() && ` — ${r.reason}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

function PreviewBody({ preview, mode }: { preview: CodesPreview; mode: ParseMode }) {
  if (preview.kind === 'empty') return <p class="hint">{t('codesEmptyHint')}</p>;
  if (preview.kind === 'error') {
    return (
      <>
        <p class="hint hint-error">{preview.message}</p>
        <LeftOutLines rejected={preview.rejected} />
      </>
    );
  }
  const warned = preview.codes.filter((c) => c.warning).length;
  return (
    <>
      <p class={preview.codes.length ? 'hint hint-ok' : 'hint hint-error'}>
        {t('codesFound', preview.codes.length)}
        {preview.duplicates > 0 && ` · ${t('codesDuplicates', preview.duplicates)}`}
      </p>
      {mode === 'smart' && preview.reading === 'lines' && (
        <p class="hint">{t('codesReadAsLines')}</p>
      )}
      {/* The parser explains in English only; other languages get the gist. */}
      {speaksEnglish()
        ? preview.warnings.map((w) => (
            <p class="hint hint-warning" key={w}>
              {w}
            </p>
          ))
        : preview.warnings.length > 0 && <p class="hint hint-warning">{t('codesCheckSite')}</p>}
      {warned > 0 && <p class="hint hint-warning">{t('codesCheck', warned)}</p>}
      <ol class="code-rows" aria-label={t('codesFoundList')}>
        {preview.codes.map((c) => (
          <li key={c.value} class={c.warning ? 'code-row has-warning' : 'code-row'}>
            <code dir="ltr">{c.value}</code>
            {c.used && <span class="code-used"> {t('codeUsedTag')}</span>}
            {c.warning && (
              <span class="code-warning">{speaksEnglish() ? c.warning : t('codeWarningTag')}</span>
            )}
          </li>
        ))}
      </ol>
      <LeftOutLines rejected={preview.rejected} />
    </>
  );
}
