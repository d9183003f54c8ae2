/**
 * Starts a throwaway Neo4j 5.26 for the integration tests: a free port, a fresh
 * temporary home, a random password; removed afterwards. When NEO4J_URI is
 * configured (e.g. a docker-compose Neo4j) the tests use that instead.
 *
 * The connection reaches test files through vitest's provide/inject.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, startLocalNeo4j, type LocalNeo4jHandle } from '../../server/local-neo4j/local-neo4j.js';

export interface TestNeo4j {
  uri: string;
  user: string;
  password: string;
  database: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

let handle: LocalNeo4jHandle | undefined;
let home: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.NEO4J_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
    });
    return;
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-test-neo4j-'));
  handle = await startLocalNeo4j({
    homeDir: home,
    boltPort: await freePort(),
    password: randomBytes(16).toString('hex'),
    heap: '1g',
    pageCache: '512m',
    txTimeoutMs: 30_000,
    log: (message) => console.log(`[test neo4j] ${message}`),
  });
  project.provide('neo4j', {
    uri: handle.uri,
    user: handle.user,
    password: handle.password,
    database: 'neo4j',
  });
}

export async function teardown(): Promise<void> {
  await handle?.stop(30_000);
  if (home) fs.rmSync(home, { recursive: true, force: true });
}
