/**
 * The case graph's version: one counter in Neo4j that every writer of case data bumps, so that
 * anything derived from the graph (the read cache, `server/read-cache/`) can tell whether it is
 * still current, whichever process made the change.
 *
 *   (:_GraphState {id: 'case', version})   bumped by imports (as they start and once they end,
 *                                          summaries included), resets and import roll-backs
 *   (:_ImportRun)                          exists while an import is writing: the graph is
 *                                          changing batch by batch, so nothing derived is kept
 *                                          (one with status 'undoable' has committed: it only
 *                                          keeps what an undo needs, see import/staging.ts)
 *
 * A writer handed the app's `GraphChanges` also tells it at once, so the app's read cache does not
 * wait for its next look at the counter.
 */
import type { Driver } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';

export interface GraphState {
  version: number;
  /** True while an import is writing (an `_ImportRun` exists). */
  importing: boolean;
}

type Listener = () => void;

/** The listeners of one app for changes it makes to the case graph; `createApp` makes it once. */
export class GraphChanges {
  private readonly listeners = new Set<Listener>();

  /** Calls `listener` whenever a change is marked through this object. Returns an unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * Bumps the version of the case graph in `database` and tells `changes` (the app's listeners),
 * when given. Call it after a change to case data has committed (and before a long one starts).
 */
export async function markGraphChanged(
  driver: Driver,
  database: string,
  changes?: GraphChanges,
): Promise<void> {
  // Listeners first: even if the bump fails (Neo4j down), this process stops trusting its cache.
  changes?.notify();
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
