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

export async function refreshSummariesAfterImport(
  driver: Driver,
  database: string,
  model: CaseModel,
  ids: readonly string[],
): Promise<void> {
  const session = driver.session({ database });
  try {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      await session.executeWrite((tx) => refreshNeighbourhoodSummaries(tx, batch, { model }), {
        timeout: 120_000,
      });
    }
  } finally {
    await session.close();
  }
}
