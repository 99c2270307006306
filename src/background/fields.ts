/**
 * Which frames of which tabs currently show a recognized backup-code field,
 * as reported by content scripts. Mirrored to session storage so a restarted
 * service worker still knows (for the popup's "Fill on this page").
 */
import type { KeyValueArea } from '../platform/storage-areas';

type FrameMap = Record<string, string>; // frameId -> frame URL
type TabMap = Record<string, FrameMap>; // tabId -> frames

const KEY = 'fields';

export class FieldFrames {
  private tabs: TabMap | null = null;

  constructor(private readonly area: KeyValueArea) {}

  private async load(): Promise<TabMap> {
    this.tabs ??= ((await this.area.get(KEY)) as TabMap | undefined) ?? {};
    return this.tabs;
  }

  async report(tabId: number, frameId: number, url: string, hasField: boolean): Promise<void> {
    const tabs = await this.load();
    const frames = { ...(tabs[tabId] ?? {}) };
    if (hasField) frames[frameId] = url;
    else delete frames[frameId];
    if (Object.keys(frames).length) tabs[tabId] = frames;
    else delete tabs[tabId];
    await this.area.set(KEY, tabs);
  }

  async framesOf(tabId: number): Promise<{ frameId: number; url: string }[]> {
    const frames = (await this.load())[tabId] ?? {};
    return Object.entries(frames).map(([frameId, url]) => ({ frameId: Number(frameId), url }));
  }

  async forgetTab(tabId: number): Promise<void> {
    const tabs = await this.load();
    if (!(tabId in tabs)) return;
    delete tabs[tabId];
    await this.area.set(KEY, tabs);
  }
}
