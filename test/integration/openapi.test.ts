/**
 * The OpenAPI document against the real API: `GET /api/openapi.json` is served to anyone, and real
 * answers (search, entity, neighbours, fact, paths, model, saved queries, errors) validate against
 * the schemas it documents for them, so the document cannot drift from the code unseen.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeighboursPage } from '../../server/contract.js';
import { FX, removeApiFixture, seedApiFixture } from '../support/api-fixture.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

let driver: Driver;
let app: Express;
let ajv: Ajv2020;

/** A URI fragment for a JSON pointer into the document. */
const pointer = (...parts: string[]) =>
  '#' + parts.map((part) => '/' + encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('');

beforeAll(async () => {
  driver = testDriver();
  await seedApiFixture(driver, testNeo4j().database);
  app = testApp(driver);
  const res = await request(testApp(driver, { as: 'anonymous' })).get('/api/openapi.json');
  expect(res.status).toBe(200);
  // The document is data here: its schemas are compiled where they stand, its own keys ignored.
  ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  ajv.addSchema(res.body as object, 'openapi.json');
});

afterAll(async () => {
  await removeApiFixture(driver, testNeo4j().database);
  await driver.close();
});

/** Calls the route and checks the answer against the schema documented for its status. */
async function expectDocumented(
  method: 'get' | 'post',
  documentedPath: string,
  url: string,
  status: number,
  body?: object,
): Promise<request.Response> {
  const call = request(app)[method](url);
  const res = body === undefined ? await call : await call.send(body);
  expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(status);
  const validate = ajv.getSchema(
    'openapi.json' +
      pointer(
        'paths',
        documentedPath,
        method,
        'responses',
        String(status),
        'content',
        'application/json',
        'schema',
      ),
  );
  expect(validate, `${method} ${documentedPath} documents ${status}`).toBeDefined();
  expect(validate!(res.body) ? [] : validate!.errors).toEqual([]);
  return res;
}

describe('GET /api/openapi.json', () => {
  it('when anyone asks, then the OpenAPI 3.1 document is served', async () => {
    const res = await request(testApp(driver, { as: 'anonymous' })).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./) as unknown });
  });

  it('when an answer has a field the document does not name, then it does not fit', () => {
    const validate = ajv.getSchema(
      'openapi.json' +
        pointer('paths', '/api/search', 'get', 'responses', '200', 'content', 'application/json', 'schema'),
    )!;
    expect(validate({ query: 'x', hits: [] })).toBe(true);
    expect(validate({ query: 'x', hits: [], extra: 1 })).toBe(false);
  });

  it('when the graph is read, then each answer fits the schema documented for it', async () => {
    await expectDocumented('get', '/api/search', '/api/search?q=phantom', 200);
    await expectDocumented('get', '/api/model', '/api/model', 200);
    await expectDocumented(
      'get',
      '/api/entities/{id}',
      `/api/entities/${encodeURIComponent(FX.phantom)}`,
      200,
    );
    const page = await expectDocumented(
      'get',
      '/api/entities/{id}/neighbours',
      `/api/entities/${encodeURIComponent(FX.phantom)}/neighbours`,
      200,
    );
    const fact = (page.body as NeighboursPage).edges[0]!;
    await expectDocumented('get', '/api/facts/{id}', `/api/facts/${encodeURIComponent(fact.id)}`, 200);
    await expectDocumented(
      'get',
      '/api/paths',
      `/api/paths?from=${encodeURIComponent(FX.ramos)}&to=${encodeURIComponent(FX.phantom)}`,
      200,
    );
    await expectDocumented('post', '/api/graph/subgraph', '/api/graph/subgraph', 200, {
      ids: [FX.phantom, FX.ramos],
    });
  });

  it('when saved queries and the caller are read, then their answers fit too', async () => {
    await expectDocumented('get', '/api/queries', '/api/queries', 200);
    await expectDocumented('get', '/api/auth/me', '/api/auth/me', 200);
    await expectDocumented('post', '/api/cypher', '/api/cypher', 200, {
      cypher: 'MATCH (n:Entity {id: $id}) RETURN n, 1 AS one',
      params: { id: FX.phantom },
    });
  });

  it('when a request fails, then the error answer fits the documented error shape', async () => {
    await expectDocumented('get', '/api/entities/{id}', '/api/entities/fx:none', 404);
    await expectDocumented('get', '/api/search', '/api/search', 400);
    await expectDocumented('post', '/api/cypher', '/api/cypher', 422, { cypher: '' });
  });
});
