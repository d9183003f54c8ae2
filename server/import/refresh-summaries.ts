/**
 * After an import, the precomputed neighbourhood summaries of the dense nodes
 * it touched are rebuilt (see server/graph/neighbourhood.ts), so reading a
 * supernode's summary stays O(1) and exact. Derived data: it runs after the
 * import committed, in batches, and a failure here loses no fact.
 */
import type { Driver } from 'neo4j-driver';
import { refreshNeighbourhoodSummaries } from '../graph/neighbourhood.js';
import type { CaseModel } from '../model/model.js';

const BATCH = 10_000;

/** Both ends of every fact the import wrote. */
export function touchedEntityIds(facts: readonly { from: string; to: string }[]): string[] {
  const ids = new Set<string>();
  for (const fact of facts) {
    ids.add(fact.from);
    ids.add(fact.to);
  }
  return [...ids];
}

/**
 * Rebuilds the summaries batch by batch. Never throws: the import has committed by now, and a
 * summary that could not be rebuilt (a batch over its time limit around a multi-million-link
 * node) only means that node's split by neighbour type is read from a sample, flagged
 * approximate. Returns how many ids could not be refreshed.
 */
export async function refreshSummariesAfterImport(
  driver: Driver,
  database: string,
  model: CaseModel,
  ids: readonly string[],
  onFailure: (error: unknown, ids: number) => void = () => {},
): Promise<number> {
  const session = driver.session({ database });
  let failed = 0;
  try {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      try {
        await session.executeWrite((tx) => refreshNeighbourhoodSummaries(tx, batch, { model }), {
          timeout: 120_000,
        });
      } catch (error) {
        failed += batch.length;
        onFailure(error, batch.length);
      }
    }
  } finally {
    await session.close();
  }
  return failed;
}
