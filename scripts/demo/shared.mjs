// What every part of `npm run demo` uses: where things are, the seed, and
// how it talks to the terminal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(ROOT, 'dist', 'chrome');
export const SEED = JSON.parse(readFileSync(join(ROOT, 'demo', 'vault.json'), 'utf8'));
export const FILL_LABEL = 'Fill backup code'; // docs/design.md §5: the inline button's accessible name

export const log = (s = '') => console.log(s);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function fail(message) {
  console.error(`\ndemo: ${message}`);
  process.exit(1);
}
