/**
 * Which frames of which tabs currently show a recognized backup-code field,
 * as reported by content scripts. Mirrored to session storage so a restarted
 * service worker still knows (for the popup's "Fill on this page" and the
 * keyboard command).
 *
 * Only what the fill decision needs is kept: the frame's origin (scheme,
 * host, port — never its path or query, which can carry tokens and say far
 * more about what the person does) and whether its URL is an app-code-only
 * step, decided when the frame reported. The mirror is bounded: at most
 * {@link MAX_FRAMES_PER_TAB} frames per tab and {@link MAX_FRAMES} in all,
 * the least recently reported going first, so a page that spawns frames
 * cannot grow it without end.
 */
import type { KeyValueArea } from '../platform/storage-areas';

/** A frame with a field, as the background keeps it. */
export interface FieldFrame {
  frameId: number;
  /** `https://github.com`: the frame URL's origin, nothing more. */
  origin: string;
  /** The frame's URL was a step that takes only authenticator codes. */
  appOnly: boolean;
}

interface Stored {
  o: string;
  a?: 1;
  /** Report order, for evicting the least recent. */
  n: number;
}
type TabMap = Record<string, Record<string, Stored>>; // tabId -> frameId -> frame

const KEY = 'fields';
export const MAX_FRAMES_PER_TAB = 8;
export const MAX_FRAMES = 64;

/** The origin of an http(s) URL, or null (nothing is kept for anything else). */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** A stored frame entry as read back from storage (anything malformed is dropped). */
function isStored(v: unknown): v is Stored {
  const s = v as Partial<Stored> | null;
  return typeof s?.o === 'string' && typeof s.n === 'number';
}

export class FieldFrames {
  private tabs: TabMap | null = null;
  private counter = 0;

  constructor(private readonly area: KeyValueArea) {}

  private async load(): Promise<TabMap> {
    if (this.tabs) return this.tabs;
    const raw = (await this.area.get(KEY)) as unknown;
    const tabs: TabMap = {};
    if (raw && typeof raw === 'object') {
      for (const [tabId, frames] of Object.entries(raw as Record<string, unknown>)) {
        if (!frames || typeof frames !== 'object') continue;
        for (const [frameId, frame] of Object.entries(frames as Record<string, unknown>)) {
          if (!isStored(frame)) continue;
          (tabs[tabId] ??= {})[frameId] = frame;
          this.counter = Math.max(this.counter, frame.n);
        }
      }
    }
    this.tabs = tabs;
    return tabs;
  }

  /**
   * A frame reports whether it shows a field. `url` is the frame URL from the
   * browser; only its origin is kept, with `appOnly` decided from the whole URL.
   */
  async report(
    tabId: number,
    frameId: number,
    url: string,
    hasField: boolean,
    appOnly = false,
  ): Promise<void> {
    const tabs = await this.load();
    const frames = { ...(tabs[tabId] ?? {}) };
    const origin = originOf(url);
    if (hasField && origin) {
      frames[frameId] = { o: origin, ...(appOnly ? { a: 1 as const } : {}), n: ++this.counter };
    } else delete frames[frameId];
    if (Object.keys(frames).length) tabs[tabId] = frames;
    else delete tabs[tabId];
    evict(tabs, String(tabId));
    await this.area.set(KEY, tabs);
  }

  async framesOf(tabId: number): Promise<FieldFrame[]> {
    const frames = (await this.load())[tabId] ?? {};
    return Object.entries(frames)
      .sort(([, a], [, b]) => b.n - a.n)
      .map(([frameId, f]) => ({ frameId: Number(frameId), origin: f.o, appOnly: f.a === 1 }));
  }

  async forgetTab(tabId: number): Promise<void> {
    const tabs = await this.load();
    if (!(tabId in tabs)) return;
    delete tabs[tabId];
    await this.area.set(KEY, tabs);
  }
}

/** Drops the least recently reported frames beyond the caps (`tabId`'s first, then any). */
function evict(tabs: TabMap, tabId: string): void {
  const frames = tabs[tabId];
  if (frames) {
    const excess = Object.keys(frames).length - MAX_FRAMES_PER_TAB;
    const oldest = Object.entries(frames).sort(([, a], [, b]) => a.n - b.n);
    for (const [frameId] of oldest.slice(0, Math.max(0, excess))) delete frames[frameId];
  }
  const all = Object.entries(tabs).flatMap(([tab, f]) =>
    Object.entries(f).map(([frameId, { n }]) => ({ tab, frameId, n })),
  );
  all.sort((a, b) => a.n - b.n);
  for (const { tab, frameId } of all.slice(0, Math.max(0, all.length - MAX_FRAMES))) {
    delete tabs[tab]![frameId];
    if (!Object.keys(tabs[tab]!).length) delete tabs[tab];
  }
}
