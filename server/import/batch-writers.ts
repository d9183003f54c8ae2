/**
 * The batch writers of an import: one for entities (nodes), one for facts (relationships), each
 * with two ways to write a batch in its transaction.
 *
 * Speed: a batch is first written optimistically (`create`), as if every id were new (plain
 * CREATE, no read first). The uniqueness constraints on `Entity.id` and on each fact type's `id`
 * make that safe: a batch holding an id that already exists fails on the constraint, rolls back,
 * and is written again through the checked path (`write`: read what exists, then create, update or
 * leave alone). Facts find their ends by element id when this import created them (an id seek,
 * not an index seek), checked against their `id`.
 */
import type { ManagedTransaction, QueryResult } from 'neo4j-driver';
import { AppError } from '../errors.js';
import type { CaseModel } from '../model/model.js';
import { groupBy } from './pipeline.js';
import { heartbeat, recordBatch } from './staging.js';
import {
  asColumns,
  createFactsByElementIdStatement,
  createFactsByIdStatement,
  createNodesStatement,
  existingFactsStatement,
  staging,
  updateFactsStatement,
} from './staging-statements.js';
import {
  emptyCounts,
  type ElementIds,
  type FactRow,
  type NodeRow,
  type PropertyMap,
  type WriteCounts,
} from './write-plan.js';

/** A fact id that already exists with other endpoints or type: refused, the import rolls back. */
export class ImportConflictError extends AppError {
  constructor(problems: { path: string; message: string }[]) {
    super(422, 'IMPORT_CONFLICT', 'The import conflicts with facts already in the graph', problems);
  }
}

/** A fact whose end was deleted while the import ran: nothing was linked, so the batch fails. */
export class ImportEndpointMissingError extends AppError {
  constructor(type: string, missing: number) {
    super(
      409,
      'IMPORT_ENDPOINT_MISSING',
      `${missing} ${type} fact${missing === 1 ? '' : 's'} lost an end while importing (deleted meanwhile?); nothing was imported`,
    );
  }
}

/**
 * Writes one batch of rows in a transaction, and says how many rows it created. Both methods
 * return fresh counts on every call, so a transaction the driver retries never counts twice.
 */
export interface BatchWriter<Row, Counts> {
  /** Optimistic: every id is new. Throws the constraint failure when one is not. */
  create(tx: ManagedTransaction, importId: string, rows: Row[]): Promise<Counts>;
  /** Checked: reads what exists, then creates, updates (keeping an undo record) or leaves alone. */
  write(tx: ManagedTransaction, importId: string, rows: Row[]): Promise<Counts>;
  created(counts: Counts): number;
}

/** Property values equal as Neo4j stores them (lists compare element-wise). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (typeof a === 'number' && b !== null && typeof b === 'object' && 'toNumber' in b) {
    return a === (b as { toNumber(): number }).toNumber();
  }
  return a === b;
}

function changes(before: PropertyMap, wanted: PropertyMap): boolean {
  return Object.entries(wanted).some(([key, value]) => !sameValue(before[key], value));
}

/** Driver values (Integer, lists) to plain JSON for the undo record. */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object' && 'toNumber' in value) {
    return (value as { toNumber(): number }).toNumber();
  }
  return value;
}

function plainProps(props: PropertyMap): PropertyMap {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toPlain(v)]));
}

/** Throws when a `RETURN count(*) AS created` statement linked fewer facts than it was given. */
function expectCreated(result: QueryResult, type: string, wanted: number): void {
  const created = Number(result.records[0]?.get('created') ?? 0);
  if (created !== wanted) throw new ImportEndpointMissingError(type, wanted - created);
}

