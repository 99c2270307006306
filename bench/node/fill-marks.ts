/**
 * Click-to-filled in both browsers' extension benches: the page's marks
 * (when the pointer went down, the click, the first input with a value) and
 * the sample made of them, checked against the codes in the vault.
 */
import { MIN_VISIBLE_MS } from '../../src/content/visibility';
import type { FillSample } from './extension';

/**
 * A click counts once the button has been visible for MIN_VISIBLE_MS (the
 * clickjacking guard, src/content/visibility.ts): both benches wait this long
 * after the button appears, before the measured click.
 */
export const VISIBLE_WAIT_MS = MIN_VISIBLE_MS + 300;

/** What `fillObserver` records on the page (event time stamps, ms since navigation start). */
export interface FillMarks {
  pointerdown: number | null;
  click: number | null;
  input: number | null;
  value: string;
}

/** Capture listeners on the fixture page, installed before its own scripts. */
export function fillObserver(): void {
  const out = {
    pointerdown: null as number | null,
    click: null as number | null,
    input: null as number | null,
    value: '',
  };
  (window as unknown as { __backstopFillBench: typeof out }).__backstopFillBench = out;
  addEventListener('pointerdown', (e) => (out.pointerdown = e.timeStamp), true);
  addEventListener('click', (e) => (out.click = e.timeStamp), true);
  addEventListener(
    'input',
    (e) => {
      const now = performance.now();
      const value = (e.target as HTMLInputElement | null)?.value ?? '';
      if (out.input === null && value) {
        out.input = now;
        out.value = value;
      }
    },
    true,
  );
}

/** In the page: forgets the marks, just before the measured click. */
export function resetFillMarks(): void {
  const b = (window as unknown as { __backstopFillBench: Record<string, unknown> })
    .__backstopFillBench;
  Object.assign(b, { pointerdown: null, click: null, input: null, value: '' });
}

/** In the page: a value has arrived in the field. */
export function fillMarked(): boolean {
  return (
    (window as unknown as { __backstopFillBench: FillMarks }).__backstopFillBench.input !== null
  );
}

/** In the page: the marks as they are. */
export function readFillMarks(): FillMarks {
  return (window as unknown as { __backstopFillBench: FillMarks }).__backstopFillBench;
}

/**
 * Run `run`'s sample: the field must hold one of the vault's `codes` and a
 * pointerdown must have been seen, or the bench stops with the reason.
 */
export function fillSample(
  run: number,
  got: FillMarks,
  filled: string,
  codes: ReadonlySet<string>,
): FillSample {
  if (!codes.has(filled.trim().toLowerCase())) {
    throw new Error(`run ${run}: the field holds "${filled}", not one of the stored codes`);
  }
  if (got.pointerdown === null) throw new Error(`run ${run}: no pointerdown was seen`);
  if (got.input === null) throw new Error(`run ${run}: no input with a value was seen`);
  // If the button acts on pointerdown, the value lands before the click event.
  const clickAt = got.click !== null && got.click <= got.input ? got.click : got.pointerdown;
  return { fromClick: got.input - clickAt, fromPointerdown: got.input - got.pointerdown };
}
