/**
 * The process: config → (local Neo4j when none is configured) → driver → app → listen.
 * Owns the shutdown sequence on SIGTERM/SIGINT: readiness turns 503, the
 * listener stops accepting, in-flight requests drain (bounded), the driver
 * closes, and a local Neo4j we started is stopped.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { createApp } from './app.js';
import { createDriver, checkReadiness } from './db/driver.js';
import { configFromEnvironment } from './env.js';
import { startLocalNeo4j, type LocalNeo4jHandle } from './local-neo4j/local-neo4j.js';
import { createLogger } from './logger.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const logger = createLogger(config.logLevel);
  const lifecycle = { shuttingDown: false };

  // Filled in as start-up proceeds; shutdown closes whatever exists.
  const running: { localNeo4j?: LocalNeo4jHandle; driver?: Driver; server?: Server } = {};

  const shutdown = async (signal: string) => {
    if (lifecycle.shuttingDown) return;
    lifecycle.shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 65_000);
    hardStop.unref();
    const { server, driver, localNeo4j } = running;
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
    await driver?.close();
    if (localNeo4j) {
      logger.info('stopping the local Neo4j');
      await localNeo4j.stop();
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  let connection = config.neo4j;
  if (!connection.uri) {
    logger.info({ dataDir: config.local.dataDir }, 'NEO4J_URI is not set: starting a local Neo4j');
    const localNeo4j = await startLocalNeo4j({
      homeDir: path.resolve(projectRoot, config.local.dataDir),
      boltPort: config.local.boltPort,
      password: config.neo4j.password,
      heap: config.local.heap,
      pageCache: config.local.pageCache,
      txTimeoutMs: config.local.txTimeoutMs,
      log: (message) => logger.info(message),
    });
    running.localNeo4j = localNeo4j;
    connection = { ...connection, uri: localNeo4j.uri, user: localNeo4j.user, password: localNeo4j.password };
  }
  const driver = createDriver(
    { uri: connection.uri!, user: connection.user, password: connection.password! },
    logger,
  );
  running.driver = driver;
  const readiness = await checkReadiness(driver, connection.database);
  if (!readiness.ready) {
    // Not fatal: the app serves 503s and recovers when the database comes back.
    logger.warn({ reason: readiness.reason }, 'Neo4j is not answering yet');
  }

  const app = createApp({
    driver,
    database: connection.database,
    logger,
    lifecycle,
    clientDir: path.join(projectRoot, 'dist', 'client'),
  });
  const server = app.listen(config.port, config.host, () => {
    logger.info(`casegraph is serving http://${config.host}:${config.port}`);
  });
  running.server = server;
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'could not listen');
    void shutdown('listen-error');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
