/**
 * Writes a validated import into Neo4j in batches, all or nothing.
 *
 * One transaction for a million facts would need a heap the size of the
 * import, so each batch commits on its own. What makes the whole import
 * atomic is the staging record written in the same transaction as each batch:
 *   (:_ImportRun {id, status, heartbeatAt})       one per import
 *   (:_ImportBatch {importId, createdNodes, createdFactTypes, createdFactIds})
 *   (:_ImportUndo {importId, kind, key, factType, before})  the old properties of
 *                                                 anything the import changed
 * On success the staging nodes are deleted; on failure (or when a crashed
 * import is found later, see `recoverInterruptedImports`) the created elements
 * are deleted and the changed ones restored, leaving the graph as it was.
 *
 * Labels and relationship types are spliced into Cypher only after checking
 * them against the model (they cannot be parameters).
 *
 * Speed: a batch is first written optimistically, as if every id were new (plain CREATE, no
 * read first). The uniqueness constraints on `Entity.id` and on each fact type's `id` make that
 * safe: a batch holding an id that already exists fails on the constraint, rolls back, and is
 * written again through the checked path (read what exists, then create, update or leave alone).
 * Once a batch needed the checked path the next ones start there, until one finds nothing, so a
 * re-import does not pay for a failed attempt per batch. Facts find their ends by element id
 * when this import created them (an id seek, not an index seek), checked against their `id`.
 */
import { randomUUID } from 'node:crypto';
import {
  Neo4jError,
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type Session,
} from 'neo4j-driver';
import { AppError } from '../errors.js';
import { markGraphChanged } from '../graph-state/graph-state.js';
import { PROPERTY_KEY_PATTERN } from '../model/model.js';

const LABEL_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
const REL_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

export type PropertyMap = Record<string, unknown>;

export interface NodeRow {
  type: string;
  id: string;
  props: PropertyMap;
}

export interface FactRow {
  type: string;
  id: string;
  from: string;
  to: string;
  props: PropertyMap;
}

export interface WritePlan {
  nodes: NodeRow[];
  facts: FactRow[];
}

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface WriteResult {
  importId: string;
  nodes: Record<string, WriteCounts>;
  facts: WriteCounts;
}

export interface WriteProgress {
  phase: 'nodes' | 'facts' | 'commit' | 'rollback';
  done: number;
  total: number;
}

/**
 * Rows per transaction. With two batches in flight, 2,500 to 5,000 rows measured best; 10,000 and
 * 20,000 were slower (less overlap between serialising one batch and writing the other).
 */
export const DEFAULT_BATCH_SIZE = 5_000;
/**
 * Batches in flight at once. Two keep both Neo4j and this process busy (one serialises the next
 * batch while the other is written) on a two-core machine; more only queue on the same cores.
 */
export const DEFAULT_CONCURRENCY = 2;

export interface WriteOptions {
  database: string;
  batchSize?: number;
  /** Batches written at once, each in its own transaction (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Labels and relationship types allowed by the model. */
  allowedLabels: ReadonlySet<string>;
  allowedRelTypes: ReadonlySet<string>;
  onProgress?: (progress: WriteProgress) => void;
}

/** A fact id that already exists with other endpoints or type: refused, the import rolls back. */
export class ImportConflictError extends AppError {
  constructor(problems: { path: string; message: string }[]) {
    super(422, 'IMPORT_CONFLICT', 'The import conflicts with facts already in the graph', problems);
  }
}

function label(name: string, allowed: ReadonlySet<string>): string {
  if (!LABEL_PATTERN.test(name) || !allowed.has(name)) throw new Error(`Label not allowed: ${name}`);
  return `\`${name}\``;
}

function relType(name: string, allowed: ReadonlySet<string>): string {
  if (!REL_TYPE_PATTERN.test(name) || !allowed.has(name)) throw new Error(`Type not allowed: ${name}`);
  return `\`${name}\``;
}

