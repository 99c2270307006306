// Prints the test totals of a CI run as the LAST line of output:
//   N passed, N failed
// exactly (what CI reads), with skipped tests counted on the line before it
// summed over every Vitest JSON report in .vitest-reports/ (both projects,
// unit and e2e, each write one: see scripts/test.mjs). Exits non-zero when anything
// failed or when there is no report at all.
//
//   node scripts/ci-summary.mjs [--check NAME=EXIT_CODE ...] [--reports DIR]
//
// `--check` adds a CI step that is not a test (build, web-ext lint, a
// typecheck that stopped `npm test` before Vitest ran): a non-zero exit code
// counts as one failure and is named above the summary line.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
let reportsDir = join(root, '.vitest-reports');
const checks = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reports') reportsDir = args[++i];
  else if (args[i] === '--check') {
    const m = /^(.+)=(-?\d+)$/.exec(args[++i] ?? '');
    if (!m) {
      console.error(`ci-summary: --check expects NAME=EXIT_CODE, got "${args[i]}"`);
      process.exit(2);
    }
    checks.push({ name: m[1], code: Number(m[2]) });
  } else {
    console.error(`ci-summary: unknown argument "${args[i]}"`);
    process.exit(2);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

const reports = existsSync(reportsDir)
  ? readdirSync(reportsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(reportsDir, f))
  : [];

for (const file of reports) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    totals.failed += 1;
    failures.push(`unreadable report ${relative(root, file)}: ${e.message}`);
    continue;
  }
  let failedHere = 0;
  for (const suite of report.testResults ?? []) {
    const tests = suite.assertionResults ?? [];
    // A file that failed to load (syntax error, failing beforeAll import)
    // has no test results but must not vanish from the count.
    if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      failedHere += 1;
      failures.push(
        `${relative(root, suite.name)}: ${(suite.message || 'suite failed').split('\n')[0]}`,
      );
    }
    for (const t of tests) {
      if (t.status === 'passed') totals.passed += 1;
      else if (t.status === 'failed') {
        failedHere += 1;
        failures.push(`${relative(root, suite.name)} > ${t.fullName}`);
      } else totals.skipped += 1; // skipped, pending, todo
    }
  }
  // Unhandled errors fail a run without failing any single test.
  if (report.success === false && failedHere === 0) {
    failedHere += 1;
    failures.push(`${relative(root, file)}: run marked unsuccessful (unhandled error?)`);
  }
  totals.failed += failedHere;
}

if (reports.length === 0) {
  totals.failed += 1;
  failures.push(
    `no test report in ${relative(root, reportsDir) || reportsDir} (Vitest did not run)`,
  );
}

for (const check of checks) {
  if (check.code !== 0) {
    totals.failed += 1;
    failures.push(`${check.name} failed (exit ${check.code})`);
  }
}

if (failures.length) {
  console.log(`\nFailures (${failures.length}):`);
  for (const f of failures) console.log(`  - ${f}`);
}
if (totals.skipped) console.log(`${totals.skipped} skipped`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
