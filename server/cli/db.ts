/**
 * `npm run db:start | db:stop | db:status`: the local Neo4j as a background
 * service on NEO4J_LOCAL_DATA_DIR, for developers who want it to outlive one
 * `npm start` (set NEO4J_URI to the printed URI to use it).
 */
import path from 'node:path';
import { configFromEnvironment } from '../env.js';
import {
  LocalNeo4jError,
  readPort,
  runningPid,
  startLocalNeo4j,
  stopLocalNeo4j,
} from '../local-neo4j/local-neo4j.js';
import { PROJECT_ROOT } from '../project-root.js';

const projectRoot = PROJECT_ROOT;

async function main(command: string | undefined): Promise<number> {
  const config = configFromEnvironment();
  const homeDir = path.resolve(projectRoot, config.local.dataDir);
  switch (command) {
    case 'start': {
      const handle = await startLocalNeo4j({
        homeDir,
        boltPort: config.local.boltPort,
        password: config.neo4j.password,
        heap: config.local.heap,
        pageCache: config.local.pageCache,
        txTimeoutMs: config.local.txTimeoutMs,
        detached: true,
        log: (message) => console.log(message),
      });
      console.log(`pid ${handle.pid}, data in ${homeDir}`);
      console.log(`NEO4J_URI=${handle.uri}`);
      console.log(`NEO4J_USER=${handle.user}`);
      console.log(
        config.neo4j.password
          ? 'NEO4J_PASSWORD is the one from your configuration'
          : `NEO4J_PASSWORD is in ${path.join(homeDir, 'casegraph-neo4j.password')}`,
      );
      return 0;
    }
    case 'stop': {
      const wasRunning = await stopLocalNeo4j(homeDir);
      console.log(wasRunning ? `Stopped the Neo4j on ${homeDir}` : `No Neo4j is running on ${homeDir}`);
      return 0;
    }
    case 'status': {
      const pid = runningPid(homeDir);
      if (pid === undefined) {
        console.log(`stopped (data folder ${homeDir})`);
        return 0;
      }
      console.log(`running: pid ${pid}, bolt://127.0.0.1:${readPort(homeDir) ?? '?'}, data in ${homeDir}`);
      return 0;
    }
    default:
      console.error('usage: db start | stop | status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof LocalNeo4jError ? `${error.code}: ${error.message}` : error);
    process.exit(1);
  },
);
