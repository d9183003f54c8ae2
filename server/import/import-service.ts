/**
 * The one import path: the seed, the CLI and `POST /api/admin/import` all come
 * through `importCaseDocument`. Validation comes first and reports every
 * problem at once; only a document without problems is written, through the
 * staged writer, which makes the write all-or-nothing.
 */
import { cypher } from '../cypher-files.js';
import type { ImportProblem, ImportSummary } from '../contract.js';
import { AppError } from '../errors.js';
import {
  ALIAS_TEXT_PROPERTY,
  isKnownLabel,
  sourceToEntity,
  toAliasText,
  validateCase,
  type CaseDocument,
  type CaseModel,
  type EntityInput,
} from '../model/model.js';
import type { GraphTarget } from '../db/graph-target.js';
import { markGraphChanged, type GraphChanges } from '../graph-state/graph-state.js';
import { awaitSearchIndex } from '../schema/apply-schema.js';
import { refreshSummariesAfterImport, touchedEntityIds } from './refresh-summaries.js';
import {
  importStatus,
  recoverInterruptedImports,
  rollbackImport,
  writeStaged,
  type WritePlan,
  type FactRow,
  type NodeRow,
  type PropertyMap,
  type WriteCounts,
  type WriteProgress,
} from './staged-writer.js';

/** 422 with every problem in `details`: nothing was written. */
export class ImportValidationError extends AppError {
  constructor(readonly problems: ImportProblem[]) {
    super(
      422,
      'IMPORT_INVALID',
      `The import has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written`,
      problems,
    );
  }
}

/** Where to import, against which model; `changes` is told of the import (the app's read cache). */
export interface ImportDeps extends GraphTarget {
  model: CaseModel;
  changes?: GraphChanges | undefined;
}

export interface ImportOptions {
  batchSize?: number;
  /** Maps a document pointer back to where the uploader wrote it (a CSV row). */
  locate?: (pointer: string) => string | undefined;
  onProgress?: (progress: WriteProgress) => void;
  /** Where a non-fatal problem is told (the app passes its logger; CLIs keep the default, stderr). */
  warn?: (message: string) => void;
  /** Keep what an undo needs until the next import (`undoImport`); the admins' upload does. */
  keepForUndo?: boolean;
  /** Told once the document is valid, before anything is written (the upload starts its progress stream). */
  onValidated?: (document: CaseDocument) => void;
}

/** Only `WHERE id IN $ids` look-ups: ids referenced by facts but not defined in the document. */
async function existingEntityTypes(deps: ImportDeps, ids: string[]): Promise<Map<string, string>> {
  const types = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const { records } = await deps.driver.executeQuery(
      cypher('import/entity-types'),
      { ids: ids.slice(i, i + 10_000) },
      { database: deps.database, routing: 'READ' },
    );
    for (const record of records) {
      const labels = record.get('labels') as string[];
      types.set(
        record.get('id') as string,
        labels.find((l) => isKnownLabel(deps.model, l)) ?? labels[0] ?? 'Node',
      );
    }
  }
  return types;
}

/** Fact endpoints that the document itself does not define. */
function externalReferences(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object') return [];
  const doc = raw as { sources?: unknown; entities?: unknown; facts?: unknown };
  const defined = new Set<string>();
  for (const list of [doc.sources, doc.entities]) {
    if (Array.isArray(list)) for (const item of list) if (typeof item?.id === 'string') defined.add(item.id);
  }
  const external = new Set<string>();
  if (Array.isArray(doc.facts)) {
    for (const fact of doc.facts) {
      for (const end of [fact?.from, fact?.to]) {
        if (typeof end === 'string' && !defined.has(end)) external.add(end);
      }
    }
  }
  return [...external];
}

