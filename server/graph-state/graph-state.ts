/**
 * The case graph's version: one counter in Neo4j that every writer of case data bumps, so that
 * anything derived from the graph (the read cache, `server/read-cache/`) can tell whether it is
 * still current, whichever process made the change.
 *
 *   (:_GraphState {id: 'case', version})   bumped by imports (as they start and once they end,
 *                                          summaries included), resets and import roll-backs
 *   (:_ImportRun)                          exists while an import is writing: the graph is
 *                                          changing batch by batch, so nothing derived is kept
 *
 * Writers in this process are also told at once through `onGraphChanged`, so a cache on the same
 * driver does not wait for its next look at the counter.
 */
import type { Driver } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';

export interface GraphState {
  version: number;
  /** True while an import is writing (an `_ImportRun` exists). */
  importing: boolean;
}

type Listener = () => void;
const listeners = new WeakMap<Driver, Set<Listener>>();

/**
 * Bumps the version of the case graph in `database` and tells this process's listeners on the
 * same driver. Call it after a change to case data has committed (and before a long one starts).
 */
export async function markGraphChanged(driver: Driver, database: string): Promise<void> {
  // Listeners first: even if the bump fails (Neo4j down), this process stops trusting its cache.
  for (const listener of listeners.get(driver) ?? []) listener();
  await driver.executeQuery(cypher('graph-state/bump'), {}, { database });
}

/** The current version and whether an import is writing; one cheap read. */
export async function readGraphState(driver: Driver, database: string): Promise<GraphState> {
  const { records } = await driver.executeQuery(
    cypher('graph-state/read'),
    {},
    { database, routing: 'READ' },
  );
  const record = records[0];
  return {
    version: Number(record?.get('version') ?? 0),
    importing: record?.get('importing') === true,
  };
}

/** Calls `listener` whenever this process marks the graph changed through `driver`. Returns an unsubscribe. */
export function onGraphChanged(driver: Driver, listener: Listener): () => void {
  let set = listeners.get(driver);
  if (!set) {
    set = new Set();
    listeners.set(driver, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}
