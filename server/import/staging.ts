/**
 * The life cycle of an import's staging records, which make a batched import all or nothing:
 *   (:_ImportRun {id, status, heartbeatAt})       one per import: begin, heartbeat, commit, roll back
 *   (:_ImportBatch {importId, createdNodes, createdFactTypes, createdFactIds})
 *                                                 what one batch created, written with the batch
 *   (:_ImportUndo {importId, kind, key, factType, before})  the old properties of anything the
 *                                                 import changed (written by the batch writers)
 * On success the staging nodes are deleted; on failure (or when a crashed import is found later,
 * see `recoverInterruptedImports`) the created elements are deleted and the changed ones restored,
 * leaving the graph as it was.
 *
 * An import made to be undone later (an admin's upload) keeps its records on success, its run
 * marked 'undoable'. Only the latest import can be undone: the next import releases the records
 * first (`releaseUndoableImports`), because undoing an older one would restore values a later
 * import had changed and delete entities later facts hang on.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Driver, ManagedTransaction, QueryResult, Record as Neo4jRecord } from 'neo4j-driver';
import { AppError } from '../errors.js';
import { markGraphChanged } from '../graph-state/graph-state.js';
import type { CaseModel } from '../model/model.js';
import {
  INTERRUPTED_AFTER_MS,
  isInterrupted,
  processExists,
  type Importer,
  type RunRecord,
} from './interrupted.js';
import { groupBy } from './pipeline.js';
import {
  deleteFactsStatement,
  publishFactsStatement,
  restoreFactStatement,
  staging,
} from './staging-statements.js';
import type { PropertyMap } from './write-plan.js';

/** This process, as the importer named on the runs it starts or takes over. */
export const THIS_IMPORTER: Importer = Object.freeze({
  host: hostname(),
  pid: process.pid,
  processId: randomUUID(),
});

/** How often a running import refreshes its heartbeat between batches. */
const HEARTBEAT_EVERY_MS = 5_000;

/**
 * The import's run was taken over and rolled back by another process (its heartbeat looked stale,
 * or its process gone): the batch that meets it must not commit, and the import stops.
 */
export class ImportInterruptedError extends AppError {
  constructor(readonly importId: string) {
    // 503: nothing of it stays; the same import may simply be sent again (imports are idempotent).
    super(
      503,
      'IMPORT_INTERRUPTED',
      `The import stalled and was rolled back (import ${importId}); nothing of it was kept. Send it again.`,
    );
  }
}

/** Starts an import: its run record, status 'running', heartbeat now, this process as importer. */
export async function beginImport(driver: Driver, database: string, importId: string): Promise<void> {
  await driver.executeQuery(staging.runBegin(), { importId, ...THIS_IMPORTER }, { database });
}

function assertLive(result: QueryResult, importId: string): void {
  if (result.records[0]?.get('live') !== true) throw new ImportInterruptedError(importId);
}

/**
 * Refreshes the heartbeat inside a batch's transaction (a batch that created nothing); fails the
 * transaction when the run is no longer running.
 */
export async function heartbeat(tx: ManagedTransaction, importId: string): Promise<void> {
  assertLive(await tx.run(staging.heartbeat(), { importId }), importId);
}

/**
 * Keeps the heartbeat fresh while an import runs, whatever a batch costs: a batch that takes
 * longer than the staleness limit must not look like a crash. Returns the function that stops it.
 */
