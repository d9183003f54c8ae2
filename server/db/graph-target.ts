/**
 * Where and how to run Cypher: the process's one driver and the database holding the case graph.
 * Every module that talks to Neo4j takes a `GraphTarget` (or a context that extends one), made
 * once where the driver is made, and the two helpers below run one unit of work on it.
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';

export interface GraphTarget {
  driver: Driver;
  /** The Neo4j database holding the case graph. */
  database: string;
}

/** Timeout of the explorer's own reads (entity, neighbours, search): they are all bounded. */
export const EXPLORER_READ_TIMEOUT_MS = 15_000;

/** Runs `work` in a managed read transaction (retried on transient errors) with a timeout. */
export async function readTransaction<T>(
  target: GraphTarget,
  work: (tx: ManagedTransaction) => Promise<T>,
  timeoutMs = EXPLORER_READ_TIMEOUT_MS,
): Promise<T> {
  const session = target.driver.session({
    database: target.database,
    defaultAccessMode: neo4j.session.READ,
  });
  try {
    return await session.executeRead(work, { timeout: timeoutMs });
  } finally {
    await session.close();
  }
}

/** Runs `work` in a managed write transaction (saved queries, summaries). */
export async function writeTransaction<T>(
  target: GraphTarget,
  work: (tx: ManagedTransaction) => Promise<T>,
  timeoutMs = EXPLORER_READ_TIMEOUT_MS,
): Promise<T> {
  const session = target.driver.session({ database: target.database });
  try {
    return await session.executeWrite(work, { timeout: timeoutMs });
  } finally {
    await session.close();
  }
}
