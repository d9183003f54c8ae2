/**
 * The browser tests on their own: `npx vitest run --config test/e2e/vitest.e2e.config.ts`
 * (add `--project e2e-ui` for the part that needs no database).
 * `e2e-ui` drives the explorer against an in-memory API (fixture-api.ts);
 * `e2e` drives the real app (createApp) against the test Neo4j.
 */
import { defineConfig } from 'vitest/config';

const root = new URL('../..', import.meta.url).pathname;

export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: {
          name: 'e2e-ui',
          root,
          include: ['test/e2e/explorer-ui.e2e.test.ts'],
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
          root,
          include: ['test/e2e/explorer.e2e.test.ts'],
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
