import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { QueryRunResult, SavedQuery, SavedQueryList } from '../../server/contract.js';
import { FX, HUB_CUSTOMERS } from '../support/api-fixture.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testNeo4j } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
let app: Express;

useTestApp({ fixture: true }, (made) => ({ driver, app } = made));

const ALICE = 'fx-alice';
const BOB = 'fx-bob';
const as = (user: string) => ({ 'X-Casegraph-User': user });

const factsOfSupplier = {
  title: 'Facts of a supplier',
  description: 'What one supplier supplied, above a confidence.',
  cypher:
    'MATCH (s:Entity {id: $supplier})-[f:SUPPLIED]->(c) WHERE f.confidence >= $min RETURN s, f, c ORDER BY f.id LIMIT $limit',
  parameters: [
    { name: 'supplier', type: 'entity', label: 'Supplier', required: true, entityTypes: ['Organisation'] },
    { name: 'min', type: 'number', label: 'Minimum confidence', default: 0, min: 0, max: 1 },
    { name: 'limit', type: 'integer', label: 'Limit', default: 10, min: 1, max: 100 },
  ],
};

/** Parameters that suit the fixture, for every library query that needs some. */
const LIBRARY_PARAMS: Record<string, Record<string, unknown>> = {
  'lib:linked-to-person': { person: FX.ramos },
  'lib:facts-citing-source': { source: FX.complaint },
  'lib:customers-of-organisation': { organisation: FX.phantom },
};

describe('GET /api/queries', () => {
  it('when listed, then the library comes first, read-only and typed, at least 8 of them', async () => {
    const res = await request(app).get('/api/queries');
    expect(res.status).toBe(200);
    const library = (res.body as SavedQueryList).queries.filter((q) => q.origin === 'library');
    expect(library.length).toBeGreaterThanOrEqual(8);
    const supplied = library.find((q) => q.id === 'lib:who-supplied-whom')!;
    expect(supplied.parameters).toEqual([
      expect.objectContaining({
        name: 'supplier',
        type: 'entity',
        required: false,
        entityTypes: expect.any(Array),
      }),
      expect.objectContaining({ name: 'minConfidence', type: 'number', default: 0, min: 0, max: 1 }),
    ]);
  });

  it('when one query is asked for, then it comes; an unknown one is 404', async () => {
    expect((await request(app).get('/api/queries/lib:arrests')).body.title).toBe('Arrests');
    expect((await request(app).get('/api/queries/lib:nothing')).status).toBe(404);
    expect((await request(app).get('/api/queries/uq:nothing')).status).toBe(404);
  });
});

