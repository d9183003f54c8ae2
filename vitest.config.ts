/**
 * Projects:
 * - `unit`: pure code, no database, parallel.
 * - `integration`: a real Neo4j started once by the global setup; files run one at a time
 *   because they share that one database.
 * - `e2e-ui`: the built explorer in headless Chromium against an in-memory API (fixture-api.ts);
 *   one file per screen under test/e2e/ui/.
 * - `e2e`: the built explorer in headless Chromium against the real app and a real Neo4j; one
 *   journey per file under test/e2e/app/.
 * Run one with `npx vitest run --project <name>`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e-ui',
          include: ['test/e2e/explorer-ui.e2e.test.ts', 'test/e2e/ui/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/explorer.e2e.test.ts', 'test/e2e/app/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
