/**
 * Backup codes from a picture (a screenshot, a photo of a printed sheet):
 * reading with progress and cancel, then every code next to the crop of the
 * picture it was read from, editable, with the codes the reader doubted marked
 * and focused first, and used marks seen in the picture offered as "Used".
 * Places that look like a code but were not read as one (`doubtful`) are
 * listed after the codes with their crop; they reach the text, and so the
 * vault, only when the person adds one ("Add line N as a code").
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
  /** The value as read, and its look-alike characters (positions without separators), to point at. */
  read?: string;
  doubtAt?: number[];
}

/** A place that looked like a code but was not read as one: shown, never saved unless added. */
interface Doubtful {
  text: string;
  crop: string | null;
}

type State =
  | { kind: 'idle' }
  | { kind: 'reading'; starting: boolean; progress: number | null }
  | { kind: 'done'; rows: Row[]; doubtful: Doubtful[] }
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

/**
 * The code as read, split where its look-alike characters are (`doubtAt`
 * counts characters without separators), and their 1-based positions.
 */
export function lookAlikeParts(
  value: string,
  doubtAt: readonly number[],
): { parts: { text: string; doubt: boolean }[]; positions: number[] } {
  const parts: { text: string; doubt: boolean }[] = [];
  let k = 0;
  for (const ch of value) {
    const isChar = !/[\s-]/.test(ch);
    const doubt = isChar && doubtAt.includes(k);
    if (isChar) k++;
    const last = parts[parts.length - 1];
    if (last && last.doubt === doubt && !doubt) last.text += ch;
    else parts.push({ text: ch, doubt });
  }
  return { parts, positions: doubtAt.map((i) => i + 1) };
}

/** The text with one more line after what is there. */
export function appendLine(text: string, line: string): string {
  const typed = text.replace(/\s+$/, '');
  return typed ? `${typed}\n${line}` : line;
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
      const doubtful = reading.doubtful.map((d) => ({ text: d.text, crop: d.crop }));
      if (reading.codes.length === 0 && doubtful.length === 0) {
        setState({
          kind: 'error',
          message: t(reading.lines === 0 ? 'imageNoText' : 'imageNoCodes'),
        });
        return;
      }
      if (reading.codes.length > 0) props.onText(withImageCodes(textRef.current, reading));
      setState({
        kind: 'done',
        rows: reading.codes.map((c) => ({
          value: c.value,
          used: c.used,
          unsure: c.unsure,
          ...(c.doubtAt?.length ? { read: c.value, doubtAt: c.doubtAt } : {}),
          crop: c.crop,
        })),
        doubtful,
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
    setState({ kind: 'done', rows, doubtful: state.doubtful });
  }

  /**
   * The person keeps a doubtful line: it becomes a code row marked unsure (to
   * be checked and edited against its crop) and a line of the text.
   */
  function add(index: number) {
    if (state.kind !== 'done') return;
    const line = state.doubtful[index];
    if (!line) return;
    const row: Row = { value: line.text.trim(), used: false, unsure: true, crop: line.crop };
    props.onText(appendLine(textRef.current, lineOf(row)));
    setState({
      kind: 'done',
      rows: [...state.rows, row],
      doubtful: state.doubtful.filter((_, i) => i !== index),
    });
  }

  return { state, read, cancel, edit, add, openManager: () => void services.openManager() };
}

/** Under a code read with look-alike characters: which ones to compare with the crop. */
function LookAlikes(props: { id: string; row: Row }) {
  const { parts, positions } = lookAlikeParts(props.row.value, props.row.doubtAt ?? []);
  return (
    <span class="look-alike" id={props.id}>
      {t('imageLookAlike', positions.join(', '))}{' '}
      <code aria-hidden="true">
        {parts.map((p, k) => (p.doubt ? <mark key={k}>{p.text}</mark> : p.text))}
      </code>
    </span>
  );
}

let nextListId = 0;

export function ImageCodes(props: { image: ReturnType<typeof useImageCodes> }) {
  const [listId] = useState(() => `image-codes-${++nextListId}`);
  const { state, cancel, edit, add, openManager } = props.image;
  const list = useRef<HTMLUListElement>(null);
  // After "Add line N as a code": the new row's field, to edit it against its crop.
  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    if (focusRow.current === null) return;
    // The text and the rows update in two renders: wait for the one with the new row.
    const input = list.current?.querySelectorAll('input[type=text]')[focusRow.current];
    if (!(input instanceof HTMLInputElement)) return;
    focusRow.current = null;
    input.focus();
  });

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
  const rowCount = state.rows.length;
  return (
    <div class="image-codes">
      {rowCount > 0 ? (
        <p class="hint hint-ok">
          {t('imageFound', rowCount)}
          {unsure > 0 && ` ${t('imageUnsureCount', unsure)}`}
        </p>
      ) : (
        <p role="alert" class="alert">
          {t('imageNoCodes')}
        </p>
      )}
      {rowCount > 0 && (
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
                aria-describedby={r.doubtAt && r.read === r.value ? `${listId}-la-${i}` : undefined}
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
              {/* Last: the grid gives it a row of its own under the field. */}
              {r.doubtAt && r.read === r.value && <LookAlikes id={`${listId}-la-${i}`} row={r} />}
            </li>
          ))}
        </ul>
      )}
      {state.doubtful.length > 0 && (
        <>
          <p class="hint">{t('imageDoubtfulHint', state.doubtful.length)}</p>
          <ul class="image-code-list doubtful" aria-label={t('imageDoubtfulList')}>
            {state.doubtful.map((d, i) => (
              <li key={`${i}:${d.text}`}>
                {d.crop && <img src={d.crop} alt={t('imageDoubtfulCropAlt', i + 1)} />}
                <code class="doubtful-text">{d.text}</code>
                <button
                  type="button"
                  class="secondary-button"
                  onClick={() => {
                    focusRow.current = rowCount;
                    add(i);
                  }}
                >
                  {t('imageDoubtfulAdd', i + 1)}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="hint" role="note">
        {t('imageWarning')}
      </p>
    </div>
  );
}
