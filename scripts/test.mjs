// Runs the unit project, then the end-to-end project, each writing its own
// JSON report into .vitest-reports/ (read by scripts/ci-summary.mjs). They run
// one after the other so the CPU-heavy unit tests (PBKDF2 at 600,000
// iterations) do not starve the real browsers of the e2e tests. Every part
// always runs; the exit code is non-zero if any failed.
//
//   node scripts/test.mjs [unit|e2e]
import { spawnSync } from 'node:child_process';

const runs = {
  unit: [{ report: 'unit', args: ['--project', 'unit'] }],
  e2e: [{ report: 'e2e', args: ['--project', 'e2e'] }],
};
const projects = process.argv[2] ? [process.argv[2]] : ['unit', 'e2e'];
let failed = false;
for (const project of projects) {
  for (const run of runs[project] ?? []) {
    const { status } = spawnSync('npx', ['vitest', 'run', ...run.args], {
      stdio: 'inherit',
      env: { ...process.env, VITEST_REPORT: `.vitest-reports/${run.report}.json` },
    });
    if (status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
