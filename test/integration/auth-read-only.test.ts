/**
 * Proof that user-written Cypher cannot change the graph, read files or reach the network, whoever
 * runs it: every form below is sent to the console (`POST /api/cypher`) as admin and analyst, run
 * as a stored saved query (`POST /api/queries/:id/run`, the query planted straight into Neo4j as if
 * the save-time check had been bypassed) as admin, analyst and investigator, and offered to
 * `POST /api/queries` for saving. Each must be a clear 4xx; afterwards the whole graph has the
 * same checksum, a local HTTP server saw no request, and no answer carried a local file's text.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStore } from '../../server/app-store/app-store.js';
import { eventFromRow } from '../../server/audit/audit-store.js';
import type { Role } from '../../server/auth/roles.js';
import { testAppStore } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j, testUsers } from '../support/neo4j.js';

const MARKER = `casegraph-secret-${Math.random().toString(36).slice(2)}`;
let driver: Driver;
let app: Express;
let store: AppStore;
let server: http.Server;
let httpHits = 0;
let httpUrl = '';
let secretFile = '';
let dir = '';

/** Write, admin, file and network forms, with the tricks that hide them. */
function forms(): string[] {
  return [
    // Writes, in every clause that writes.
    'CREATE (n:AuthRo {name: "x"})',
    'create (n:AuthRo)',
    'CrEaTe (n:AuthRo)',
    '  \n\t CREATE (n:AuthRo)',
    'MERGE (n:AuthRo {id: 1})',
    'MATCH (a:Entity), (b:Entity) WITH a, b LIMIT 1 MERGE (a)-[:KNOWS]->(b)',
    'UNWIND [1] AS x MERGE (n:AuthRo {x: x}) ON CREATE SET n.y = 1',
    'MATCH (n) SET n.flag = true',
    'MATCH (n) SET n:Flagged',
    'MATCH (n) SET n += {x: 1}',
    'MATCH (n) SET n.`x` = 1',
    'MATCH (n) WITH n ORDER BY n.id LIMIT 1 SET n.flag = 1 RETURN n',
    'OPTIONAL MATCH (n) SET n.x = 1',
    'MATCH (n) DELETE n',
    'MATCH ()-[r]->() DELETE r',
    'MATCH (n) DETACH DELETE n',
    'match (n) detach delete n',
    'MATCH (n) dEtAcH dElEtE n',
    'MATCH (n) NODETACH DELETE n',
    'MATCH (`n`) DETACH DELETE `n`',
    'MATCH (n) REMOVE n.name',
    'MATCH (n) REMOVE n:Entity',
    'WITH 1 AS x CREATE (:AuthRo)',
    'INSERT (n:AuthRo)',
    // FOREACH and subqueries.
    'MATCH (n) FOREACH (x IN [1] | SET n.x = x)',
    'FOREACH (x IN range(1, 3) | CREATE (:AuthRo {x: x}))',
    'MATCH (n) CALL (n) { SET n.x = 1 } RETURN count(*)',
    'CALL { CREATE (n:AuthRo) RETURN n } RETURN n',
    'CALL { MATCH (n) DETACH DELETE n }',
    'MATCH (n) CALL { WITH n DELETE n } RETURN 1',
    'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS',
    'UNWIND range(1, 10) AS i CALL (i) { RETURN i AS j } IN TRANSACTIONS RETURN j',
    'MATCH (n) CALL (n) { RETURN n AS m } IN 2 CONCURRENT TRANSACTIONS RETURN m',
    // Schema.
    'CREATE INDEX auth_ro FOR (n:AuthRo) ON (n.x)',
    'CREATE FULLTEXT INDEX auth_ro_ft FOR (n:AuthRo) ON EACH [n.x]',
    'DROP INDEX entity_search',
    'CREATE CONSTRAINT auth_ro FOR (n:AuthRo) REQUIRE n.x IS UNIQUE',
    'DROP CONSTRAINT auth_user_username',
    // Users, roles, privileges, databases.
    'CREATE USER mallory SET PASSWORD "secret-secret"',
    'DROP USER neo4j',
    'ALTER USER neo4j SET PASSWORD "secret-secret"',
    'ALTER CURRENT USER SET PASSWORD FROM "a" TO "b"',
    'CREATE ROLE mallory',
    'GRANT ROLE admin TO mallory',
    'DENY READ {*} ON GRAPH * TO PUBLIC',
    'REVOKE ROLE admin FROM neo4j',
    'SHOW USERS',
    'SHOW CURRENT USER',
    'SHOW DATABASES',
    'SHOW PROCEDURES',
    'SHOW TRANSACTIONS',
    'TERMINATE TRANSACTIONS "neo4j-transaction-1"',
    'START DATABASE neo4j',
    'STOP DATABASE neo4j',
    'CREATE DATABASE mallory',
    'ALTER DATABASE neo4j SET ACCESS READ ONLY',
    'USE system SHOW USERS',
    'USE system MATCH (n) RETURN n',
    'use neo4j MATCH (n) RETURN n',
    // Files and the network.
    'LOAD CSV FROM "file:///etc/passwd" AS row RETURN row',
    `LOAD CSV FROM 'file://${secretFile}' AS row RETURN row`,
    `load csv with headers from 'file:///${secretFile}' as row return row`,
    `LOAD CSV FROM '${httpUrl}/data.csv' AS row RETURN row`,
    `LOAD CSV WITH HEADERS FROM '${httpUrl}/data.csv' AS row FIELDTERMINATOR ';' RETURN row`,
    `CALL apoc.load.json('${httpUrl}/data.json')`,
    `CALL apoc.load.csv('file://${secretFile}')`,
    // Procedures and functions outside the allowlist.
    'CALL dbms.listConfig()',
    'CALL dbms.security.createUser("mallory", "secret-secret", false)',
    'CALL dbms.killTransaction("neo4j-transaction-1")',
    'CALL db.createLabel("AuthRo")',
    'CALL db.createProperty("authRo")',
    'MATCH (n) CALL db.create.setNodeVectorProperty(n, "v", [1.0])',
    'CALL db.index.fulltext.drop("entity_search")',
    'CALL db.clearQueryCaches()',
    'CALL db.checkpoint()',
    'CALL apoc.cypher.runWrite("CREATE (:AuthRo)", {})',
    'CALL apoc.periodic.iterate("MATCH (n) RETURN n", "DETACH DELETE n", {})',
    'RETURN apoc.create.uuid()',
    'CALL `dbms`.`listConfig`()',
    'CALL dbms . listConfig ()',
    'CALL dbms/* hidden */.listConfig()',
    // More than one statement.
    'MATCH (n) RETURN n; MATCH (m) DETACH DELETE m',
    'RETURN 1; CREATE (:AuthRo)',
    'RETURN 1 AS x\n;\nCREATE (:AuthRo)',
    // Comments and strings that hide a write, prefixes.
    'MATCH (n) RETURN n // harmless\nDETACH DELETE n',
    'MATCH (n) /* RETURN n */ DETACH DELETE n',
    'RETURN "x" /* ", */ CREATE (:AuthRo) //"',
    "RETURN '\\'' CREATE (:AuthRo) //'",
    'MATCH (n) WHERE n.name = "CREATE" DETACH DELETE n',
    'RETURN 1 /* unterminated CREATE (:AuthRo)',
    'RETURN "unterminated CREATE (:AuthRo)',
    'EXPLAIN CREATE (n:AuthRo)',
    'PROFILE MATCH (n) DETACH DELETE n',
    'CYPHER 5 CREATE (n:AuthRo)',
    // Unicode: odd spaces around a write, look-alike letters, a byte-order mark.
    'CREATE\u00A0(n:AuthRo)',
    'MATCH (n)\u2003DETACH\u2003DELETE n',
    'MATCH (n)\u2028DETACH DELETE n',
    'MATCH (n)\u200BDETACH DELETE n',
    '\uFEFFCREATE (n:AuthRo)',
    '\uFF23\uFF32\uFF25\uFF21\uFF34\uFF25 (n:AuthRo)',
    '\u0421REATE (n:AuthRo)',
    'RETURN \\u0043REATE',
  ];
}

