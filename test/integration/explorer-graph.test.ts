import fc from 'fast-check';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type {
  EntityDetail,
  FactDetail,
  GraphEdge,
  ModelResponse,
  NeighboursPage,
  PathsResponse,
  SearchResponse,
} from '../../server/contract.js';
import { fillTemplate, quoteName, trustedFragment } from '../../server/cypher-files.js';
import { refreshNeighbourhoodSummaries } from '../../server/graph/neighbourhood.js';
import { caseDataSlots, caseFactSlots, loadModel, schemaStatements } from '../../server/model/model.js';
import { FX, HUB_CUSTOMERS, HUB_PERSON_CUSTOMERS } from '../support/api-fixture.js';
import { testApp, testNeo4j, unreachableDriver } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
let app: Express;

useTestApp({ fixture: true }, (made) => ({ driver, app } = made));

const search = (query: Record<string, string>) => request(app).get('/api/search').query(query);

describe('GET /api/search', () => {
  it('when a name is searched, then the entity ranks first with its type, label and aliases', async () => {
    const res = await search({ q: 'phantom secure' });
    expect(res.status).toBe(200);
    const body = res.body as SearchResponse;
    expect(body.query).toBe('phantom secure');
    expect(body.hits[0]).toMatchObject({
      id: FX.phantom,
      type: 'Organisation',
      label: 'Phantom Secure',
      aliases: ['PS', 'Phantom Secure Communications'],
    });
    const scores = body.hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('when only an alias is searched, then the entity it belongs to is found', async () => {
    for (const [q, id] of [
      ['Federal Bureau', FX.fbi],
      ['pacific cartel', FX.sinaloa],
      ['Vince', FX.ramos],
      ['Cártel', FX.sinaloa],
    ]) {
      const body = (await search({ q: q! })).body as SearchResponse;
      // Among the first hits, not necessarily first: the seeded case's own FBI is *named* "Federal
      // Bureau of Investigation", and which of the two ranks first depends on the index's
      // statistics (a test that reset and re-seeded the case before this one changed them).
      expect(
        body.hits.slice(0, 2).map((hit) => hit.id),
        q,
      ).toContain(id);
    }
  });

  it('when a word is misspelt or cut short, then fuzzy and prefix matching still find it', async () => {
    expect(((await search({ q: 'Phantm' })).body as SearchResponse).hits.map((h) => h.id)).toContain(
      FX.phantom,
    );
    expect(((await search({ q: 'Hubt' })).body as SearchResponse).hits[0]?.id).toBe(FX.hub);
  });

  it('when types are given, then only entities of those types come back', async () => {
    const body = (await search({ q: 'phantom', types: 'Device,Network' })).body as SearchResponse;
    expect(body.hits.length).toBeGreaterThan(0);
    for (const hit of body.hits) expect(['Device', 'Network']).toContain(hit.type);
    const limited = (await search({ q: 'customer', limit: '3' })).body as SearchResponse;
    expect(limited.hits).toHaveLength(3);
  });

  it.each([
    ...'+-!(){}[]^"~*?:\\/',
    '&&',
    '||',
    'AND',
    'OR',
    'NOT',
    'AND OR NOT',
    '"unclosed',
    'name:',
    '*:*',
    '\\',
  ])('when q is %j, then the answer is 200 with hits or none', async (q) => {
    const res = await search({ q });
    expect(res.status).toBe(200);
    expect(Array.isArray((res.body as SearchResponse).hits)).toBe(true);
  });

  it('when q is any text at all, then the answer is 200 (or 400 only when it is blank)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), async (q) => {
        const res = await search({ q });
        if (q.trim() === '') expect(res.status).toBe(400);
        else expect(res.status, JSON.stringify(q)).toBe(200);
      }),
      { numRuns: 150 },
    );
  });

  it('when q is missing or blank, then 400 says what is needed', async () => {
    for (const query of [{}, { q: '' }, { q: '   ' }]) {
      const res = await search(query as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
      expect(res.body.error.message).toMatch(/q/);
    }
  });

  it('when types or limit are invalid, then 400', async () => {
    expect((await search({ q: 'x', types: 'NoSuchType' })).status).toBe(400);
    expect((await search({ q: 'x', limit: '0' })).status).toBe(400);
    expect((await search({ q: 'x', limit: 'many' })).status).toBe(400);
  });
});

