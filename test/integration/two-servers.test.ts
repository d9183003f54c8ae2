/**
 * Several app processes, one graph (issue 13): two real servers on one PostgreSQL app store and
 * the test Neo4j, with no sticky sessions (each request goes to whichever server the test picks).
 * A session made on one works on the other; a token revoked or a user disabled on one is refused
 * by the other within a second; sign-in limits count across both; a workspace saved on one opens
 * on the other; the read cache of one sees an import made through the other.
 */
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore, type AppStore } from '../../server/app-store/app-store.js';
import { createUser } from '../../server/auth/user-store.js';
import { CACHE_HEADER } from '../../server/read-cache/cached-json.js';
import { testDriver } from '../support/neo4j.js';
import { createPostgresDatabase, stopTestPostgres } from '../support/postgres.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const PASSWORD = 'two servers one passphrase';
const ADMIN = 'two-servers-admin';
const ANALYST = 'two-servers-analyst';
const PERSON = 'person:two-servers-courier';
const SOURCE = 'src:two-servers-note';
/** Bad sign-ins one address may make per user name and minute, on both servers together. */
const LOGIN_LIMIT = 4;

let a: ServerProcess;
let b: ServerProcess;
let store: AppStore;
let driver: Driver;

beforeAll(async () => {
  driver = testDriver();
  const url = await createPostgresDatabase();
  const env = { APP_STORE_URL: url, LOGIN_RATE_LIMIT_PER_MINUTE: String(LOGIN_LIMIT) };
  // Started together: both migrate the empty store at once, and the migration lock sorts it out.
  const started = await Promise.allSettled([startServerProcess(env), startServerProcess(env)]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (servers.length < 2) {
    // Never leave the one that did start running behind the test.
    await Promise.all(servers.map((server) => server.stop()));
    throw (started.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason;
  }
  [a, b] = servers as [ServerProcess, ServerProcess];
  store = await openAppStore({ dialect: 'postgres', url });
  await createUser(store, { username: ADMIN, role: 'admin', password: PASSWORD });
  await createUser(store, { username: ANALYST, role: 'analyst', password: PASSWORD });
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await store?.close();
  await stopTestPostgres();
  await driver?.executeQuery('MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n', {
    ids: [PERSON, SOURCE],
  });
  await driver?.executeQuery('MATCH (n:Entity {id: "case:two-servers"}) DETACH DELETE n');
  await driver?.close();
});

interface Session {
  cookie: string;
  csrfToken: string;
}

async function signIn(server: ServerProcess, username: string): Promise<Session> {
  const res = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  return { cookie, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A request to `server`, with the session's cookie (and CSRF token on writes) or a bearer token. */
function call(
  server: ServerProcess,
  method: string,
  path: string,
  auth: Session | string,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (typeof auth === 'string') headers.authorization = `Bearer ${auth}`;
  else {
    headers.cookie = auth.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = auth.csrfToken;
  }
  return fetch(`${server.base}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two app processes on one PostgreSQL app store and one Neo4j', () => {
  it('when a session is made on one, then it works on the other, writes included', async () => {
    const session = await signIn(a, ANALYST);
    const me = await call(b, 'GET', '/api/auth/me', session);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: ANALYST, via: 'session' });
    // Signed out on the other: gone on both.
    expect((await call(b, 'POST', '/api/auth/logout', session)).status).toBe(204);
    await sleep(1_000);
    expect((await call(a, 'GET', '/api/auth/me', session)).status).toBe(401);
  });

  it('when a workspace is saved on one, then it opens on the other', async () => {
    const session = await signIn(b, ANALYST);
    const state = {
      nodes: [{ id: 'org:phantom-secure', x: 10, y: 20, pinned: true }],
      filters: {
        hiddenNodeTypes: [],
        hiddenRelTypes: [],
        statuses: [],
        minConfidence: 0,
        sources: [],
        asOf: null,
      },
      layout: 'grid',
    };
    const saved = await call(b, 'POST', '/api/workspaces', session, { name: 'Two servers', state });
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: string };
    const opened = await call(a, 'GET', `/api/workspaces/${encodeURIComponent(id)}`, session);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ id, name: 'Two servers', state });
  });

  it('when a token is revoked on one, then the other refuses it within a second', async () => {
    const session = await signIn(a, ANALYST);
    const made = await call(a, 'POST', '/api/auth/tokens', session, { name: 'two servers' });
    expect(made.status).toBe(201);
    const { id, token } = (await made.json()) as { id: string; token: string };
    // Used on the other first, so that it has the token in its short memory of credentials.
    expect((await call(b, 'GET', '/api/model', token)).status).toBe(200);
    expect((await call(a, 'DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`, session)).status).toBe(204);
    await sleep(1_000);
    expect((await call(b, 'GET', '/api/model', token)).status).toBe(401);
  });

  it('when a user is disabled on one, then the other refuses their token and session within a second', async () => {
    const username = 'two-servers-leaver';
    await createUser(store, { username, role: 'analyst', password: PASSWORD });
    const session = await signIn(b, username);
    const made = await call(b, 'POST', '/api/auth/tokens', session, { name: 'leaver' });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };
    expect((await call(b, 'GET', '/api/model', token)).status).toBe(200);
    expect((await call(b, 'GET', '/api/model', session)).status).toBe(200);
    const admin = await signIn(a, ADMIN);
    expect((await call(a, 'PATCH', `/api/admin/users/${username}`, admin, { disabled: true })).status).toBe(
      200,
    );
    await sleep(1_000);
    expect((await call(b, 'GET', '/api/model', token)).status).toBe(401);
    expect((await call(b, 'GET', '/api/model', session)).status).toBe(401);
  });

  it('when bad sign-ins alternate between the servers, then they count together', async () => {
    const attempt = (server: ServerProcess) =>
      fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'two-servers-guessed', password: 'not the password at all' }),
      }).then((res) => res.status);
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMIT; i++) statuses.push(await attempt(i % 2 === 0 ? a : b));
    // Each server alone saw at most three: only the shared count reaches the limit.
    expect(statuses).toEqual([...Array<number>(LOGIN_LIMIT).fill(401), 429]);
    expect(await attempt(b)).toBe(429);
    expect(await attempt(a)).toBe(429);
  });

  it('when one imports, then the read cache of the other answers the new data', async () => {
    const admin = await signIn(a, ADMIN);
    const document = (name: string) => ({
      case: { id: 'case:two-servers', title: 'Two servers', summary: 'One courier.' },
      sources: [{ id: SOURCE, title: 'A field note', publisher: 'Test', date: '2020-01-01' }],
      entities: [{ type: 'Person', id: PERSON, name, aliases: [], properties: {}, sources: [SOURCE] }],
      facts: [],
    });
    expect((await call(a, 'POST', '/api/admin/import', admin, document('Courier One'))).status).toBe(200);
    const read = async () => {
      const res = await call(b, 'GET', `/api/entities/${encodeURIComponent(PERSON)}`, admin);
      expect(res.status).toBe(200);
      return {
        cache: res.headers.get(CACHE_HEADER),
        name: ((await res.json()) as { node: { label: string } }).node.label,
      };
    };
    await read();
    expect(await read()).toEqual({ cache: 'hit', name: 'Courier One' });
    expect((await call(a, 'POST', '/api/admin/import', admin, document('Courier Two'))).status).toBe(200);
    // The other server checks the graph's version at most a second after it last did.
    await sleep(1_500);
    expect((await read()).name).toBe('Courier Two');
  });
});
