/**
 * The process's one Neo4j driver and the readiness probe.
 *
 * Driver time-outs are tuned for interactive use: a person waiting on the
 * canvas should get an answer (or a clear 503) in seconds, not the driver's
 * minute-long defaults.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';
import type { Logger } from '../logger.js';
import { applyDriverPatches } from './driver-patches.js';

export interface DriverSettings {
  uri: string;
  user: string;
  password: string;
}

/** The pool of a driver: how many connections, and how long a request waits for one. */
export interface PoolSettings {
  maxConnectionPoolSize: number;
  connectionAcquisitionTimeout: number;
}

const MAIN_POOL: PoolSettings = { maxConnectionPoolSize: 50, connectionAcquisitionTimeout: 5_000 };

/**
 * The pool of user-written Cypher (console, saved queries), apart from the main one so that sign-in,
 * search and the explorer never wait behind analysts' queries. A short wait: with every connection
 * busy the answer is a quick 503 with Retry-After, not a request hanging.
 */
export function userCypherPool(size: number): PoolSettings {
  return { maxConnectionPoolSize: size, connectionAcquisitionTimeout: 1_000 };
}

/**
 * Creates the process's main driver (or, with `pool`, the user-Cypher driver beside it). Close
 * each on shutdown.
 */
export function createDriver(
  settings: DriverSettings,
  logger?: Logger,
  pool: PoolSettings = MAIN_POOL,
): Driver {
  // Large records decode in linear time (see driver-patches.ts).
  applyDriverPatches();
  return neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
    // Seconds, not the driver's minute-long defaults: a dead database must become a quick 503.
    // Never longer than the wait for a pooled connection, which would cut it short anyway.
    connectionTimeout: Math.min(3_000, pool.connectionAcquisitionTimeout),
    ...pool,
    maxTransactionRetryTime: 2_000,
    disableLosslessIntegers: false,
    logging: {
      level: 'warn',
      logger: (level, message) => logger?.[level === 'error' ? 'error' : 'warn']({ neo4j: message }),
    },
  });
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Asks the database a real question; never throws. An auto-commit query, not a managed
 * transaction, so a dead database is reported at once instead of after the driver's retries.
 */
export async function checkReadiness(driver: Driver, database: string): Promise<Readiness> {
  const session = driver.session({ database, defaultAccessMode: 'READ' });
  try {
    await session.run(cypher('db/ping'), {}, { timeout: 3_000 });
    return { ready: true };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    return { ready: false, reason: `Neo4j did not answer (${code})` };
  } finally {
    await session.close();
  }
}