describe('POST, PUT and DELETE /api/queries', () => {
  it('when a user saves, shares, edits and deletes a query, then ownership and visibility are respected', async () => {
    const created = await request(app).post('/api/queries').set(as(ALICE)).send(factsOfSupplier);
    expect(created.status).toBe(201);
    const query = created.body as SavedQuery;
    expect(query).toMatchObject({
      title: 'Facts of a supplier',
      origin: 'user',
      owner: ALICE,
      visibility: 'private',
    });
    expect(query.id).toMatch(/^uq:/);
    expect(query.parameters[0]).toMatchObject({ name: 'supplier', required: true });
    expect(query.createdAt).toBe(query.updatedAt);

    const alicesList = (await request(app).get('/api/queries').set(as(ALICE))).body as SavedQueryList;
    expect(alicesList.queries.map((q) => q.id)).toContain(query.id);
    const bobsList = (await request(app).get('/api/queries').set(as(BOB))).body as SavedQueryList;
    expect(bobsList.queries.map((q) => q.id)).not.toContain(query.id);
    expect((await request(app).get(`/api/queries/${query.id}`).set(as(BOB))).status).toBe(404);

    const shared = await request(app)
      .put(`/api/queries/${query.id}`)
      .set(as(ALICE))
      .send({ ...factsOfSupplier, title: 'Supplier facts', visibility: 'shared' });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({
      title: 'Supplier facts',
      visibility: 'shared',
      createdAt: query.createdAt,
    });
    expect((await request(app).get(`/api/queries/${query.id}`).set(as(BOB))).status).toBe(200);

    const bobEdits = await request(app).put(`/api/queries/${query.id}`).set(as(BOB)).send(factsOfSupplier);
    expect(bobEdits.status).toBe(403);
    expect(bobEdits.body.error.code).toBe('NOT_OWNER');
    expect((await request(app).delete(`/api/queries/${query.id}`).set(as(BOB))).status).toBe(403);

    const ran = await request(app)
      .post(`/api/queries/${query.id}/run`)
      .set(as(BOB))
      .send({ params: { supplier: FX.phantom, min: 0.55, limit: 5 } });
    expect(ran.status).toBe(200);
    expect((ran.body as QueryRunResult).table.rows.map((row) => (row[1] as { id: string }).id)).toEqual([
      'fx:fact:supplied-sinaloa',
    ]);

    expect((await request(app).delete(`/api/queries/${query.id}`).set(as(ALICE))).status).toBe(204);
    expect((await request(app).get(`/api/queries/${query.id}`).set(as(ALICE))).status).toBe(404);
  });

  it('when a library query is changed or deleted, then 403 and it stays as it was', async () => {
    const put = await request(app).put('/api/queries/lib:arrests').send(factsOfSupplier);
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('LIBRARY_READ_ONLY');
    expect((await request(app).delete('/api/queries/lib:arrests')).status).toBe(403);
    expect((await request(app).get('/api/queries/lib:arrests')).body.title).toBe('Arrests');
  });

  it('when a query that is not read-only or not well-formed is saved, then it is refused and nothing is stored', async () => {
    const before = await graphChecksum(driver, testNeo4j().database);
    const save = (body: Record<string, unknown>) =>
      request(app)
        .post('/api/queries')
        .set(as(ALICE))
        .send({ title: 'x', ...body });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ cypher: 'MATCH (n) DETACH DELETE n' }, 422, 'CYPHER_NOT_ALLOWED'],
      [{ cypher: "LOAD CSV FROM 'http://x' AS r RETURN r" }, 422, 'CYPHER_NOT_ALLOWED'],
      [{ cypher: 'CALL apoc.help("x")' }, 422, 'CYPHER_NOT_ALLOWED'],
      [{ cypher: 'MATCH (n {id: $id}) RETURN n' }, 422, 'VALIDATION_FAILED'],
      [{ cypher: 'MATCH (n RETURN n' }, 400, 'CYPHER_SYNTAX'],
      [
        { cypher: 'RETURN 1', parameters: [{ name: 'x', type: 'float', label: 'X' }] },
        422,
        'VALIDATION_FAILED',
      ],
      [
        {
          cypher: 'RETURN $x',
          parameters: [{ name: 'x', type: 'entity', label: 'X', entityTypes: ['Spaceship'] }],
        },
        422,
        'VALIDATION_FAILED',
      ],
      [
        { cypher: 'RETURN $x', parameters: [{ name: 'x', type: 'integer', label: 'X', default: 'seven' }] },
        422,
        'VALIDATION_FAILED',
      ],
      [{ cypher: 'RETURN 1', title: '' }, 422, 'VALIDATION_FAILED'],
      [{ cypher: 'RETURN 1', visibility: 'public' }, 422, 'VALIDATION_FAILED'],
      [{ cypher: `RETURN 1 ${'// pad\n'.repeat(4_000)}` }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [body, status, code] of cases) {
      const res = await save(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await request(app).get('/api/queries').set({ 'X-Casegraph-User': 'not a name!' })).status).toBe(
      400,
    );
    expect(await graphChecksum(driver, testNeo4j().database)).toBe(before);
  });
});

