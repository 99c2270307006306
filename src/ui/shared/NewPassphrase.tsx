/**
 * A new master passphrase with its strength meter and its confirmation, as
 * "Create vault" and "Change passphrase" ask for it. The check on submit is
 * `newPassphraseError` (strength.ts).
 */
import { PassphraseInput, StrengthMeter, useId } from './components';
import { useStrength } from './strength';

export function NewPassphraseFields(props: {
  label: string;
  confirmLabel: string;
  passphrase: string;
  confirm: string;
  onPassphrase(value: string): void;
  onConfirm(value: string): void;
  /** Ids of further text that describes the passphrase field (the meter is always one). */
  describedBy?: string;
  invalid?: boolean;
  autoFocus?: boolean;
}) {
  const strength = useStrength(props.passphrase);
  const meterId = useId('strength');
  return (
    <>
      <PassphraseInput
        label={props.label}
        value={props.passphrase}
        onInput={props.onPassphrase}
        autoComplete="new-password"
        describedBy={props.describedBy ? `${meterId} ${props.describedBy}` : meterId}
        invalid={props.invalid}
        autoFocus={props.autoFocus}
      />
      <StrengthMeter id={meterId} passphrase={props.passphrase} strength={strength} />
      <PassphraseInput
        label={props.confirmLabel}
        value={props.confirm}
        onInput={props.onConfirm}
        autoComplete="new-password"
        invalid={props.invalid}
      />
    </>
  );
}
