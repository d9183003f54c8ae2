/**
 * Applies the schema the model implies (constraints, indexes, the full-text
 * index) plus the indexes the import's staging records need. Idempotent: every
 * statement says IF NOT EXISTS, so it runs on every seed and start.
 */
import type { Driver } from 'neo4j-driver';
import { schemaStatements, type CaseModel } from '../model/model.js';

/** App data beside the case: staging records of imports, workspaces, saved queries. */
const appStatements = [
  'CREATE CONSTRAINT workspace_id IF NOT EXISTS FOR (w:Workspace) REQUIRE w.id IS UNIQUE',
  'CREATE CONSTRAINT saved_query_id IF NOT EXISTS FOR (q:SavedQuery) REQUIRE q.id IS UNIQUE',
  'CREATE INDEX import_run_id IF NOT EXISTS FOR (n:_ImportRun) ON (n.id)',
  'CREATE INDEX import_batch_import IF NOT EXISTS FOR (n:_ImportBatch) ON (n.importId)',
  'CREATE INDEX import_undo_import IF NOT EXISTS FOR (n:_ImportUndo) ON (n.importId)',
];

/** Runs every schema statement, then waits until the indexes are online. Returns how many ran. */
export async function applySchema(driver: Driver, database: string, model: CaseModel): Promise<number> {
  const statements = [...schemaStatements(model), ...appStatements];
  for (const statement of statements) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
  return statements.length;
}
