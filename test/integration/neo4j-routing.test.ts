/**
 * `neo4j://` URIs (clusters, Aura): the driver asks the server for a routing table and sends read
 * transactions to readers, writes to the writer. On one Community instance the table names that
 * instance in every role; every flow must work through it exactly as through `bolt://`.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeighboursPage, PathsResponse, SearchResponse } from '../../server/contract.js';
import { createDriver } from '../../server/db/driver.js';
import { FX } from '../support/api-fixture.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testNeo4j } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let boltDriver: Driver;
let routing: Driver;
useTestApp({ fixture: true }, (made) => ({ driver: boltDriver } = made));

beforeAll(() => {
  const { uri, user, password } = testNeo4j();
  routing = createDriver({ uri: uri.replace(/^bolt:/, 'neo4j:'), user, password });
});
afterAll(async () => {
  await routing.close();
});

describe('casegraph through a neo4j:// URI', () => {
  it('when the driver routes, then the server hands it a routing table with a reader and a writer', async () => {
    expect(testNeo4j().uri).toMatch(/^bolt:/);
    await routing.verifyConnectivity({ database: testNeo4j().database });
    const read = await routing.executeQuery(
      'RETURN 1 AS one',
      {},
      { database: testNeo4j().database, routing: 'READ' },
    );
    expect(read.records[0]?.get('one').toNumber()).toBe(1);
  });

  it('when every explorer flow and an import with its undo run through it, then each answers as through bolt://', async () => {
    const app = testApp(routing);
    // Case data only, and not the summary stamp: an import refreshes the summaries of dense nodes
    // it touches (and its undo again), which is the time of the write, not case data.
    const checksum = () =>
      graphChecksum(boltDriver, testNeo4j().database, {
        caseDataOnly: true,
        ignoreProperties: ['summaryUpdatedAt'],
      });
    const before = await checksum();

    const found = (await request(app).get('/api/search').query({ q: 'phantom secure' }))
      .body as SearchResponse;
    expect(found.hits[0]?.id).toBe(FX.phantom);
    expect((await request(app).get(`/api/entities/${FX.phantom}`)).status).toBe(200);
    const page = (await request(app).get(`/api/entities/${FX.phantom}/neighbours`)).body as NeighboursPage;
    expect(page.edges.length).toBeGreaterThan(0);
    const paths = (await request(app).get('/api/paths').query({ from: FX.ramos, to: FX.phantom }))
      .body as PathsResponse;
    expect(paths.paths.length).toBeGreaterThan(0);
    const consoleRun = await request(app)
      .post('/api/cypher')
      .send({ cypher: 'MATCH (n:Organisation) RETURN count(n) AS n' });
    expect(consoleRun.status).toBe(200);

    const imported = await request(app)
      .post('/api/admin/import')
      .send({
        case: { id: 'case:routing', title: 'Routing', summary: 'A write through neo4j://.' },
        sources: [{ id: 'src:routing-note', title: 'A routing note' }],
        entities: [
          {
            type: 'Person',
            id: 'person:routing-test',
            name: 'Routing Tester',
            properties: {},
            sources: ['src:routing-note'],
          },
        ],
        facts: [
          {
            id: 'fact:routing-test-customer',
            type: 'CUSTOMER_OF',
            from: 'person:routing-test',
            to: FX.phantom,
            claim: 'A test customer written through a routing driver.',
            status: 'reported',
            confidence: 0.5,
            sources: ['src:routing-note'],
            properties: {},
          },
        ],
      });
    expect(imported.status).toBe(200);
    // Written through the writer, read back at once through a reader (same instance here).
    const tester = (await request(app).get('/api/search').query({ q: 'routing tester' }))
      .body as SearchResponse;
    expect(tester.hits[0]?.id).toBe('person:routing-test');

    expect((await request(app).post(`/api/admin/import/${imported.body.importId}/undo`)).status).toBe(200);
    expect(await checksum()).toBe(before);
  });
});
