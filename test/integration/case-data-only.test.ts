/**
 * Issue 13, item 3: no route returns a node that is not case data. App bookkeeping (a node with
 * an `_`-prefixed label, or one of the app's own labels such as `SavedQuery`) is answered for as
 * if it did not exist, by every element-id and key look-up, by search and by user Cypher.
 *
 * The file writes its own internal nodes next to the API fixture: a `_User`-like node and a
 * `SavedQuery` node, linked to a case entity and to each other, so each route has something to
 * leak, and reads their element ids with Cypher.
 */
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  EntityDetail,
  GraphPayload,
  NeighboursPage,
  PathsResponse,
  QueryRunResult,
} from '../../server/contract.js';
import { FX } from '../support/api-fixture.js';
import { testApp } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

/** A label no real user node has, but `_`-prefixed like `_User`: the same rule applies to it. */
const SECRET_LABEL = '_CaseDataProbeUser';
const SAVED_QUERY_TITLE = 'case-data-only probe';

let investigator: Express;
let analyst: Express;
/** Element ids (without `eid:`) of the internal nodes and relationships this file made. */
const ids = { secret: '', savedQuery: '', probeLink: '', internalFact: '', planet: '' };

const context = useTestApp({
  fixture: true,
  as: 'investigator',
  setup: async ({ driver, database }) => {
    const { records } = await driver.executeQuery(
      `MATCH (ramos:Entity {id: $ramos}), (lonely:Entity {id: $lonely})
       CREATE (secret:${SECRET_LABEL} {username: 'probe', name: 'Vincent Ramos probe', passwordHash: 'not-a-real-hash', caseDataProbe: true})
       CREATE (query:SavedQuery {id: 'uq:case-data-probe', title: $title, name: 'Vincent Ramos saved', owner: 'nobody', cypher: 'RETURN 1', shared: false, caseDataProbe: true})
       CREATE (ramos)-[link:PROBE_LINK]->(secret)
       CREATE (secret)-[:PROBE_LINK]->(lonely)
       CREATE (secret)-[fact:LEADS {id: 'probe:fact:internal', status: 'confirmed'}]->(query)
       RETURN elementId(secret) AS secret, elementId(query) AS savedQuery,
              elementId(link) AS probeLink, elementId(fact) AS internalFact`,
      { ramos: FX.ramos, lonely: FX.lonely, title: SAVED_QUERY_TITLE },
      { database },
    );
    const record = records[0]!;
    ids.secret = record.get('secret') as string;
    ids.savedQuery = record.get('savedQuery') as string;
    ids.probeLink = record.get('probeLink') as string;
    ids.internalFact = record.get('internalFact') as string;
    const planet = await driver.executeQuery(
      'MATCH (p:FxPlanet) RETURN elementId(p) AS id LIMIT 1',
      {},
      { database },
    );
    ids.planet = planet.records[0]!.get('id') as string;
  },
  cleanup: async ({ driver, database }) => {
    await driver.executeQuery(`MATCH (n) WHERE n.caseDataProbe = true DETACH DELETE n`, {}, { database });
    await driver.executeQuery(
      'MATCH (q:SavedQuery {title: $title}) DETACH DELETE q',
      { title: SAVED_QUERY_TITLE },
      { database },
    );
  },
});

beforeAll(() => {
  investigator = context.app;
  analyst = testApp(context.driver as Driver, { as: 'analyst' });
});

/** An element id of the same database that names nothing: what "does not exist" answers. */
function unknownElementId(like: string): string {
  return like.replace(/:\d+$/, ':987654321');
}

const eid = (elementId: string) => `eid:${elementId}`;

/** The answer for an unknown key, with the key swapped, so both can be compared whole. */
async function expectAnswersAsUnknown(
  app: Express,
  path: (key: string) => string,
  internalElementId: string,
): Promise<void> {
  const unknownKey = eid(unknownElementId(internalElementId));
  const internalKey = eid(internalElementId);
  const unknown = await request(app).get(path(unknownKey));
  const internal = await request(app).get(path(internalKey));
  expect(unknown.status).toBe(404);
  expect(internal.status).toBe(unknown.status);
  expect(JSON.stringify(internal.body).replaceAll(internalKey, '<key>')).toBe(
    JSON.stringify(unknown.body).replaceAll(unknownKey, '<key>'),
  );
}

const roles = [
  ['investigator', () => investigator],
  ['analyst', () => analyst],
] as const;