describe('GET /api/entities/:id', () => {
  it('when the entity exists, then labels, properties, sources and the neighbourhood summary come back', async () => {
    const res = await request(app).get(`/api/entities/${FX.phantom}`);
    expect(res.status).toBe(200);
    const body = res.body as EntityDetail;
    expect(body.node).toMatchObject({
      id: FX.phantom,
      type: 'Organisation',
      label: 'Phantom Secure',
      degree: 12,
    });
    expect(body.node.properties).toMatchObject({ kind: 'company', name: 'Phantom Secure' });
    expect(body.node.properties).not.toHaveProperty('aliasText');
    expect(body.sources).toEqual([
      expect.objectContaining({
        id: FX.news,
        title: 'The encrypted phone empire',
        publisher: 'Example News',
      }),
    ]);
    expect(body.degree).toBe(12);
    expect(body.summary).toEqual(
      expect.arrayContaining([
        { relType: 'OPERATES', direction: 'out', neighbourType: 'Server', count: 2 },
        { relType: 'OPERATES', direction: 'out', neighbourType: 'Network', count: 1 },
        { relType: 'OPERATES', direction: 'out', neighbourType: 'EmailService', count: 1 },
        { relType: 'SUPPLIED', direction: 'out', neighbourType: 'Group', count: 1 },
        { relType: 'SUPPLIED', direction: 'out', neighbourType: 'Person', count: 1 },
        { relType: 'SUPPLIED', direction: 'in', neighbourType: 'Organisation', count: 1 },
        { relType: 'LEADS', direction: 'in', neighbourType: 'Person', count: 1 },
      ]),
    );
    expect(body.summary.reduce((sum, row) => sum + row.count, 0)).toBe(12);
    expect(JSON.stringify(body)).not.toMatch(/"low"|"high"|elementId|identity/);
  });

  it('when a dense node has no stored summary, then totals are exact and the type split is flagged approximate', async () => {
    const body = (await request(app).get(`/api/entities/${FX.hub}`)).body as EntityDetail;
    expect(body.degree).toBe(HUB_CUSTOMERS + 1);
    const customerRows = body.summary.filter((row) => row.relType === 'CUSTOMER_OF');
    expect(customerRows.reduce((sum, row) => sum + row.count, 0)).toBe(HUB_CUSTOMERS);
    expect(customerRows.every((row) => row.approximate === true)).toBe(true);
    expect(body.summary.find((row) => row.relType === 'SUPPLIED')).toEqual({
      relType: 'SUPPLIED',
      direction: 'out',
      neighbourType: 'Organisation',
      count: 1,
    });
  });

  it('when summaries are refreshed, then the dense node gets an exact split and small ones none', async () => {
    const session = driver.session({ database: testNeo4j().database });
    try {
      const outcome = await session.executeWrite((tx) =>
        refreshNeighbourhoodSummaries(tx, [FX.hub, FX.ramos]),
      );
      expect(outcome).toEqual({ written: 1, cleared: 1 });
    } finally {
      await session.close();
    }
    const body = (await request(app).get(`/api/entities/${FX.hub}`)).body as EntityDetail;
    expect(body.summary.filter((row) => row.relType === 'CUSTOMER_OF')).toEqual([
      { relType: 'CUSTOMER_OF', direction: 'in', neighbourType: 'Person', count: HUB_PERSON_CUSTOMERS },
      {
        relType: 'CUSTOMER_OF',
        direction: 'in',
        neighbourType: 'Organisation',
        count: HUB_CUSTOMERS - HUB_PERSON_CUSTOMERS,
      },
    ]);
    expect(body.node.properties).not.toHaveProperty('summaryJson');
  });

  it('when the summary counts are planned, then Neo4j reads them from the degree store (GetDegree), whatever the degree', async () => {
    const relTypes = ['CUSTOMER_OF', 'SUPPLIED', 'LEADS'];
    const counts = relTypes
      .flatMap((t) => [`COUNT { (n)-[:${quoteName(t)}]->() }`, `COUNT { (n)<-[:${quoteName(t)}]-() }`])
      .join(', ');
    const statement = `PROFILE ${fillTemplate('graph/degree-by-type', { counts: trustedFragment(counts) })}`;
    const hits: number[] = [];
    for (const id of [FX.hub, FX.lonely]) {
      const { records } = await driver.executeQuery('MATCH (n:Entity {id: $id}) RETURN elementId(n) AS e', {
        id,
      });
      const result = await driver.executeQuery(statement, { elementId: records[0]!.get('e') });
      const operators: string[] = [];
      let dbHits = 0;
      const walk = (plan: {
        operatorType: string;
        arguments: Record<string, unknown>;
        dbHits: number;
        children: unknown[];
      }) => {
        operators.push(`${plan.operatorType} ${String(plan.arguments.Details ?? '')}`);
        dbHits += plan.dbHits;
        plan.children.forEach((child) => walk(child as typeof plan));
      };
      walk(result.summary.profile as never);
      expect(operators.join('\n')).toMatch(/getDegree\(\(n\)<-\[:CUSTOMER_OF\]-\(\)\)/);
      expect(operators.join('\n')).not.toMatch(/Expand|RelationshipScan/);
      hits.push(dbHits);
    }
    // The node with 20,001 links costs what the node with none costs.
    expect(hits[0]).toBe(hits[1]);
    expect(hits[0]).toBeLessThan(20);
  });

  it('when the id is unknown, malformed or too long, then 404 or 400 without echoing internals', async () => {
    const missing = await request(app).get('/api/entities/fx:nobody');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await request(app).get('/api/entities/eid:4:nope:1')).status).toBe(404);
    expect((await request(app).get(`/api/entities/${'x'.repeat(400)}`)).status).toBe(400);
  });
});

