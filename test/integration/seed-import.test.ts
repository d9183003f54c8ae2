import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCaseDocument } from '../../server/import/import-service.js';
import { recoverInterruptedImports } from '../../server/import/staged-writer.js';
import { loadModel } from '../../server/model/model.js';
import { graphCounts, resetGraph, seedDatabase } from '../../server/seed/seed.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const SOURCE = 'src:insight-crime-2018-03-phantom-secure-arrest';

/** A small valid import document; tests break one thing in it at a time. */
function validDocument() {
  return {
    case: { id: 'case:test-import', title: 'Test import', summary: 'Resellers seen in a ledger.' },
    sources: [{ id: 'src:test-ledger', title: 'A seized ledger', publisher: 'Test', date: '2019-05-02' }],
    entities: [
      {
        type: 'Person',
        id: 'person:test-reseller',
        name: 'Test Reseller',
        aliases: ['TR'],
        properties: {},
        sources: ['src:test-ledger'],
      },
    ],
    facts: [
      {
        id: 'fact:test-reseller-customer-of-phantom',
        type: 'CUSTOMER_OF',
        from: 'person:test-reseller',
        to: 'org:phantom-secure',
        claim: 'The ledger lists the reseller as a buyer from Phantom Secure.',
        status: 'reported',
        confidence: 0.6,
        validFrom: '2016',
        sources: ['src:test-ledger'],
        properties: {},
      },
    ],
  };
}

describe('seeding the Phantom Secure case', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, database());
    await seedDatabase({ driver, database: database(), model });
  });
  afterAll(async () => {
    await driver.close();
  });

  it('when seeded twice, then nothing changes: same counts, same checksum, everything unchanged', async () => {
    const countsBefore = await graphCounts(driver, database());
    const checksumBefore = await graphChecksum(driver);
    const again = await seedDatabase({ driver, database: database(), model });
    const summary = again.cases[0]!.summary;
    expect(summary.entities.created + summary.facts.created + summary.sources.created).toBe(0);
    expect(summary.entities.updated + summary.facts.updated).toBe(0);
    expect(summary.facts.unchanged).toBeGreaterThan(40);
    expect(await graphCounts(driver, database())).toEqual(countsBefore);
    expect(await graphChecksum(driver)).toBe(checksumBefore);
  });

  it('when seeded, then every fact and entity cites a Source that exists', async () => {
    const { records } = await driver.executeQuery(
      `MATCH (n:Entity) WHERE size(coalesce(n.sources, [])) = 0 RETURN 'node ' + n.id AS bad
       UNION ALL
       MATCH ()-[r]->() WHERE size(coalesce(r.sources, [])) = 0 RETURN 'fact ' + r.id AS bad
       UNION ALL
       MATCH ()-[r]->() UNWIND r.sources AS s WITH r, s WHERE NOT EXISTS { MATCH (:Source {id: s}) }
       RETURN 'dangling ' + s AS bad`,
      {},
      { database: database() },
    );
    expect(records.map((r) => r.get('bad'))).toEqual([]);
  });

  it('when seeded, then the arrest is a reported event of 8 March 2018, with its date note, citing the report', async () => {
    const { records } = await driver.executeQuery(
      `MATCH (by)-[r:ARRESTED]->(p:Person {id: 'person:vincent-ramos'})
       MATCH (p)-[where:ARRESTED_IN]->(place)
       RETURN r.status AS status, r.date AS date, r.dateNote AS dateNote, r.sources AS sources, by.name AS by, place.name AS place`,
      {},
      { database: database() },
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.get('status')).toBe('reported');
    expect(records[0]!.get('date')).toBe('2018-03-08');
    expect(records[0]!.get('dateNote')).toMatch(/no year/);
    expect(records[0]!.get('sources')).toContain(SOURCE);
    expect(records[0]!.get('place')).toMatch(/Washington/);
  });

  it('when seeded, then supplying the Sinaloa Cartel is alleged, with who alleges it', async () => {
    const { records } = await driver.executeQuery(
      `MATCH (:Organisation {id: 'org:phantom-secure'})-[r:SUPPLIED]->(g) WHERE g.name CONTAINS 'Sinaloa'
       RETURN r.status AS status, r.attribution AS attribution, r.confidence AS confidence`,
      {},
      { database: database() },
    );
    expect(records[0]?.get('status')).toBe('alleged');
    expect(records[0]?.get('attribution')).toMatch(/authorities|complaint|FBI/i);
    expect(records[0]?.get('confidence')).toBeLessThan(0.9);
  });

  it('when seeded, then the servers stand in Panama and Hong Kong', async () => {
    const { records } = await driver.executeQuery(
      `MATCH (:Organisation {id: 'org:phantom-secure'})-[:USED]->(s:Server)-[:HOSTED_IN]->(c:Country)
       RETURN c.name AS country ORDER BY country`,
      {},
      { database: database() },
    );
    expect(records.map((r) => r.get('country'))).toEqual(['Hong Kong', 'Panama']);
  });

  it('when seeded, then the handset price is data: 2000 to 3000 USD for six months', async () => {
    const { records } = await driver.executeQuery(
      'MATCH ()-[r:SOLD]->(:Device) WHERE r.priceMin IS NOT NULL RETURN r.priceMin AS min, r.priceMax AS max, r.termMonths AS months, r.currency AS currency',
      {},
      { database: database() },
    );
    expect(records[0]?.toObject()).toMatchObject({ min: 2000, max: 3000, currency: 'USD' });
    expect(Number(records[0]?.get('months'))).toBe(6);
  });
});

