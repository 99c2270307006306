/**
 * A manager card that is one form: a title, what it does, its fields, then the
 * action's error line and the submit button ("Export encrypted backup",
 * "Change passphrase", "Delete vault"). The submit button is off while the
 * action runs, and a submit then does nothing.
 */
import type { ComponentChildren } from 'preact';
import { Alert } from '../shared/components';

export function ActionCard(props: {
  title: string;
  body: string;
  /** Red card and button: the action destroys something. */
  danger?: boolean;
  action: { busy: boolean; error: string | null };
  /** Checks what was typed, then runs the action (or shows why not). */
  onSubmit(): unknown;
  submitLabel: string;
  submitId?: string;
  /** The submit button stays off while this is true (e.g. the confirmation is not typed yet). */
  blocked?: boolean;
  /** A second way to act on the same fields ("Change passphrase and re-encrypt everything"). */
  also?: { label: string; onClick(): unknown };
  children: ComponentChildren;
}) {
  const off = props.action.busy || props.blocked === true;
  return (
    <form
      class={props.danger ? 'card card-danger' : 'card'}
      onSubmit={(e) => {
        e.preventDefault();
        if (!off) void props.onSubmit();
      }}
      noValidate
    >
      <h3 class="small-title">{props.title}</h3>
      <p class="hint">{props.body}</p>
      {props.children}
      <Alert message={props.action.error} />
      <button
        type="submit"
        id={props.submitId}
        class={props.danger ? 'danger-button' : 'primary-button'}
        disabled={off}
      >
        {props.submitLabel}
      </button>
      {props.also && (
        <button
          type="button"
          class="secondary-button"
          disabled={off}
          onClick={() => {
            if (!off) void props.also!.onClick();
          }}
        >
          {props.also.label}
        </button>
      )}
    </form>
  );
}
