/**
 * Makes the test users in a template app store (a migrated SQLite file that every test file's own
 * store starts as a copy of: test/support/app-store.ts) and starts a throwaway Neo4j 5.26 for the
 * integration tests: a free port, a fresh
 * temporary home, a random password; removed afterwards. When TEST_NEO4J_URI is
 * set (e.g. a docker-compose Neo4j) the tests use that instead, if it is empty or
 * was claimed by an earlier test run (external-neo4j.ts); the shell's NEO4J_URI
 * is never used.
 *
 * The connection reaches test files through vitest's provide/inject.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, startLocalNeo4j, type LocalNeo4jHandle } from '../../server/local-neo4j/local-neo4j.js';
import { createDriver } from '../../server/db/driver.js';
import { openAppStore } from '../../server/app-store/app-store.js';
import { ROLES, type Role } from '../../server/auth/roles.js';
import { createSession } from '../../server/auth/session-store.js';
import { createApiToken } from '../../server/auth/token-store.js';
import { createUser } from '../../server/auth/user-store.js';
import { DEFAULT_SECURITY } from '../../server/auth/settings.js';
import { claimExternalDatabase, externalTestNeo4j, type TestNeo4jConnection } from './external-neo4j.js';

export type TestNeo4j = TestNeo4jConnection;

/** One signed-up user per role: `test-admin`, `test-analyst`, `test-investigator`. */
export type TestUsers = Record<
  Role,
  { username: string; password: string; token: string; sessionId: string }
>;

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
    testUsers: TestUsers;
    /** A migrated SQLite app store holding the test users; copy it, never open it in place. */
    appStoreTemplate: string;
  }
}

let templateFolder: string | undefined;

/**
 * Creates the template app store with the test users (random passwords), an API token each (which
 * `testApp` sends) and a signed-in session each (for browser tests: the `casegraph_session` cookie).
 */
async function provideTestUsers(project: TestProject): Promise<void> {
  templateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-test-app-store-template-'));
  const file = path.join(templateFolder, 'template.sqlite');
  const store = await openAppStore({ dialect: 'sqlite', file });
  try {
    const users = {} as TestUsers;
    for (const role of ROLES) {
      const username = `test-${role}`;
      const password = randomBytes(18).toString('base64url');
      await createUser(store, { username, role, password });
      const { token } = await createApiToken(store, username, 'vitest');
      const session = await createSession(store, username, {
        idleMs: DEFAULT_SECURITY.sessionIdleMinutes * 60_000,
        absoluteMs: DEFAULT_SECURITY.sessionAbsoluteHours * 3_600_000,
      });
      users[role] = { username, password, token, sessionId: session.id };
    }
    project.provide('testUsers', users);
  } finally {
    // Closing the last connection folds the WAL into the file, so the one file is the whole store.
    await store.close();
  }
  project.provide('appStoreTemplate', file);
}

let handle: LocalNeo4jHandle | undefined;
let home: string | undefined;

/**
 * Compiles the server as `npm start` does (tsconfig.build.json → dist/server), so the tests that
 * start a server process run the JavaScript production runs. Incremental: seconds when unchanged.
 */
function buildServer(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root }, (error, stdout) => {
      if (error) reject(new Error(`building the server failed:\n${stdout}`));
      else resolve();
    });
  });
}

export async function setup(project: TestProject): Promise<void> {
  // Alongside Neo4j's start, which is mostly waiting.
  const serverBuilt = buildServer();
  try {
    await startGraphAndUsers(project);
  } finally {
    await serverBuilt;
  }
}

async function startGraphAndUsers(project: TestProject): Promise<void> {
  const external = externalTestNeo4j(process.env);
  if (external) {
    const driver = createDriver(external);
    try {
      await claimExternalDatabase(driver, external);
    } finally {
      await driver.close();
    }
    project.provide('neo4j', external);
    await provideTestUsers(project);
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
  const connection = { uri: handle.uri, user: handle.user, password: handle.password, database: 'neo4j' };
  project.provide('neo4j', connection);
  await provideTestUsers(project);
}

export async function teardown(): Promise<void> {
  await handle?.stop(30_000);
  if (home) fs.rmSync(home, { recursive: true, force: true });
  if (templateFolder) fs.rmSync(templateFolder, { recursive: true, force: true });
}
