import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULLTEXT_INDEX_NAME, loadModel, nodeTypeNames } from '../../server/model/model.js';
import { applySchema } from '../../server/schema/apply-schema.js';
import { testDriver, testNeo4j } from '../support/neo4j.js';

const model = loadModel();
const database = () => testNeo4j().database;
let driver: Driver;

beforeAll(() => {
  driver = testDriver();
});

afterAll(async () => {
  await applySchema(driver, database(), model);
  await driver.close();
});

describe('applySchema on a graph made by an earlier version', () => {
  it('when per-type id constraints and a synchronous full-text index exist, then they are replaced', async () => {
    // What the schema of earlier versions made.
    await driver.executeQuery(`DROP INDEX ${FULLTEXT_INDEX_NAME} IF EXISTS`);
    await driver.executeQuery(
      `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX_NAME} FOR (n:${nodeTypeNames(model).join('|')}) ON EACH [n.name, n.aliasText]`,
    );
    await driver.executeQuery(
      'CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE',
    );

    await applySchema(driver, database(), model);

    const constraints = await driver.executeQuery(
      'SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names',
    );
    const names = constraints.records[0]!.get('names') as string[];
    expect(names).toContain('entity_id');
    expect(names).not.toContain('person_id');
    const index = await driver.executeQuery(
      `SHOW FULLTEXT INDEXES YIELD name, state, options WHERE name = $name
       RETURN state, options.indexConfig['fulltext.eventually_consistent'] AS eventuallyConsistent`,
      { name: FULLTEXT_INDEX_NAME },
    );
    expect(index.records[0]?.toObject()).toEqual({ state: 'ONLINE', eventuallyConsistent: true });
  });

  it('when applied again, then nothing changes', async () => {
    const before = await driver.executeQuery('SHOW INDEXES YIELD name, id RETURN collect([name, id]) AS all');
    await applySchema(driver, database(), model);
    const after = await driver.executeQuery('SHOW INDEXES YIELD name, id RETURN collect([name, id]) AS all');
    expect(after.records[0]!.get('all')).toEqual(before.records[0]!.get('all'));
  });
});

describe('applySchema by two processes at once', () => {
  it('when two servers start together on a graph that lacks indexes, then both succeed', async () => {
    const other = testDriver();
    try {
      for (let round = 0; round < 3; round++) {
        // Drop the property indexes (not constraints, which the data needs): both must create them.
        const { records } = await driver.executeQuery(
          "SHOW RANGE INDEXES YIELD name, owningConstraint WHERE owningConstraint IS NULL AND NOT name STARTS WITH 'import_' RETURN collect(name) AS names",
        );
        for (const name of records[0]!.get('names') as string[]) {
          await driver.executeQuery(`DROP INDEX \`${name}\` IF EXISTS`);
        }
        await expect(
          Promise.all([applySchema(driver, database(), model), applySchema(other, database(), model)]),
        ).resolves.toBeDefined();
      }
    } finally {
      await other.close();
    }
  });
});
