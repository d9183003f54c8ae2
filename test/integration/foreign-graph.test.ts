/**
 * A graph loaded beside the case by someone else's scripts, on labels and types no model of ours
 * knows: search, expand and paths work on it before anyone runs `npm run index` (a bounded scan
 * that says when it stopped early) and after (the full-text index, typo-tolerant).
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { NeighboursPage, PathsResponse, SearchResponse } from '../../server/contract.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelResponse } from '../../server/contract.js';
import { loadModel, parseModel, schemaStatements, useModelFile } from '../../server/model/model.js';
import { surveyGraph } from '../../server/survey/graph-survey.js';
import { inferModel } from '../../server/survey/infer-model.js';
import { applySearchIndexPlan, planSearchIndex } from '../../server/search/search-index.js';
import { SCAN_NODES_PER_LABEL } from '../../server/search/search-service.js';
import { runCli } from '../support/cli.js';
import { testApp, testNeo4j } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
let app: Express;
useTestApp({ fixture: true }, (made) => ({ driver, app } = made));

const database = () => testNeo4j().database;
const FOREIGN_LABELS = ['Vessel', 'Port', 'ShippingCompany', 'Buoy'];

async function loadForeignGraph(): Promise<void> {
  await driver.executeQuery(
    `CREATE (v:Vessel {vessel_name: 'Ocean Harbinger', imo: '9321483', flag: 'PA'})
     CREATE (p:Port {title: 'Port of Colón', unlocode: 'PACTB'})
     CREATE (c:ShippingCompany {companyName: 'Marisol Freight Lines', registered: date('2009-04-01')})
     CREATE (v)-[:DOCKED_AT {on: date('2017-06-01')}]->(p)
     CREATE (c)-[:RUNS_VESSEL]->(v)`,
    {},
    { database: database() },
  );
  // More buoys than one label scan reads: the answer must say it may be incomplete.
  await driver.executeQuery(
    'UNWIND range(1, $count) AS i CREATE (:Buoy {label: "buoy " + i})',
    { count: SCAN_NODES_PER_LABEL + 10 },
    { database: database() },
  );
}

async function removeForeignGraph(): Promise<void> {
  // CALL { } IN TRANSACTIONS needs an auto-commit transaction: a session's run, not executeQuery.
  const session = driver.session({ database: database() });
  try {
    for (const label of FOREIGN_LABELS) {
      await session.run(`MATCH (n:${label}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`);
    }
  } finally {
    await session.close();
  }
}

/** Puts the search index back to what the model alone makes, as every other test expects. */
async function restoreModelIndex(): Promise<void> {
  await driver.executeQuery('DROP INDEX entity_search IF EXISTS', {}, { database: database() });
  for (const statement of schemaStatements(loadModel())) {
    await driver.executeQuery(statement, {}, { database: database() });
  }
  await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database: database() });
}

beforeAll(loadForeignGraph, 120_000);
afterAll(async () => {
  await removeForeignGraph();
  await restoreModelIndex();
}, 120_000);

const search = (on: Express, query: Record<string, string>) => request(on).get('/api/search').query(query);

describe('GET /api/search on labels the search index does not cover', () => {
  it('when a name held in a property of its own naming is searched, then the scan finds it and names what it read', async () => {
    const res = await search(app, { q: 'harbinger' });
    expect(res.status).toBe(200);
    const body = res.body as SearchResponse;
    expect(body.hits[0]).toMatchObject({ type: 'Vessel', label: 'Ocean Harbinger' });
    expect(body.hits[0]!.id).toMatch(/^eid:/);
    expect(body.scanned).toEqual(expect.arrayContaining(FOREIGN_LABELS));
    // The buoys outnumber what one label scan reads.
    expect(body.incomplete).toBe(true);
    expect(body.notice).toContain('Buoy');

    const port = (await search(app, { q: 'colón' })).body as SearchResponse;
    expect(port.hits[0]).toMatchObject({ type: 'Port', label: 'Port of Colón' });
    const company = (await search(app, { q: 'Marisol freight' })).body as SearchResponse;
    expect(company.hits[0]).toMatchObject({ type: 'ShippingCompany', label: 'Marisol Freight Lines' });
  });

  it('when search keeps to labels the scan reads in full, then the answer is complete', async () => {
    const body = (await search(app, { q: 'harbinger', types: 'Vessel' })).body as SearchResponse;
    expect(body.hits.map((hit) => hit.label)).toEqual(['Ocean Harbinger']);
    expect(body).toMatchObject({ scanned: ['Vessel'], incomplete: false });
    expect(body.notice).toBeUndefined();
  });

  it('when the case itself is searched, then the index still ranks it (the scan adds, never replaces)', async () => {
    const body = (await search(app, { q: 'phantom secure' })).body as SearchResponse;
    expect(body.hits[0]).toMatchObject({ type: 'Organisation', label: 'Phantom Secure' });
  });
});