describe.each(roles)('as %s, element-id look-ups of internal nodes', (_role, appOf) => {
  it('when GET /api/entities/eid:… names a _User-like or SavedQuery node, then it answers as for an unknown id', async () => {
    await expectAnswersAsUnknown(appOf(), (key) => `/api/entities/${encodeURIComponent(key)}`, ids.secret);
    await expectAnswersAsUnknown(
      appOf(),
      (key) => `/api/entities/${encodeURIComponent(key)}`,
      ids.savedQuery,
    );
  });

  it('when GET /api/entities/eid:…/neighbours names an internal node, then it answers as for an unknown id', async () => {
    await expectAnswersAsUnknown(
      appOf(),
      (key) => `/api/entities/${encodeURIComponent(key)}/neighbours`,
      ids.secret,
    );
    await expectAnswersAsUnknown(
      appOf(),
      (key) => `/api/entities/${encodeURIComponent(key)}/neighbours`,
      ids.savedQuery,
    );
  });

  it('when GET /api/facts/… names a relationship with an internal end, by element id or by id, then it answers as for an unknown fact', async () => {
    await expectAnswersAsUnknown(appOf(), (key) => `/api/facts/${encodeURIComponent(key)}`, ids.probeLink);
    await expectAnswersAsUnknown(appOf(), (key) => `/api/facts/${encodeURIComponent(key)}`, ids.internalFact);
    const unknown = await request(appOf()).get('/api/facts/probe:fact:nothing');
    const internal = await request(appOf()).get('/api/facts/probe:fact:internal');
    expect(internal.status).toBe(404);
    expect(internal.body).toEqual({
      error: { ...unknown.body.error, message: unknown.body.error.message.replace('nothing', 'internal') },
    });
  });

  it('when GET /api/paths names an internal end, then it answers as for an unknown end', async () => {
    const from = (key: string) =>
      `/api/paths?from=${encodeURIComponent(key)}&to=${encodeURIComponent(FX.ramos)}`;
    const to = (key: string) =>
      `/api/paths?from=${encodeURIComponent(FX.ramos)}&to=${encodeURIComponent(key)}`;
    await expectAnswersAsUnknown(appOf(), from, ids.secret);
    await expectAnswersAsUnknown(appOf(), to, ids.savedQuery);
  });

  it('when POST /api/graph/subgraph names internal nodes, then only the case nodes come back', async () => {
    const res = await request(appOf())
      .post('/api/graph/subgraph')
      .send({ ids: [FX.ramos, FX.lonely, eid(ids.secret), eid(ids.savedQuery)] });
    expect(res.status).toBe(200);
    const body = res.body as GraphPayload;
    expect(body.nodes.map((n) => n.id).sort()).toEqual([FX.lonely, FX.ramos].sort());
    expect(body.edges).toEqual([]);
  });
});

describe.each(roles)('as %s, case nodes next to internal ones', (_role, appOf) => {
  it('when a case entity links to an internal node, then its detail and neighbours never show it', async () => {
    const detail = (await request(appOf()).get(`/api/entities/${FX.ramos}`)).body as EntityDetail;
    expect(JSON.stringify(detail.summary)).not.toContain(SECRET_LABEL);
    expect(detail.summary.filter((row) => row.relType === 'PROBE_LINK')).toEqual([]);

    const page = (await request(appOf()).get(`/api/entities/${FX.ramos}/neighbours?limit=500`))
      .body as NeighboursPage;
    expect(page.nodes.map((n) => n.id)).not.toContain(eid(ids.secret));
    expect(page.edges.map((e) => e.type)).not.toContain('PROBE_LINK');
    expect(JSON.stringify(page)).not.toContain(SECRET_LABEL);

    const typed = await request(appOf()).get(`/api/entities/${FX.ramos}/neighbours?types=PROBE_LINK`);
    expect(typed.status).toBe(200);
    expect((typed.body as NeighboursPage).nodes.map((n) => n.id)).toEqual([FX.ramos]);
  });

  it('when the only path between two entities runs through an internal node, then no path is found', async () => {
    const res = await request(appOf()).get(
      `/api/paths?from=${encodeURIComponent(FX.ramos)}&to=${encodeURIComponent(FX.lonely)}&types=PROBE_LINK`,
    );
    expect(res.status).toBe(200);
    const body = res.body as PathsResponse;
    expect(body.paths).toEqual([]);
    expect(body.nodes).toEqual([]);
  });

  it('when a node has labels the model does not know, then it is still case data', async () => {
    const res = await request(appOf()).get(`/api/entities/${encodeURIComponent(eid(ids.planet))}`);
    expect(res.status).toBe(200);
    expect((res.body as EntityDetail).node.type).toBe('FxPlanet');
    expect((await request(appOf()).get('/api/search?q=Kepler&types=FxPlanet')).status).toBe(200);
  });
});

