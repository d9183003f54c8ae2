import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { QueryRunResult } from '../../server/contract.js';
import { runCheckedRead } from '../../server/user-cypher/read-runner.js';
import { GraphMapper } from '../../server/mapping/graph-mapper.js';
import { loadModel } from '../../server/model/model.js';
import { FX, REFUSED_CYPHER } from '../support/api-fixture.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testNeo4j } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
let app: Express;

useTestApp({ fixture: true }, (made) => ({ driver, app } = made));

const run = (body: Record<string, unknown>) => request(app).post('/api/cypher').send(body);

/** The data, the schema and the users: a refused query must change none of them. */
async function fullChecksum(): Promise<string> {
  const database = testNeo4j().database;
  const schema = await driver.executeQuery(
    'SHOW INDEXES YIELD name, state RETURN collect(name + ":" + state) AS names',
    {},
    { database },
  );
  const constraints = await driver.executeQuery(
    'SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names',
    {},
    {
      database,
    },
  );
  const users = await driver.executeQuery(
    'SHOW USERS YIELD user RETURN collect(user) AS users',
    {},
    {
      database: 'system',
    },
  );
  const databases = await driver.executeQuery(
    'SHOW DATABASES YIELD name, currentStatus RETURN collect(name + currentStatus) AS names',
    {},
    {
      database: 'system',
    },
  );
  return JSON.stringify([
    await graphChecksum(driver, database),
    [...(schema.records[0]!.get('names') as string[])].sort(),
    [...(constraints.records[0]!.get('names') as string[])].sort(),
    users.records[0]!.get('users'),
    [...(databases.records[0]!.get('names') as string[])].sort(),
  ]);
}