describe('GET /api/facts/:id', () => {
  it('when the fact exists, then the edge, both ends, resolved sources and attribution come back', async () => {
    const res = await request(app).get('/api/facts/fx:fact:supplied-sinaloa');
    expect(res.status).toBe(200);
    const body = res.body as FactDetail;
    expect(body.edge).toMatchObject({
      id: 'fx:fact:supplied-sinaloa',
      type: 'SUPPLIED',
      source: FX.phantom,
      target: FX.sinaloa,
      status: 'alleged',
      confidence: 0.6,
      claim: 'Supplied the cartel.',
      sources: [FX.news, FX.complaint],
    });
    expect(body.from).toMatchObject({ id: FX.phantom, label: 'Phantom Secure' });
    expect(body.to).toMatchObject({ id: FX.sinaloa, type: 'Group' });
    expect(body.sources.map((s) => s.title)).toEqual([
      'The encrypted phone empire',
      'Criminal complaint against Phantom Secure',
    ]);
    expect(body.attribution).toBe('FBI criminal complaint');
  });

  it('when the fact id is unknown, then 404', async () => {
    expect((await request(app).get('/api/facts/fx:fact:nothing')).status).toBe(404);
    expect((await request(app).get('/api/facts/eid:5:nope:1')).status).toBe(404);
  });
});

describe('GET /api/model', () => {
  it('when asked, then every node type comes with its style and every relationship type with its ends', async () => {
    const body = (await request(app).get('/api/model')).body as ModelResponse;
    const model = loadModel();
    expect(Object.keys(body.nodeTypes)).toEqual(Object.keys(model.nodeTypes));
    expect(body.nodeTypes.Person).toEqual({
      description: model.nodeTypes.Person!.description,
      display: 'name',
      style: model.nodeTypes.Person!.style,
    });
    expect(body.relationshipTypes.SUPPLIED).toMatchObject({ from: expect.any(Array), event: false });
    expect(body.statuses).toEqual(['alleged', 'reported', 'confirmed']);
    expect(body.graphAccess).toBe('write');
  });
});