describe('POST /api/admin/import', () => {
  let driver: Driver;
  let checksum: string;

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, testNeo4j().database);
    await seedDatabase({ driver, database: testNeo4j().database, model });
    checksum = await graphChecksum(driver);
  });
  afterAll(async () => {
    await driver.close();
  });

  const post = (body: unknown, app = testApp(driver)) =>
    request(app).post('/api/admin/import').set('content-type', 'application/json').send(JSON.stringify(body));
  const undo = (importId: string) => request(testApp(driver)).post(`/api/admin/import/${importId}/undo`);

  const refusals: [string, (doc: ReturnType<typeof validDocument>) => unknown, string][] = [
    ['an unknown type', (d) => ((d.entities[0]!.type = 'Spaceship'), d), '/entities/0/type'],
    ['a missing key', (d) => (delete (d.entities[0] as { id?: string }).id, d), '/entities/0/id'],
    [
      'a reference to an entity that does not exist',
      (d) => ((d.facts[0]!.to = 'org:nowhere'), d),
      '/facts/0/to',
    ],
    ['a bad date', (d) => ((d.facts[0]!.validFrom = '2016-02-30'), d), '/facts/0/validFrom'],
    ['a fact without a source', (d) => ((d.facts[0]!.sources = []), d), '/facts/0/sources'],
    [
      'a citation of an unknown source',
      (d) => ((d.facts[0]!.sources = ['src:nope']), d),
      '/facts/0/sources/0',
    ],
    ['a confidence above 1', (d) => ((d.facts[0]!.confidence = 7), d), '/facts/0/confidence'],
    ['a status outside the model', (d) => ((d.facts[0]!.status = 'rumoured'), d), '/facts/0/status'],
  ];

  for (const [what, breakIt, path] of refusals) {
    it(`when the document has ${what}, then 422 names ${path} and the graph is unchanged`, async () => {
      const res = await post(breakIt(validDocument()));
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('IMPORT_INVALID');
      expect(res.body.error.details.map((p: { path: string }) => p.path)).toContain(path);
      expect(await graphChecksum(driver)).toBe(checksum);
    });
  }

  it('when several things are wrong, then every problem is reported in one answer', async () => {
    const doc = validDocument();
    doc.entities[0]!.type = 'Spaceship';
    doc.facts[0]!.confidence = -1;
    doc.facts[0]!.validFrom = 'soon';
    const res = await post(doc);
    expect(res.status).toBe(422);
    expect(res.body.error.details.length).toBeGreaterThanOrEqual(3);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when the body is not UTF-8, then 415 and the graph is unchanged', async () => {
    const latin1 = Buffer.from('{"case":{"id":"case:x","title":"Caf\xe9","summary":"s"}}', 'latin1');
    const res = await request(testApp(driver))
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .serialize((body: unknown) => body as string)
      .send(latin1);
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_ENCODING');
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when the file is larger than the limit, then 413 and the graph is unchanged', async () => {
    const res = await post(validDocument(), testApp(driver, { maxImportBytes: 200 }));
    expect(res.status).toBe(413);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when the body is not JSON, then 400 and the graph is unchanged', async () => {
    const res = await request(testApp(driver))
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .send('{"case":');
    expect(res.status).toBe(400);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when the content type is neither JSON nor CSV, then 415', async () => {
    const res = await request(testApp(driver))
      .post('/api/admin/import')
      .set('content-type', 'application/xml')
      .send('<x/>');
    expect(res.status).toBe(415);
  });

  const mapping = {
    case: { id: 'case:test-csv', title: 'CSV test', summary: 'Resellers from a spreadsheet.' },
    sources: [{ id: 'src:test-sheet', title: 'A reseller spreadsheet' }],
    entity: {
      type: 'Person',
      id: { column: 'person_id', prefix: 'person:' },
      name: 'full_name',
      aliases: { column: 'aka', separator: ';' },
      sources: ['src:test-sheet'],
    },
    facts: [
      {
        type: 'CUSTOMER_OF',
        to: { column: 'bought_from' },
        claim: { template: '{full_name} bought handsets from {bought_from}' },
        status: 'reported',
        confidence: { column: 'confidence' },
        validFrom: { column: 'since' },
        sources: ['src:test-sheet'],
      },
    ],
  };
  const postCsv = (csv: string) =>
    request(testApp(driver))
      .post('/api/admin/import')
      .set('content-type', 'text/csv')
      .set('x-casegraph-mapping', JSON.stringify(mapping))
      .send(csv);

  it('when a CSV has bad rows, then each is named by its row and field, and nothing is written', async () => {
    const csv = [
      'person_id,full_name,aka,bought_from,confidence,since',
      'csv-a,Alpha Reseller,A;Al,org:phantom-secure,0.7,2016',
      ',Nameless,,org:phantom-secure,0.5,2016',
      'csv-c,Gamma Reseller,,org:nowhere,0.5,2016',
      'csv-d,Delta Reseller,,org:phantom-secure,high,2016',
    ].join('\n');
    const res = await postCsv(csv);
    expect(res.status).toBe(422);
    const problems = res.body.error.details as { path: string; field?: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'row 3', field: 'person_id' }),
        expect.objectContaining({ path: 'row 5', field: 'confidence' }),
      ]),
    );
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when a CSV references a missing entity, then the row is named', async () => {
    const csv = [
      'person_id,full_name,aka,bought_from,confidence,since',
      'csv-c,Gamma,,org:nowhere,0.5,2016',
    ].join('\n');
    const res = await postCsv(csv);
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'row 2', field: 'to' })]);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when a valid CSV is imported twice, then the second import changes nothing', async () => {
    const csv = [
      'person_id,full_name,aka,bought_from,confidence,since',
      'csv-a,Alpha Reseller,A;Al,org:phantom-secure,0.7,2016',
    ].join('\n');
    const first = await postCsv(csv);
    expect(first.status).toBe(200);
    expect(first.body.entities.created).toBe(1);
    expect(first.body.facts.created).toBe(1);
    const caseData = () => graphChecksum(driver, undefined, { caseDataOnly: true });
    const afterFirst = await caseData();
    const second = await postCsv(csv);
    expect(second.body.entities).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(second.body.facts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await caseData()).toBe(afterFirst);
    // Clean up what this test added: undo the second import (it changed nothing; the first can no
    // longer be undone), then delete the first's entities by hand.
    expect((await undo(second.body.importId)).status).toBe(200);
    await driver.executeQuery(
      "MATCH (n:Entity) WHERE n.id IN ['person:csv-a', 'src:test-sheet'] DETACH DELETE n",
    );
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when a valid JSON document is imported, then its entities and facts are there with their sources', async () => {
    const res = await post(validDocument());
    expect(res.status).toBe(200);
    expect(res.body.facts.created).toBe(1);
    expect(res.body).toMatchObject({ undoable: true, importId: expect.any(String) });
    const { records } = await driver.executeQuery(
      "MATCH (:Person {id: 'person:test-reseller'})-[r:CUSTOMER_OF]->(o) RETURN r.sources AS s, o.id AS o, r.validFrom AS since",
    );
    expect(records[0]?.toObject()).toEqual({
      s: ['src:test-ledger'],
      o: 'org:phantom-secure',
      since: '2016',
    });
    expect((await undo(res.body.importId)).status).toBe(200);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when an import is retried with the same Idempotency-Key, then the first summary comes back, nothing runs again and it can still be undone', async () => {
    const app = testApp(driver);
    const key = `import-retry-${Date.now()}`;
    const send = (body: unknown) =>
      request(app)
        .post('/api/admin/import')
        .set('content-type', 'application/json')
        .set('Idempotency-Key', key)
        .send(JSON.stringify(body));
    const first = await send(validDocument());
    expect(first.status).toBe(200);
    expect(first.body.facts.created).toBe(1);
    const again = await send(validDocument());
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await send({ ...validDocument(), case: { ...validDocument().case, title: 'Another' } });
    expect(other.status).toBe(422);
    // The retry did not run: the first import is still the latest, and undoing it restores all.
    expect((await undo(first.body.importId)).status).toBe(200);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when the latest import is undone, then what it created is gone and what it changed is as before', async () => {
    const doc = validDocument();
    // Changes an existing entity (new aliases) as well as creating one and a fact.
    doc.entities.push({
      type: 'Organisation',
      id: 'org:phantom-secure',
      name: 'Phantom Secure',
      aliases: ['Changed alias'],
      properties: {},
      sources: ['src:test-ledger'],
    });
    const res = await post(doc);
    expect(res.status).toBe(200);
    expect(res.body.entities).toMatchObject({ created: 1, updated: 1 });
    expect(await graphChecksum(driver)).not.toBe(checksum);
    const undone = await undo(res.body.importId);
    expect(undone.status).toBe(200);
    // Every node, link and property as before, the neighbourhood summaries included.
    expect(await graphChecksum(driver)).toBe(checksum);
    const again = await undo(res.body.importId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IMPORT_NOT_UNDOABLE');
  });

  it('when a later import followed, then the earlier one can no longer be undone', async () => {
    const first = await post(validDocument());
    const doc = validDocument();
    doc.facts[0]!.confidence = 0.9;
    const second = await post(doc);
    expect(second.body.facts.updated).toBe(1);
    expect((await undo(first.body.importId)).status).toBe(409);
    expect((await undo(second.body.importId)).status).toBe(200);
    // The first import's values are back, and only those.
    const { records } = await driver.executeQuery(
      "MATCH ()-[r:CUSTOMER_OF {id: 'fact:test-reseller-customer-of-phantom'}]->() RETURN r.confidence AS c",
    );
    expect(records[0]?.get('c')).toBe(0.6);
    await driver.executeQuery(
      "MATCH (n:Entity) WHERE n.id IN ['person:test-reseller', 'src:test-ledger'] DETACH DELETE n",
    );
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when the undo names no import, then 404 for a malformed id and 409 for an unknown one', async () => {
    expect((await undo('not-an-id')).status).toBe(404);
    expect((await undo('00000000-0000-0000-0000-000000000000')).status).toBe(409);
  });

  it('when the import asks for progress, then it streams validated, progress and done lines', async () => {
    const res = await request(testApp(driver))
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .set('accept', 'application/x-ndjson')
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      })
      .send(JSON.stringify(validDocument()));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; summary?: { importId: string } });
    expect(lines[0]).toEqual({ kind: 'validated', counts: { entities: 1, facts: 1, sources: 1 } });
    expect(lines.some((l) => l.kind === 'progress')).toBe(true);
    const done = lines.at(-1)!;
    expect(done.kind).toBe('done');
    expect((await undo(done.summary!.importId)).status).toBe(200);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when an import that asks for progress is invalid, then it is a plain 422, not a stream', async () => {
    const doc = validDocument();
    doc.facts[0]!.confidence = 7;
    const res = await request(testApp(driver))
      .post('/api/admin/import')
      .set('content-type', 'application/json')
      .set('accept', 'application/x-ndjson')
      .send(JSON.stringify(doc));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    expect(await graphChecksum(driver)).toBe(checksum);
  });
});