describe.each(roles)('as %s, GET /api/search', (_role, appOf) => {
  it('when types names an internal label, then it is refused exactly like an unknown label', async () => {
    for (const internal of [SECRET_LABEL, '_User', 'SavedQuery', 'Workspace', '_AuditEvent']) {
      const unknown = await request(appOf()).get('/api/search?q=probe&types=NoSuchLabel');
      const probed = await request(appOf()).get(`/api/search?q=probe&types=${internal}`);
      expect(unknown.status).toBe(400);
      expect(probed.status).toBe(400);
      expect(JSON.stringify(probed.body).replaceAll(internal, '<label>')).toBe(
        JSON.stringify(unknown.body).replaceAll('NoSuchLabel', '<label>'),
      );
    }
  });

  it('when the words match an internal node, then search does not return it', async () => {
    const res = await request(appOf()).get('/api/search?q=Vincent%20Ramos&limit=50');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('probe');
    expect(JSON.stringify(res.body)).not.toContain('saved');
  });
});

describe('saved-query results and the console', () => {
  const leaky = [
    'MATCH (n) WHERE n.caseDataProbe = true RETURN n',
    'MATCH (a:Entity {id: $ramos})-[r]-(b) RETURN a, r, b',
    'MATCH p = (:Entity {id: $ramos})-[*1..2]-() RETURN p',
    'MATCH ()-[r:PROBE_LINK|LEADS]->() WHERE r.id IS NULL OR r.id STARTS WITH "probe" RETURN r',
    'MATCH (n) WHERE n.caseDataProbe = true RETURN collect(n) AS all, {node: head(collect(n))} AS one',
  ];

  function expectNoInternal(body: QueryRunResult): void {
    const text = JSON.stringify(body);
    expect(text).not.toContain(SECRET_LABEL);
    expect(text).not.toContain('SavedQuery');
    expect(text).not.toContain(ids.secret);
    expect(text).not.toContain(ids.savedQuery);
    expect(text).not.toContain('PROBE_LINK');
    expect(text).not.toContain('probe');
  }

  it.each(leaky)(
    'when an analyst runs %s in the console, then no internal node, relationship or path comes back',
    async (cypher) => {
      const res = await request(analyst)
        .post('/api/cypher')
        .send({ cypher, params: { ramos: FX.ramos } });
      expect(res.status).toBe(200);
      expectNoInternal(res.body as QueryRunResult);
    },
  );

  it('when a query reads only internal nodes, then it answers like a query that matched nothing', async () => {
    const internal = (await request(analyst).post('/api/cypher').send({ cypher: leaky[0] }))
      .body as QueryRunResult;
    const nothing = (
      await request(analyst).post('/api/cypher').send({ cypher: 'MATCH (n:NoSuchLabel) RETURN n' })
    ).body as QueryRunResult;
    expect({ ...internal, elapsedMs: 0 }).toEqual({ ...nothing, elapsedMs: 0 });
  });

  it('when case data comes back next to internal data, then the case data is still there', async () => {
    const res = await request(analyst)
      .post('/api/cypher')
      .send({ cypher: leaky[1], params: { ramos: FX.ramos } });
    const body = res.body as QueryRunResult;
    expect(body.rowCount).toBeGreaterThan(0);
    expect(body.graph.nodes.map((n) => n.id)).toContain(FX.ramos);
    expectNoInternal(body);
  });

  it('when an investigator runs a shared saved query that reads internal nodes, then none come back', async () => {
    const created = await request(analyst).post('/api/queries').send({
      title: 'case-data-only shared probe',
      description: 'Reads app data, which must never come back.',
      cypher: 'MATCH (n) WHERE n.caseDataProbe = true OR n:SavedQuery RETURN n',
      parameters: [],
      visibility: 'shared',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    try {
      const res = await request(investigator).post(`/api/queries/${id}/run`).send({ params: {} });
      expect(res.status).toBe(200);
      const body = res.body as QueryRunResult;
      expect(body.rowCount).toBe(0);
      expect(body.graph).toEqual({ nodes: [], edges: [] });
      expectNoInternal(body);
    } finally {
      await request(analyst).delete(`/api/queries/${id}`);
    }
  });
});