const neighbours = (id: string, query: Record<string, string> = {}) =>
  request(app)
    .get(`/api/entities/${encodeURIComponent(id)}/neighbours`)
    .query(query);

describe('GET /api/entities/:id/neighbours', () => {
  it('when a node has 20,001 links, then a page is capped, shared fairly and says what remains', async () => {
    const res = await neighbours(FX.hub);
    expect(res.status).toBe(200);
    const page = res.body as NeighboursPage;
    expect(page.center).toBe(FX.hub);
    expect(page.edges).toHaveLength(50);
    expect(page.truncated).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.total).toBe(HUB_CUSTOMERS + 1);
    // The one SUPPLIED link is not drowned by twenty thousand CUSTOMER_OF links.
    expect(page.edges.filter((e) => e.type === 'SUPPLIED')).toHaveLength(1);
    expect(page.remaining).toEqual(
      expect.arrayContaining([
        { relType: 'CUSTOMER_OF', direction: 'in', count: HUB_CUSTOMERS - 49 },
        { relType: 'SUPPLIED', direction: 'out', count: 0 },
      ]),
    );
    const nodeIds = new Set(page.nodes.map((n) => n.id));
    expect(nodeIds.has(FX.hub)).toBe(true);
    for (const edge of page.edges) {
      expect(nodeIds.has(edge.source) && nodeIds.has(edge.target)).toBe(true);
    }
    expect(page.nodes.find((n) => n.id === FX.hub)?.degree).toBe(HUB_CUSTOMERS + 1);
  });

  it('when the cursor is followed to the end, then every link comes exactly once and remaining only falls', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let previousRemaining = Infinity;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '500' };
      if (cursor) query.cursor = cursor;
      const res = await neighbours(FX.hub, query);
      expect(res.status).toBe(200);
      const page = res.body as NeighboursPage;
      for (const edge of page.edges) {
        expect(seen.has(edge.id), edge.id).toBe(false);
        seen.add(edge.id);
      }
      const remaining = page.remaining.reduce((sum, entry) => sum + entry.count, 0);
      expect(remaining).toBeLessThan(previousRemaining);
      expect(remaining).toBe(HUB_CUSTOMERS + 1 - seen.size);
      previousRemaining = remaining;
      expect(page.truncated).toBe(page.nextCursor !== null);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(HUB_CUSTOMERS + 1);
    expect(pages).toBe(Math.ceil((HUB_CUSTOMERS + 1) / 500));
  });

  it.each([
    ['page 1', ''],
    ['a deep page', 'fx:fact:cust-9000'],
  ])(
    'when %s is planned, then it reads about limit links, not the whole neighbourhood',
    async (_which, after) => {
      const { records } = await driver.executeQuery('MATCH (n:Entity {id: $id}) RETURN elementId(n) AS e', {
        id: FX.hub,
      });
      // As the service fills it for a 20,000-link cell of an indexed type: seek the id index.
      const statement = fillTemplate('graph/neighbours-page', {
        relationship: trustedFragment('<-[r:`CUSTOMER_OF`]-'),
        indexHint: trustedFragment('USING INDEX r:`CUSTOMER_OF`(id)'),
        neighbourFilter: trustedFragment(''),
        ...caseDataSlots('m'),
        ...caseFactSlots('r'),
      });
      const result = await driver.executeQuery(`PROFILE ${statement}`, {
        elementId: records[0]!.get('e'),
        after,
        limit: neo4j.int(50),
      });
      let dbHits = 0;
      const walk = (plan: { dbHits: number; children: unknown[] }) => {
        dbHits += plan.dbHits;
        plan.children.forEach((child) => walk(child as typeof plan));
      };
      walk(result.summary.profile as never);
      expect(dbHits).toBeLessThan(1_000);
      expect(result.records).toHaveLength(50);
      const ids = result.records.map((r) => (r.get('r') as { properties: { id: string } }).properties.id);
      expect(ids).toEqual([...ids].sort());
      expect(ids.every((id) => id > after)).toBe(true);
    },
  );

  it('when filtered by type, direction and neighbour type, then only those links come, each once', async () => {
    const out = (await neighbours(FX.hub, { direction: 'out' })).body as NeighboursPage;
    expect(out.edges.map((e) => e.type)).toEqual(['SUPPLIED']);
    expect(out.truncated).toBe(false);
    expect(out.nextCursor).toBeNull();

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = {
        types: 'CUSTOMER_OF',
        neighbourTypes: 'Organisation',
        limit: '500',
      };
      if (cursor) query.cursor = cursor;
      const page = (await neighbours(FX.hub, query)).body as NeighboursPage;
      for (const edge of page.edges) {
        expect(seen.has(edge.id)).toBe(false);
        seen.add(edge.id);
      }
      const types = new Set(page.nodes.filter((n) => n.id !== FX.hub).map((n) => n.type));
      expect([...types]).toEqual(page.edges.length > 0 ? ['Organisation'] : []);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(HUB_CUSTOMERS - HUB_PERSON_CUSTOMERS);
  });

  it('when a small node is expanded, then everything comes in one page, not truncated', async () => {
    const page = (await neighbours(FX.ramos)).body as NeighboursPage;
    expect(page.truncated).toBe(false);
    expect(page.edges.map((e: GraphEdge) => e.id).sort()).toEqual(
      ['fx:fact:arrested', 'fx:fact:arrested-in', 'fx:fact:founded', 'fx:fact:leads'].sort(),
    );
    expect(page.total).toBe(4);
  });

  it('when inputs are wrong, then 400 (unknown types, bad direction, limit, cursor) or 404 (unknown node)', async () => {
    expect((await neighbours(FX.hub, { types: 'NO_SUCH_TYPE' })).status).toBe(400);
    expect((await neighbours(FX.hub, { neighbourTypes: 'Nothing' })).status).toBe(400);
    expect((await neighbours(FX.hub, { types: 'SUPPLIED`]->() DETACH DELETE n //' })).status).toBe(400);
    expect((await neighbours(FX.hub, { direction: 'sideways' })).status).toBe(400);
    expect((await neighbours(FX.hub, { limit: '501' })).status).toBe(400);
    expect((await neighbours(FX.hub, { cursor: 'garbage' })).status).toBe(400);
    const first = (await neighbours(FX.hub)).body as NeighboursPage;
    const reused = await neighbours(FX.hub, { cursor: first.nextCursor!, direction: 'in' });
    expect(reused.status).toBe(400);
    expect((await neighbours('fx:nobody')).status).toBe(404);
  });
});

