/** Small building blocks shared by every screen. */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { t } from './i18n';
import { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../core/passphrase';
import type { StrengthResult } from './strength';

let nextId = 0;
/** Stable id for label/input pairs (Preact 10 has no `useId` in every version we support). */
export function useId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++nextId}`);
  return id;
}

/**
 * The error box keeps its height reserved (`min-height` in CSS) so showing an
 * error does not push the rest of a fixed-size popup around.
 */
export function Alert(props: { message: string | null; id?: string }) {
  return (
    <div class="alert-slot" id={props.id}>
      {props.message && (
        <p role="alert" class="alert">
          {props.message}
        </p>
      )}
    </div>
  );
}

/** A letter avatar: no network favicon, so opening the list tells no server anything. */
export function Avatar(props: { name: string; size?: 'small' | 'large' }) {
  const letter = (props.name.trim()[0] ?? '?').toUpperCase();
  let hash = 0;
  for (const ch of props.name.toLowerCase()) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const style = { '--avatar-hue': String(hash % 360) } as JSX.CSSProperties;
  return (
    <span
      class={`avatar ${props.size === 'large' ? 'avatar-large' : ''}`}
      style={style}
      aria-hidden="true"
    >
      {letter}
    </span>
  );
}

interface PassphraseInputProps {
  label: string;
  value: string;
  onInput(value: string): void;
  autoComplete: 'current-password' | 'new-password';
  describedBy?: string;
  invalid?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
}

/** Password field with a show/hide toggle (long passphrases are easy to mistype). */
export function PassphraseInput(props: PassphraseInputProps) {
  const id = useId('pass');
  const [visible, setVisible] = useState(false);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <div class="input-with-button">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          value={props.value}
          autoComplete={props.autoComplete}
          spellcheck={false}
          autoCapitalize="off"
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid ? 'true' : undefined}
          autoFocus={props.autoFocus}
          disabled={props.disabled}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
        <button
          type="button"
          class="ghost-button"
          aria-pressed={visible}
          title={t('showPassphrase')}
          aria-label={t('showPassphrase')}
          onClick={() => setVisible((v) => !v)}
        >
          {t('showShort')}
        </button>
      </div>
    </div>
  );
}

const STRENGTH_KEYS = ['strength0', 'strength1', 'strength2', 'strength3', 'strength4'] as const;

/** Length counter plus zxcvbn's verdict; referenced by the input's aria-describedby. */
export function StrengthMeter(props: {
  id: string;
  passphrase: string;
  strength: StrengthResult | null;
}) {
  const length = passphraseLength(props.passphrase);
  const score = props.strength?.score ?? null;
  return (
    <div class="strength" id={props.id}>
      <div class="strength-bar" data-score={score ?? 'none'} aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </div>
      <p class="hint">
        {length < MIN_PASSPHRASE_LENGTH
          ? t('lengthCounter', length, MIN_PASSPHRASE_LENGTH)
          : score !== null
            ? t('strengthLabel', t(STRENGTH_KEYS[score]))
            : t('lengthOk', length)}
      </p>
      {props.strength?.warning && <p class="hint hint-warning">{t(props.strength.warning)}</p>}
      {props.strength && props.strength.score < 3 && props.strength.suggestions[0] && (
        <p class="hint">{t(props.strength.suggestions[0])}</p>
      )}
    </div>
  );
}

export function Spinner() {
  return <span class="spinner" aria-hidden="true" />;
}

export function Screen(props: { title: string; children: ComponentChildren; class?: string }) {
  const id = useId('screen');
  return (
    <section class={`screen ${props.class ?? ''}`} aria-labelledby={id}>
      <h1 id={id} class="screen-title">
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

/** Hides a code's characters but keeps its shape (groups and separators). */
export function maskCode(value: string): string {
  return value.replace(/[\p{L}\p{N}]/gu, '•');
}
