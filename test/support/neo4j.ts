/**
 * Helpers for integration tests: a driver and an app wired to the test Neo4j.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { inject } from 'vitest';
import { createApp, type AppDeps } from '../../server/app.js';
import { createDriver } from '../../server/db/driver.js';
import { createLogger } from '../../server/logger.js';

export function testNeo4j() {
  return inject('neo4j');
}

/** A driver on the test database; close it in afterAll. */
export function testDriver(): Driver {
  const { uri, user, password } = testNeo4j();
  return createDriver({ uri, user, password });
}

/** The app on the given driver, silent, no client. */
export function testApp(driver: Driver, overrides: Partial<AppDeps> = {}) {
  return createApp({
    driver,
    database: testNeo4j().database,
    logger: createLogger('silent'),
    lifecycle: { shuttingDown: false },
    ...overrides,
  });
}

/** A driver that can never connect (a closed port): for "database down" answers. */
export function unreachableDriver(): Driver {
  return neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'), {
    connectionTimeout: 1_000,
    connectionAcquisitionTimeout: 1_000,
    maxTransactionRetryTime: 0,
    logging: { level: 'error', logger: () => {} },
  });
}
