import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityDetail } from '../../server/contract.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { CACHE_HEADER } from '../../server/read-cache/cached-json.js';
import { applySchema } from '../../server/schema/apply-schema.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const PERSON = 'person:cache-test-courier';
const SOURCE = 'src:cache-test-note';

/** One person citing one source, under the name given. */
function documentNaming(name: string) {
  return {
    case: { id: 'case:cache-test', title: 'Read cache test', summary: 'One courier.' },
    sources: [{ id: SOURCE, title: 'A field note', publisher: 'Test', date: '2020-01-01' }],
    entities: [{ type: 'Person', id: PERSON, name, aliases: [], properties: {}, sources: [SOURCE] }],
    facts: [],
  };
}

const database = () => testNeo4j().database;
let driver: Driver;
/** A second driver stands for another process (the import CLI): it tells this one nothing. */
let otherProcess: Driver;

beforeAll(async () => {
  driver = testDriver();
  otherProcess = testDriver();
  // As a started server would have: imports update by key only where the key is constrained, so
  // without the schema (this file run on its own) a re-import adds a second courier.
  await applySchema(driver, database(), model);
  await importCaseDocument({ driver, database: database(), model }, documentNaming('Courier One'));
});

afterAll(async () => {
  await driver.executeQuery('MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n', { ids: [PERSON, SOURCE] });
  await driver.executeQuery('MATCH (run:_ImportRun {id: "cache-test"}) DELETE run');
  await Promise.all([driver.close(), otherProcess.close()]);
});

const entity = (app: Express, headers: Record<string, string> = {}) =>
  request(app)
    .get(`/api/entities/${encodeURIComponent(PERSON)}`)
    .set(headers);

const nameOf = (res: request.Response) => (res.body as EntityDetail).node.label;

describe('GET /api/entities/:id through the read cache', () => {
  it('when the same entity is read twice, then the second answer is the stored bytes', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 60_000 } });
    const first = await entity(app);
    const second = await entity(app);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.get(CACHE_HEADER), second.get(CACHE_HEADER)]).toEqual(['miss', 'hit']);
    expect(second.text).toBe(first.text);
    expect(second.get('content-type')).toMatch(/^application\/json/);
    expect(second.get('cache-control')).toBe('no-store');
  });

  it('when an admin imports through this app, then the next read is fresh at once', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 60_000 } });
    await entity(app);
    expect((await entity(app)).get(CACHE_HEADER)).toBe('hit');
    const imported = await request(app).post('/api/admin/import').send(documentNaming('Courier Two'));
    expect(imported.status).toBe(200);
    const after = await entity(app);
    expect(after.get(CACHE_HEADER)).toBe('miss');
    expect(nameOf(after)).toBe('Courier Two');
  });

  it('when another process imports, then reads are fresh once the version is checked again', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 0 } });
    await entity(app);
    expect((await entity(app)).get(CACHE_HEADER)).toBe('hit');
    await importCaseDocument(
      { driver: otherProcess, database: database(), model },
      documentNaming('Courier Three'),
    );
    const after = await entity(app);
    expect(after.get(CACHE_HEADER)).toBe('miss');
    expect(nameOf(after)).toBe('Courier Three');
  });

  it('when an import is writing, then nothing stored is served while it runs', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 0 } });
    await entity(app);
    await driver.executeQuery(
      "CREATE (:_ImportRun {id: 'cache-test', status: 'running', heartbeatAt: datetime()})",
    );
    try {
      expect((await entity(app)).get(CACHE_HEADER)).toBe('bypass');
      expect((await entity(app)).get(CACHE_HEADER)).toBe('bypass');
    } finally {
      await driver.executeQuery("MATCH (run:_ImportRun {id: 'cache-test'}) DELETE run");
    }
    // That "import" wrote nothing and bumped nothing, so the stored answer is current again.
    expect((await entity(app)).get(CACHE_HEADER)).toBe('hit');
  });

  it('when the client asks for no-cache, then the answer is computed again', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 60_000 } });
    await entity(app);
    // Written behind casegraph's back: only a fresh read can see it.
    await driver.executeQuery("MATCH (n:Entity {id: $id}) SET n.name = 'Courier Behind'", { id: PERSON });
    expect(nameOf(await entity(app))).not.toBe('Courier Behind');
    const fresh = await entity(app, { 'Cache-Control': 'no-cache' });
    expect(fresh.get(CACHE_HEADER)).toBe('miss');
    expect(nameOf(fresh)).toBe('Courier Behind');
    expect(nameOf(await entity(app))).toBe('Courier Behind');
  });

  it('when the entity does not exist, then 404 every time and nothing is stored', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 60_000 } });
    const missing = () => request(app).get('/api/entities/person%3Acache-test-nobody');
    expect((await missing()).status).toBe(404);
    const again = await missing();
    expect(again.status).toBe(404);
    expect(again.get(CACHE_HEADER)).toBeUndefined();
  });

  it('when a reader may not read, then a stored answer is not served to them', async () => {
    const app = testApp(driver, { readCache: { maxBytes: 1 << 20, checkIntervalMs: 60_000 } });
    await entity(app);
    expect((await entity(app)).get(CACHE_HEADER)).toBe('hit');
    const refused = await entity(app, { Authorization: 'Bearer cgt_not-a-token' });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain(PERSON);
  });
});
