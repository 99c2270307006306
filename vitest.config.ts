import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Two projects: `unit` runs pure logic in Node (DOM tests opt into jsdom with a
// `// @vitest-environment jsdom` comment), `e2e` drives the *built* extension in
// real Chromium and Firefox and therefore runs files one at a time.
export default defineConfig({
  test: {
    // scripts/test.mjs gives each project its own report file.
    reporters: [
      'default',
      ['json', { outputFile: process.env.VITEST_REPORT ?? '.vitest-reports/results.json' }],
    ],
    projects: [
      {
        plugins: [preact()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/unit/setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
