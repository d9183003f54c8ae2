/**
 * Batching for the staged writer: rows grouped and cut into batches, and batches written with a
 * bounded number in flight, each on a session of its own.
 */
import type { Driver, Session } from 'neo4j-driver';

/** Rows by key, in their first-seen order (also used by the benchmark's dataset). */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** `rows` cut into slices of at most `size`. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Runs `work` on every batch with at most `concurrency` batches in flight, each on a session of
 * its own. `done` is called as each one commits (in completion order). After a failure no new
 * batch starts; the ones in flight are awaited (they may still commit: their staging records
 * make the rollback undo them too) and the first error is thrown.
 */
export async function pipelined<B, R>(
  driver: Driver,
  database: string,
  batches: readonly B[],
  concurrency: number,
  work: (session: Session, batch: B) => Promise<R>,
  done: (result: R, batch: B) => void,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    const session = driver.session({ database });
    try {
      while (!failure && next < batches.length) {
        const batch = batches[next++]!;
        try {
          done(await work(session, batch), batch);
        } catch (error) {
          failure ??= { error };
        }
      }
    } finally {
      await session.close();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, batches.length)) }, lane));
  if (failure) throw failure.error;
}