beforeAll(async () => {
  driver = testDriver();
  store = await testAppStore();
  app = testApp(driver, { as: 'anonymous', appStore: store });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-ro-'));
  secretFile = path.join(dir, 'secret.csv');
  fs.writeFileSync(secretFile, `name\n${MARKER}\n`);
  server = http.createServer((_req, res) => {
    httpHits += 1;
    res.end(`name\n${MARKER}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await driver.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('read-only, proven: console and saved queries refuse every write, file and network form', () => {
  it('when each form is tried by every role that may run Cypher, then each is a clear 4xx and nothing changes', async () => {
    const list = forms();
    expect(list.length).toBeGreaterThanOrEqual(50);
    // Planted as shared saved queries, as if the save-time check had been bypassed.
    await (
      await testAppStore()
    ).db
      .insertInto('saved_queries')
      .values(
        list.map((cypher, i) => ({
          id: `uq:auth-ro-${i}`,
          title: `auth-ro uq:auth-ro-${i}`,
          description: '',
          cypher,
          parameters: '[]',
          owner: 'test-admin',
          visibility: 'shared' as const,
          created_at: '2024-01-01T00:00:00Z',
          updated_at: '2024-01-01T00:00:00Z',
        })),
      )
      .execute();
    const before = await graphChecksum(driver, testNeo4j().database);
    const as = (role: Role) => ({ Authorization: `Bearer ${testUsers()[role].token}` });

    const refusals: string[] = [];
    const statuses: Record<number, number> = {};
    const check = (label: string, res: request.Response) => {
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const clear =
        res.status >= 400 &&
        res.status < 500 &&
        typeof res.body?.error?.code === 'string' &&
        typeof res.body.error.message === 'string';
      if (!clear) refusals.push(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      if (JSON.stringify(res.body).includes(MARKER))
        refusals.push(`${label}: the answer carries the file's text`);
    };
    for (const [i, cypher] of list.entries()) {
      const label = JSON.stringify(cypher).slice(0, 70);
      for (const role of ['admin', 'analyst'] as const) {
        check(
          `console ${role} ${label}`,
          await request(app).post('/api/cypher').set(as(role)).send({ cypher }),
        );
      }
      for (const role of ['admin', 'analyst', 'investigator'] as const) {
        const res = await request(app).post(`/api/queries/uq:auth-ro-${i}/run`).set(as(role)).send({});
        check(`run ${role} ${label}`, res);
      }
      const saved = await request(app)
        .post('/api/queries')
        .set(as('analyst'))
        .send({ title: 'auth-ro save', cypher });
      check(`save ${label}`, saved);
    }
    console.log(`read-only forms: ${list.length}; answers by status: ${JSON.stringify(statuses)}`);
    expect(refusals).toEqual([]);
    expect(httpHits).toBe(0);
    expect(await graphChecksum(driver, testNeo4j().database)).toBe(before);
    const stray = await driver.executeQuery('MATCH (n:AuthRo) RETURN count(n) AS n');
    expect(Number(stray.records[0]!.get('n'))).toBe(0);
    // Every console try left an audit line with its refusal status, admin's included.
    // (Committed before each answer was sent: nothing to wait for.)
    const rows = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'console')
      .execute();
    const consoleEvents = rows.map(eventFromRow);
    expect(consoleEvents).toHaveLength(list.length * 2);
    expect(consoleEvents.every((e) => e.status >= 400 && e.status < 500)).toBe(true);
    expect(consoleEvents.filter((e) => e.username === 'test-admin')).toHaveLength(list.length);
  });

  it('when a read is sent, then the same console answers it (the refusals are not a blanket no)', async () => {
    const res = await request(app)
      .post('/api/cypher')
      .set('Authorization', `Bearer ${testUsers().analyst.token}`)
      .send({ cypher: 'MATCH (u:_User) RETURN count(u) > 0 AS any' });
    expect(res.status).toBe(200);
  });
});
