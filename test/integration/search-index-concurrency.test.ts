/**
 * `POST /api/admin/search-index` pressed by several admins at once (found by the route fuzz,
 * which sends its requests concurrently): each rebuild dropped and recreated the index while
 * another was still creating it, and some answered 500. Rebuilds of one server now run one after
 * another, and a rebuild that finds the index already covering everything (online or still
 * filling) leaves it alone. The file leaves the graph seeded as it found it.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../server/model/model.js';
import { planSearchIndex } from '../../server/search/search-index.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

describe('POST /api/admin/search-index, several at once', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model: loadModel() });

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
  });
  afterAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it('when five admins extend the index at the same moment, then all answer 200, one rebuilds, and the index ends online covering the new label', async () => {
    await driver.executeQuery(
      "CREATE (:Lighthouse {lighthouse_name: 'Punta Mala'})",
      {},
      { database: database() },
    );
    const app = testApp(driver);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => request(app).post('/api/admin/search-index').send({})),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.changed === true)).toHaveLength(1);
    const plan = await planSearchIndex({ driver, database: database() }, loadModel());
    expect(plan.current?.state).toBe('ONLINE');
    expect(plan.current?.labels).toContain('Lighthouse');
    expect(plan.added).toEqual({ labels: [], properties: [] });
  });
});