describe('the explorer on a graph loaded by plain Cypher', () => {
  it('when a found node is expanded and paths are asked for, then its unknown links come back', async () => {
    const vessel = ((await search(app, { q: 'harbinger' })).body as SearchResponse).hits[0]!;
    const company = ((await search(app, { q: 'marisol' })).body as SearchResponse).hits[0]!;
    const port = ((await search(app, { q: 'colón' })).body as SearchResponse).hits[0]!;

    const page = (await request(app).get(`/api/entities/${encodeURIComponent(vessel.id)}/neighbours`))
      .body as NeighboursPage;
    expect(page.edges.map((edge) => edge.type).sort()).toEqual(['DOCKED_AT', 'RUNS_VESSEL']);
    expect(
      page.nodes
        .filter((node) => node.id !== vessel.id)
        .map((node) => node.label)
        .sort(),
    ).toEqual(['Marisol Freight Lines', 'Port of Colón']);

    const typed = await request(app)
      .get(`/api/entities/${encodeURIComponent(vessel.id)}/neighbours`)
      .query({ types: 'DOCKED_AT', direction: 'out' });
    expect(typed.status).toBe(200);
    expect((typed.body as NeighboursPage).edges.map((edge) => edge.target)).toEqual([port.id]);

    const between = await request(app).get('/api/paths').query({ from: company.id, to: port.id });
    expect(between.status).toBe(200);
    const first = (between.body as PathsResponse).paths[0]!;
    expect(first.length).toBe(2);
  });
});

