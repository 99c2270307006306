/**
 * One polite live region per page for confirmations ("Copied", "Marked as
 * used · Undo"). Its box is always rendered so a message never shifts the
 * layout of the fixed-size popup. Must sit inside the SessionProvider:
 * messages are dropped when the vault becomes unlocked.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { useSession } from './session';

export interface StatusAction {
  label: string;
  run(): void | Promise<void>;
}

interface StatusMessage {
  id: number;
  text: string;
  action?: StatusAction;
}

interface Announcer {
  announce(text: string, action?: StatusAction): void;
  clear(): void;
}

/** Plain messages fade after this long; ones with an action (Undo) stay longer. */
export const STATUS_MS = 6_000;
export const STATUS_ACTION_MS = 12_000;

const AnnouncerContext = createContext<Announcer>({ announce: () => {}, clear: () => {} });
const MessageContext = createContext<StatusMessage | null>(null);

export function useAnnounce(): Announcer {
  return useContext(AnnouncerContext);
}

export function StatusProvider(props: { children: ComponentChildren }) {
  const { phase } = useSession();
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const seq = useRef(0);
  const announce = useCallback((text: string, action?: StatusAction) => {
    seq.current += 1;
    setMessage(action ? { id: seq.current, text, action } : { id: seq.current, text });
  }, []);
  const clear = useCallback(() => setMessage(null), []);
  const api = useMemo(() => ({ announce, clear }), [announce, clear]);

  // A message from before an unlock ("Locked.", "Vault deleted.") is stale
  // once the vault is open again; it would also sit over the controls.
  useEffect(() => {
    if (phase === 'unlocked') setMessage(null);
  }, [phase]);

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), message.action ? STATUS_ACTION_MS : STATUS_MS);
    return () => clearTimeout(timer);
  }, [message]);

  return (
    <AnnouncerContext.Provider value={api}>
      <MessageContext.Provider value={message}>{props.children}</MessageContext.Provider>
    </AnnouncerContext.Provider>
  );
}

export function StatusBar() {
  const message = useContext(MessageContext);
  const { clear } = useAnnounce();
  const action = message?.action;
  return (
    <div class="status-bar">
      <p role="status" aria-live="polite" class="status-text">
        {message?.text ?? ''}
      </p>
      {action && (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            clear();
            void action.run();
          }}
        >
          {action.label}
        </button>
      )}
      {message && (
        <button type="button" class="icon-button" aria-label={t('dismiss')} onClick={clear}>
          ×
        </button>
      )}
    </div>
  );
}
