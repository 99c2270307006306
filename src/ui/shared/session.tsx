/**
 * App-wide state shared by the popup and the manager: which screen the vault
 * allows (no vault / locked / unlocked), the settings, a `send` that returns
 * to the locked screen whenever the background answers `locked`, and the
 * activity ping that keeps auto-lock from firing while someone is working.
 */
import { createContext, type ComponentChildren } from 'preact';
import {
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'preact/hooks';
import { isBackstopError } from '../../core/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../core/types';
import type { VaultStatus } from '../../messages';
import { useServices, type SendFn } from './services';

export type Phase = 'loading' | 'unavailable' | 'failed' | 'no-vault' | 'locked' | 'unlocked';

/** The background is told about activity at most this often. */
export const TOUCH_INTERVAL_MS = 30_000;
/** While unlocked, the UI re-checks the vault status this often to notice auto-lock. */
export const STATUS_POLL_MS = 15_000;

export interface Session {
  phase: Phase;
  /** `send` that switches to the locked screen on a `locked` error (and still throws). */
  send: SendFn;
  settings: Settings;
  setSettings(s: Settings): void;
  applyStatus(s: VaultStatus): void;
  /** Records reported as undecryptable by the last unlock or list. */
  corruptedRecords: string[];
  setCorruptedRecords(ids: string[]): void;
  reload(): Promise<void>;
  /** Bumped after changes made outside the accounts views (e.g. an import). */
  dataVersion: number;
  bumpData(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionProvider is missing');
  return s;
}

function phaseOf(s: VaultStatus): Phase {
  if (s.storageUnavailable) return 'unavailable';
  if (!s.exists) return 'no-vault';
  return s.unlocked ? 'unlocked' : 'locked';
}

export function SessionProvider(props: { children: ComponentChildren }) {
  const services = useServices();
  const raw = services.send;
  const [phase, setPhase] = useState<Phase>('loading');
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [corruptedRecords, setCorruptedRecords] = useState<string[]>([]);
  const [dataVersion, setDataVersion] = useState(0);
  const bumpData = useCallback(() => setDataVersion((v) => v + 1), []);

  const send = useMemo<SendFn>(
    () =>
      (async (...args: Parameters<SendFn>) => {
        try {
          return await (raw as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (e) {
          if (isBackstopError(e, 'locked')) setPhase('locked');
          if (isBackstopError(e, 'no-vault')) setPhase('no-vault');
          throw e;
        }
      }) as SendFn,
    [raw],
  );

  const applyStatus = useCallback((s: VaultStatus) => setPhase(phaseOf(s)), []);

  const reload = useCallback(async () => {
    try {
      applyStatus(await raw('vault.status'));
    } catch {
      setPhase('failed');
    }
  }, [raw, applyStatus]);

  // A layout effect runs right after the commit; a plain effect would wait for
  // the first frame, which in a fresh popup comes late (first-render budget).
  useLayoutEffect(() => {
    void reload();
  }, [reload]);

  // Settings are read once per unlock; the settings panel writes them back.
  useEffect(() => {
    if (phase !== 'unlocked') return;
    let live = true;
    raw('settings.get').then(
      (s) => live && setSettings(s),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [phase, raw]);

  // Auto-lock runs in the background; poll so revealed codes do not stay on a
  // screen after the vault locked itself, and re-check when the page is shown.
  useEffect(() => {
    if (phase !== 'unlocked') return;
    const check = () => {
      raw('vault.status').then(applyStatus, () => {});
    };
    const timer = setInterval(check, STATUS_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [phase, raw, applyStatus]);

  useActivityTouch(phase === 'unlocked', send, services.now);

  const value = useMemo<Session>(
    () => ({
      phase,
      send,
      settings,
      setSettings,
      applyStatus,
      corruptedRecords,
      setCorruptedRecords,
      reload,
      dataVersion,
      bumpData,
    }),
    [phase, send, settings, applyStatus, corruptedRecords, reload, dataVersion, bumpData],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

/**
 * Sends `vault.touch` on a key press or pointer press, at most once every
 * {@link TOUCH_INTERVAL_MS}. Unlocking counts as activity, so the first touch
 * waits a full interval.
 */
function useActivityTouch(active: boolean, send: SendFn, now: () => number): void {
  const last = useRef(0);
  useEffect(() => {
    if (!active) return;
    last.current = now();
    const onActivity = () => {
      const at = now();
      if (at - last.current < TOUCH_INTERVAL_MS) return;
      last.current = at;
      send('vault.touch').catch(() => {});
    };
    document.addEventListener('keydown', onActivity, true);
    document.addEventListener('pointerdown', onActivity, true);
    return () => {
      document.removeEventListener('keydown', onActivity, true);
      document.removeEventListener('pointerdown', onActivity, true);
    };
  }, [active, send, now]);
}
