/**
 * End-to-end harness: drives the BUILT extension (dist/) in real browsers.
 * See docs/testing.md for how the pieces fit together.
 */
export { launchChromium, type ChromiumOptions, type ChromiumSession } from './chromium';
export {
  closedShadowRoots,
  launchFirefox,
  type FirefoxOptions,
  type FirefoxSession,
} from './firefox';
export {
  startFixtureServer,
  type FixtureServer,
  type FixtureServerOptions,
  type LoggedRequest,
  type Route,
  type RouteResponse,
} from './fixture-server';
export {
  clickInClosedShadow,
  findInClosedShadow,
  waitForClosedShadow,
  type ElementBox,
  type ShadowTarget,
} from './shadow';
export { saveScreenshot } from './screenshot';
export { messagesFor, type Messages } from './messages';
export { overflowingText } from './layout';
export { sendFromPage } from './protocol';
export {
  DIST,
  FIXTURE_PAGES,
  REPO_ROOT,
  ensureBuilt,
  executablePath,
  hasBrowser,
  hasBrowserLanguage,
  isCI,
  killOnExit,
  makeTempDir,
  reapStaleProfiles,
  withTimeout,
  type BrowserName,
} from './env';
