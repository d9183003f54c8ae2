/**
 * The staged writer's Cypher, by name. The statements live in `cypher/import/`; this module only
 * names them and fills their slots. Labels and relationship types come from the model
 * (`modelLabel`, `modelRelationshipType`), property keys through `propertyKey`: they cannot be
 * parameters, and nothing else is ever spliced.
 *
 * Every look-up by id says which index to seek (`USING INDEX SEEK`, in the files). Without it the
 * planner may pick a scan of the whole index plus a filter, per id, when the index statistics were
 * sampled while it was still small (as they are during an import): a plan that stays cached while
 * the index grows, and that made each 5,000-id existence read of the original writer scan every
 * fact of its type (the first import of 100k entities spent 49 of its 76 seconds there).
 */
import { cypher, fillTemplate, trustedFragment, type CypherFragment } from '../cypher-files.js';
import { modelLabel, modelRelationshipType, propertyKey, type CaseModel } from '../model/model.js';
import type { PropertyMap } from './write-plan.js';

/** Statements without slots, by what they do. */
export const staging = {
  runBegin: () => cypher('import/run-begin'),
  runStatus: () => cypher('import/run-status'),
  runDelete: () => cypher('import/run-delete'),
  heartbeat: () => cypher('import/heartbeat'),
  batchRecord: () => cypher('import/batch-record'),
  clearSome: () => cypher('import/staging-clear'),
  deleteRecord: () => cypher('import/staging-delete'),
  undoPage: () => cypher('import/undo-page'),
  restoreNode: () => cypher('import/undo-restore-node'),
  nextBatch: () => cypher('import/batch-next'),
  deleteNodes: () => cypher('import/nodes-delete'),
  interruptedRuns: () => cypher('import/runs-interrupted'),
  undoableRuns: () => cypher('import/runs-undoable'),
  runRead: () => cypher('import/run-read'),
  runCommitting: () => cypher('import/run-committing'),
  runTakeOver: () => cypher('import/run-take-over'),
  runTouch: () => cypher('import/run-touch'),
  nextUnpublished: () => cypher('import/batch-unpublished'),
  batchPublished: () => cypher('import/batch-published'),
  publishNodes: () => cypher('import/nodes-publish'),
  existingNodes: () => cypher('import/nodes-existing'),
  updateNodes: () => cypher('import/nodes-update'),
} as const;

/** Creates `Entity:<type>` nodes from columns (`asColumns`); element ids come back in row order. */
export function createNodesStatement(model: CaseModel, type: string, set: CypherFragment): string {
  return fillTemplate('import/nodes-create', { label: modelLabel(model, type), set });
}

/** Creates facts of one type whose ends are found by element id (both made by this import). */
export function createFactsByElementIdStatement(model: CaseModel, type: string, set: CypherFragment): string {
  return fillTemplate('import/facts-create-by-element-id', { type: modelRelationshipType(model, type), set });
}

/** Creates facts of one type whose ends are found by `id`. */
export function createFactsByIdStatement(model: CaseModel, type: string, set: CypherFragment): string {
  return fillTemplate('import/facts-create-by-id', { type: modelRelationshipType(model, type), set });
}

/** Facts of one type that exist already, with their ends and properties. */
export function existingFactsStatement(model: CaseModel, type: string): string {
  return fillTemplate('import/facts-existing', { type: modelRelationshipType(model, type) });
}

/** Keeps the old properties of changed facts of one type, then changes them. */
export function updateFactsStatement(model: CaseModel, type: string): string {
  return fillTemplate('import/facts-update', { type: modelRelationshipType(model, type) });
}

/** Restores one fact of one type from its undo record. */
export function restoreFactStatement(model: CaseModel, type: string): string {
  return fillTemplate('import/undo-restore-fact', { type: modelRelationshipType(model, type) });
}

/** Makes the new facts of one type visible (removes their staging mark). */
export function publishFactsStatement(model: CaseModel, type: string): string {
  return fillTemplate('import/facts-publish', { type: modelRelationshipType(model, type) });
}

/** Deletes facts of one type by id (a roll-back or an undo); returns the ends' ids. */
export function deleteFactsStatement(model: CaseModel, type: string): string {
  return fillTemplate('import/facts-delete', { type: modelRelationshipType(model, type) });
}

/**
 * Property maps as columns: one list per key (null where a row lacks it), and the `SET` fragment
 * that writes row `i` of them onto `variable`. The driver packs a few long lists of plain values
 * faster than one map per row. `SET x.k = null` on a new element writes nothing, as `SET x = map`
 * without the key would.
 */
export function asColumns(
  rows: readonly PropertyMap[],
  variable: 'n' | 'r',
): { set: CypherFragment; columns: Record<string, unknown[]> } {
  const keys = new Set<string>();
  for (const row of rows) for (const key in row) keys.add(key);
  const columns: Record<string, unknown[]> = {};
  const assignments: string[] = [];
  for (const key of keys) {
    const quoted = propertyKey(key);
    columns[key] = rows.map((row) => row[key] ?? null);
    assignments.push(`${variable}.${quoted} = $columns.${quoted}[i]`);
  }
  return { set: trustedFragment(assignments.join(', ')), columns };
}