describe('POST /api/queries/:id/run', () => {
  it('when every library query runs on the fixture, then each answers 200 with an outcome', async () => {
    const library = ((await request(app).get('/api/queries')).body as SavedQueryList).queries.filter(
      (q) => q.origin === 'library',
    );
    for (const query of library) {
      const res = await request(app)
        .post(`/api/queries/${query.id}/run`)
        .send({ params: LIBRARY_PARAMS[query.id] ?? {} });
      expect(res.status, `${query.id}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
      expect(['complete', 'truncated']).toContain((res.body as QueryRunResult).outcome);
    }
  });

  it('when a library query is run with parameters, then they are applied', async () => {
    const res = await request(app)
      .post('/api/queries/lib:who-supplied-whom/run')
      .send({ params: { supplier: FX.phantom, minConfidence: 0.55 } });
    const body = res.body as QueryRunResult;
    expect(body.outcome).toBe('complete');
    expect(body.table.columns).toEqual(['supplier', 'fact', 'customer', 'status', 'confidence']);
    expect(body.table.rows).toHaveLength(1);
    expect(body.graph.edges.map((e) => e.id)).toEqual(['fx:fact:supplied-sinaloa']);

    const linked = (
      await request(app)
        .post('/api/queries/lib:linked-to-person/run')
        .send({ params: { person: FX.ramos, hops: 1 } })
    ).body as QueryRunResult;
    expect(linked.graph.nodes.map((n) => n.id).sort()).toEqual(
      [FX.bellingham, FX.fbi, FX.phantom, FX.ramos].sort(),
    );
  });

  it('when linked-to-person meets a hub, then the hub is listed but the search does not go through it', async () => {
    // Ramos → Phantom Secure → the wholesaler (20k links) → its customers.
    const run = (params: Record<string, unknown>) =>
      request(app).post('/api/queries/lib:linked-to-person/run').send({ params, rowLimit: 500 });
    const hops = (body: QueryRunResult) => body.table.rows.map((row) => row[1]);
    const skipping = (await run({ person: FX.ramos, hops: 3 })).body as QueryRunResult;
    expect(skipping.outcome).toBe('complete');
    const ids = skipping.graph.nodes.map((n) => n.id);
    expect(ids).toContain(FX.hub);
    expect(ids.filter((id) => id.startsWith('fx:cust:'))).toEqual([]);
    expect(Math.max(...hops(skipping).map(Number))).toBeLessThanOrEqual(3);

    const through = (await run({ person: FX.ramos, hops: 3, hubLinks: HUB_CUSTOMERS + 10 }))
      .body as QueryRunResult;
    expect(through.outcome).toBe('truncated');
    expect(through.graph.nodes.some((n) => n.id.startsWith('fx:cust:'))).toBe(true);
  });

  it('when a query would return more rows than the cap, then it is truncated', async () => {
    const res = await request(app)
      .post('/api/queries/lib:customers-of-organisation/run')
      .send({ params: { organisation: FX.hub }, rowLimit: 100 });
    expect(res.body).toMatchObject({ outcome: 'truncated', rowCount: 100 });
  });

  it('when parameters are wrong, then 422 lists what is wrong', async () => {
    const cases: Record<string, unknown>[] = [
      { minConfidence: 'high' },
      { minConfidence: 2 },
      { supplier: FX.psBlackberry },
      { supplier: 'fx:nobody' },
      { somethingElse: 1 },
    ];
    for (const params of cases) {
      const res = await request(app).post('/api/queries/lib:who-supplied-whom/run').send({ params });
      expect(res.status, JSON.stringify(params)).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.length).toBeGreaterThan(0);
    }
    const missing = await request(app).post('/api/queries/lib:linked-to-person/run').send({ params: {} });
    expect(missing.status).toBe(422);
    const badStatus = await request(app)
      .post('/api/queries/lib:facts-by-status/run')
      .send({ params: { status: 'rumoured' } });
    expect(badStatus.status).toBe(422);
    expect((await request(app).post('/api/queries/lib:nothing/run').send({})).status).toBe(404);
  });

  it('when a saved query runs past its timeout, then 408', async () => {
    const created = await request(app).post('/api/queries').set(as(ALICE)).send({
      title: 'Slow',
      cypher:
        'MATCH (a:Entity), (b:Entity), (c:Entity) WHERE a.name < b.name AND b.name < c.name RETURN count(*)',
    });
    expect(created.status).toBe(201);
    const res = await request(app)
      .post(`/api/queries/${created.body.id}/run`)
      .set(as(ALICE))
      .send({ timeoutMs: 1000 });
    expect(res.status).toBe(408);
    expect(res.body.error.code).toBe('QUERY_TIMEOUT');
  });
});
