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

export interface DriverSettings {
  uri: string;
  user: string;
  password: string;
}

/** Creates the one driver of this process. Close it on shutdown. */
export function createDriver(settings: DriverSettings, logger?: Logger): Driver {
  return neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
    // Seconds, not the driver's minute-long defaults: a dead database must become a quick 503.
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 5_000,
    maxTransactionRetryTime: 2_000,
    maxConnectionPoolSize: 50,
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
