/**
 * Backup codes from a picture (a screenshot, a photo of a printed sheet):
 * reading with progress and cancel, then every code next to the crop of the
 * picture it was read from, editable, with the codes the reader doubted marked
 * and focused first, and used marks seen in the picture offered as "Used".
 *
 * The codes are written into the "Backup codes" text as one code per line
 * (`(used)` after spent ones), so they reach the vault through the same parser
 * and the same save as pasted text. Nothing of the picture is stored; the
 * crops live in this component's state only. See docs/ocr.md.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImageReading } from '../../ocr/read';
import { describeError } from './errors';
import { t } from './i18n';
import { useServices } from './services';

interface Row {
  value: string;
  used: boolean;
  unsure: boolean;
  crop: string | null;
}

type State =
  | { kind: 'idle' }
  | { kind: 'reading'; starting: boolean; progress: number | null }
  | { kind: 'done'; rows: Row[] }
  | { kind: 'error'; message: string; openManager?: boolean };

/** True when a file should be read as a picture rather than as a text file. */
export function isImageFile(file: { type: string; name?: string }): boolean {
  return (
    file.type.startsWith('image/') ||
    /\.(png|jpe?g|webp|gif|bmp|heic|heif|avif|tiff?)$/i.test(file.name ?? '')
  );
}

export function lineOf(row: Pick<Row, 'value' | 'used'>): string {
  return row.used ? `${row.value} (used)` : row.value;
}

/** Replaces the first line equal to `from` with `to`; appends `to` when no line is. */
export function replaceLine(text: string, from: string, to: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === from);
  if (at < 0) return text.trim() ? `${text.replace(/\n+$/, '')}\n${to}` : to;
  lines[at] = to;
  return lines.join('\n');
}

/** The text with the picture's codes added after what was already typed. */
export function withImageCodes(text: string, reading: Pick<ImageReading, 'text'>): string {
  const typed = text.replace(/\s+$/, '');
  return typed ? `${typed}\n${reading.text}` : reading.text;
}

export interface ImageCodesHandle {
  read(file: File): void;
}

export function useImageCodes(props: {
  domain: string | null;
  text: string;
  onText(text: string): void;
}) {
  const services = useServices();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const textRef = useRef(props.text);
  textRef.current = props.text;

  // Leaving the form stops a reading that is still running.
  useEffect(() => () => controller.current?.abort(), []);

  async function read(file: File) {
    const reader = services.readImage;
    if (!reader) {
      setState({ kind: 'error', message: t('imageInPopup'), openManager: true });
      return;
    }
    controller.current?.abort();
    const ac = new AbortController();
    controller.current = ac;
    setState({ kind: 'reading', starting: true, progress: null });
    try {
      const reading = await reader({
        file,
        domain: props.domain,
        signal: ac.signal,
        onStage(stage, progress) {
          if (ac.signal.aborted) return;
          setState({
            kind: 'reading',
            starting: stage === 'load',
            progress: stage === 'load' && progress !== undefined ? progress : null,
          });
        },
      });
      if (ac.signal.aborted) return;
      if (reading.codes.length === 0) {
        setState({
          kind: 'error',
          message: t(reading.lines === 0 ? 'imageNoText' : 'imageNoCodes'),
        });
        return;
      }
      props.onText(withImageCodes(textRef.current, reading));
      setState({
        kind: 'done',
        rows: reading.codes.map((c) => ({
          value: c.value,
          used: c.used,
          unsure: c.unsure,
          crop: c.crop,
        })),
      });
    } catch (err) {
      if (ac.signal.aborted || (err instanceof DOMException && err.name === 'AbortError')) {
        setState({ kind: 'error', message: t('imageCancelled') });
        return;
      }
      const message =
        err instanceof Error &&
        !('code' in err) &&
        /wasm|WebAssembly|worker|fetch/i.test(err.message)
          ? t('errImageEngine')
          : describeError(err);
      setState({ kind: 'error', message });
    } finally {
      if (controller.current === ac) controller.current = null;
    }
  }

  function cancel() {
    controller.current?.abort();
  }

  function edit(index: number, change: Partial<Pick<Row, 'value' | 'used'>>) {
    if (state.kind !== 'done') return;
    const rows = state.rows.map((r, i) => (i === index ? { ...r, ...change } : r));
    props.onText(replaceLine(textRef.current, lineOf(state.rows[index]!), lineOf(rows[index]!)));
    setState({ kind: 'done', rows });
  }

  return { state, read, cancel, edit, openManager: () => void services.openManager() };
}

export function ImageCodes(props: { image: ReturnType<typeof useImageCodes> }) {
  const { state, cancel, edit, openManager } = props.image;
  const list = useRef<HTMLUListElement>(null);

  // The codes the reader doubted get the person's eyes first.
  const doneRows = state.kind === 'done' ? state.rows : null;
  useEffect(() => {
    if (!doneRows) return;
    const first = doneRows.findIndex((r) => r.unsure);
    const input = list.current?.querySelectorAll('input[type=text]')[Math.max(0, first)];
    if (first >= 0 && input instanceof HTMLInputElement) input.focus();
  }, [doneRows === null]);

  if (state.kind === 'idle') return null;
  if (state.kind === 'reading') {
    return (
      <div class="image-codes" role="status">
        <label class="image-progress">
          {state.starting ? t('imageStarting') : t('imageReading')}
          <progress max={1} value={state.progress ?? undefined} />
        </label>
        <button type="button" class="secondary-button" onClick={cancel}>
          {t('imageCancel')}
        </button>
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div class="image-codes">
        <p role="alert" class="alert">
          {state.message}
        </p>
        {state.openManager && (
          <button type="button" class="secondary-button" onClick={openManager}>
            {t('openManager')}
          </button>
        )}
      </div>
    );
  }
  const unsure = state.rows.filter((r) => r.unsure).length;
  return (
    <div class="image-codes">
      <p class="hint hint-ok">
        {t('imageFound', state.rows.length)}
        {unsure > 0 && ` ${t('imageUnsureCount', unsure)}`}
      </p>
      <ul class="image-code-list" aria-label={t('imageCodesList')} ref={list}>
        {state.rows.map((r, i) => (
          <li key={i} class={r.unsure ? 'unsure' : undefined}>
            {r.crop && <img src={r.crop} alt={t('imageCropAlt', i + 1)} />}
            <input
              type="text"
              // A code reads left to right on a right-to-left page too (docs/i18n.md).
              dir="ltr"
              value={r.value}
              aria-label={t('imageCodeLabel', i + 1)}
              aria-invalid={r.unsure ? 'true' : undefined}
              spellcheck={false}
              autoComplete="off"
              autoCapitalize="off"
              onChange={(e) => edit(i, { value: e.currentTarget.value.trim() })}
            />
            {r.unsure && <span class="unsure-mark">{t('imageUnsure')}</span>}
            <label class="used-toggle">
              <input
                type="checkbox"
                checked={r.used}
                onChange={(e) => edit(i, { used: e.currentTarget.checked })}
              />
              {t('imageUsedLabel')}
            </label>
          </li>
        ))}
      </ul>
      <p class="hint" role="note">
        {t('imageWarning')}
      </p>
    </div>
  );
}