const paths = (query: Record<string, string>) => request(app).get('/api/paths').query(query);

describe('GET /api/paths', () => {
  it('when mode is shortest, then one shortest path comes with its nodes and edges', async () => {
    const res = await paths({ from: FX.ramos, to: FX.hongKong });
    expect(res.status).toBe(200);
    const body = res.body as PathsResponse;
    expect(body.outcome).toBe('complete');
    expect(body.paths).toHaveLength(1);
    expect(body.paths[0]).toMatchObject({ length: 3 });
    expect(body.paths[0]!.nodes).toEqual([FX.ramos, FX.phantom, FX.serverHk, FX.hongKong]);
    const nodeIds = new Set(body.nodes.map((n) => n.id));
    const edgeIds = new Set(body.edges.map((e) => e.id));
    for (const path of body.paths) {
      path.nodes.forEach((id) => expect(nodeIds.has(id)).toBe(true));
      path.edges.forEach((id) => expect(edgeIds.has(id)).toBe(true));
    }
    expect(body.elapsedMs).toEqual(expect.any(Number));
  });

  it('when a path comes, then each of its nodes carries its degree (the canvas sizes nodes by it)', async () => {
    const body = (await paths({ from: FX.ramos, to: FX.hongKong, mode: 'all-shortest' }))
      .body as PathsResponse;
    expect(body.nodes.length).toBeGreaterThan(0);
    for (const node of body.nodes) {
      const entity = (await request(app).get(`/api/entities/${encodeURIComponent(node.id)}`)).body as {
        degree: number;
      };
      expect(node.degree, node.id).toBe(entity.degree);
    }
  });

  it('when mode is all-shortest, then every path of the shortest length comes', async () => {
    const body = (await paths({ from: FX.ramos, to: FX.hongKong, mode: 'all-shortest' }))
      .body as PathsResponse;
    expect(body.paths).toHaveLength(2);
    expect(new Set(body.paths.map((p) => p.edges[0]))).toEqual(new Set(['fx:fact:leads', 'fx:fact:founded']));
    expect(body.paths.every((p) => p.length === 3)).toBe(true);
  });

  it('when mode is k-paths, then k paths come, shortest first', async () => {
    const body = (await paths({ from: FX.ramos, to: FX.sinaloa, mode: 'k-paths', k: '3' }))
      .body as PathsResponse;
    expect(body.paths).toHaveLength(3);
    const lengths = body.paths.map((p) => p.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });

  it('when hops are capped or types restricted, then only paths within them come', async () => {
    const capped = (await paths({ from: FX.ramos, to: FX.hongKong, maxHops: '2' })).body as PathsResponse;
    expect(capped).toMatchObject({ paths: [], outcome: 'complete' });
    const typed = (await paths({ from: FX.ramos, to: FX.hongKong, types: 'LEADS,OPERATES,HOSTED_IN' }))
      .body as PathsResponse;
    expect(typed.paths[0]!.edges[0]).toBe('fx:fact:leads');
    const viaHub = (await paths({ from: 'fx:cust:1', to: FX.sinaloa })).body as PathsResponse;
    expect(viaHub.paths[0]!.nodes).toEqual(['fx:cust:1', FX.hub, FX.phantom, FX.sinaloa]);
  });

  it('when inputs are wrong, then 400, and unknown ends are 404', async () => {
    expect((await paths({ from: FX.ramos, to: FX.ramos })).status).toBe(400);
    expect((await paths({ from: FX.ramos })).status).toBe(400);
    expect((await paths({ from: FX.ramos, to: FX.hongKong, maxHops: '11' })).status).toBe(400);
    expect((await paths({ from: FX.ramos, to: FX.hongKong, mode: 'longest' })).status).toBe(400);
    expect((await paths({ from: FX.ramos, to: FX.hongKong, mode: 'k-paths', k: '0' })).status).toBe(400);
    expect((await paths({ from: FX.ramos, to: FX.hongKong, types: 'NOPE' })).status).toBe(400);
    expect((await paths({ from: FX.ramos, to: 'fx:nobody' })).status).toBe(404);
  });
});

describe('POST /api/graph/subgraph', () => {
  it('when ids are given, then those entities and every fact among them come back', async () => {
    const res = await request(app)
      .post('/api/graph/subgraph')
      .send({ ids: [FX.ramos, FX.phantom, FX.sinaloa, 'fx:nobody'] });
    expect(res.status).toBe(200);
    expect(res.body.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [FX.phantom, FX.ramos, FX.sinaloa].sort(),
    );
    expect(res.body.edges.map((e: { id: string }) => e.id).sort()).toEqual(
      ['fx:fact:customer-sinaloa', 'fx:fact:founded', 'fx:fact:leads', 'fx:fact:supplied-sinaloa'].sort(),
    );
  });

  it('when the body is wrong, then 422', async () => {
    expect((await request(app).post('/api/graph/subgraph').send({ ids: 'x' })).status).toBe(422);
  });
});

describe('a graph on labels the model has never seen', () => {
  it('when its nodes are explored, then keys, types, labels and values all fall back sensibly', async () => {
    const run = await request(app).post('/api/cypher').send({ cypher: 'MATCH (p:FxPlanet) RETURN p' });
    expect(run.status).toBe(200);
    const planet = run.body.graph.nodes[0];
    expect(planet).toMatchObject({ type: 'FxPlanet', label: 'Kepler-22b', labels: ['FxPlanet'] });
    expect(planet.id).toMatch(/^eid:/);
    expect(planet.properties).toEqual({
      title: 'Kepler-22b',
      discovered: '2011-12-05',
      massEarths: 36,
      catalogNumber: '9007199254740993',
      location: { kind: 'point', srid: 7203, x: 1.5, y: 2.5 },
      seenAt: '2011-12-05T10:00:00Z',
    });

    const detail = await request(app).get(`/api/entities/${encodeURIComponent(planet.id)}`);
    expect(detail.status).toBe(200);
    expect((detail.body as EntityDetail).summary).toEqual(
      expect.arrayContaining([
        { relType: 'ORBITS', direction: 'out', neighbourType: 'FxStar', count: 1 },
        { relType: 'NEAR', direction: 'out', neighbourType: 'FxRock', count: 1 },
      ]),
    );

    const page = (await neighbours(planet.id)).body as NeighboursPage;
    expect(page.edges).toHaveLength(2);
    const star = page.nodes.find((n) => n.type === 'FxStar');
    expect(star?.label).toBe('Kepler-22');
    const orbits = page.edges.find((e) => e.type === 'ORBITS')!;
    expect(orbits.id).toMatch(/^eid:/);
    expect(orbits.properties).toEqual({ periodDays: 289.9, since: 'P1Y' });

    const fact = await request(app).get(`/api/facts/${encodeURIComponent(orbits.id)}`);
    expect(fact.status).toBe(200);
    expect((fact.body as FactDetail).to.label).toBe('Kepler-22');

    const typed = await neighbours(star!.id, { types: 'NEAR', neighbourTypes: 'FxRock' });
    expect(typed.status).toBe(200);
    expect((typed.body as NeighboursPage).nodes.find((n) => n.type === 'FxRock')?.label).toBe('FxRock');

    const between = (await paths({ from: planet.id, to: star!.id })).body as PathsResponse;
    expect(between.paths[0]?.length).toBe(1);
  });
});

describe('GET /api/search on a graph without the full-text index', () => {
  it('when the index is missing, then a plain substring search still finds entities', async () => {
    const database = testNeo4j().database;
    await driver.executeQuery('DROP INDEX entity_search IF EXISTS', {}, { database });
    try {
      const res = await search({ q: 'hubtel' });
      expect(res.status).toBe(200);
      expect((res.body as SearchResponse).hits).toEqual([
        { id: FX.hub, type: 'Organisation', label: 'Hubtel Wholesale', score: 1, aliases: ['Hubtel'] },
      ]);
      expect((await search({ q: '+-!()' })).status).toBe(200);
    } finally {
      for (const statement of schemaStatements(loadModel())) {
        await driver.executeQuery(statement, {}, { database });
      }
      await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
    }
  });
});

describe('the explorer routes when Neo4j cannot be reached', () => {
  it('when the database is down, then every route answers 503 with Retry-After, never 500', async () => {
    const down = unreachableDriver();
    try {
      const offline = testApp(down);
      const calls = [
        request(offline).get('/api/search').query({ q: 'phantom' }),
        request(offline).get(`/api/entities/${FX.phantom}`),
        request(offline).get(`/api/entities/${FX.phantom}/neighbours`),
        request(offline).get('/api/facts/fx:fact:leads'),
        request(offline).get('/api/paths').query({ from: FX.ramos, to: FX.phantom }),
        request(offline).post('/api/queries/lib:arrests/run').send({}),
        request(offline).post('/api/cypher').send({ cypher: 'RETURN 1' }),
      ];
      for (const [i, res] of (await Promise.all(calls)).entries()) {
        expect(res.status, `call ${i}`).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
      }
      // What lives in the app store, credentials included, does not need the graph.
      expect((await request(offline).get('/api/queries')).status).toBe(200);
      expect((await request(offline).get('/api/auth/me')).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});
