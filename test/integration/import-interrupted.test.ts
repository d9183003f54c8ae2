/**
 * Issue 17, item 1: an interrupted import is noticed and undone by the running server, and until
 * then nobody reads its batches. An importer process killed part-way is rolled back at the next
 * sweep (its process is gone: no 30 s wait); a run on another host once its heartbeat is 30 s old,
 * not before; an importer that stalls and is taken over stops and writes nothing more. Meanwhile
 * search, look-ups, neighbours, paths, subgraphs and the console keep to published case data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphPayload, NeighboursPage, PathsResponse, QueryRunResult } from '../../server/contract.js';
import { generateCase } from '../../server/generate/generate-case.js';
import { markGraphChanged } from '../../server/graph-state/graph-state.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { watchImports } from '../../server/import/import-watch.js';
import { finishImport } from '../../server/import/staging.js';
import { recoverInterruptedImports } from '../../server/import/staged-writer.js';
import { createLogger } from '../../server/logger.js';
import { loadModel } from '../../server/model/model.js';
import { FX } from '../support/api-fixture.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testNeo4j } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

const model = loadModel();
const root = path.resolve(import.meta.dirname, '../..');
const STAGED_FACT = 'staged-probe:fact:1';

const context = useTestApp({
  fixture: true,
  cleanup: async ({ driver, database }) => {
    await recoverInterruptedImports(driver, database, model, 0);
    await driver.executeQuery('MATCH ()-[r {id: $id}]->() DELETE r', { id: STAGED_FACT }, { database });
  },
});

let watch: ReturnType<typeof watchImports> | undefined;
afterAll(() => watch?.stop());

/** The server's watch, swept by hand (its timer is set far off so the test decides when). */
function serverWatch() {
  watch ??= watchImports({
    driver: context.driver,
    database: context.database,
    model,
    logger: createLogger('silent'),
    everyMs: 3_600_000,
  });
  return watch;
}

