/**
 * The query library on the seeded Phantom Secure case itself: each query must find what the case
 * records in the relationship types the case uses (the firm USED its servers; resellers RESELL
 * handsets), not only what the query's author first thought of.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRunResult } from '../../server/contract.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await resetGraph(driver, testNeo4j().database);
  await seedDatabase({ driver, database: testNeo4j().database, model: loadModel() });
});
afterAll(async () => {
  await driver.close();
});

describe('the query library on the seeded case', () => {
  it('when infrastructure by country is run, then the servers in Panama and Hong Kong come with the firm that used them', async () => {
    const res = await request(testApp(driver))
      .post('/api/queries/lib:infrastructure-by-country/run')
      .send({});
    const body = res.body as QueryRunResult;
    expect(res.status).toBe(200);
    const ids = body.graph.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'server:phantom-secure-panama',
        'server:phantom-secure-hong-kong',
        'org:phantom-secure',
      ]),
    );
    expect(body.graph.edges.map((e) => e.id)).toEqual(
      expect.arrayContaining([
        'fact:phantom-secure-used-panama-servers',
        'fact:phantom-secure-used-hong-kong-servers',
      ]),
    );
  });

  it('when devices and preloads is run, then resold handsets come with their resellers', async () => {
    const res = await request(testApp(driver)).post('/api/queries/lib:devices-and-preloads/run').send({});
    const body = res.body as QueryRunResult;
    expect(res.status).toBe(200);
    expect(body.graph.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['group:reseller-network', 'device:specialised-secure-phone']),
    );
  });
});
