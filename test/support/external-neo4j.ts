/**
 * An external Neo4j for the tests, named only by test-only variables (`TEST_NEO4J_URI`,
 * `TEST_NEO4J_USER`, `TEST_NEO4J_PASSWORD`, `TEST_NEO4J_DATABASE`), never by the shell's
 * `NEO4J_URI`: a developer's `.env` or shell pointing the app at real data must not point the
 * tests at it too.
 *
 * The tests write, reset and delete, so they only take a database that is empty or that an earlier
 * test run claimed: on an empty database they first write a marker node, and they refuse one that
 * holds nodes but no marker. The decision is a pure function, unit-tested without a database.
 */
import type { Driver } from 'neo4j-driver';

export interface TestNeo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

/** The label of the node a test run writes on an empty database to claim it. */
export const TEST_MARKER_LABEL = '_CasegraphTestDatabase';

/** The external test database the environment names, or undefined: start a throwaway one. */
export function externalTestNeo4j(env: NodeJS.ProcessEnv): TestNeo4jConnection | undefined {
  const uri = env.TEST_NEO4J_URI?.trim();
  if (!uri) return undefined;
  const password = env.TEST_NEO4J_PASSWORD;
  if (!password) throw new Error('TEST_NEO4J_PASSWORD is required with TEST_NEO4J_URI');
  return {
    uri,
    user: env.TEST_NEO4J_USER?.trim() || 'neo4j',
    password,
    database: env.TEST_NEO4J_DATABASE?.trim() || 'neo4j',
  };
}

/** What the tests found in the external database before touching it. */
export interface DatabaseContents {
  /** All nodes, the marker included. */
  nodes: number;
  /** Whether the marker of an earlier test run is there. */
  marked: boolean;
}

export type ClaimDecision = { action: 'use' } | { action: 'mark' } | { action: 'refuse'; reason: string };

/**
 * Whether the tests may use (and reset) this database: yes if a test run claimed it before, yes
 * after marking it if it is empty, otherwise no — its data is someone else's.
 */
export function decideClaim(contents: DatabaseContents, where: string): ClaimDecision {
  if (contents.marked) return { action: 'use' };
  if (contents.nodes === 0) return { action: 'mark' };
  return {
    action: 'refuse',
    reason:
      `${where} holds ${contents.nodes} node(s) that no test run created (no :${TEST_MARKER_LABEL} node), ` +
      'and the tests write, reset and delete data. Point TEST_NEO4J_URI/TEST_NEO4J_DATABASE at an ' +
      'empty database, or unset TEST_NEO4J_URI to let the tests start a throwaway Neo4j.',
  };
}

/** Looks at the database, then marks it or throws, as `decideClaim` says. */
export async function claimExternalDatabase(driver: Driver, connection: TestNeo4jConnection): Promise<void> {
  const { database } = connection;
  const { records } = await driver.executeQuery(
    `MATCH (n) WITH count(n) AS nodes
     OPTIONAL MATCH (m:${TEST_MARKER_LABEL}) RETURN nodes, count(m) > 0 AS marked`,
    {},
    { database },
  );
  const contents: DatabaseContents = {
    nodes: Number(records[0]?.get('nodes') ?? 0),
    marked: records[0]?.get('marked') === true,
  };
  const decision = decideClaim(contents, `database "${database}" at ${connection.uri}`);
  if (decision.action === 'refuse') throw new Error(`refusing to run the tests: ${decision.reason}`);
  if (decision.action === 'mark') {
    await driver.executeQuery(
      `MERGE (m:${TEST_MARKER_LABEL}) ON CREATE SET m.createdAt = datetime()`,
      {},
      { database },
    );
  }
}
