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
import type { Driver, ManagedTransaction, QueryResult } from 'neo4j-driver';
import { markGraphChanged } from '../graph-state/graph-state.js';
import type { CaseModel } from '../model/model.js';
import { groupBy } from './pipeline.js';
import { deleteFactsStatement, restoreFactStatement, staging } from './staging-statements.js';
import type { PropertyMap } from './write-plan.js';

/** Starts an import: its run record, status 'running', heartbeat now. */
export async function beginImport(driver: Driver, database: string, importId: string): Promise<void> {
  await driver.executeQuery(staging.runBegin(), { importId }, { database });
}

/** Refreshes the heartbeat inside a batch's transaction (a batch that created nothing). */
export function heartbeat(tx: ManagedTransaction, importId: string): Promise<QueryResult> {
  return tx.run(staging.heartbeat(), { importId });
}

/**
 * Records what a batch created, in the batch's transaction, and refreshes the heartbeat. Nodes by
 * id; facts by type and id, in the same order.
 */
export function recordBatch(
  tx: ManagedTransaction,
  importId: string,
  created: { nodes?: string[]; factTypes?: string[]; factIds?: string[] },
): Promise<QueryResult> {
  return tx.run(staging.batchRecord(), {
    importId,
    nodes: created.nodes ?? [],
    factTypes: created.factTypes ?? [],
    factIds: created.factIds ?? [],
  });
}

/** Success: the staging records go, the import stays. Batched, so huge imports need no huge transaction. */
export async function commitImport(driver: Driver, database: string, importId: string): Promise<void> {
  await driver.executeQuery(staging.runStatus(), { importId, status: 'committing' }, { database });
  for (;;) {
    const { records } = await driver.executeQuery(staging.clearSome(), { importId }, { database });
    if (Number(records[0]?.get('deleted') ?? 0) === 0) break;
  }
  await driver.executeQuery(staging.runDelete(), { importId }, { database });
}

/** Success, kept for undo: the staging records stay, the run says 'undoable'. */
export async function keepImportForUndo(driver: Driver, database: string, importId: string): Promise<void> {
  await driver.executeQuery(staging.runStatus(), { importId, status: 'undoable' }, { database });
}

/** Clears the records of every import kept for undo: from now on none of them can be undone. */
export async function releaseUndoableImports(driver: Driver, database: string): Promise<void> {
  const { records } = await driver.executeQuery(staging.undoableRuns(), {}, { database });
  for (const record of records) await commitImport(driver, database, record.get('id') as string);
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
    // Restore changed elements first, while their ids still resolve.
    for (;;) {
      const restored = await session.executeWrite(async (tx) => {
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
        const batch = await tx.run(staging.nextBatch(), { importId });
        const record = batch.records[0];
        if (!record) return 0;
        const types = record.get('types') as string[];
        const ids = record.get('ids') as string[];
        const factsByType = groupBy(
          ids.map((id, i) => ({ id, type: types[i]! })),
          (f) => f.type,
        );
        for (const [type, facts] of factsByType) {
          const deleted = await tx.run(deleteFactsStatement(model, type), { ids: facts.map((f) => f.id) });
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
 * Rolls back imports that a crash left half-done: any run whose heartbeat is
 * older than `staleAfterMs` (every batch refreshes it). Called at start-up and
 * before each import. Returns the ids rolled back.
 */
export async function recoverInterruptedImports(
  driver: Driver,
  database: string,
  model: CaseModel,
  staleAfterMs = 120_000,
): Promise<string[]> {
  const { records } = await driver.executeQuery(staging.interruptedRuns(), { staleAfterMs }, { database });
  const ids = records.map((r) => r.get('id') as string);
  for (const id of ids) await rollbackImport(driver, database, id, model);
  // A run that crashed while clearing its staging had fully written: finish clearing.
  const committing = await driver.executeQuery(staging.committingRuns(), {}, { database });
  for (const record of committing.records) await commitImport(driver, database, record.get('id') as string);
  if (ids.length > 0 || committing.records.length > 0) await markGraphChanged(driver, database);
  return ids;
}
