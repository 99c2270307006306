// Prints the backup-code field detection table (precision/recall over
// test/fixtures/pages) by running the report test with printing switched on.
// Usage: node scripts/detection-report.mjs
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  'npx',
  ['vitest', 'run', '--project', 'unit', 'src/content/detect/report.test.ts', '--silent=false'],
  { stdio: 'inherit', env: { ...process.env, BACKSTOP_DETECTION_REPORT: '1' } },
);
process.exit(result.status ?? 1);
