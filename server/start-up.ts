/**
 * What must be true before the app serves work, done in the background so the process listens at
 * once: the app store migrated; then, once Neo4j answers, interrupted imports finished or undone,
 * the schema applied, an empty graph seeded, app data an older version kept in the graph moved
 * out, the first admin made; then the watch over imports started. Until all that is done
 * `lifecycle.starting` says what is awaited, `/api/ready` answers 503 with it, and every other
 * API route a 503 STARTING (`startupGate`). A database that comes up late is waited for, with a
 * log line for each step, instead of being skipped as before: a newcomer whose Neo4j started a
 * minute after the app still gets a seeded graph and a login.
 */
import type { Driver } from 'neo4j-driver';
import { migrateAppStore, type AppStore } from './app-store/app-store.js';
import { moveAppDataFromGraph } from './app-store/move-from-graph.js';
import { checkForAdmin } from './auth/bootstrap.js';
import { checkReadiness } from './db/driver.js';
import { isReadOnlyDatabase } from './db/neo4j-codes.js';
import type { Lifecycle } from './health/lifecycle.js';
import { watchImports, type ImportWatch } from './import/import-watch.js';
import { recoverInterruptedImports } from './import/staged-writer.js';
import type { Logger } from './logger.js';
import type { CaseModel } from './model/model.js';
import { applySchema } from './schema/apply-schema.js';
import { isGraphEmpty, seedDatabase } from './seed/seed.js';

/** A failure start-up cannot wait out (a wrong setting): the process stops with its message. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface StartupDeps {
  appStore: AppStore;
  appStoreIsEmbedded: boolean;
  driver: Driver;
  database: string;
  model: CaseModel;
  readOnly: boolean;
  logger: Logger;
  lifecycle: Lifecycle;
  /** How long to wait between two tries of a database that does not answer. */
  retryEveryMs?: number;
}

/**
 * Runs start-up to the end, waiting for the databases as long as it takes (or until shutdown).
 * Resolves with the import watch (null on a read-only graph, or when shutdown came first).
 */
export async function completeStartup(deps: StartupDeps): Promise<ImportWatch | null> {
  const { logger, lifecycle } = deps;
  const retryEveryMs = deps.retryEveryMs ?? 5_000;

  lifecycle.starting = 'waiting for the app store';
  // An embedded store (SQLite) that cannot be migrated will not get better by waiting: a wrong
  // path or permissions. A server (PostgreSQL) may simply not be up yet.
  const migrated = await untilDone('the app store', () => migrateAppStore(deps.appStore), {
    retry: !deps.appStoreIsEmbedded,
    retryEveryMs,
    logger,
    lifecycle,
  });
  if (migrated === undefined) return null;
  logger.info(
    migrated.length > 0 ? { migrations: migrated } : {},
    migrated.length > 0 ? 'app store migrated' : 'app store ready',
  );

  for (;;) {
    lifecycle.starting = 'waiting for Neo4j';
    const answered = await untilDone(
      'Neo4j',
      async () => {
        const readiness = await checkReadiness(deps.driver, deps.database);
        if (!readiness.ready) throw new Error(readiness.reason);
        return true;
      },
      { retry: true, retryEveryMs, logger, lifecycle },
    );
    if (answered === undefined) return null;
    logger.info('Neo4j answers');
    lifecycle.starting = 'preparing the graph';
    try {
      await prepareGraph(deps);
      break;
    } catch (error) {
      if (error instanceof StartupError || lifecycle.shuttingDown) throw error;
      // Neo4j went away in the middle (or refused for a moment): every step is safe to run again.
      logger.warn({ err: error }, 'preparing the graph failed; trying again when Neo4j answers');
      await sleep(retryEveryMs);
    }
  }

  const watch = deps.readOnly
    ? null
    : watchImports({ driver: deps.driver, database: deps.database, model: deps.model, logger });
  lifecycle.starting = null;
  logger.info('start-up complete: ready to serve');
  return watch;
}

async function prepareGraph(deps: StartupDeps): Promise<void> {
  const { driver, database, model, logger } = deps;
  if (!deps.readOnly) {
    try {
      const recovered = await recoverInterruptedImports(driver, database, model);
      if (recovered.length > 0) logger.warn({ imports: recovered }, 'rolled back interrupted imports');
      else logger.info('no interrupted import to recover');
      await applySchema(driver, database, model);
      logger.info('schema applied');
      if (await isGraphEmpty(driver, database)) {
        logger.info('the graph is empty: seeding the cases in cypher/cases');
        const result = await seedDatabase({ driver, database, model });
        for (const { file, summary } of result.cases) logger.info({ file, summary }, 'seeded');
      }
    } catch (error) {
      if (!isReadOnlyDatabase(error)) throw error;
      throw new StartupError(
        `Neo4j refused a write: the database "${database}" is read-only. Set NEO4J_ACCESS=read to use it as a graph casegraph may only read.`,
        { cause: error },
      );
    }
  }
  await moveAppDataFromGraph(deps.appStore, { driver, database }, logger, {
    deleteFromGraph: !deps.readOnly,
  });
  // After the move: users an older version kept in the graph count before a first admin is made.
  await checkForAdmin(deps.appStore, logger);
  logger.info('accounts checked');
}

/**
 * Runs `step` until it succeeds, logging the first failure and then every minute (not every
 * try). Resolves undefined when shutdown began (so `step` must not resolve undefined itself);
 * rethrows at once when `retry` is false.
 */
async function untilDone<T extends NonNullable<unknown>>(
  what: string,
  step: () => Promise<T>,
  options: { retry: boolean; retryEveryMs: number; logger: Logger; lifecycle: Lifecycle },
): Promise<T | undefined> {
  let lastLogged = 0;
  for (;;) {
    if (options.lifecycle.shuttingDown) return undefined;
    try {
      return await step();
    } catch (error) {
      if (!options.retry) throw new StartupError(`${what}: ${message(error)}`, { cause: error });
      if (Date.now() - lastLogged >= 60_000) {
        options.logger.warn(
          `${what} is not answering yet (${message(error)}); /api/ready answers 503 until it does, trying again every ${Math.round(options.retryEveryMs / 1000)} s`,
        );
        lastLogged = Date.now();
      }
      await sleep(options.retryEveryMs);
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
