/**
 * Fault tests: a Neo4j of their own (not the shared test server), killed with
 * SIGKILL while requests are in flight and during an import, then restarted.
 * Checks the answers (503 with Retry-After, never a 500 or a hang), recovery
 * without restarting the app, all-or-nothing imports and acknowledged writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../server/db/driver.js';
import { generateCase } from '../../server/generate/generate-case.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { recoverInterruptedImports } from '../../server/import/staged-writer.js';
import { loadModel } from '../../server/model/model.js';
import { freePort, startLocalNeo4j, type LocalNeo4jHandle } from '../../server/local-neo4j/local-neo4j.js';
import { seedDatabase } from '../../server/seed/seed.js';
import { openTestStore } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testAppOn } from '../support/neo4j.js';
import { createApp } from '../../server/app.js';
import { checkForAdmin, FIRST_ADMIN_NAME } from '../../server/auth/bootstrap.js';
import { createLogger } from '../../server/logger.js';

const model = loadModel();
const workspaceState = {
  nodes: [{ id: 'org:phantom-secure', x: 0, y: 0 }],
  filters: {
    hiddenNodeTypes: [],
    hiddenRelTypes: [],
    statuses: [],
    minConfidence: 0,
    sources: [],
    asOf: null,
  },
  layout: 'fcose',
};

describe('when the database fails', () => {
  let home: string;
  let port: number;
  const password = randomBytes(12).toString('hex');
  let neo4jServer: LocalNeo4jHandle;
  let driver: Driver;

  const start = () =>
    startLocalNeo4j({
      homeDir: home,
      boltPort: port,
      password,
      heap: '512m',
      pageCache: '256m',
      txTimeoutMs: 30_000,
    });
  const kill = () => process.kill(neo4jServer.pid, 'SIGKILL');
  const waitUntilDead = async () => {
    for (;;) {
      try {
        process.kill(neo4jServer.pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        // The pid file is stale now; remove it as a crashed server would leave it.
        fs.rmSync(path.join(home, 'casegraph-neo4j.pid'), { force: true });
        return;
      }
    }
  };
  const app = () => testAppOn(driver, { database: 'neo4j' });

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-faults-'));
    port = await freePort();
    neo4jServer = await start();
    driver = createDriver({ uri: neo4jServer.uri, user: 'neo4j', password });
    await seedDatabase({ driver, database: 'neo4j', model });
  });
  afterAll(async () => {
    await driver?.close();
    await neo4jServer?.stop(20_000);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('(first start) when the app store has no user, then an admin is created and its password shown once works', async () => {
    const shown: string[] = [];
    const store = await openTestStore('sqlite');
    const created = await checkForAdmin(store, createLogger('silent'), (m) => shown.push(m));
    expect(created).toBe(true);
    const password = /password:\n\s*│\s+(\S+)/.exec(shown.join('\n'))?.[1];
    expect(password).toBeDefined();
    const server = createApp({
      driver,
      database: 'neo4j',
      logger: createLogger('silent'),
      lifecycle: { shuttingDown: false },
      appStore: store,
    });
    const login = await request(server)
      .post('/api/auth/login')
      .send({ username: FIRST_ADMIN_NAME, password });
    expect(login.status).toBe(200);
    // A second start creates nobody and shows nothing.
    const again: string[] = [];
    expect(await checkForAdmin(store, createLogger('silent'), (m) => again.push(m))).toBe(true);
    expect(again).toEqual([]);
    await store.close();
  });

  it('then in-flight and new requests get 503 with Retry-After (no 500, no hang), health stays 200, and it recovers by itself', async () => {
    const server = await app();
    // Acknowledged writes before the crash must survive it (workspaces: in the app store, which
    // keeps serving them while Neo4j is down).
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(server)
        .post('/api/workspaces')
        .send({ name: `before-crash-${i}`, state: workspaceState });
      expect(res.status).toBe(201);
      acknowledged.push(res.body.id);
    }

    const inFlight = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? request(server).get('/api/workspaces').timeout(15_000)
        : request(server)
            .post('/api/workspaces')
            .send({ name: `during-crash-${i}`, state: workspaceState })
            .timeout(15_000),
    );
    const killedAt = Date.now();
    kill();
    const answers = await Promise.all(inFlight);
    for (const res of answers) expect([200, 201, 503]).toContain(res.status);
    await waitUntilDead();

    let firstUnavailableMs: number | undefined;
    for (let i = 0; i < 50 && firstUnavailableMs === undefined; i++) {
      const ready = await request(server).get('/api/ready').timeout(10_000);
      if (ready.status === 503) firstUnavailableMs = Date.now() - killedAt;
    }
    expect(firstUnavailableMs).toBeDefined();
    console.log(`[faults] kill → first 503 on /api/ready: ${firstUnavailableMs} ms`);

    // Workspaces live in the app store now; a graph read and a query save (EXPLAIN) need Neo4j.
    const downStarted = Date.now();
    const down = await request(server).get('/api/search?q=Phantom').timeout(15_000);
    console.log(`[faults] a request while Neo4j is down answered 503 in ${Date.now() - downStarted} ms`);
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBeDefined();
    expect(down.body.error.code).toBe('DATABASE_UNAVAILABLE');
    const write = await request(server)
      .post('/api/queries')
      .send({ title: 'while-down', cypher: 'MATCH (n:Person) RETURN n.name LIMIT 1' })
      .timeout(15_000);
    expect(write.status).toBe(503);
    expect((await request(server).get('/api/health')).status).toBe(200);

    const restartedAt = Date.now();
    neo4jServer = await start();
    let firstReadyMs: number | undefined;
    for (let i = 0; i < 100 && firstReadyMs === undefined; i++) {
      const ready = await request(server).get('/api/ready').timeout(10_000);
      if (ready.status === 200) firstReadyMs = Date.now() - restartedAt;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(firstReadyMs).toBeDefined();
    console.log(`[faults] restart → first 200 on /api/ready: ${firstReadyMs} ms (includes Neo4j start-up)`);

    const after = await request(server).get('/api/workspaces');
    expect(after.status).toBe(200);
    const ids = after.body.workspaces.map((w: { id: string }) => w.id);
    for (const id of acknowledged) expect(ids).toContain(id);
    // Writes acknowledged during the crash are there too.
    for (const res of answers) if (res.status === 201) expect(ids).toContain(res.body.id);
  }, 240_000);

  it('then an import killed part-way leaves, after recovery, the graph as it was before it', async () => {
    const before = await graphChecksum(driver);
    const doc = generateCase({ entities: 20_000, seed: 7 });
    const importing = importCaseDocument({ driver, database: 'neo4j', model }, doc, {
      batchSize: 500,
      onProgress: (p) => {
        // Kill once part of the facts are in: nodes committed, facts half-way.
        if (p.phase === 'facts' && p.done >= 10_000 && p.done < 10_500) kill();
      },
    });
    await expect(importing).rejects.toBeDefined();
    await waitUntilDead();
    neo4jServer = await start();
    // The app does this at start-up and before each import (staleness 0: we know the importer died).
    const rolledBack = await recoverInterruptedImports(driver, 'neo4j', model, 0);
    expect(rolledBack).toHaveLength(1);
    expect(await graphChecksum(driver)).toBe(before);
  }, 300_000);
});
