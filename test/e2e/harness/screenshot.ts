/**
 * Saves a screenshot into docs/screenshots/ (the README links them). Works
 * with a Playwright page (Chromium) and a Puppeteer page (Firefox).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS } from './env';

interface Screenshottable {
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
}

/**
 * Writes `docs/screenshots/<name>.png` and returns its path. `name` is a
 * short kebab-case description, e.g. `manager-unlocked-chromium`.
 */
export async function saveScreenshot(
  page: Screenshottable,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new Error(`Screenshot name must be kebab-case letters and digits: "${name}"`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}