/*
 * Every look-up by id says which index to seek. Without it the planner may pick a scan of the
 * whole index plus a filter, per id, when the index statistics were sampled while it was still
 * small (as they are during an import): a plan that stays cached while the index grows, and that
 * made each 5,000-id existence read of the original writer scan every fact of its type (the first
 * import of 100k entities spent 49 of its 76 seconds there). `USING INDEX SEEK` rules the scan out.
 */
const SEEK_ENTITY = 'USING INDEX SEEK n:Entity(id)';

function seekFact(type: string, allowed: ReadonlySet<string>): string {
  return `USING INDEX SEEK r:${relType(type, allowed)}(id)`;
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

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function emptyCounts(): WriteCounts {
  return { created: 0, updated: 0, unchanged: 0 };
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

const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

function isConstraintFailure(error: unknown): boolean {
  return error instanceof Neo4jError && error.code === CONSTRAINT_FAILED;
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

/** Throws when a `RETURN count(*) AS created` statement linked fewer facts than it was given. */
function expectCreated(result: QueryResult, type: string, wanted: number): void {
  const created = Number(result.records[0]?.get('created') ?? 0);
  if (created !== wanted) throw new ImportEndpointMissingError(type, wanted - created);
}

/**
 * Property maps as columns: one list per key (null where a row lacks it), and the `SET` clause
 * that writes row `i` of them onto `variable`. The driver packs a few long lists of plain values
 * faster than one map per row. Keys come from the model (validated camelCase) and are checked
 * again here, the one place they are spliced into Cypher; `SET x.k = null` on a new node writes
 * nothing, as `SET x = map` without the key would.
 */
function asColumns(
  rows: readonly PropertyMap[],
  variable: string,
): { set: string; columns: Record<string, unknown[]> } {
  const keys = new Set<string>();
  for (const row of rows) for (const key in row) keys.add(key);
  const columns: Record<string, unknown[]> = {};
  for (const key of keys) {
    if (!PROPERTY_KEY_PATTERN.test(key)) throw new Error(`Property key not allowed: ${key}`);
    columns[key] = rows.map((row) => row[key] ?? null);
  }
  const set = [...keys].map((key) => `${variable}.\`${key}\` = $columns.\`${key}\`[i]`).join(', ');
  return { set, columns };
}

/** Creates one `Entity:<type>` node per row, from columns; element ids come back in row order. */
function createNodesStatement(type: string, rows: NodeRow[], options: WriteOptions) {
  const { set, columns } = asColumns(
    rows.map((r) => ({ ...r.props, id: r.id })),
    'n',
  );
  return {
    text: `UNWIND range(0, $count - 1) AS i
           CREATE (n:Entity:${label(type, options.allowedLabels)}) SET ${set}
           RETURN elementId(n) AS elementId`,
    parameters: { count: rows.length, columns },
  };
}

/** Element ids of the nodes this import created, by `id`: facts find their ends by id seek. */
type ElementIds = Map<string, string>;

/**
 * The optimistic node batch: every row is new, so no read. Statements are sent together and
 * awaited once (the driver pipelines them in the transaction). Throws the constraint failure
 * when an id already exists; the caller then uses `writeNodeBatch`.
 */
async function createNodeBatch(
  tx: ManagedTransaction,
  importId: string,
  rows: NodeRow[],
  options: WriteOptions,
  elementIds: ElementIds,
): Promise<Record<string, WriteCounts>> {
  const groups = [...groupBy(rows, (r) => r.type)];
  const pending: Promise<QueryResult>[] = groups.map(([type, group]) => {
    const statement = createNodesStatement(type, group, options);
    return tx.run(statement.text, statement.parameters);
  });
  pending.push(
    tx.run(
      `CREATE (:_ImportBatch {importId: $importId, createdNodes: $ids, createdFactTypes: [], createdFactIds: []})
       WITH 1 AS done MATCH (run:_ImportRun {id: $importId}) SET run.heartbeatAt = datetime()`,
      { importId, ids: rows.map((r) => r.id) },
    ),
  );
  const results = await Promise.all(pending);
  const counts: Record<string, WriteCounts> = {};
  groups.forEach(([type, group], i) => {
    counts[type] = { created: group.length, updated: 0, unchanged: 0 };
    const records = results[i]!.records;
    group.forEach((row, j) => {
      const elementId = records[j]?.get('elementId') as string | undefined;
      if (elementId) elementIds.set(row.id, elementId);
    });
  });
  return counts;
}

/**
 * Facts grouped for creation: by type, and by whether both ends have known element ids. Rows go
 * as parallel lists (ends, then one list per property, `asColumns`): the driver packs a list of
 * strings far faster than a map per row, and packing is most of this process's share of an import.
 */
function createFactStatements(
  tx: ManagedTransaction,
  rows: FactRow[],
  options: WriteOptions,
  elementIds: ElementIds,
): Promise<void>[] {
  const pending: Promise<void>[] = [];
  for (const [type, group] of groupBy(rows, (r) => r.type)) {
    const quoted = relType(type, options.allowedRelTypes);
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
      // The `id` checks guard against an element id reused after a concurrent delete.
      pending.push(
        tx
          .run(
            `UNWIND range(0, $count - 1) AS i
             MATCH (a) WHERE elementId(a) = $a[i] AND a.id = $from[i]
             MATCH (b) WHERE elementId(b) = $b[i] AND b.id = $to[i]
             CREATE (a)-[r:${quoted}]->(b) SET ${set}
             RETURN count(*) AS created`,
            {
              a: seekable.a,
              b: seekable.b,
              from: seekable.from,
              to: seekable.to,
              count: seekable.props.length,
              columns,
            },
          )
          .then((result) => expectCreated(result, type, seekable.props.length)),
      );
    }
    if (byId.props.length > 0) {
      const { set, columns } = asColumns(byId.props, 'r');
      pending.push(
        tx
          .run(
            `UNWIND range(0, $count - 1) AS i
             MATCH (a:Entity {id: $from[i]}) USING INDEX SEEK a:Entity(id)
             MATCH (b:Entity {id: $to[i]}) USING INDEX SEEK b:Entity(id)
             CREATE (a)-[r:${quoted}]->(b) SET ${set}
             RETURN count(*) AS created`,
            { from: byId.from, to: byId.to, count: byId.props.length, columns },
          )
          .then((result) => expectCreated(result, type, byId.props.length)),
      );
    }
  }
  return pending;
}

/** The optimistic fact batch: every fact id is new. Throws the constraint failure otherwise. */
async function createFactBatch(
  tx: ManagedTransaction,
  importId: string,
  rows: FactRow[],
  options: WriteOptions,
  elementIds: ElementIds,
): Promise<WriteCounts> {
  const pending = createFactStatements(tx, rows, options, elementIds);
  pending.push(
    tx
      .run(
        `CREATE (:_ImportBatch {importId: $importId, createdNodes: [], createdFactTypes: $types, createdFactIds: $ids})
         WITH 1 AS done MATCH (run:_ImportRun {id: $importId}) SET run.heartbeatAt = datetime()`,
        { importId, types: rows.map((r) => r.type), ids: rows.map((r) => r.id) },
      )
      .then(() => undefined),
  );
  await Promise.all(pending);
  return { created: rows.length, updated: 0, unchanged: 0 };
}

async function writeNodeBatch(
  tx: ManagedTransaction,
  importId: string,
  rows: NodeRow[],
  options: WriteOptions,
  counts: Record<string, WriteCounts>,
  elementIds: ElementIds,
): Promise<void> {
  const existing = await tx.run(
    `UNWIND $ids AS id MATCH (n:Entity {id: id}) ${SEEK_ENTITY}
     RETURN n.id AS id, properties(n) AS props, labels(n) AS labels`,
    { ids: rows.map((r) => r.id) },
  );
  const before = new Map(existing.records.map((r) => [r.get('id') as string, r.get('props') as PropertyMap]));
  const labelsOf = new Map(existing.records.map((r) => [r.get('id') as string, r.get('labels') as string[]]));
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
    const statement = createNodesStatement(type, group, options);
    const created = await tx.run(statement.text, statement.parameters);
    group.forEach((row, i) => {
      const elementId = created.records[i]?.get('elementId') as string | undefined;
      if (elementId) elementIds.set(row.id, elementId);
    });
  }
  if (toUpdate.length > 0) {
    await tx.run(
      `UNWIND $rows AS row
       CREATE (:_ImportUndo {importId: $importId, kind: 'node', key: row.id, before: row.before})
       WITH row MATCH (n:Entity {id: row.id}) ${SEEK_ENTITY} SET n += row.props`,
      {
        importId,
        rows: toUpdate.map((r) => ({
          id: r.id,
          props: r.props,
          before: JSON.stringify(plainProps(before.get(r.id)!)),
        })),
      },
    );
  }
  if (toCreate.length > 0) {
    await tx.run(
      'CREATE (:_ImportBatch {importId: $importId, createdNodes: $ids, createdFactTypes: [], createdFactIds: []})',
      { importId, ids: toCreate.map((r) => r.id) },
    );
  }
  await tx.run('MATCH (run:_ImportRun {id: $importId}) SET run.heartbeatAt = datetime()', { importId });
}

async function writeFactBatch(
  tx: ManagedTransaction,
  importId: string,
  rows: FactRow[],
  options: WriteOptions,
  counts: WriteCounts,
  elementIds: ElementIds,
): Promise<void> {
  const toCreate: FactRow[] = [];
  const toUpdate: { row: FactRow; before: PropertyMap }[] = [];
  const conflicts: { path: string; message: string }[] = [];
  for (const [type, group] of groupBy(rows, (r) => r.type)) {
    const existing = await tx.run(
      `UNWIND $ids AS id MATCH (a)-[r:${relType(type, options.allowedRelTypes)} {id: id}]->(b)
       ${seekFact(type, options.allowedRelTypes)}
       RETURN r.id AS id, a.id AS from, b.id AS to, properties(r) AS props`,
      { ids: group.map((r) => r.id) },
    );
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
  // Fact ids are unique per relationship type (each type's uniqueness constraint). A check across
  // every type cost one index seek per id and type and halved import speed; the same id under two
  // types is two distinct facts, nothing is lost, and GET /api/facts/:id answers the first.
  if (conflicts.length > 0) throw new ImportConflictError(conflicts);

  await Promise.all(createFactStatements(tx, toCreate, options, elementIds));
  for (const [type, group] of groupBy(toUpdate, (u) => u.row.type)) {
    await tx.run(
      `UNWIND $rows AS row
       CREATE (:_ImportUndo {importId: $importId, kind: 'fact', factType: $type, key: row.id, before: row.before})
       WITH row MATCH ()-[r:${relType(type, options.allowedRelTypes)} {id: row.id}]->()
       ${seekFact(type, options.allowedRelTypes)} SET r += row.props`,
      {
        importId,
        type,
        rows: group.map((u) => ({
          id: u.row.id,
          props: u.row.props,
          before: JSON.stringify(plainProps(u.before)),
        })),
      },
    );
  }
  if (toCreate.length > 0) {
    await tx.run(
      'CREATE (:_ImportBatch {importId: $importId, createdNodes: [], createdFactTypes: $types, createdFactIds: $ids})',
      { importId, types: toCreate.map((r) => r.type), ids: toCreate.map((r) => r.id) },
    );
  }
  counts.created += toCreate.length;
  counts.updated += toUpdate.length;
  await tx.run('MATCH (run:_ImportRun {id: $importId}) SET run.heartbeatAt = datetime()', { importId });
}

/**
 * Runs `work` on every batch with at most `concurrency` batches in flight, each on a session of
 * its own. `done` is called as each one commits (in completion order). After a failure no new
 * batch starts; the ones in flight are awaited (they may still commit: their staging records
 * make the rollback undo them too) and the first error is thrown.
 */
async function pipelined<B, R>(
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
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { database } = options;
  const result: WriteResult = { importId, nodes: {}, facts: emptyCounts() };
  await driver.executeQuery(
    "CREATE (:_ImportRun {id: $importId, status: 'running', startedAt: datetime(), heartbeatAt: datetime()})",
    { importId },
    { database },
  );
  try {
    let done = 0;
    // A zero-progress event marks where each phase starts (validation is over by now).
    options.onProgress?.({ phase: 'nodes', done, total: plan.nodes.length });
    const elementIds: ElementIds = new Map();
    // Optimistic until a batch meets an id that exists; checked until a batch meets none.
    let checked = false;
    await pipelined(
      driver,
      database,
      chunks(plan.nodes, batchSize),
      concurrency,
      async (session, batch) => {
        if (!checked) {
          try {
            // Counts are kept only when the batch commits (a retried batch must not count twice).
            return await session.executeWrite((tx) =>
              createNodeBatch(tx, importId, batch, options, elementIds),
            );
          } catch (error) {
            if (!isConstraintFailure(error)) throw error;
            checked = true;
          }
        }
        const counts: Record<string, WriteCounts> = {};
        await session.executeWrite(async (tx) => {
          for (const key of Object.keys(counts)) delete counts[key];
          await writeNodeBatch(tx, importId, batch, options, counts, elementIds);
        });
        checked = Object.values(counts).reduce((n, c) => n + c.created, 0) < batch.length;
        return counts;
      },
      (batchCounts, batch) => {
        for (const [type, c] of Object.entries(batchCounts)) {
          const total = (result.nodes[type] ??= emptyCounts());
          total.created += c.created;
          total.updated += c.updated;
          total.unchanged += c.unchanged;
        }
        done += batch.length;
        options.onProgress?.({ phase: 'nodes', done, total: plan.nodes.length });
      },
    );
    done = 0;
    options.onProgress?.({ phase: 'facts', done, total: plan.facts.length });
    checked = false;
    await pipelined(
      driver,
      database,
      chunks(plan.facts, batchSize),
      concurrency,
      async (session, batch) => {
        if (!checked) {
          try {
            return await session.executeWrite((tx) =>
              createFactBatch(tx, importId, batch, options, elementIds),
            );
          } catch (error) {
            if (!isConstraintFailure(error)) throw error;
            checked = true;
          }
        }
        const counts = emptyCounts();
        await session.executeWrite(async (tx) => {
          Object.assign(counts, emptyCounts());
          await writeFactBatch(tx, importId, batch, options, counts, elementIds);
        });
        checked = counts.created < batch.length;
        return counts;
      },
      (batchCounts, batch) => {
        result.facts.created += batchCounts.created;
        result.facts.updated += batchCounts.updated;
        result.facts.unchanged += batchCounts.unchanged;
        done += batch.length;
        options.onProgress?.({ phase: 'facts', done, total: plan.facts.length });
      },
    );
  } catch (error) {
    options.onProgress?.({ phase: 'rollback', done: 0, total: 0 });
    await rollbackImport(driver, database, importId, options).catch(() => {
      // Left for recoverInterruptedImports: the run node still says 'running'.
    });
    throw error;
  }
  options.onProgress?.({ phase: 'commit', done: 0, total: 0 });
  await clearStaging(driver, database, importId);
  return result;
}

/** Success: the staging records go, the import stays. Batched, so huge imports need no huge transaction. */
async function clearStaging(driver: Driver, database: string, importId: string): Promise<void> {
  await driver.executeQuery(
    "MATCH (run:_ImportRun {id: $importId}) SET run.status = 'committing'",
    { importId },
    { database },
  );
  for (;;) {
    const { records } = await driver.executeQuery(
      `CALL () {
         MATCH (s:_ImportBatch {importId: $importId}) WITH s LIMIT 1000 DETACH DELETE s RETURN count(*) AS n
         UNION ALL
         MATCH (s:_ImportUndo {importId: $importId}) WITH s LIMIT 1000 DETACH DELETE s RETURN count(*) AS n
       }
       RETURN sum(n) AS deleted`,
      { importId },
      { database },
    );
    if (Number(records[0]?.get('deleted') ?? 0) === 0) break;
  }
  await driver.executeQuery('MATCH (run:_ImportRun {id: $importId}) DELETE run', { importId }, { database });
}

/**
 * Undoes an import: deletes what it created, restores what it changed, then
 * its staging records. Safe to run again after a crash part-way.
 */
export async function rollbackImport(
  driver: Driver,
  database: string,
  importId: string,
  allowed: { allowedLabels: ReadonlySet<string>; allowedRelTypes: ReadonlySet<string> },
): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.executeWrite((tx) =>
      tx.run("MATCH (run:_ImportRun {id: $importId}) SET run.status = 'rolling-back'", { importId }),
    );
    // Restore changed elements first, while their ids still resolve.
    for (;;) {
      const restored = await session.executeWrite(async (tx) => {
        const undo = await tx.run(
          `MATCH (u:_ImportUndo {importId: $importId}) WITH u LIMIT 1000
           RETURN elementId(u) AS undoId, u.kind AS kind, u.factType AS factType, u.key AS key, u.before AS before`,
          { importId },
        );
        for (const record of undo.records) {
          const before = JSON.parse(record.get('before') as string) as PropertyMap;
          if (record.get('kind') === 'node') {
            await tx.run(`MATCH (n:Entity {id: $key}) ${SEEK_ENTITY} SET n = $before`, {
              key: record.get('key'),
              before,
            });
          } else {
            const type = relType(record.get('factType') as string, allowed.allowedRelTypes);
            await tx.run(
              `MATCH ()-[r:${type} {id: $key}]->() USING INDEX SEEK r:${type}(id) SET r = $before`,
              {
                key: record.get('key'),
                before,
              },
            );
          }
          await tx.run('MATCH (u) WHERE elementId(u) = $undoId DELETE u', { undoId: record.get('undoId') });
        }
        return undo.records.length;
      });
      if (restored === 0) break;
    }
    for (;;) {
      const removed = await session.executeWrite(async (tx) => {
        const batch = await tx.run(
          `MATCH (b:_ImportBatch {importId: $importId}) WITH b LIMIT 1
           RETURN elementId(b) AS batchId, b.createdNodes AS nodes, b.createdFactTypes AS types, b.createdFactIds AS ids`,
          { importId },
        );
        const record = batch.records[0];
        if (!record) return 0;
        const types = record.get('types') as string[];
        const ids = record.get('ids') as string[];
        const factsByType = groupBy(
          ids.map((id, i) => ({ id, type: types[i]! })),
          (f) => f.type,
        );
        for (const [type, facts] of factsByType) {
          await tx.run(
            `UNWIND $ids AS id MATCH ()-[r:${relType(type, allowed.allowedRelTypes)} {id: id}]->()
             ${seekFact(type, allowed.allowedRelTypes)} DELETE r`,
            { ids: facts.map((f) => f.id) },
          );
        }
        await tx.run(`UNWIND $ids AS id MATCH (n:Entity {id: id}) ${SEEK_ENTITY} DETACH DELETE n`, {
          ids: record.get('nodes') as string[],
        });
        await tx.run('MATCH (b) WHERE elementId(b) = $batchId DELETE b', { batchId: record.get('batchId') });
        return 1;
      });
      if (removed === 0) break;
    }
    await session.executeWrite((tx) =>
      tx.run('MATCH (run:_ImportRun {id: $importId}) DELETE run', { importId }),
    );
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
  allowed: { allowedLabels: ReadonlySet<string>; allowedRelTypes: ReadonlySet<string> },
  staleAfterMs = 120_000,
): Promise<string[]> {
  const { records } = await driver.executeQuery(
    `MATCH (run:_ImportRun)
     WHERE run.status = 'rolling-back'
        OR (run.status = 'running' AND run.heartbeatAt < datetime() - duration({milliseconds: $staleAfterMs}))
     RETURN run.id AS id`,
    { staleAfterMs },
    { database },
  );
  const ids = records.map((r) => r.get('id') as string);
  for (const id of ids) await rollbackImport(driver, database, id, allowed);
  // A run that crashed while clearing its staging had fully written: finish clearing.
  const committing = await driver.executeQuery(
    "MATCH (run:_ImportRun {status: 'committing'}) RETURN run.id AS id",
    {},
    { database },
  );
  for (const record of committing.records) await clearStaging(driver, database, record.get('id') as string);
  if (ids.length > 0 || committing.records.length > 0) await markGraphChanged(driver, database);
  return ids;
}
