/**
 * What the UI needs from the outside world, injected through a context so the
 * components never import the browser API and tests can pass fakes.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { MessageName, Request, Response } from '../../messages';
import type { LanguageControl } from './language';

/** Same shape as `send` in `src/platform/messaging.ts`. */
export type SendFn = <K extends MessageName>(
  name: K,
  ...payload: Request<K> extends void ? [] : [Request<K>]
) => Promise<Response<K>>;

export interface ClipboardPort {
  writeText(text: string): Promise<void>;
  /** Absent or rejecting where the page may not read the clipboard. */
  readText?: () => Promise<string>;
}

/** Small key/value store for UI-only, non-secret state (e.g. unlock back-off). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads backup codes from a picture (`src/ocr/reader.ts`); only the manager page has one. */
export type ImageReaderPort = (
  req: import('../../ocr/reader').ReadImageRequest,
) => Promise<import('../../ocr/read').ImageReading>;

export interface Services {
  send: SendFn;
  /** Opens the full-page manager (`runtime.openOptionsPage`). */
  openManager(): Promise<void>;
  clipboard: ClipboardPort | null;
  /** Saves text as a file the person downloads. */
  download(fileName: string, text: string, type?: string): void;
  print(): void;
  now(): number;
  local: KeyValue | null;
  /** The page's language and the Language setting (absent in tests that do not need it). */
  language?: LanguageControl;
  /** Absent in the popup: pictures are read in the manager page (docs/ocr.md). */
  readImage?: ImageReaderPort;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider(props: { services: Services; children: ComponentChildren }) {
  return (
    <ServicesContext.Provider value={props.services}>{props.children}</ServicesContext.Provider>
  );
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesProvider is missing');
  return s;
}

/** Download through a Blob URL and a temporary `<a download>` (no permission needed). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Best-effort access to `localStorage` (absent in some sandboxed contexts). */
export function pageLocalStorage(): KeyValue | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