describe('npm run model -- infer (surveyGraph, inferModel)', () => {
  it('when the graph is surveyed, then a valid model names its types, display properties, value types and ends', async () => {
    const base = loadModel();
    const survey = await surveyGraph({ driver, database: database() });
    const { model: raw, notes } = inferModel(survey, base, {
      database: database(),
      at: '2026-12-04T00:00:00Z',
    });
    const model = parseModel(raw);
    expect(notes.added.nodeTypes).toEqual(expect.arrayContaining(FOREIGN_LABELS));
    expect(model.nodeTypes.Vessel).toMatchObject({
      key: null,
      display: 'vessel_name',
      properties: {
        vessel_name: { type: 'string', required: true },
        imo: { type: 'string', required: true },
      },
    });
    expect(model.nodeTypes.Port?.display).toBe('title');
    expect(model.nodeTypes.ShippingCompany).toMatchObject({
      display: 'companyName',
      properties: { registered: { type: 'date' } },
    });
    expect(model.relationshipTypes.DOCKED_AT).toMatchObject({
      key: null,
      from: ['Vessel'],
      to: ['Port'],
      properties: { on: { type: 'date', required: true } },
    });
    expect(model.relationshipTypes.RUNS_VESSEL).toMatchObject({ from: ['ShippingCompany'], to: ['Vessel'] });
    // The case's own types are kept as they are, so the case still imports.
    expect(model.nodeTypes.Person).toEqual(base.nodeTypes.Person);
    expect(model.relationshipTypes.FOUNDED).toEqual(base.relationshipTypes.FOUNDED);
    // Every type keeps a colour of its own (parseModel checks it).
    expect(new Set(Object.values(model.nodeTypes).map((t) => t.style.color)).size).toBe(
      Object.keys(model.nodeTypes).length,
    );
  });

  it('when a server runs on the inferred model, then its types are styled, marked as read from the graph and filterable', async () => {
    const survey = await surveyGraph({ driver, database: database() });
    const { model } = inferModel(survey, loadModel(), { database: database(), at: '2026-12-04T00:00:00Z' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-model-')), 'model.inferred.json');
    fs.writeFileSync(file, JSON.stringify(model));
    useModelFile(file);
    let inferred: Express;
    try {
      inferred = testApp(driver);
    } finally {
      useModelFile(undefined);
    }
    const served = (await request(inferred).get('/api/model')).body as ModelResponse;
    expect(served.nodeTypes.Vessel).toMatchObject({ display: 'vessel_name', fromGraph: true });
    expect(served.nodeTypes.Vessel!.style.color).toMatch(/^#[0-9A-F]{6}$/);
    expect(served.relationshipTypes.DOCKED_AT).toMatchObject({
      from: ['Vessel'],
      to: ['Port'],
      fromGraph: true,
    });
    expect(served.nodeTypes.Person?.fromGraph).toBeUndefined();

    // Filters by the inferred types: neighbours of the vessel, only the port's side.
    const vessel = ((await search(inferred, { q: 'harbinger' })).body as SearchResponse).hits[0]!;
    const page = await request(inferred)
      .get(`/api/entities/${encodeURIComponent(vessel.id)}/neighbours`)
      .query({ neighbourTypes: 'Port' });
    expect(page.status).toBe(200);
    expect((page.body as NeighboursPage).edges.map((edge) => edge.type)).toEqual(['DOCKED_AT']);

    // An import into a type read from the graph is refused, naming why; nothing is written.
    const refused = await request(inferred)
      .post('/api/admin/import')
      .send({
        case: { id: 'case:x', title: 'x', summary: 'x' },
        sources: [{ id: 'src:x', title: 'x' }],
        entities: [{ id: 'vessel:x', type: 'Vessel', properties: { vessel_name: 'X' }, sources: ['src:x'] }],
        facts: [],
      });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('read from the graph');
  });
});

describe('the CLIs: npm run model, npm run index -- --print', () => {
  it('when the model is inferred to standard output, then it is a valid model naming the new types', async () => {
    const run = await runCli('model', ['infer', '-', '--sample', '200']);
    expect(run.code, run.stderr).toBe(0);
    const model = parseModel(JSON.parse(run.stdout));
    expect(model.nodeTypes.Vessel?.key).toBeNull();
    expect(run.stderr).toMatch(/node types: .*Vessel/);
  });

  it('when a model file is checked, then a broken one is refused with each problem and exit 2', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-model-')), 'bad.json');
    const raw = structuredClone(loadModel()) as unknown as { nodeTypes: Record<string, unknown> };
    raw.nodeTypes._Hidden = { ...(raw.nodeTypes.Person as object), key: null };
    fs.writeFileSync(file, JSON.stringify(raw));
    const run = await runCli('model', ['check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"_Hidden" is a label casegraph keeps for itself');
    expect((await runCli('model', ['guess'])).code).toBe(2);
  });

  it('when casegraph may only read the graph, then npm run index prints the statement for a DBA and changes nothing', async () => {
    const before = await planSearchIndex({ driver, database: database() }, loadModel());
    const run = await runCli('search-index', [], { env: { NEO4J_ACCESS: 'read' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('a DBA can run');
    expect(run.stdout).toContain('CREATE FULLTEXT INDEX `entity_search`');
    expect(run.stdout).toContain('`Vessel`');
    const after = await planSearchIndex({ driver, database: database() }, loadModel());
    expect(after.current).toEqual(before.current);
  });
});

describe('npm run index and Admin → Search index (planSearchIndex, applySearchIndexPlan)', () => {
  it('when run, then the index covers the new labels, search no longer scans, and a typo still finds', async () => {
    const target = { driver, database: database() };
    const plan = await planSearchIndex(target, loadModel());
    expect(plan.added.labels).toEqual(expect.arrayContaining(FOREIGN_LABELS));
    expect(plan.added.properties).toEqual(expect.arrayContaining(['vessel_name', 'companyName', 'label']));
    // Keys that hold no name are not indexed.
    expect(plan.properties).not.toContain('imo');
    // The admin screen shows the same plan, and its button applies it.
    const shown = await request(app).get('/api/admin/search-index');
    expect(shown.status).toBe(200);
    expect(shown.body.added).toEqual(plan.added);
    expect(shown.body.statement).toContain('`Vessel`');
    const extended = await request(app).post('/api/admin/search-index');
    expect(extended.status).toBe(200);
    expect(extended.body.changed).toBe(true);

    // Run again, nothing to add.
    const again = await planSearchIndex(target, loadModel());
    expect(again.added).toEqual({ labels: [], properties: [] });
    expect(await applySearchIndexPlan(target, again)).toBe(false);

    // A server started now (search coverage is read once per 30 s) answers from the index alone.
    const fresh = testApp(driver);
    const body = (await search(fresh, { q: 'harbingr' })).body as SearchResponse;
    expect(body.hits[0]).toMatchObject({ type: 'Vessel', label: 'Ocean Harbinger' });
    expect(body.scanned).toBeUndefined();
    expect(body.incomplete).toBeUndefined();
    const buoy = (await search(fresh, { q: 'buoy 25007' })).body as SearchResponse;
    expect(buoy.hits[0]).toMatchObject({ type: 'Buoy', label: 'buoy 25007' });
  });
});