export function keepHeartbeat(driver: Driver, database: string, importId: string): () => void {
  const timer = setInterval(() => {
    // A failed beat is not fatal: the next one, or the next batch, refreshes it.
    driver.executeQuery(staging.heartbeat(), { importId }, { database }).catch(() => undefined);
  }, HEARTBEAT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Records what a batch created, in the batch's transaction, and refreshes the heartbeat. Nodes by
 * id; facts by type and id, in the same order. Fails the transaction when the run is no longer
 * running, so nothing is written for an import another process has rolled back.
 */
export async function recordBatch(
  tx: ManagedTransaction,
  importId: string,
  created: { nodes?: string[]; factTypes?: string[]; factIds?: string[] },
): Promise<void> {
  const result = await tx.run(staging.batchRecord(), {
    importId,
    nodes: created.nodes ?? [],
    factTypes: created.factTypes ?? [],
    factIds: created.factIds ?? [],
  });
  assertLive(result, importId);
}

/**
 * Makes what the import created visible, batch record by batch record: the `_Staged` label of its
 * entities and the `_staged` mark of its facts go. Until then no reader counts them as case data.
 * Safe to run again after a crash part-way (published records are skipped).
 */
async function publishImport(
  driver: Driver,
  database: string,
  importId: string,
  model: CaseModel,
): Promise<void> {
  const session = driver.session({ database });
  try {
    for (;;) {
      const published = await session.executeWrite(async (tx) => {
        await tx.run(staging.runTouch(), { importId });
        const next = (await tx.run(staging.nextUnpublished(), { importId })).records[0];
        if (!next) return false;
        const nodes = next.get('nodes') as string[];
        if (nodes.length > 0) await tx.run(staging.publishNodes(), { ids: nodes });
        for (const [type, ids] of factIdsByType(next)) {
          await tx.run(publishFactsStatement(model, type), { ids });
        }
        await tx.run(staging.batchPublished(), { batchId: next.get('batchId') });
        return true;
      });
      if (!published) break;
    }
  } finally {
    await session.close();
  }
}

/**
 * The fact ids of one batch record (its parallel `types` and `ids` lists), by relationship type:
 * facts are published and deleted one type at a time, since a type cannot be a parameter.
 */
function factIdsByType(record: Neo4jRecord): Map<string, string[]> {
  const types = record.get('types') as string[];
  const ids = record.get('ids') as string[];
  const byType = groupBy(
    ids.map((id, i) => ({ id, type: types[i]! })),
    (fact) => fact.type,
  );
  return new Map([...byType].map(([type, facts]) => [type, facts.map((fact) => fact.id)]));
}

/** Deletes an import's staging records and its run. Batched, so huge imports need no huge transaction. */
async function clearImport(driver: Driver, database: string, importId: string): Promise<void> {
  for (;;) {
    await driver.executeQuery(staging.runTouch(), { importId }, { database });
    const { records } = await driver.executeQuery(staging.clearSome(), { importId }, { database });
    if (Number(records[0]?.get('deleted') ?? 0) === 0) break;
  }
  await driver.executeQuery(staging.runDelete(), { importId }, { database });
}

/**
 * The import is fully written: it is marked 'committing' (from then on it is finished, never
 * rolled back, even by a recovery after a crash), published, then either cleared or, when
 * `keepForUndo`, kept with its records and marked 'undoable'.
 */
export async function finishImport(
  driver: Driver,
  database: string,
  importId: string,
  model: CaseModel,
  keepForUndo: boolean,
): Promise<void> {
  const { records } = await driver.executeQuery(
    staging.runCommitting(),
    { importId, keepForUndo },
    { database },
  );
  // Taken over and rolled back since the last batch: what it wrote is gone; success would lie.
  if (Number(records[0]?.get('committing') ?? 0) === 0) throw new ImportInterruptedError(importId);
  await completeCommit(driver, database, importId, model, keepForUndo);
}

async function completeCommit(
  driver: Driver,
  database: string,
  importId: string,
  model: CaseModel,
  keepForUndo: boolean,
): Promise<void> {
  await publishImport(driver, database, importId, model);
  if (keepForUndo) {
    await driver.executeQuery(staging.runStatus(), { importId, status: 'undoable' }, { database });
  } else {
    await clearImport(driver, database, importId);
  }
}

/** Clears the records of every import kept for undo: from now on none of them can be undone. */
export async function releaseUndoableImports(driver: Driver, database: string): Promise<void> {
  const { records } = await driver.executeQuery(staging.undoableRuns(), {}, { database });
  for (const record of records) await clearImport(driver, database, record.get('id') as string);
}

/** An import's staging status ('running', 'undoable'...), or null once it has none. */
export async function importStatus(
  driver: Driver,
  database: string,
  importId: string,
): Promise<string | null> {
  const { records } = await driver.executeQuery(staging.runRead(), { importId }, { database });
  return (records[0]?.get('status') as string | undefined) ?? null;
}

/**
 * Undoes an import: deletes what it created, restores what it changed, then
 * its staging records. Safe to run again after a crash part-way. The ids of the ends of every
 * deleted fact are added to `touched` when given (their neighbourhood summaries are stale).
 */
export async function rollbackImport(
  driver: Driver,
  database: string,
  importId: string,
  model: CaseModel,
  touched?: Set<string>,
): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.executeWrite((tx) => tx.run(staging.runStatus(), { importId, status: 'rolling-back' }));
    const touch = (tx: ManagedTransaction) => tx.run(staging.runTouch(), { importId });
    // Restore changed elements first, while their ids still resolve.
    for (;;) {
      const restored = await session.executeWrite(async (tx) => {
        await touch(tx);
        const undo = await tx.run(staging.undoPage(), { importId });
        for (const record of undo.records) {
          const before = JSON.parse(record.get('before') as string) as PropertyMap;
          const key = record.get('key') as string;
          if (record.get('kind') === 'node') {
            await tx.run(staging.restoreNode(), { key, before });
          } else {
            const type = record.get('factType') as string;
            await tx.run(restoreFactStatement(model, type), { key, before });
          }
          await tx.run(staging.deleteRecord(), { elementId: record.get('undoId') });
        }
        return undo.records.length;
      });
      if (restored === 0) break;
    }
    for (;;) {
      const removed = await session.executeWrite(async (tx) => {
        await touch(tx);
        const batch = await tx.run(staging.nextBatch(), { importId });
        const record = batch.records[0];
        if (!record) return 0;
        for (const [type, ids] of factIdsByType(record)) {
          const deleted = await tx.run(deleteFactsStatement(model, type), { ids });
          for (const end of deleted.records) {
            touched?.add(end.get('from') as string);
            touched?.add(end.get('to') as string);
          }
        }
        await tx.run(staging.deleteNodes(), { ids: record.get('nodes') as string[] });
        await tx.run(staging.deleteRecord(), { elementId: record.get('batchId') });
        return 1;
      });
      if (removed === 0) break;
    }
    await session.executeWrite((tx) => tx.run(staging.runDelete(), { importId }));
  } finally {
    await session.close();
  }
}