describe('POST /api/admin/import/preview', () => {
  let driver: Driver;
  let checksum: string;

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, testNeo4j().database);
    await seedDatabase({ driver, database: testNeo4j().database, model });
    checksum = await graphChecksum(driver);
  });
  afterAll(async () => {
    await driver.close();
  });

  it('when the document is valid, then the first rows come back as entities and facts and nothing is written', async () => {
    const res = await request(testApp(driver))
      .post('/api/admin/import/preview')
      .set('content-type', 'application/json')
      .send(JSON.stringify(validDocument()));
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ entities: 1, facts: 1, sources: 1 });
    expect(res.body.entities[0]).toMatchObject({
      id: 'person:test-reseller',
      type: 'Person',
      name: 'Test Reseller',
    });
    expect(res.body.facts[0]).toMatchObject({
      type: 'CUSTOMER_OF',
      from: 'person:test-reseller',
      to: 'org:phantom-secure',
    });
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it('when a CSV row is bad, then the preview names its row and column and nothing is written', async () => {
    const res = await request(testApp(driver))
      .post('/api/admin/import/preview')
      .set('content-type', 'text/csv')
      .set(
        'x-casegraph-mapping',
        JSON.stringify({
          case: { id: 'case:p', title: 'P', summary: 'Preview.' },
          sources: [{ id: 'src:p', title: 'P' }],
          entity: {
            type: 'Person',
            id: { column: 'id', prefix: 'person:' },
            name: 'name',
            sources: ['src:p'],
          },
        }),
      )
      .send('id,name\n,Nameless\n');
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'row 2', field: 'id' })]);
    expect(await graphChecksum(driver)).toBe(checksum);
  });
});

