/**
 * Merge candidates against a real Neo4j: a second source that names the same country as the case
 * (Panama, spelled as an official name with an alias, from a register dated years later) is loaded
 * beside the seeded case; the candidates of the case's Panama list it first, with the reasons.
 * The file leaves the graph seeded as it found it.
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const REGISTER = 'src:test-country-register';

/** A second source's view of two countries: Panama under its official name, and Hong Kong. */
const registerDocument = {
  case: {
    id: 'case:country-register',
    title: 'Country register (test)',
    summary: 'Two countries as a register lists them.',
  },
  sources: [
    { id: REGISTER, title: 'A country register', publisher: 'Test', date: '2024-05', kind: 'register' },
  ],
  entities: [
    {
      type: 'Country',
      id: 'country:register-pa',
      name: 'Republic of Panama',
      aliases: ['Panama', 'República de Panamá'],
      properties: { iso2: 'PA', kind: 'country' },
      sources: [REGISTER],
    },
    {
      type: 'Country',
      id: 'country:register-hk',
      name: 'Hong Kong SAR',
      aliases: [],
      properties: { iso2: 'HK', kind: 'territory' },
      sources: [REGISTER],
    },
  ],
  facts: [],
};

describe('GET /api/entities/:id/merge-candidates', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;
  const deps = () => ({ driver, database: database(), model });

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await importCaseDocument(deps(), registerDocument);
  });
  afterAll(async () => {
    await resetGraph(driver, database());
    await seedDatabase(deps());
    await driver.close();
  });

  it("when two same-named countries come from different sources, then each is the other's first candidate, with its reasons", async () => {
    const app = testApp(driver);
    const res = await request(app).get('/api/entities/country:panama/merge-candidates').expect(200);
    expect(res.body.entity).toMatchObject({ id: 'country:panama', type: 'Country', label: 'Panama' });
    const [first] = res.body.candidates;
    expect(first.entity).toMatchObject({ id: 'country:register-pa', type: 'Country' });
    expect(first.reasons.map((r: { kind: string }) => r.kind)).toEqual(['same-name', 'shared-identifier']);
    expect(first.reasons[1].detail).toMatch(/iso2 PA/);
    expect(first.score).toBe(1);

    const back = await request(app).get('/api/entities/country:register-pa/merge-candidates').expect(200);
    expect(back.body.candidates[0].entity.id).toBe('country:panama');
  });

  it('when names are only alike, then the candidate ranks lower and says how alike', async () => {
    const res = await request(testApp(driver))
      .get('/api/entities/country:hong-kong/merge-candidates')
      .expect(200);
    const hk = res.body.candidates.find(
      (c: { entity: { id: string } }) => c.entity.id === 'country:register-hk',
    );
    expect(hk).toBeDefined();
    expect(hk.reasons.map((r: { kind: string }) => r.kind)).toEqual(['similar-name', 'shared-identifier']);
    expect(hk.reasons[0].detail).toMatch(/'Hong Kong' and 'Hong Kong SAR' are \d+% alike/);
    expect(hk.score).toBeLessThan(1);
  });

  it('when the entity is unknown or the limit is bad, then 404 and 400, never a 500', async () => {
    const app = testApp(driver);
    await request(app).get('/api/entities/country:atlantis/merge-candidates').expect(404);
    await request(app).get('/api/entities/country:panama/merge-candidates?limit=0').expect(400);
    await request(app).get('/api/entities/country:panama/merge-candidates?limit=abc').expect(400);
  });
});
