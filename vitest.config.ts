import { defineConfig } from 'vitest/config';

// Three layers, run in order of cost. Browser tests drive Debian's Chromium through playwright-core.
// Timeouts are generous on purpose: they catch hangs, not slowness (speed is measured in `npm run
// bench`); a 2-core machine running the three layers at once can take seconds over a Word import.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