/**
 * Rolls back imports that a crash left half-done (see `isInterrupted`: a heartbeat older than
 * `staleAfterMs`, or an importer process on this host that is gone), and finishes those that
 * crashed while committing. Called at start-up, before each import, and by the running server's
 * sweep (`import-watch.ts`). Returns the ids rolled back.
 */
export async function recoverInterruptedImports(
  driver: Driver,
  database: string,
  model: CaseModel,
  staleAfterMs = INTERRUPTED_AFTER_MS,
): Promise<string[]> {
  const { records } = await driver.executeQuery(staging.interruptedRuns(), {}, { database });
  const runs: RunRecord[] = records.map((r) => ({
    id: r.get('id') as string,
    status: r.get('status') as string,
    host: (r.get('host') as string | null) ?? null,
    pid: r.get('pid') === null ? null : Number(r.get('pid')),
    processId: (r.get('processId') as string | null) ?? null,
    heartbeatAgeMs: Number(r.get('heartbeatAgeMs')),
    keep: r.get('keep') === true,
  }));
  const rolledBack: string[] = [];
  let finished = 0;
  for (const run of runs) {
    if (!isInterrupted(run, THIS_IMPORTER, staleAfterMs, processExists)) continue;
    // Of several processes that found the same run interrupted, one takes it.
    const taken = await driver.executeQuery(
      staging.runTakeOver(),
      { importId: run.id, seenProcessId: run.processId ?? '', ...THIS_IMPORTER },
      { database },
    );
    const status = taken.records[0]?.get('status') as string | undefined;
    if (status === undefined) continue;
    if (status === 'committing') {
      // It had fully written: finish publishing and clearing it.
      await completeCommit(driver, database, run.id, model, run.keep);
      finished++;
    } else {
      await rollbackImport(driver, database, run.id, model);
      rolledBack.push(run.id);
    }
  }
  if (rolledBack.length > 0 || finished > 0) await markGraphChanged(driver, database);
  return rolledBack;
}
