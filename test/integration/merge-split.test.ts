/**
 * Issue 20's proof, against a real Neo4j and through the API as an investigator uses it: a merge
 * and its split leave the graph checksum unchanged and every read (search, entity, neighbours,
 * paths, subgraph, a saved query) answering exactly as before the merge; while merged, the two
 * records of Panama read as one node holding both records' links.
 *
 * The data: the seeded case, plus a register that lists "Republic of Panama" (alias Panama, ISO
 * PA) and a maritime registry based there, so the merge joins two routes that did not meet.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphPayload, JudgementResult, SearchResponse } from '../../server/contract.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import {
  REGISTER_PANAMA,
  REGISTRY,
  countryRegister,
  registerPanama,
  registry,
  registryBasedInPanama,
} from '../support/country-register.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const CASE_PANAMA = 'country:panama';
const FIRM = 'org:phantom-secure';

const registerDocument = countryRegister([registerPanama, registry], [registryBasedInPanama]);

/** The reads compared before the merge and after the split; time taken left out. */
async function reads(app: Express) {
  const get = async (url: string) =>
    (await request(app).get(url).expect(200)).body as Record<string, unknown>;
  const post = async (url: string, body: object) =>
    (await request(app).post(url).send(body).expect(200)).body as Record<string, unknown>;
  const timeless = ({ elapsedMs: _e, ...rest }: Record<string, unknown>) => rest;
  return {
    search: await get('/api/search?q=panama'),
    entity: await get(`/api/entities/${REGISTER_PANAMA}`),
    caseNeighbours: await get(`/api/entities/${CASE_PANAMA}/neighbours`),
    registerNeighbours: await get(`/api/entities/${REGISTER_PANAMA}/neighbours`),
    paths: timeless(await get(`/api/paths?from=${FIRM}&to=${REGISTRY}&maxHops=6&mode=all-shortest`)),
    subgraph: await post('/api/graph/subgraph', { ids: [CASE_PANAMA, REGISTER_PANAMA, REGISTRY, FIRM] }),
    query: timeless(await post('/api/queries/lib:infrastructure-by-country/run', {})),
  };
}

describe('a merge and its split', () => {
  let driver: Driver;
  let app: Express;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });
  const checksum = () =>
    graphChecksum(driver, database(), { caseDataOnly: true, ignoreProperties: ['summaryUpdatedAt'] });

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await importCaseDocument(deps(), registerDocument);
    app = testApp(driver, { as: 'investigator' });
  });
  afterAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when two records of Panama are merged and split again, then the graph and every read are as before', async () => {
    const checksumBefore = await checksum();
    const before = await reads(app);
    expect(
      (before.search as unknown as SearchResponse).hits.filter((h) => /panama/i.test(h.label)).length,
    ).toBeGreaterThanOrEqual(2);

    const judged = await request(app)
      .post('/api/judgements')
      .send({
        a: CASE_PANAMA,
        b: REGISTER_PANAMA,
        verdict: 'same',
        reason: 'Same country: same name, same ISO code.',
      })
      .expect(201);
    const result = judged.body as JudgementResult;
    expect(result.cluster.canonical).toBe(CASE_PANAMA);
    expect(result.cluster.members.map((m) => m.id)).toEqual([CASE_PANAMA, REGISTER_PANAMA]);

    // Merged: one Panama, holding both records' links, each marked with the record it came from.
    const merged = await reads(app);
    const hits = (merged.search as unknown as SearchResponse).hits;
    expect(hits.filter((h) => h.id === REGISTER_PANAMA)).toEqual([]);
    expect(hits.find((h) => h.id === CASE_PANAMA)?.mergedFrom?.map((m) => m.id)).toEqual([
      CASE_PANAMA,
      REGISTER_PANAMA,
    ]);
    const neighbours = merged.registerNeighbours as unknown as GraphPayload;
    expect(neighbours.nodes.map((n) => n.id)).toContain(REGISTRY);
    const registryLink = neighbours.edges.find((e) => e.id === 'fact:test-registry-based-in-panama');
    expect(registryLink).toMatchObject({
      target: CASE_PANAMA,
      via: { source: REGISTRY, target: REGISTER_PANAMA },
    });
    const subgraph = merged.subgraph as unknown as GraphPayload;
    expect(subgraph.nodes.filter((n) => n.id === CASE_PANAMA || n.id === REGISTER_PANAMA)).toHaveLength(1);
    expect((merged.paths as { paths: unknown[] }).paths.length).toBeGreaterThan(0);
    // The records themselves were not touched: only the judgement was added.
    expect(await checksum()).not.toBe(checksumBefore);

    await request(app).post(`/api/entities/${REGISTER_PANAMA}/split`).send({}).expect(200);

    expect(await checksum()).toBe(checksumBefore);
    expect(await reads(app)).toEqual(before);
  });
});
