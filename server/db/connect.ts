/**
 * Where the graph is: the configured NEO4J_URI, else the local Neo4j already
 * running on NEO4J_LOCAL_DATA_DIR (`npm run db:start`), else a local one we
 * start now and stop when done. Shared by `npm start` and the CLIs.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import {
  homePassword,
  readPort,
  runningPid,
  startLocalNeo4j,
  type LocalNeo4jHandle,
} from '../local-neo4j/local-neo4j.js';
import { PROJECT_ROOT } from '../project-root.js';

const projectRoot = PROJECT_ROOT;

/** How to reach Neo4j (the driver is made from it); not a `GraphTarget`, which holds the driver. */
export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** Set when we started the server and must stop it. */
  started?: LocalNeo4jHandle;
}

export async function connectOrStartNeo4j(
  config: Readonly<Config>,
  log: (m: string) => void,
): Promise<Neo4jConnection> {
  const { uri, user, password, database } = config.neo4j;
  if (uri) return { uri, user, password: password!, database };
  const homeDir = path.resolve(projectRoot, config.local.dataDir);
  const port = readPort(homeDir);
  if (runningPid(homeDir) !== undefined && port !== undefined) {
    log(`Using the local Neo4j already running on ${homeDir}`);
    return {
      uri: `bolt://127.0.0.1:${port}`,
      user: 'neo4j',
      password: homePassword(homeDir, password),
      database,
    };
  }
  log(`NEO4J_URI is not set: starting a local Neo4j on ${homeDir}`);
  const started = await startLocalNeo4j({
    homeDir,
    boltPort: config.local.boltPort,
    password,
    heap: config.local.heap,
    pageCache: config.local.pageCache,
    txTimeoutMs: config.local.txTimeoutMs,
    log,
  });
  return { uri: started.uri, user: started.user, password: started.password, database, started };
}
