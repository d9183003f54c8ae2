/**
 * `resetGraph` empties a case of any size. It must not inherit the server's default transaction
 * time-out (30 s on the local Neo4j): emptying 100k entities on a busy 2-core machine outlasted it
 * and the reset failed half-way. Neo4j Community cannot lower that default at run time, so the
 * test watches the time-out the reset asks for on a real driver, and that the graph ends empty.
 */
import type { Driver, Session } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetGraph } from '../../server/seed/seed.js';
import { testDriver, testNeo4j } from '../support/neo4j.js';

/** The real driver, noting the transaction config of every `session.run`. */
function notingRunConfigs(driver: Driver, into: unknown[]): Driver {
  return new Proxy(driver, {
    get(target, property) {
      if (property !== 'session') return Reflect.get(target, property, target) as unknown;
      return (...args: Parameters<Driver['session']>) => {
        const session = target.session(...args);
        return new Proxy(session, {
          get(s, p) {
            if (p !== 'run') return Reflect.get(s, p, s) as unknown;
            return (query: string, params?: Record<string, unknown>, config?: unknown) => {
              into.push(config);
              return s.run(query, params, config as Parameters<Session['run']>[2]);
            };
          },
        });
      };
    },
  });
}

describe('resetGraph', () => {
  let driver: Driver;
  const database = () => testNeo4j().database;

  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.close();
  });

  it('when it empties the graph, then it sets a time-out of its own, longer than the server default', async () => {
    await driver.executeQuery(
      `UNWIND range(1, 2000) AS i
       CREATE (:Entity:Person {id: 'person:reset-a' + i})-[:KNOWS]->(:Entity:Person {id: 'person:reset-b' + i})`,
      {},
      { database: database() },
    );
    const configs: unknown[] = [];
    await resetGraph(notingRunConfigs(driver, configs), database());

    const { records } = await driver.executeQuery(
      'MATCH (n:Entity) RETURN count(n) AS n',
      {},
      { database: database() },
    );
    expect(Number(records[0]!.get('n'))).toBe(0);
    expect(configs).toHaveLength(1);
    const timeout = (configs[0] as { timeout?: number } | undefined)?.timeout;
    expect(timeout).toBeGreaterThanOrEqual(30 * 60_000);
  });
});
