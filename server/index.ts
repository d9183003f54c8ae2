/**
 * The process: config → app store → (local Neo4j when none is configured) → driver → app →
 * listen → start-up completed in the background (`start-up.ts`: migrations, recovery, schema, seed,
 * first admin, as soon as each database answers; readiness is 503 until then). Owns the shutdown sequence on SIGTERM/SIGINT: readiness turns 503, the
 * listener stops accepting, in-flight requests drain (bounded), the app store and the driver
 * close, and a local Neo4j we started is stopped.
 */
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { createApp } from './app.js';
import { createAppStore, type AppStore } from './app-store/app-store.js';
import { describeAppStore } from './app-store/app-store-location.js';
import { AppStoreAuditLog } from './audit/audit-log.js';
import { createDriver, userCypherPool } from './db/driver.js';
import { WorkerRunner } from './user-cypher/worker-runner.js';
import { configFromEnvironment } from './env.js';
import type { Config } from './config.js';
import type { Lifecycle } from './health/lifecycle.js';
import type { ImportWatch } from './import/import-watch.js';
import type { LocalNeo4jHandle } from './local-neo4j/local-neo4j.js';
import { connectOrStartNeo4j } from './db/connect.js';
import { createLogger, type Logger } from './logger.js';
import { activeModelFilePath, loadModel, useModelFile } from './model/model.js';
import { PROJECT_ROOT } from './project-root.js';
import { completeStartup, StartupError } from './start-up.js';

const projectRoot = PROJECT_ROOT;

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const logger = createLogger(config.logLevel);
  // The model is read before anything else: a broken model file stops the start, naming why.
  useModelFile(config.modelFile);
  try {
    loadModel();
  } catch (error) {
    logger.fatal({ modelFile: activeModelFilePath() }, (error as Error).message);
    process.exit(1);
  }
  if (config.modelFile) logger.info({ modelFile: activeModelFilePath() }, 'model file in use');
  const lifecycle: Lifecycle = { shuttingDown: false, starting: 'starting' };

  // Filled in as start-up proceeds; shutdown closes whatever exists.
  const running: {
    localNeo4j?: LocalNeo4jHandle;
    driver?: Driver;
    userCypherDriver?: Driver;
    userCypherWorkers?: WorkerRunner;
    server?: Server;
    audit?: AppStoreAuditLog;
    appStore?: AppStore;
    importWatch?: ImportWatch;
  } = {};

  const shutdown = async (signal: string, exitCode = 0) => {
    if (lifecycle.shuttingDown) return;
    lifecycle.shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 65_000);
    hardStop.unref();
    const { server, driver, userCypherDriver, userCypherWorkers, localNeo4j, audit, appStore, importWatch } =
      running;
    importWatch?.stop();
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdownGraceMs)),
      ]);
      if (!drained) {
        logger.warn('in-flight requests did not finish in time; closing their connections');
        server.closeAllConnections();
      }
    }
    // Audit events of the last requests are written before the store closes.
    await audit?.close();
    await appStore?.close();
    await userCypherWorkers?.close();
    await userCypherDriver?.close();
    await driver?.close();
    if (localNeo4j) {
      logger.info('stopping the local Neo4j');
      await localNeo4j.stop();
    }
    logger.info('stopped');
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Not migrated here: a PostgreSQL store may come up after us (`completeStartup` waits for it).
  const appStore = createAppStore(config.appStore);
  running.appStore = appStore;
  logger.info(`app store: ${describeAppStore(config.appStore)}`);

  const target = await connectOrStartNeo4j(config, (message) => logger.info(message));
  if (target.started) running.localNeo4j = target.started;
  const driver = createDriver(target, logger);
  running.driver = driver;
  const userCypherDriver = createDriver(target, logger, userCypherPool(config.userCypher.poolSize));
  running.userCypherDriver = userCypherDriver;
  // Console and saved-query runs happen in worker threads, off the loop that answers everyone.
  const userCypherWorkers = new WorkerRunner({
    neo4j: { uri: target.uri, user: target.user, password: target.password },
    database: target.database,
    modelFile: config.modelFile,
    size: config.userCypher.runsTotal,
    logger,
  });
  running.userCypherWorkers = userCypherWorkers;
  userCypherWorkers.warm();
  const model = loadModel();
  const readOnly = config.graphAccess === 'read';
  if (readOnly) {
    logger.info(
      'the graph is read-only (NEO4J_ACCESS=read): nothing is written to Neo4j (no schema, seed or import recovery); imports are refused',
    );
  }

  const audit = new AppStoreAuditLog(appStore, logger);
  running.audit = audit;
  const app = createApp({
    driver,
    database: target.database,
    logger,
    appStore,
    lifecycle,
    clientDir: path.join(projectRoot, 'dist', 'client'),
    security: config.security,
    audit,
    readCache: { maxBytes: config.readCacheBytes },
    graphAccess: config.graphAccess,
    trustProxy: config.trustProxy,
    userCypher: {
      driver: userCypherDriver,
      runner: userCypherWorkers,
      runsPerUser: config.userCypher.runsPerUser,
      runsTotal: config.userCypher.runsTotal,
    },
  });
  const server = listen(app, config, logger);
  running.server = server;
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'could not listen');
    void shutdown('listen-error');
  });

  // Serving 503s meanwhile: liveness answers, readiness says what start-up waits for.
  try {
    running.importWatch =
      (await completeStartup({
        appStore,
        appStoreIsEmbedded: config.appStore.dialect === 'sqlite',
        driver,
        database: target.database,
        model,
        readOnly,
        logger,
        lifecycle,
      })) ?? undefined;
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    // On the terminal too, as any other reason not to start: what to set or fix.
    console.error(error instanceof StartupError ? error.message : error);
    await shutdown('start-up-failed', 1);
  }
}

/** HTTP, or HTTPS when TLS_CERT_FILE and TLS_KEY_FILE are set (then HSTS is sent too). */
function listen(app: Express, config: Config, logger: Logger): Server {
  const scheme = config.tls ? 'https' : 'http';
  const server = config.tls
    ? https.createServer(
        { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) },
        app,
      )
    : http.createServer(app);
  return server.listen(config.port, config.host, () => {
    logger.info(`casegraph is serving ${scheme}://${config.host}:${config.port}`);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