describe('atomic imports', () => {
  let driver: Driver;
  const deps = () => ({ driver, database: testNeo4j().database, model });

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, testNeo4j().database);
    await seedDatabase(deps());
  });
  afterAll(async () => {
    await driver.close();
  });

  it('when a later batch fails, then earlier batches (creations and updates) are undone exactly', async () => {
    const before = await graphChecksum(driver);
    const doc = validDocument();
    // Batch 1 updates an existing entity and creates new ones; a late fact reuses an existing
    // fact id with other endpoints, which only the writer can detect.
    doc.entities.push(
      {
        type: 'Organisation',
        id: 'org:phantom-secure',
        name: 'Phantom Secure',
        aliases: ['Changed alias'],
        properties: {},
        sources: ['src:test-ledger'],
      },
      {
        type: 'Person',
        id: 'person:test-two',
        name: 'Second',
        aliases: [],
        properties: {},
        sources: ['src:test-ledger'],
      },
    );
    doc.facts.push({
      ...doc.facts[0]!,
      id: 'fact:ramos-founded-phantom-secure',
      type: 'FOUNDED',
      from: 'person:test-two',
      to: 'org:phantom-secure',
      validFrom: undefined as unknown as string,
    });
    delete (doc.facts[1] as { validFrom?: string }).validFrom;
    await expect(importCaseDocument(deps(), doc, { batchSize: 1 })).rejects.toMatchObject({
      code: 'IMPORT_CONFLICT',
    });
    expect(await graphChecksum(driver)).toBe(before);
  });

  it('when an import was interrupted by a crash, then recovery rolls it back', async () => {
    const before = await graphChecksum(driver);
    // What a crash after one committed batch leaves behind: a stale run, a batch record, the node.
    await driver.executeQuery(
      `CREATE (:_ImportRun {id: 'crashed', status: 'running', heartbeatAt: datetime() - duration('PT1H')})
       CREATE (:_ImportBatch {importId: 'crashed', createdNodes: ['person:half-imported'], createdFactTypes: [], createdFactIds: []})
       CREATE (:Entity:Person {id: 'person:half-imported', name: 'Half', sources: ['src:x']})`,
    );
    const rolledBack = await recoverInterruptedImports(driver, testNeo4j().database, model);
    expect(rolledBack).toEqual(['crashed']);
    expect(await graphChecksum(driver)).toBe(before);
  });
});
