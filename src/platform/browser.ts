/**
 * The only module that imports the WebExtension API. Everything else imports
 * `browser` from here so browser quirks stay in `src/platform/`.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs, Menus, Storage } from 'webextension-polyfill';

/** True when built for Firefox (set by vite `define`). */
export const IS_FIREFOX: boolean = import.meta.env.VITE_TARGET === 'firefox';
