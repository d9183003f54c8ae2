/**
 * A graph casegraph may only read (issue 13): with NEO4J_ACCESS=read, search, entities, expand,
 * paths, saved queries, the console, workspaces, sign-in and API tokens work and nothing is
 * written to Neo4j; imports, seeding and resets are refused with GRAPH_READ_ONLY.
 *
 *   - against a Neo4j of its own whose database is read-only (`server.databases.
 *     default_to_read_only=true`; seeded first, with its full-text index dropped and an old-layout
 *     saved query left in the graph), the real server process (`server/index.ts`) starts without a
 *     warning and serves every flow over HTTP; started without NEO4J_ACCESS=read it stops, saying
 *     what to set; an app that believes it may write gets Neo4j's own refusal as the same 409,
 *     never a 500;
 *   - on the shared, writable test Neo4j, the same flows with NEO4J_ACCESS=read leave the graph,
 *     its version counter and its schema exactly as they were;
 *   - the seed, import and generate commands refuse before they connect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { Neo4jError, type Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelResponse, QueryRunResult, SearchResponse } from '../../server/contract.js';
import { createDriver } from '../../server/db/driver.js';
import { readGraphState } from '../../server/graph-state/graph-state.js';
import { freePort, startLocalNeo4j, type LocalNeo4jHandle } from '../../server/local-neo4j/local-neo4j.js';
import { FULLTEXT_INDEX_NAME, loadModel } from '../../server/model/model.js';
import { seedDatabase } from '../../server/seed/seed.js';
import { FX } from '../support/api-fixture.js';
import { tempAppStoreFile } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testAppOn, testUsers } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

const root = path.resolve(import.meta.dirname, '../..');
const REFUSED =
  /^casegraph has read-only access to this graph \(NEO4J_ACCESS=read\): importing is not possible$/;

/** An import document that passes validation, so that only the write can refuse it. */
const importDocument = {
  case: { id: 'case:read-only-test', title: 'Read-only test', summary: 'Must never be written.' },
  sources: [{ id: 'src:read-only-test', title: 'A source that must never be written' }],
  entities: [
    { type: 'Person', id: 'person:read-only-test', name: 'Read Only', sources: ['src:read-only-test'] },
  ],
  facts: [],
};

type Target = Express | string;

/** The entities, search text and saved query the flows use on a graph. */
interface Case {
  entity: string;
  pathTo: string;
  search: string;
  /** The entity `search` must find. */
  hit: string;
  supplier: string;
}