/** Creates the nodes of one type; statements are sent, not awaited, so the driver pipelines them. */
function createNodes(
  tx: ManagedTransaction,
  model: CaseModel,
  type: string,
  rows: NodeRow[],
  elementIds: ElementIds,
): Promise<void> {
  const { set, columns } = asColumns(
    rows.map((r) => ({ ...r.props, id: r.id })),
    'n',
  );
  return tx.run(createNodesStatement(model, type, set), { count: rows.length, columns }).then((created) => {
    rows.forEach((row, i) => {
      const elementId = created.records[i]?.get('elementId') as string | undefined;
      if (elementId) elementIds.set(row.id, elementId);
    });
  });
}

/** Entities, counted per type. */
export function nodeWriter(
  model: CaseModel,
  elementIds: ElementIds,
): BatchWriter<NodeRow, Record<string, WriteCounts>> {
  return {
    async create(tx, importId, rows) {
      const groups = [...groupBy(rows, (r) => r.type)];
      const pending = groups.map(([type, group]) => createNodes(tx, model, type, group, elementIds));
      pending.push(recordBatch(tx, importId, { nodes: rows.map((r) => r.id) }));
      await Promise.all(pending);
      return Object.fromEntries(
        groups.map(([type, group]) => [type, { created: group.length, updated: 0, unchanged: 0 }]),
      );
    },

    async write(tx, importId, rows) {
      const counts: Record<string, WriteCounts> = {};
      const existing = await tx.run(staging.existingNodes(), { ids: rows.map((r) => r.id) });
      const before = new Map(
        existing.records.map((r) => [r.get('id') as string, r.get('props') as PropertyMap]),
      );
      const labelsOf = new Map(
        existing.records.map((r) => [r.get('id') as string, r.get('labels') as string[]]),
      );
      const conflicts = rows
        .filter((row) => labelsOf.has(row.id) && !labelsOf.get(row.id)!.includes(row.type))
        .map((row) => ({
          path: `entity ${row.id}`,
          message: `already exists as ${labelsOf.get(row.id)!.join(':')}; an id cannot change type to ${row.type}`,
        }));
      if (conflicts.length > 0) throw new ImportConflictError(conflicts);
      const toCreate: NodeRow[] = [];
      const toUpdate: NodeRow[] = [];
      for (const row of rows) {
        const old = before.get(row.id);
        const typeCounts = (counts[row.type] ??= emptyCounts());
        if (!old) {
          toCreate.push(row);
          typeCounts.created++;
        } else if (changes(old, row.props)) {
          toUpdate.push(row);
          typeCounts.updated++;
        } else {
          typeCounts.unchanged++;
        }
      }
      for (const [type, group] of groupBy(toCreate, (r) => r.type)) {
        await createNodes(tx, model, type, group, elementIds);
      }
      if (toUpdate.length > 0) {
        await tx.run(staging.updateNodes(), {
          importId,
          rows: toUpdate.map((r) => ({
            id: r.id,
            props: r.props,
            before: JSON.stringify(plainProps(before.get(r.id)!)),
          })),
        });
      }
      if (toCreate.length > 0) await recordBatch(tx, importId, { nodes: toCreate.map((r) => r.id) });
      else await heartbeat(tx, importId);
      return counts;
    },

    created: (counts) => Object.values(counts).reduce((n, c) => n + c.created, 0),
  };
}

/**
 * Facts grouped for creation: by type, and by whether both ends have known element ids. Rows go
 * as parallel lists (ends, then one list per property, `asColumns`): the driver packs a list of
 * strings far faster than a map per row, and packing is most of this process's share of an import.
 */