describe('POST /api/cypher', () => {
  it('when a read runs with parameters, then graph and table views come back with the outcome and timing', async () => {
    const res = await run({
      cypher: 'MATCH (p:Person {id: $id})-[r:LEADS]->(o) RETURN p, r, o, r.confidence AS confidence',
      params: { id: FX.ramos },
    });
    expect(res.status).toBe(200);
    const body = res.body as QueryRunResult;
    expect(body.outcome).toBe('complete');
    expect(body.rowCount).toBe(1);
    expect(body.elapsedMs).toEqual(expect.any(Number));
    expect(body.graph.nodes.map((n) => n.id).sort()).toEqual([FX.phantom, FX.ramos].sort());
    expect(body.graph.edges).toEqual([expect.objectContaining({ id: 'fx:fact:leads', status: 'confirmed' })]);
    expect(body.table).toEqual({
      columns: ['p', 'r', 'o', 'confidence'],
      rows: [
        [
          { kind: 'node', id: FX.ramos, type: 'Person', label: 'Vincent Ramos' },
          { kind: 'relationship', id: 'fx:fact:leads', type: 'LEADS', source: FX.ramos, target: FX.phantom },
          { kind: 'node', id: FX.phantom, type: 'Organisation', label: 'Phantom Secure' },
          0.95,
        ],
      ],
    });
  });

  it('when only relationships come back, then their end nodes are fetched so the graph is whole', async () => {
    const body = (await run({ cypher: "MATCH ()-[r:HOSTED_IN]->() WHERE r.id STARTS WITH 'fx:' RETURN r" }))
      .body as QueryRunResult;
    expect(body.graph.edges).toHaveLength(2);
    expect(body.graph.nodes.map((n) => n.id).sort()).toEqual(
      [FX.hongKong, FX.panama, FX.serverHk, FX.serverPa].sort(),
    );
  });

  it('when whole numbers are given as parameters, then they arrive as integers', async () => {
    const body = (await run({ cypher: 'UNWIND range(1, $n) AS i RETURN i LIMIT $n', params: { n: 3 } }))
      .body as QueryRunResult;
    expect(body.table.rows).toEqual([[1], [2], [3]]);
  });

  it('when more rows exist than the cap, then the answer stops there and says truncated', async () => {
    const capped = (await run({ cypher: 'UNWIND range(1, 100) AS i RETURN i', rowLimit: 10 }))
      .body as QueryRunResult;
    expect(capped).toMatchObject({ outcome: 'truncated', rowCount: 10 });
    const byDefault = (await run({ cypher: "MATCH (c:Entity) WHERE c.id STARTS WITH 'fx:cust:' RETURN c" }))
      .body as QueryRunResult;
    expect(byDefault).toMatchObject({ outcome: 'truncated', rowCount: 1000 });
    expect(byDefault.graph.nodes).toHaveLength(1000);
    const exact = (await run({ cypher: 'UNWIND range(1, 10) AS i RETURN i', rowLimit: 10 }))
      .body as QueryRunResult;
    expect(exact).toMatchObject({ outcome: 'complete', rowCount: 10 });
  });

  it('when the allowed procedures and functions are used, then they run', async () => {
    for (const cypher of [
      'CALL db.labels() YIELD label RETURN label',
      'CALL db.relationshipTypes()',
      'CALL db.schema.visualization()',
      "CALL db.index.fulltext.queryNodes('entity_search', 'phantom') YIELD node, score RETURN node, score LIMIT 3",
      'CALL dbms.components()',
      "RETURN date('2018-03-07') AS d, duration.between(date('2018-01-01'), date('2018-03-07')) AS span",
    ]) {
      const res = await run({ cypher });
      expect(res.status, cypher).toBe(200);
    }
  });

  it(`when any of ${REFUSED_CYPHER.length} write, admin, LOAD CSV, USE or procedure forms is sent, then it is refused with 4xx and nothing changes`, async () => {
    const before = await fullChecksum();
    for (const cypher of REFUSED_CYPHER) {
      const res = await run({ cypher });
      expect(res.status, cypher).toBeGreaterThanOrEqual(400);
      expect(res.status, cypher).toBeLessThan(500);
      expect(res.body.error.code, cypher).toMatch(/^CYPHER_/);
      expect(JSON.stringify(res.body), cypher).not.toMatch(/Neo\.|at .*\.js|Exception/);
    }
    expect(await fullChecksum()).toBe(before);
  });

  it('when the gate is bypassed, then READ mode alone refuses a write, and EXPLAIN alone refuses one too', async () => {
    const target = { driver, database: testNeo4j().database, mapper: new GraphMapper(loadModel()) };
    const before = await graphChecksum(driver, testNeo4j().database);
    await expect(
      runCheckedRead(target, 'CREATE (n:FxEvil {x: 1}) RETURN n', {}, undefined, { explainCheck: false }),
    ).rejects.toMatchObject({ status: 403, code: 'CYPHER_NOT_ALLOWED' });
    await expect(
      runCheckedRead(target, "MATCH (n:Entity {id: 'fx:org:fbi'}) SET n.name = 'x'", {}),
    ).rejects.toMatchObject({ status: 403, code: 'CYPHER_NOT_ALLOWED' });
    await expect(
      runCheckedRead(target, "LOAD CSV FROM 'https://example.com/x.csv' AS row RETURN row", {}),
    ).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/LoadCSV/) });
    await expect(runCheckedRead(target, 'CALL dbms.listConfig()', {})).rejects.toMatchObject({ status: 403 });
    await expect(runCheckedRead(target, 'SHOW INDEXES', {})).rejects.toMatchObject({ status: 403 });
    expect(await graphChecksum(driver, testNeo4j().database)).toBe(before);
  });

  it('when a query runs past its timeout, then 408 QUERY_TIMEOUT and the database stops it', async () => {
    const started = Date.now();
    const res = await run({
      cypher:
        'MATCH (a:Entity), (b:Entity), (c:Entity) WHERE a.name < b.name AND b.name < c.name RETURN count(*)',
      timeoutMs: 1000,
    });
    expect(res.status).toBe(408);
    expect(res.body.error.code).toBe('QUERY_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('when rows were already read before the timeout, then they come back with outcome timed_out', async () => {
    const res = await run({
      cypher: 'UNWIND range(1, 2000000000) AS i WITH i WHERE i <= 3 OR i > 1999999990 RETURN i',
      timeoutMs: 1500,
      rowLimit: 5,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'timed_out', rowCount: 3 });
  });

  it('when the query has a syntax error, then 400 CYPHER_SYNTAX with line and column only', async () => {
    const res = await run({ cypher: 'MATCH (n)\nRETRUN n' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'CYPHER_SYNTAX',
        message: 'The query is not valid Cypher (line 2, column 1)',
        details: { line: 2, column: 1 },
      },
    });
  });

  it('when the query fails at run time, then a 4xx with our own words, never Neo4j text or a 500', async () => {
    for (const cypher of [
      'RETURN 1/0',
      'RETURN toInteger([1])',
      'RETURN undefinedVariable',
      "CALL db.index.fulltext.queryNodes('nope', 'x')",
    ]) {
      const res = await run({ cypher });
      expect(res.status, cypher).toBeGreaterThanOrEqual(400);
      expect(res.status, cypher).toBeLessThan(500);
      expect(res.body.error.message, cypher).not.toMatch(/Neo\.|Exception|\bat\b.*java/);
    }
  });

  it('when a parameter is missing, then 422 names it', async () => {
    const res = await run({ cypher: 'MATCH (n:Entity {id: $id}) RETURN n' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ missing: ['id'] });
  });

  it('when the body is wrong, then 422, and a huge query is 413', async () => {
    expect((await run({})).status).toBe(422);
    expect((await run({ cypher: '   ' })).status).toBe(422);
    expect((await run({ cypher: 'RETURN 1', rowLimit: 100_000 })).status).toBe(422);
    expect((await run({ cypher: 'RETURN 1', timeoutMs: 5 })).status).toBe(422);
    expect((await run({ cypher: 'RETURN 1', extra: true })).status).toBe(422);
    expect((await run({ cypher: `RETURN 1 ${'/* padding */'.repeat(2_000)}` })).status).toBe(413);
  });
});