/** Signs in with a password as the browser does: the session cookie and the CSRF token. */
async function signInWithPassword(target: Target, role: 'admin' | 'analyst') {
  const { username, password } = testUsers()[role];
  const res = await request(target).post('/api/auth/login').send({ username, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .join('; ');
  return { Cookie: cookie, 'X-CSRF-Token': res.body.csrfToken as string };
}

/**
 * Every flow a read-only graph must serve, over HTTP, each asserted 2xx; then the import, asserted
 * refused. `target` is an app (in process) or a base URL (a server process).
 */
async function readFlows(target: Target, graph: Case): Promise<void> {
  const as = await signInWithPassword(target, 'analyst');
  const get = (url: string) => request(target).get(url).set(as);
  const post = (url: string, body: unknown) =>
    request(target)
      .post(url)
      .set(as)
      .send(body as object);
  const ok = (res: request.Response, status = 200) =>
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);

  const model = await get('/api/model');
  ok(model);
  expect((model.body as ModelResponse).graphAccess).toBe('read');

  const search = await get(`/api/search?q=${encodeURIComponent(graph.search)}`);
  ok(search);
  expect((search.body as SearchResponse).hits.map((hit) => hit.id)).toContain(graph.hit);

  ok(await get(`/api/entities/${encodeURIComponent(graph.entity)}`));
  const neighbours = await get(`/api/entities/${encodeURIComponent(graph.entity)}/neighbours`);
  ok(neighbours);
  expect(neighbours.body.nodes.length).toBeGreaterThan(0);
  const paths = await get(
    `/api/paths?from=${encodeURIComponent(graph.entity)}&to=${encodeURIComponent(graph.pathTo)}`,
  );
  ok(paths);
  expect(paths.body.paths.length).toBeGreaterThan(0);

  const run = await post('/api/queries/lib:who-supplied-whom/run', { params: { supplier: graph.supplier } });
  ok(run);
  expect((run.body as QueryRunResult).outcome).toBe('complete');
  const saved = await post('/api/queries', {
    title: `read-only ${randomBytes(4).toString('hex')}`,
    cypher: 'MATCH (p:Person) RETURN p.name AS name LIMIT 5',
  });
  ok(saved, 201);
  ok(await post(`/api/queries/${encodeURIComponent(saved.body.id as string)}/run`, {}));
  ok(await post('/api/cypher', { cypher: 'MATCH (n:Person) RETURN count(n) AS people' }));

  const workspace = await post('/api/workspaces', {
    name: `read-only ${randomBytes(4).toString('hex')}`,
    state: {
      nodes: [{ id: graph.entity, x: 0, y: 0 }],
      filters: {
        hiddenNodeTypes: [],
        hiddenRelTypes: [],
        statuses: [],
        minConfidence: 0,
        sources: [],
        asOf: null,
      },
      layout: 'fcose',
    },
  });
  ok(workspace, 201);
  const reopened = await get(`/api/workspaces/${encodeURIComponent(workspace.body.id as string)}`);
  ok(reopened);
  expect(reopened.body.name).toBe(workspace.body.name);

  const token = await post('/api/auth/tokens', { name: 'read-only script' });
  ok(token, 201);
  ok(
    await request(target)
      .get('/api/model')
      .set('Authorization', `Bearer ${token.body.token as string}`),
  );

  const admin = await signInWithPassword(target, 'admin');
  const refused = await request(target)
    .post('/api/admin/import')
    .set(admin)
    .set('content-type', 'application/json')
    .send(JSON.stringify(importDocument));
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('GRAPH_READ_ONLY');
  expect(refused.body.error.message).toMatch(REFUSED);
}

describe('a Neo4j database that is read-only, served with NEO4J_ACCESS=read', () => {
  const password = randomBytes(12).toString('hex');
  let home: string;
  let port: number;
  let neo4jServer: LocalNeo4jHandle | undefined;
  let driver: Driver | undefined;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null>;
  const logLines: Record<string, unknown>[] = [];
  let base = '';
  const legacyQueryId = `uq:read-only-legacy-${randomBytes(4).toString('hex')}`;

  const start = (extraSettings?: Record<string, string>) =>
    startLocalNeo4j({
      homeDir: home,
      boltPort: port,
      password,
      heap: '512m',
      pageCache: '128m',
      txTimeoutMs: 30_000,
      ...(extraSettings && { extraSettings }),
    });

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-read-only-'));
    port = await freePort();
    // A writable start first: the case seeded as a writable casegraph would (schema included) ...
    neo4jServer = await start();
    driver = createDriver({ uri: neo4jServer.uri, user: 'neo4j', password });
    await seedDatabase({ driver, database: 'neo4j', model: loadModel() });
    // ... without the full-text index (a graph someone else set up need not have it: search must
    // fall back), and with a saved query as versions before the app store kept them.
    await driver.executeQuery(`DROP INDEX ${FULLTEXT_INDEX_NAME}`);
    await driver.executeQuery(
      `CREATE (:SavedQuery {id: $id, title: 'Legacy shared query', description: '', owner: 'someone-else',
         visibility: 'shared', cypher: 'MATCH (n:Person) RETURN n LIMIT 5', parametersJson: '[]',
         createdAt: '2025-01-01T10:00:00.000Z', updatedAt: '2025-01-01T10:00:00.000Z'})`,
      { id: legacyQueryId },
    );
    await driver.close();
    await neo4jServer.stop(20_000);
    // ... then the same database, read-only.
    neo4jServer = await start({ 'server.databases.default_to_read_only': 'true' });
    driver = createDriver({ uri: neo4jServer.uri, user: 'neo4j', password });

    const httpPort = await freePort();
    base = `http://127.0.0.1:${httpPort}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NEO4J_URI: neo4jServer.uri,
        NEO4J_USER: 'neo4j',
        NEO4J_PASSWORD: password,
        NEO4J_DATABASE: 'neo4j',
        NEO4J_ACCESS: 'read',
        PORT: String(httpPort),
        LOG_LEVEL: 'info',
        APP_STORE_FILE: tempAppStoreFile(),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        try {
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logLines.push({ level: 30, msg: line });
        }
      }
    });
    for (let i = 0; ; i++) {
      const ready = await fetch(`${base}/api/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      if (i > 240) throw new Error('the server did not become ready');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await driver?.close();
    await neo4jServer?.stop(20_000);
    if (home) fs.rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('when anything writes to it, then Neo4j itself refuses (the database really is read-only)', async () => {
    const refusal = await driver!.executeQuery("CREATE (:Probe {id: 'probe'})").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Neo4jError);
    expect((refusal as Neo4jError).code).toBe('Neo.ClientError.General.WriteOnReadOnlyAccessDatabase');
  });

  it('when the server starts, then it says the graph is read-only, warns of nothing and copies old app data without deleting it', async () => {
    // Start-up ends once the graph is prepared, after the server began to listen (issue 17).
    const ready = logLines.findIndex((line) => /start-up complete/.test(String(line.msg)));
    expect(ready).toBeGreaterThan(0);
    const startUp = logLines.slice(0, ready).filter((line) => !line.req);
    expect(
      startUp.filter((line) => /^the graph is read-only \(NEO4J_ACCESS=read\)/.test(String(line.msg))),
    ).toHaveLength(1);
    expect(startUp.filter((line) => Number(line.level) >= 40)).toEqual([]);
    expect(startUp.some((line) => /copied app data from the graph/.test(String(line.msg)))).toBe(true);

    const as = await signInWithPassword(base, 'analyst');
    const list = await request(base).get('/api/queries').set(as);
    expect(list.status).toBe(200);
    expect((list.body.queries as { id: string }[]).map((q) => q.id)).toContain(legacyQueryId);
  });

  it('when every read flow is used over HTTP, then each answers 2xx, search falls back without its index, and import is 409', async () => {
    await readFlows(base, {
      entity: 'org:phantom-secure',
      pathTo: 'country:canada',
      search: 'Vincent Ramos',
      hit: 'person:vincent-ramos',
      supplier: 'org:phantom-secure',
    });
    // No request ended in an error on the server's side.
    expect(logLines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  it('when casegraph is started on it without NEO4J_ACCESS=read, then the start stops and says what to set', async () => {
    const starting = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NEO4J_URI: neo4jServer!.uri,
        NEO4J_USER: 'neo4j',
        NEO4J_PASSWORD: password,
        NEO4J_DATABASE: 'neo4j',
        NEO4J_ACCESS: '',
        PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        APP_STORE_FILE: tempAppStoreFile(),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    starting.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => starting.once('exit', resolve));
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('the database "neo4j" is read-only. Set NEO4J_ACCESS=read');
  });

  it('when an app that believes it may write imports into it, then Neo4j refusal is 409 GRAPH_READ_ONLY, not a 500', async () => {
    const app = await testAppOn(driver!, { database: 'neo4j' });
    const res = await request(app)
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .send(JSON.stringify(importDocument));
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.code).toBe('GRAPH_READ_ONLY');
    expect(res.body.error.message).toMatch(/read-only/);
    expect((await request(app).get('/api/model')).body.graphAccess).toBe('write');
  });
});

describe('NEO4J_ACCESS=read on a writable graph', () => {
  const context = useTestApp({ fixture: true, as: 'anonymous', deps: { graphAccess: 'read' } });

  /** Everything a write could change: the case data, the graph version, the schema. */
  async function snapshot(driver: Driver, database: string) {
    const names = async (statement: string) =>
      ((await driver.executeQuery(statement, {}, { database })).records[0]?.get('names') as string[]).sort();
    return {
      checksum: await graphChecksum(driver, database),
      state: await readGraphState(driver, database),
      indexes: await names('SHOW INDEXES YIELD name RETURN collect(name) AS names'),
      constraints: await names('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names'),
    };
  }

  it('when every read flow and an import are used, then the graph, its version and its schema are unchanged', async () => {
    const { driver, app, database } = context;
    const before = await snapshot(driver, database);
    await readFlows(app, {
      entity: FX.phantom,
      pathTo: FX.hongKong,
      search: 'Vincent Ramos',
      hit: FX.ramos,
      supplier: FX.phantom,
    });
    // Also with an admin's API token (no session), straight at the import.
    const token = await request(testApp(driver, { graphAccess: 'read' }))
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .send(JSON.stringify(importDocument));
    expect(token.status).toBe(409);
    expect(await snapshot(driver, database)).toEqual(before);
  });
});

describe('the seed, import and generate commands with NEO4J_ACCESS=read', () => {
  /** The commands' app store (a copy of the test template), never the checkout's own. */
  const cliStoreFile = tempAppStoreFile();
  /** Runs a CLI against a port where no Neo4j listens: a refusal must come before connecting. */
  function runCli(script: string, args: string[]) {
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${script}`, ...args], {
        cwd: root,
        env: {
          ...process.env,
          NEO4J_URI: 'bolt://127.0.0.1:1',
          NEO4J_PASSWORD: 'not-a-real-password',
          NEO4J_ACCESS: 'read',
          // Never the checkout's own .data/ store.
          APP_STORE_FILE: cliStoreFile,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('when run, then each stops with exit code 2 and GRAPH_READ_ONLY before touching Neo4j', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-read-only-cli-')), 'g.json');
    const runs = await Promise.all([
      runCli('seed.ts', []),
      runCli('seed.ts', ['--reset', '--yes']),
      runCli('import.ts', ['cypher/cases/phantom-secure.json']),
      runCli('generate.ts', ['--entities', '100', '--out', out]),
    ]);
    const what = [
      'seeding the graph',
      'resetting and seeding the graph',
      'importing',
      'importing a generated case',
    ];
    runs.forEach((run, i) => {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `GRAPH_READ_ONLY: casegraph has read-only access to this graph (NEO4J_ACCESS=read): ${what[i]} is not possible`,
      );
    });
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }, 60_000);
});
