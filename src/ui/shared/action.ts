/**
 * The UI's one way to run something the person asked for: a button press or a
 * form submit that waits for the background. While it runs the action is
 * `busy` (the screen disables its button, so a double click cannot send twice);
 * a failure becomes a plain-words `error` for the screen's alert; `retry` runs
 * the last call again. Every screen used to repeat this as its own
 * try/catch/finally with two pieces of state.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from './errors';

export interface Action<A extends unknown[]> {
  /**
   * Runs the action with these arguments, unless a call is still running (then
   * nothing happens). Resolves to true when it ran and succeeded; never rejects.
   */
  run(...args: A): Promise<boolean>;
  /** Runs the last call again with the same arguments (false when there was none). */
  retry(): Promise<boolean>;
  busy: boolean;
  /** The arguments of the call that is running, or null. */
  running: A | null;
  /** What went wrong in the last call, in plain words; null after a success or a new start. */
  error: string | null;
  /** Shows a message in the same place, e.g. from a check made before running. */
  setError(message: string | null): void;
}

export interface ActionOptions {
  /**
   * Called with a failure; returns the message to show (default: {@link describeError}),
   * or null for none when the screen tells the person another way (a status message).
   */
  onError?(error: unknown): string | null;
}

interface State<A> {
  running: A | null;
  error: string | null;
}

export function useAction<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
  options: ActionOptions = {},
): Action<A> {
  const [state, setState] = useState<State<A>>({ running: null, error: null });
  // Refs, not state: a second click in the same tick must already see the
  // first call running, and the newest render's closure is the one to call.
  const inFlight = useRef(false);
  const mounted = useRef(true);
  const last = useRef<A | null>(null);
  const latest = useRef({ action, options });
  latest.current = { action, options };

  useEffect(() => {
    mounted.current = true;
    return () => {
      // The screen is gone (navigated away, locked): a late answer changes nothing.
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<boolean> => {
    if (inFlight.current) return false;
    inFlight.current = true;
    last.current = args;
    setState({ running: args, error: null });
    let error: string | null = null;
    let ok = false;
    try {
      await latest.current.action(...args);
      ok = true;
    } catch (e) {
      error = (latest.current.options.onError ?? describeError)(e);
    }
    inFlight.current = false;
    if (mounted.current) setState({ running: null, error });
    return ok;
  }, []);

  const retry = useCallback(
    () => (last.current ? run(...last.current) : Promise.resolve(false)),
    [run],
  );

  const setError = useCallback(
    (error: string | null) => setState((s) => ({ running: s.running, error })),
    [],
  );

  return useMemo(
    () => ({
      run,
      retry,
      busy: state.running !== null,
      running: state.running,
      error: state.error,
      setError,
    }),
    [run, retry, state, setError],
  );
}
