import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCase } from '../../server/generate/generate-case.js';
import { importCaseDocument } from '../../server/import/import-service.js';
import { loadModel } from '../../server/model/model.js';
import { applySchema } from '../../server/schema/apply-schema.js';
import { resetGraph } from '../../server/seed/seed.js';
import { testDriver, testNeo4j } from '../support/neo4j.js';

describe('importing a generated case of 100k entities', () => {
  let driver: Driver;
  const model = loadModel();
  const deps = () => ({ driver, database: testNeo4j().database, model });

  beforeAll(async () => {
    driver = testDriver();
    await resetGraph(driver, testNeo4j().database);
    await applySchema(driver, testNeo4j().database, model);
  });
  afterAll(async () => {
    await resetGraph(driver, testNeo4j().database);
    await driver.close();
  });

  it('when imported, then every entity and fact is in the graph, with a supernode of 100k+ links', async () => {
    const doc = generateCase({ entities: 100_000 });
    const summary = await importCaseDocument(deps(), doc);
    expect(summary.entities.created + summary.sources.created).toBe(doc.entities.length + doc.sources.length);
    expect(summary.facts.created).toBe(doc.facts.length);

    const { records } = await driver.executeQuery(
      `MATCH (n:Entity) WITH count(n) AS nodes
       MATCH ()-[r]->() WITH nodes, count(r) AS facts
       MATCH (hub:Organisation {id: 'organisation:gen-0'})
       RETURN nodes, facts, COUNT { (hub)--() } AS hubDegree`,
      {},
      { database: testNeo4j().database },
    );
    expect(Number(records[0]!.get('nodes'))).toBe(100_000);
    expect(Number(records[0]!.get('facts'))).toBe(doc.facts.length);
    expect(Number(records[0]!.get('hubDegree'))).toBeGreaterThanOrEqual(100_000);
    const staging = await driver.executeQuery(
      'MATCH (n) WHERE n:_ImportRun OR n:_ImportBatch OR n:_ImportUndo RETURN count(n) AS n',
    );
    expect(Number(staging.records[0]!.get('n'))).toBe(0);
  }, 300_000);

  it('when imported a second time, then nothing is created', async () => {
    const summary = await importCaseDocument(deps(), generateCase({ entities: 100_000 }));
    expect(summary.entities.created + summary.facts.created + summary.sources.created).toBe(0);
    expect(summary.entities.updated + summary.facts.updated).toBe(0);
  }, 300_000);
});
