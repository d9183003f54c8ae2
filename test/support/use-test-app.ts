/**
 * The set-up most API test files share, in one place: a driver on the test database and the app on
 * it (`testApp`), made in `beforeAll`, optionally over the API fixture graph (api-fixture.ts), and
 * torn down in `afterAll` (the file's own clean-up first, then the fixture, then the driver).
 *
 * Call it at the top of a test file. `driver` and `app` exist once `beforeAll` has run: read them
 * from the returned context inside tests and hooks, or let `bind` hand them to the file's own
 * variables (`useTestApp({}, (made) => ({ driver, app } = made))`).
 */
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll } from 'vitest';
import type { AppDeps } from '../../server/app.js';
import { removeApiFixture, seedApiFixture } from './api-fixture.js';
import { testApp, testDriver, testNeo4j, type TestRole } from './neo4j.js';

export interface TestAppContext {
  readonly driver: Driver;
  readonly app: Express;
  /** The test database's name. */
  readonly database: string;
}

export interface TestAppOptions {
  /** Who the app signs each request in as when it carries no credentials (default admin). */
  as?: TestRole;
  /** More of the app's dependencies (e.g. a credential cache the test shares with a second app). */
  deps?: Omit<Partial<AppDeps>, 'driver'>;
  /** Seed the API fixture graph first and remove it at the end. */
  fixture?: boolean;
  /** More set-up once driver and app exist (data of the file's own, sessions), after `bind`. */
  setup?: (context: TestAppContext) => Promise<void>;
  /** The file's own clean-up, run before the fixture is removed and the driver closed. */
  cleanup?: (context: TestAppContext) => Promise<void>;
}

/** Registers the `beforeAll`/`afterAll` pair and returns what they make. */
export function useTestApp(
  options: TestAppOptions = {},
  bind?: (made: { driver: Driver; app: Express }) => void,
): TestAppContext {
  let driver: Driver | undefined;
  let app: Express | undefined;
  const context: TestAppContext = {
    get driver() {
      if (!driver) throw new Error('useTestApp: the driver exists only once beforeAll has run');
      return driver;
    },
    get app() {
      if (!app) throw new Error('useTestApp: the app exists only once beforeAll has run');
      return app;
    },
    get database() {
      return testNeo4j().database;
    },
  };

  beforeAll(async () => {
    driver = testDriver();
    if (options.fixture) await seedApiFixture(driver, context.database);
    app = testApp(driver, { ...options.deps, as: options.as ?? 'admin' });
    bind?.({ driver, app });
    await options.setup?.(context);
  });

  afterAll(async () => {
    if (!driver) return;
    try {
      await options.cleanup?.(context);
      if (options.fixture) await removeApiFixture(driver, context.database);
    } finally {
      await driver.close();
    }
  });

  return context;
}