function createFacts(
  tx: ManagedTransaction,
  model: CaseModel,
  rows: FactRow[],
  elementIds: ElementIds,
): Promise<void>[] {
  const pending: Promise<void>[] = [];
  for (const [type, group] of groupBy(rows, (r) => r.type)) {
    const seekable = {
      a: [] as string[],
      b: [] as string[],
      from: [] as string[],
      to: [] as string[],
      props: [] as PropertyMap[],
    };
    const byId = { from: [] as string[], to: [] as string[], props: [] as PropertyMap[] };
    for (const row of group) {
      const props = { ...row.props, id: row.id };
      const a = elementIds.get(row.from);
      const b = elementIds.get(row.to);
      if (a !== undefined && b !== undefined) {
        seekable.a.push(a);
        seekable.b.push(b);
        seekable.from.push(row.from);
        seekable.to.push(row.to);
        seekable.props.push(props);
      } else {
        byId.from.push(row.from);
        byId.to.push(row.to);
        byId.props.push(props);
      }
    }
    if (seekable.props.length > 0) {
      const { set, columns } = asColumns(seekable.props, 'r');
      pending.push(
        tx
          .run(createFactsByElementIdStatement(model, type, set), {
            a: seekable.a,
            b: seekable.b,
            from: seekable.from,
            to: seekable.to,
            count: seekable.props.length,
            columns,
          })
          .then((result) => expectCreated(result, type, seekable.props.length)),
      );
    }
    if (byId.props.length > 0) {
      const { set, columns } = asColumns(byId.props, 'r');
      pending.push(
        tx
          .run(createFactsByIdStatement(model, type, set), {
            from: byId.from,
            to: byId.to,
            count: byId.props.length,
            columns,
          })
          .then((result) => expectCreated(result, type, byId.props.length)),
      );
    }
  }
  return pending;
}

/** Facts, counted together. */
export function factWriter(model: CaseModel, elementIds: ElementIds): BatchWriter<FactRow, WriteCounts> {
  return {
    async create(tx, importId, rows) {
      const pending = createFacts(tx, model, rows, elementIds);
      pending.push(
        recordBatch(tx, importId, {
          factTypes: rows.map((r) => r.type),
          factIds: rows.map((r) => r.id),
        }),
      );
      await Promise.all(pending);
      return { created: rows.length, updated: 0, unchanged: 0 };
    },

    async write(tx, importId, rows) {
      const counts = emptyCounts();
      const toCreate: FactRow[] = [];
      const toUpdate: { row: FactRow; before: PropertyMap }[] = [];
      const conflicts: { path: string; message: string }[] = [];
      for (const [type, group] of groupBy(rows, (r) => r.type)) {
        const existing = await tx.run(existingFactsStatement(model, type), { ids: group.map((r) => r.id) });
        const byId = new Map(existing.records.map((r) => [r.get('id') as string, r]));
        for (const row of group) {
          const old = byId.get(row.id);
          if (!old) {
            toCreate.push(row);
          } else if (old.get('from') !== row.from || old.get('to') !== row.to) {
            conflicts.push({
              path: `fact ${row.id}`,
              message: `already links ${String(old.get('from'))} to ${String(old.get('to'))}; a fact id cannot move to other entities`,
            });
          } else if (changes(old.get('props') as PropertyMap, row.props)) {
            toUpdate.push({ row, before: old.get('props') as PropertyMap });
          } else {
            counts.unchanged++;
          }
        }
      }
      // Fact ids are unique per relationship type (each type's uniqueness constraint). A check
      // across every type cost one index seek per id and type and halved import speed; the same id
      // under two types is two distinct facts, nothing is lost, and GET /api/facts/:id answers the first.
      if (conflicts.length > 0) throw new ImportConflictError(conflicts);

      await Promise.all(createFacts(tx, model, toCreate, elementIds));
      for (const [type, group] of groupBy(toUpdate, (u) => u.row.type)) {
        await tx.run(updateFactsStatement(model, type), {
          importId,
          type,
          rows: group.map((u) => ({
            id: u.row.id,
            props: u.row.props,
            before: JSON.stringify(plainProps(u.before)),
          })),
        });
      }
      if (toCreate.length > 0) {
        await recordBatch(tx, importId, {
          factTypes: toCreate.map((r) => r.type),
          factIds: toCreate.map((r) => r.id),
        });
      } else {
        await heartbeat(tx, importId);
      }
      counts.created += toCreate.length;
      counts.updated += toUpdate.length;
      return counts;
    },

    created: (counts) => counts.created,
  };
}
