/**
 * Helpers for integration tests: a driver and an app wired to the test Neo4j.
 *
 * `testApp` signs every request in as `test-admin` (its API token, from the global setup) unless
 * the test sends its own Authorization or Cookie header, or asks for another user with
 * `{ as: 'analyst' | 'investigator' | 'anonymous' }`. Saved queries, workspaces and audit events
 * go to the test file's own fresh SQLite app store (app-store.ts) unless a test passes its own
 * `appStore` (or `audit`); nothing of theirs reaches the graph.
 */
import express, { type Express } from 'express';
import neo4j, { type Driver } from 'neo4j-driver';
import request from 'supertest';
import { inject } from 'vitest';
import { createApp, type AppDeps } from '../../server/app.js';
import { fileAppStore } from './app-store.js';
import type { Role } from '../../server/auth/roles.js';
import { createApiToken } from '../../server/auth/token-store.js';
import { applyAuthSchema } from '../../server/auth/graph-target.js';
import { createUser, findUser, usernameSchema } from '../../server/auth/user-store.js';
import { randomSecret } from '../../server/auth/secrets.js';
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

export type TestRole = Role | 'anonymous';

/** The test users (`test-admin`, …): names, passwords, API tokens and a session id each. */
export function testUsers() {
  return inject('testUsers');
}

/** The app on the given driver, silent, no client, signed in as `as` (default admin). */
export function testApp(driver: Driver, overrides: Partial<AppDeps> & { as?: TestRole } = {}): Express {
  const { as = 'admin', ...deps } = overrides;
  const app = silentApp(driver, deps);
  if (as === 'anonymous') return app;
  return signedIn(app, driver, deps.database ?? testNeo4j().database, async () => testUsers()[as].token);
}

/**
 * `testApp` for a Neo4j of the test's own (not the shared test server, where the global setup
 * made the users): creates the `test-<role>` user and an API token in that database first.
 */
export async function testAppOn(
  driver: Driver,
  overrides: Partial<AppDeps> & { as?: Role } = {},
): Promise<Express> {
  const { as = 'admin', ...deps } = overrides;
  const app = silentApp(driver, deps);
  const database = deps.database ?? testNeo4j().database;
  const target = { driver, database };
  await applyAuthSchema(target);
  const username = `test-${as}`;
  if (!(await findUser(target, username))) {
    await createUser(target, { username, role: as, password: randomSecret() });
  }
  const { token } = await createApiToken(target, username, 'vitest');
  return signedIn(app, driver, database, async () => token);
}

function silentApp(driver: Driver, deps: Partial<AppDeps>): Express {
  // The file's own fresh SQLite app store unless the test brings one; requests wait for its migration.
  const own = deps.appStore ? undefined : fileAppStore();
  const app = createApp({
    driver,
    database: testNeo4j().database,
    logger: createLogger('silent'),
    lifecycle: { shuttingDown: false },
    // Off unless a test asks: fixtures are written straight into Neo4j, behind the cache's back
    // (test/integration/read-cache.test.ts is where it is on).
    readCache: { maxBytes: 0 },
    ...deps,
    appStore: deps.appStore ?? own!.store,
  });
  if (!own) return app;
  const outer = express();
  outer.use((_req, _res, next) => {
    own.ready.then(() => next(), next);
  });
  outer.use(app);
  return outer;
}

/** Wraps the app so each request without credentials carries a bearer token. */
function signedIn(app: Express, driver: Driver, database: string, token: () => Promise<string>): Express {
  const outer = express();
  outer.use(async (req, res, next) => {
    try {
      if (req.headers.authorization === undefined && req.headers.cookie === undefined) {
        // Tests written before users existed name a user in X-Casegraph-User: sign them in as
        // a real (admin) user of that name, so they exercise the real access control.
        const legacy = req.headers['x-casegraph-user'];
        const bearer =
          typeof legacy === 'string' && legacy !== ''
            ? await impersonationToken(driver, database, legacy)
            : await token();
        if (bearer === undefined) {
          res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'Not a user name' } });
          return;
        }
        req.headers.authorization = `Bearer ${bearer}`;
      }
      next();
    } catch (error) {
      next(error);
    }
  });
  outer.use(app);
  return outer;
}

/** A fresh browser session of a test user: the Cookie header and the CSRF token to send with it. */
export async function signIn(app: Express, role: Role): Promise<{ cookie: string; csrfToken: string }> {
  const { username, password } = testUsers()[role];
  const res = await request(app).post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return {
    cookie: setCookie.map((line) => line.split(';')[0]).join('; '),
    csrfToken: res.body.csrfToken as string,
  };
}

const impersonated = new Map<string, Promise<string | undefined>>();

/** An API token of an admin user with this name (created on first use); undefined for a bad name. */
function impersonationToken(driver: Driver, database: string, name: string): Promise<string | undefined> {
  const key = `${database}\u0000${name}`;
  let token = impersonated.get(key);
  if (!token) {
    token = (async () => {
      const parsed = usernameSchema.safeParse(name);
      if (!parsed.success) return undefined;
      const username = parsed.data;
      const target = { driver, database };
      if (!(await findUser(target, username))) {
        await createUser(target, { username, role: 'admin', password: randomSecret() }).catch(
          (error: { code?: string }) => {
            if (error.code !== 'USER_EXISTS') throw error;
          },
        );
      }
      await driver.executeQuery(
        "MATCH (t:_ApiToken {username: $username, name: 'vitest impersonation'}) DELETE t",
        { username },
        { database: target.database },
      );
      return (await createApiToken(target, username, 'vitest impersonation')).token;
    })();
    impersonated.set(key, token);
  }
  return token;
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