/** A copy without undefined values (a plain loop: this runs once per row of a million-row import). */
function withoutUndefined(map: Record<string, unknown>): PropertyMap {
  const out: PropertyMap = {};
  for (const key in map) {
    const value = map[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function entityRow(entity: EntityInput): NodeRow {
  return {
    type: entity.type,
    id: entity.id,
    props: withoutUndefined({
      ...entity.properties,
      name: entity.name,
      aliases: entity.aliases,
      [ALIAS_TEXT_PROPERTY]: toAliasText(entity.aliases),
      sources: entity.sources,
    }),
  };
}

/** The graph rows a valid document becomes; sources first (they are nodes too). */
export function planFor(doc: CaseDocument): { nodes: NodeRow[]; facts: FactRow[] } {
  const nodes = [...doc.sources.map((s) => entityRow(sourceToEntity(s))), ...doc.entities.map(entityRow)];
  const facts = doc.facts.map<FactRow>((fact) => ({
    type: fact.type,
    id: fact.id,
    from: fact.from,
    to: fact.to,
    props: withoutUndefined({
      ...fact.properties,
      claim: fact.claim,
      status: fact.status,
      confidence: fact.confidence,
      validFrom: fact.validFrom,
      validTo: fact.validTo,
      date: fact.date,
      recorded: fact.recorded,
      attribution: fact.attribution,
      sources: fact.sources,
    }),
  }));
  return { nodes, facts };
}

/** Checks a raw document against the model and the graph; throws ImportValidationError listing every problem. */
export async function validateForImport(
  deps: ImportDeps,
  raw: unknown,
  locate?: (pointer: string) => string | undefined,
): Promise<CaseDocument> {
  const known = await existingEntityTypes(deps, externalReferences(raw));
  const result = validateCase(deps.model, raw, known);
  if (!result.ok) {
    throw new ImportValidationError(
      result.errors.map((problem) => {
        const row = locate?.(problem.path);
        if (!row) return problem;
        const field = problem.path.split('/').slice(3).join('/') || undefined;
        return { path: row, ...(field && { field }), message: problem.message };
      }),
    );
  }
  return result.value;
}

/** Where an import's warnings go: the caller's logger, else standard error. */
function warnOf(options: ImportOptions): (message: string) => void {
  return options.warn ?? ((message) => process.stderr.write(`${message}\n`));
}

/**
 * Validates and writes one document. Idempotent: ids are keys, so a second
 * import of the same document changes nothing and reports everything unchanged.
 */
export async function importCaseDocument(
  deps: ImportDeps,
  raw: unknown,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const doc = await validateForImport(deps, raw, options.locate);
  options.onValidated?.(doc);
  await recoverInterruptedImports(deps.driver, deps.database, deps.model);
  const plan = planFor(doc);
  // Whatever the outcome, what was derived from the graph before the import may be wrong now
  // (the version is bumped once more when the summaries are done, or the roll-back is).
  await markGraphChanged(deps.driver, deps.database, deps.changes);
  try {
    const summary = await writeAndSummarise(deps, plan, options, started);
    await awaitSearchIndex(deps.driver, deps.database);
    return summary;
  } finally {
    await markGraphChanged(deps.driver, deps.database, deps.changes).catch((error: unknown) =>
      warnOf(options)(`The graph version was not bumped after an import: ${(error as Error).message}`),
    );
  }
}

async function writeAndSummarise(
  deps: ImportDeps,
  plan: WritePlan,
  options: ImportOptions,
  started: number,
): Promise<ImportSummary> {
  const result = await writeStaged(deps.driver, plan, {
    database: deps.database,
    model: deps.model,
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.keepForUndo && { keepForUndo: true }),
  });
  if (result.facts.created + result.facts.updated > 0) {
    // After the commit: a summary that cannot be rebuilt must not turn a written import into an error.
    await refreshSummariesAfterImport(
      deps.driver,
      deps.database,
      deps.model,
      touchedEntityIds(plan.facts),
      (error) =>
        warnOf(options)(`Neighbourhood summaries not rebuilt for one batch: ${(error as Error).message}`),
    );
  }
  const sum = (types: string[]): WriteCounts =>
    types.reduce<WriteCounts>(
      (total, type) => {
        const c = result.nodes[type];
        return c
          ? {
              created: total.created + c.created,
              updated: total.updated + c.updated,
              unchanged: total.unchanged + c.unchanged,
            }
          : total;
      },
      { created: 0, updated: 0, unchanged: 0 },
    );
  const entityTypes = Object.keys(result.nodes).filter((t) => t !== 'Source');
  return {
    entities: sum(entityTypes),
    sources: sum(['Source']),
    facts: result.facts,
    elapsedMs: Date.now() - started,
    importId: result.importId,
    undoable: options.keepForUndo === true,
  };
}

/** 409: the import asked to be undone is not the latest one kept for undo. */
export class ImportNotUndoableError extends AppError {
  constructor() {
    super(
      409,
      'IMPORT_NOT_UNDOABLE',
      'This import can no longer be undone: only the latest import can, and only once',
    );
  }
}

/**
 * Undoes the latest import kept for undo: deletes what it created and restores what it changed,
 * then rebuilds the neighbourhood summaries of the ends of every deleted fact. Throws
 * ImportNotUndoableError for any other id (an older import, one undone already, a typo).
 */
export async function undoImport(deps: ImportDeps, importId: string): Promise<{ elapsedMs: number }> {
  const started = Date.now();
  const status = await importStatus(deps.driver, deps.database, importId);
  if (status !== 'undoable') throw new ImportNotUndoableError();
  await markGraphChanged(deps.driver, deps.database, deps.changes);
  try {
    const touched = new Set<string>();
    await rollbackImport(deps.driver, deps.database, importId, deps.model, touched);
    await refreshSummariesAfterImport(deps.driver, deps.database, deps.model, [...touched]);
    await awaitSearchIndex(deps.driver, deps.database);
  } finally {
    await markGraphChanged(deps.driver, deps.database, deps.changes).catch(() => {});
  }
  return { elapsedMs: Date.now() - started };
}