/** Starts the importer process; resolves once its facts phase has written `factsDone` facts. */
async function startImporter(factsDone: number): Promise<ChildProcess> {
  const neo4j = testNeo4j();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/import-child.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the importer exited (${code}) before the facts phase`)));
    lines.on('line', (line) => {
      const progress = JSON.parse(line) as { phase: string; done?: number };
      if (progress.phase === 'done') reject(new Error('the importer finished before it could be killed'));
      if (progress.phase === 'facts' && (progress.done ?? 0) >= factsDone) resolve();
    });
  });
  return child;
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function runIds(): Promise<string[]> {
  const { records } = await context.driver.executeQuery(
    'MATCH (run:_ImportRun) RETURN run.id AS id',
    {},
    { database: context.database },
  );
  return records.map((r) => r.get('id') as string);
}

async function consoleRows(cypher: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  const res = await request(context.app).post('/api/cypher').send({ cypher, params });
  expect(res.status).toBe(200);
  return (res.body as QueryRunResult).table.rows;
}

describe('an import interrupted while the server runs', () => {
  it('when the importer process is killed part-way, then no reader sees its batches and the next sweep rolls it back without a restart', async () => {
    const before = await graphChecksum(context.driver, context.database, { caseDataOnly: true });
    const importer = await startImporter(500);
    try {
      const [runId] = await runIds();
      expect(runId).toBeDefined();
      // Alive and beating: the sweep leaves it alone.
      expect(await serverWatch().sweep()).toEqual([]);
      expect(importer.exitCode).toBeNull();

      // Its first entities and facts are in the graph, staged; no route shows them.
      const written = await context.driver.executeQuery(
        'MATCH (n:_Staged {id: $id}) RETURN n.name AS name',
        { id: 'person:gen-1' },
        { database: context.database },
      );
      expect(written.records[0]?.get('name')).toBe('Person 1');
      expect((await request(context.app).get('/api/entities/person:gen-1')).status).toBe(404);
      expect((await request(context.app).get('/api/entities/person:gen-1/neighbours')).status).toBe(404);
      expect((await request(context.app).get('/api/facts/fact:gen-1')).status).toBe(404);
      const search = await request(context.app).get('/api/search?q=Person%201');
      expect(search.status).toBe(200);
      expect(JSON.stringify(search.body)).not.toContain('person:gen-1');
      expect(
        await consoleRows('MATCH (n:Entity) WHERE n.id STARTS WITH "person:gen-" RETURN n LIMIT 5'),
      ).toEqual([]);
    } finally {
      await killed(importer);
    }

    // Its process is gone: rolled back at the next sweep, with no wait for a stale heartbeat.
    const [runId] = await runIds();
    expect(await serverWatch().sweep()).toEqual([runId]);
    expect(await runIds()).toEqual([]);
    expect(await graphChecksum(context.driver, context.database, { caseDataOnly: true })).toBe(before);
  }, 180_000);

  it('when a run on another host stops beating, then it is rolled back once its heartbeat is 30 s old, not before', async () => {
    const { driver, database } = context;
    await driver.executeQuery(
      `CREATE (:_ImportRun {id: 'stale-run', status: 'running', startedAt: datetime(),
                            heartbeatAt: datetime() - duration({seconds: 25}),
                            host: 'another-host', pid: 1, processId: 'another-process'})
       CREATE (:Entity:Person:_Staged {id: 'stale-run:person', name: 'Stale Staged'})
       CREATE (:_ImportBatch {importId: 'stale-run', createdNodes: ['stale-run:person'],
                              createdFactTypes: [], createdFactIds: []})`,
      {},
      { database },
    );
    expect(await serverWatch().sweep()).toEqual([]);
    await driver.executeQuery(
      "MATCH (run:_ImportRun {id: 'stale-run'}) SET run.heartbeatAt = datetime() - duration({seconds: 31})",
      {},
      { database },
    );
    expect(await serverWatch().sweep()).toEqual(['stale-run']);
    const left = await driver.executeQuery(
      "MATCH (n) WHERE n.id = 'stale-run:person' OR n.importId = 'stale-run' OR n.id = 'stale-run' RETURN count(n) AS n",
      {},
      { database },
    );
    expect(Number(left.records[0]!.get('n'))).toBe(0);
  });

  it('when an importer stalls and its run is taken over, then it stops with a 503-class error and nothing of it stays', async () => {
    const { driver, database } = context;
    const before = await graphChecksum(driver, database, { caseDataOnly: true });
    let takeOver: Promise<string[]> | undefined;
    const importing = importCaseDocument(
      { driver, database, model },
      generateCase({ entities: 5_000, seed: 3 }),
      {
        batchSize: 100,
        onProgress: (progress) => {
          // Another process finds the run stale (staleness 0 stands for a heartbeat 30 s old).
          if (progress.phase === 'nodes' && progress.done >= 1_000 && !takeOver) {
            takeOver = recoverInterruptedImports(driver, database, model, 0);
          }
        },
      },
    );
    await expect(importing).rejects.toMatchObject({ code: 'IMPORT_INTERRUPTED', status: 503 });
    expect(await takeOver).toHaveLength(1);
    expect(await runIds()).toEqual([]);
    expect(await graphChecksum(driver, database, { caseDataOnly: true })).toBe(before);
  }, 120_000);

  it('when a run was rolled back by another process before it commits, then committing it fails instead of reporting success', async () => {
    await expect(
      finishImport(context.driver, context.database, 'rolled-back-meanwhile', model, false),
    ).rejects.toMatchObject({
      code: 'IMPORT_INTERRUPTED',
    });
  });

  it('when a fact of an import being written links two case entities, then no reader sees it until it is published', async () => {
    const { driver, database, app } = context;
    await driver.executeQuery(
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       CREATE (a)-[:LEADS {id: $id, status: 'reported', confidence: 0.5, claim: 'staged', sources: [], _staged: true}]->(b)`,
      { from: FX.ramos, to: FX.lonely, id: STAGED_FACT },
      { database },
    );
    await markGraphChanged(driver, database);
    const neighbours = (await request(app).get(`/api/entities/${FX.ramos}/neighbours?limit=500`))
      .body as NeighboursPage;
    expect(neighbours.edges.map((e) => e.id)).not.toContain(STAGED_FACT);
    expect(neighbours.nodes.map((n) => n.id)).not.toContain(FX.lonely);
    expect((await request(app).get(`/api/facts/${STAGED_FACT}`)).status).toBe(404);
    const paths = (
      await request(app).get('/api/paths').query({ from: FX.ramos, to: FX.lonely, types: 'LEADS' })
    ).body as PathsResponse;
    expect(paths.paths).toEqual([]);
    const subgraph = (
      await request(app)
        .post('/api/graph/subgraph')
        .send({ ids: [FX.ramos, FX.lonely] })
    ).body as GraphPayload;
    expect(subgraph.edges).toEqual([]);
    expect(await consoleRows('MATCH ()-[r {id: $id}]->() RETURN r', { id: STAGED_FACT })).toEqual([]);

    // Published: the same look-up finds it (the checks above could fail).
    await driver.executeQuery(
      'MATCH ()-[r {id: $id}]->() REMOVE r._staged',
      { id: STAGED_FACT },
      { database },
    );
    await markGraphChanged(driver, database);
    expect((await request(app).get(`/api/facts/${STAGED_FACT}`)).status).toBe(200);
    const published = (
      await request(app)
        .post('/api/graph/subgraph')
        .send({ ids: [FX.ramos, FX.lonely] })
    ).body as GraphPayload;
    expect(published.edges.map((e) => e.id)).toContain(STAGED_FACT);
  });
});
