/**
 * Helpers for integration tests: a driver and an app wired to the test Neo4j.
 *
 * `testApp` signs every request in as `test-admin` (its API token, from the global setup) unless
 * the test sends its own Authorization or Cookie header, or asks for another user with
 * `{ as: 'analyst' | 'investigator' | 'anonymous' }`. Users, sessions, tokens, saved queries,
 * workspaces and audit events live in the test file's own SQLite app store (a copy of the template
 * with the test users: app-store.ts) unless a test passes its own `appStore` (or `audit`), where the
 * signed-in user and a token are made on first use; nothing of theirs reaches the graph.
 */
import express, { type Express } from 'express';
import neo4j, { type Driver } from 'neo4j-driver';
import request from 'supertest';
import { inject } from 'vitest';
import { createApp, type AppDeps } from '../../server/app.js';
import type { AppStore } from '../../server/app-store/app-store.js';
import { fileAppStore } from './app-store.js';
import type { Role } from '../../server/auth/roles.js';
import { createApiToken } from '../../server/auth/token-store.js';
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
  const store = deps.appStore ?? fileAppStore().store;
  const app = silentApp(driver, deps);
  if (as === 'anonymous') return app;
  return signedIn(app, store, () => tokenOf(store, as));
}

/** `testApp` for a Neo4j of the test's own (the users live in the app store, not the graph). */
export async function testAppOn(
  driver: Driver,
  overrides: Partial<AppDeps> & { as?: Role } = {},
): Promise<Express> {
  return testApp(driver, overrides);
}

const storeTokens = new WeakMap<AppStore, Map<Role, Promise<string>>>();

/**
 * The API token `testApp` sends as `role`: the template's one in the file's own store; in a store
 * a test brought, one made (with the user, if missing) on first use.
 */
function tokenOf(store: AppStore, role: Role): Promise<string> {
  const own = fileAppStore();
  if (store === own.store) return own.ready.then(() => testUsers()[role].token);
  let tokens = storeTokens.get(store);
  if (!tokens) storeTokens.set(store, (tokens = new Map()));
  let token = tokens.get(role);
  if (!token) {
    token = (async () => {
      const username = `test-${role}`;
      if (!(await findUser(store, username))) {
        await createUser(store, { username, role, password: randomSecret() });
      }
      return (await createApiToken(store, username, 'vitest')).token;
    })();
    tokens.set(role, token);
  }
  return token;
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
function signedIn(app: Express, store: AppStore, token: () => Promise<string>): Express {
  const outer = express();
  outer.use(async (req, res, next) => {
    try {
      if (req.headers.authorization === undefined && req.headers.cookie === undefined) {
        // Tests written before users existed name a user in X-Casegraph-User: sign them in as
        // a real (admin) user of that name, so they exercise the real access control.
        const legacy = req.headers['x-casegraph-user'];
        const bearer =
          typeof legacy === 'string' && legacy !== ''
            ? await impersonationToken(store, legacy)
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

const impersonated = new WeakMap<AppStore, Map<string, Promise<string | undefined>>>();

/** An API token of an admin user with this name (created on first use); undefined for a bad name. */
function impersonationToken(store: AppStore, name: string): Promise<string | undefined> {
  let tokens = impersonated.get(store);
  if (!tokens) impersonated.set(store, (tokens = new Map()));
  let token = tokens.get(name);
  if (!token) {
    token = (async () => {
      const parsed = usernameSchema.safeParse(name);
      if (!parsed.success) return undefined;
      const username = parsed.data;
      if (!(await findUser(store, username))) {
        await createUser(store, { username, role: 'admin', password: randomSecret() }).catch(
          (error: { code?: string }) => {
            if (error.code !== 'USER_EXISTS') throw error;
          },
        );
      }
      return (await createApiToken(store, username, 'vitest impersonation')).token;
    })();
    tokens.set(name, token);
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
