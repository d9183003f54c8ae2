/**
 * Issue 13: the case graph holds only the case. A real server process is used the way people use
 * it (sign-ins with password, an API token, a saved query, a workspace, a query run, console
 * reads, a denied request), then an analyst looks through the console for any trace of users,
 * sessions, tokens, saved queries, workspaces or audit events: there is none, by label, by
 * property value, or in the graph's list of labels. The app store holds them instead.
 */
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore, type AppStore } from '../../server/app-store/app-store.js';
import { sha256Hex } from '../../server/auth/secrets.js';
import { tempAppStoreFile } from '../support/app-store.js';
import { testDriver, testUsers } from '../support/neo4j.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/** Every label earlier versions wrote app data under. */
const APP_LABELS = ['_User', '_Session', '_ApiToken', 'SavedQuery', 'Workspace', '_AuditEvent'];
const MARK = `out-of-graph-${Math.random().toString(36).slice(2, 8)}`;

let server: ServerProcess;
let storeFile: string;
let driver: Driver;
/** Values that would betray app data if any graph property held them. */
const secrets: string[] = [];

interface Session {
  cookie: string;
  csrfToken: string;
}

async function signIn(role: 'admin' | 'analyst' | 'investigator'): Promise<Session> {
  const { username, password } = testUsers()[role];
  const res = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  secrets.push(cookie.slice(cookie.indexOf('=') + 1), sha256Hex(cookie.slice(cookie.indexOf('=') + 1)));
  return { cookie, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
}

function call(method: string, path: string, session: Session, body?: unknown): Promise<Response> {
  return fetch(`${server.base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      ...(method !== 'GET' && { 'x-csrf-token': session.csrfToken }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

async function consoleRows(session: Session, cypher: string, parameters: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/cypher', session, { cypher, params: parameters });
  const body = (await res.json()) as { table: { columns: string[]; rows: unknown[][] } };
  expect(res.status, `${cypher}: ${JSON.stringify(body)}`).toBe(200);
  return body.table.rows.map((row) =>
    Object.fromEntries(body.table.columns.map((column, i) => [column, row[i]])),
  );
}

beforeAll(async () => {
  driver = testDriver();
  storeFile = tempAppStoreFile();
  server = await startServerProcess({ APP_STORE_FILE: storeFile });

  // A day's work through the server.
  const admin = await signIn('admin');
  const analyst = await signIn('analyst');
  const investigator = await signIn('investigator');
  const token = await call('POST', '/api/auth/tokens', analyst, { name: `${MARK} token` });
  expect(token.status).toBe(201);
  const { token: secret } = (await token.json()) as { token: string };
  secrets.push(secret, sha256Hex(secret));
  const saved = await call('POST', '/api/queries', analyst, {
    title: `${MARK} query`,
    description: 'Who is linked to Phantom Secure',
    cypher: 'MATCH (o:Organisation)-[r]-(n) RETURN o, r, n LIMIT 5',
    parameters: [],
    visibility: 'shared',
  });
  expect(saved.status).toBe(201);
  const { id: queryId } = (await saved.json()) as { id: string };
  expect(
    (await call('POST', `/api/queries/${encodeURIComponent(queryId)}/run`, investigator, { params: {} }))
      .status,
  ).toBe(200);
  const workspace = await call('POST', '/api/workspaces', investigator, {
    name: `${MARK} workspace`,
    state: {
      nodes: [{ id: 'org:phantom-secure', x: 0, y: 0 }],
      filters: {
        hiddenNodeTypes: [],
        hiddenRelTypes: [],
        statuses: [],
        minConfidence: 0,
        sources: [],
        asOf: null,
      },
      layout: 'grid',
    },
  });
  expect(workspace.status).toBe(201);
  expect((await call('POST', '/api/cypher', investigator, { cypher: 'RETURN 1' })).status).toBe(403);
  expect((await call('GET', '/api/admin/users', admin)).status).toBe(200);
  secrets.push(MARK, ...Object.values(testUsers()).map((user) => user.username));
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await driver?.close();
});

describe('the case graph after a day of work', () => {
  it('when an analyst searches the console for app data by label, then there is none', async () => {
    const analyst = await signIn('analyst');
    const rows = await consoleRows(
      analyst,
      'MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) RETURN count(n) AS found',
      { labels: APP_LABELS },
    );
    expect(rows).toEqual([{ found: 0 }]);
    const labels = await consoleRows(analyst, 'CALL db.labels() YIELD label RETURN collect(label) AS labels');
    for (const label of APP_LABELS) expect(labels[0]!.labels as string[]).not.toContain(label);
  });

  it('when an analyst searches every property for user names, ids, tokens and hashes, then nothing matches', async () => {
    const analyst = await signIn('analyst');
    const rows = await consoleRows(
      analyst,
      `MATCH (n)
       WHERE any(key IN keys(n) WHERE any(secret IN $secrets WHERE toStringOrNull(n[key]) CONTAINS secret))
       RETURN count(n) AS found`,
      { secrets },
    );
    expect(rows).toEqual([{ found: 0 }]);
    // The same look straight through the driver, past any filtering the console does.
    const { records } = await driver.executeQuery(
      `MATCH (n)
       WHERE any(label IN labels(n) WHERE label IN $labels)
          OR any(key IN keys(n) WHERE any(secret IN $secrets WHERE toStringOrNull(n[key]) CONTAINS secret))
       RETURN count(n) AS found`,
      { labels: APP_LABELS, secrets },
    );
    expect(Number(records[0]!.get('found'))).toBe(0);
  });

  it('when the app store is read, then it holds what the day made', async () => {
    let store: AppStore | undefined;
    try {
      store = await openAppStore({ dialect: 'sqlite', file: storeFile });
      const tokens = await store.db
        .selectFrom('api_tokens')
        .select('name')
        .where('name', '=', `${MARK} token`)
        .execute();
      expect(tokens).toHaveLength(1);
      const queries = await store.db
        .selectFrom('saved_queries')
        .select('id')
        .where('title', '=', `${MARK} query`)
        .execute();
      expect(queries).toHaveLength(1);
      const workspaces = await store.db
        .selectFrom('workspaces')
        .select('id')
        .where('name', '=', `${MARK} workspace`)
        .execute();
      expect(workspaces).toHaveLength(1);
      const sessions = await store.db.selectFrom('sessions').select('id_hash').execute();
      expect(sessions.length).toBeGreaterThanOrEqual(3);
    } finally {
      await store?.close();
    }
  });
});
