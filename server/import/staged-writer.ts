/**
 * Writes a validated import into Neo4j in batches, all or nothing.
 *
 * One transaction for a million facts would need a heap the size of the import, so each batch
 * commits on its own. What makes the whole import atomic is the staging record written in the
 * same transaction as each batch (`staging.ts`): on failure, or when a crashed import is found
 * later, the import is rolled back and the graph is left as it was.
 *
 * The parts: `write-plan.ts` (rows, counts, options), `staging-statements.ts` (the Cypher, in
 * `cypher/import/`), `batch-writers.ts` (one batch of entities or facts), `pipeline.ts` (batches in
 * flight) and `staging.ts` (begin, heartbeat, commit, roll back, recover). This module runs the
 * two phases, entities then facts, through one generic phase, and re-exports what callers use.
 */
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { isConstraintFailure } from '../db/neo4j-codes.js';
import { factWriter, nodeWriter, type BatchWriter } from './batch-writers.js';
import { chunks, pipelined } from './pipeline.js';
import {
  beginImport,
  finishImport,
  ImportInterruptedError,
  keepHeartbeat,
  releaseUndoableImports,
  rollbackImport,
} from './staging.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  emptyCounts,
  type ElementIds,
  type WriteOptions,
  type WritePlan,
  type WriteResult,
} from './write-plan.js';

export { ImportConflictError, ImportEndpointMissingError } from './batch-writers.js';
export { groupBy } from './pipeline.js';
export {
  ImportInterruptedError,
  importStatus,
  recoverInterruptedImports,
  rollbackImport,
} from './staging.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  type FactRow,
  type NodeRow,
  type PropertyMap,
  type WriteCounts,
  type WriteOptions,
  type WritePlan,
  type WriteProgress,
  type WriteResult,
} from './write-plan.js';

/**
 * One phase (entities or facts): its rows in batches, pipelined, each batch optimistic until one
 * meets an id that exists, then checked until a batch meets none, so a re-import does not pay for
 * a failed attempt per batch. `add` gets each batch's counts once it has committed (a retried or
 * re-written batch is never counted twice).
 */
async function writePhase<Row, Counts>(
  driver: Driver,
  importId: string,
  options: WriteOptions,
  phase: 'nodes' | 'facts',
  rows: readonly Row[],
  writer: BatchWriter<Row, Counts>,
  add: (counts: Counts) => void,
): Promise<void> {
  let done = 0;
  // A zero-progress event marks where each phase starts (validation is over by now).
  options.onProgress?.({ phase, done, total: rows.length });
  let checked = false;
  await pipelined(
    driver,
    options.database,
    chunks(rows, options.batchSize ?? DEFAULT_BATCH_SIZE),
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (session, batch) => {
      if (!checked) {
        try {
          return await session.executeWrite((tx) => writer.create(tx, importId, batch));
        } catch (error) {
          if (!isConstraintFailure(error)) throw error;
          checked = true;
        }
      }
      const counts = await session.executeWrite((tx) => writer.write(tx, importId, batch));
      checked = writer.created(counts) < batch.length;
      return counts;
    },
    (counts, batch) => {
      add(counts);
      done += batch.length;
      options.onProgress?.({ phase, done, total: rows.length });
    },
  );
}

/**
 * Writes the plan: nodes first, then facts, each in batches; then clears the
 * staging records. Any failure rolls the whole import back before rethrowing.
 */
export async function writeStaged(
  driver: Driver,
  plan: WritePlan,
  options: WriteOptions,
): Promise<WriteResult> {
  const importId = randomUUID();
  const { database, model } = options;
  const result: WriteResult = { importId, nodes: {}, facts: emptyCounts() };
  // Whatever this import changes, an earlier one kept for undo can no longer be undone safely.
  await releaseUndoableImports(driver, database);
  await beginImport(driver, database, importId);
  const stopHeartbeat = keepHeartbeat(driver, database, importId);
  try {
    const elementIds: ElementIds = new Map();
    await writePhase(
      driver,
      importId,
      options,
      'nodes',
      plan.nodes,
      nodeWriter(model, elementIds),
      (counts) => {
        for (const [type, c] of Object.entries(counts)) {
          const total = (result.nodes[type] ??= emptyCounts());
          total.created += c.created;
          total.updated += c.updated;
          total.unchanged += c.unchanged;
        }
      },
    );
    await writePhase(driver, importId, options, 'facts', plan.facts, factWriter(model, elementIds), (c) => {
      result.facts.created += c.created;
      result.facts.updated += c.updated;
      result.facts.unchanged += c.unchanged;
    });
  } catch (error) {
    options.onProgress?.({ phase: 'rollback', done: 0, total: 0 });
    // Interrupted: the process that took the run over rolls it back; two would collide.
    if (error instanceof ImportInterruptedError) {
      stopHeartbeat();
      throw error;
    }
    await rollbackImport(driver, database, importId, model).catch(() => {
      // Left for recoverInterruptedImports: the run says 'running' or 'rolling-back', and its
      // heartbeat goes stale once this process stops beating.
    });
    stopHeartbeat();
    throw error;
  }
  try {
    options.onProgress?.({ phase: 'commit', done: 0, total: 0 });
    await finishImport(driver, database, importId, model, options.keepForUndo === true);
  } finally {
    stopHeartbeat();
  }
  return result;
}
