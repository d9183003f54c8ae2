import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver, testNeo4j } from '../support/neo4j.js';

describe('the test Neo4j', () => {
  let driver: Driver;
  const marker = `roundtrip-${Date.now()}`;

  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.executeQuery('MATCH (n:TestRoundtrip {marker: $marker}) DETACH DELETE n', { marker });
    await driver.close();
  });

  it('when asked its version, then it is a 5.26 server', async () => {
    const { records } = await driver.executeQuery(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
      {},
      { database: 'system' },
    );
    expect(records[0]?.get('version')).toMatch(/^5\.26\./);
    expect(records[0]?.get('edition')).toBe('community');
  });

  it('when a node is written in a write transaction, then a read transaction sees it', async () => {
    const session = driver.session({ database: testNeo4j().database });
    try {
      await session.executeWrite((tx) =>
        tx.run('CREATE (:TestRoundtrip {marker: $marker, name: $name})', { marker, name: 'Phantom' }),
      );
      const names = await session.executeRead(async (tx) => {
        const result = await tx.run('MATCH (n:TestRoundtrip {marker: $marker}) RETURN n.name AS name', {
          marker,
        });
        return result.records.map((r) => r.get('name') as string);
      });
      expect(names).toEqual(['Phantom']);
    } finally {
      await session.close();
    }
  });

  it('when a write is attempted in a READ transaction, then Neo4j refuses it', async () => {
    const session = driver.session({ database: testNeo4j().database, defaultAccessMode: 'READ' });
    try {
      await expect(
        session.executeRead((tx) => tx.run('CREATE (:TestRoundtrip {marker: $marker})', { marker })),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^Neo\.ClientError\./) });
    } finally {
      await session.close();
    }
  });
});
