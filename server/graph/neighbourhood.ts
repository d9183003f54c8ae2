/**
 * A node's neighbourhood in numbers, at a cost that does not grow with its degree.
 *
 * - Counts per relationship type × direction come from Neo4j's degree store
 *   (`COUNT { (n)-[:T]->() }` is planned as getDegree: constant time even on a node with a
 *   million relationships).
 * - The split by neighbour type comes from the model when the type allows one endpoint type on
 *   that side; else, for cells of at most SPLIT_EXPAND_LIMIT links, from looking at them; else
 *   from the summary precomputed at import time (`summaryJson`, see
 *   `refreshNeighbourhoodSummaries`); else from a sample of SPLIT_EXPAND_LIMIT links, scaled up
 *   and flagged `approximate`.
 */
import neo4j, { type ManagedTransaction, type Node, type Transaction } from 'neo4j-driver';
import { z } from 'zod';
import type { Direction, NeighbourhoodSummaryRow } from '../contract.js';
import { cypher, fillTemplate, quoteName, trustedFragment, type CypherFragment } from '../cypher-files.js';
import { GraphMapper } from '../mapping/graph-mapper.js';
import { toJson } from '../mapping/values.js';
import { caseDataSlots, caseFactSlots, caseStatement, loadModel, type CaseModel } from '../model/model.js';

/** Cells up to this many links are split by looking at them; also the "dense node" threshold. */
export const SPLIT_EXPAND_LIMIT = 1_000;

type AnyTransaction = ManagedTransaction | Transaction;

/** Links of one node along one relationship type and direction. */
export interface DegreeCell {
  relType: string;
  direction: Direction;
  count: number;
}

/** A relationship pattern fragment from the node `n` to `m`, with the relationship as `r`. */
export function relationshipPattern(direction: Direction, relType: string): CypherFragment {
  const type = quoteName(relType);
  return trustedFragment(direction === 'out' ? `-[r:${type}]->` : `<-[r:${type}]-`);
}

function asNumber(value: unknown): number {
  const json = toJson(value);
  return typeof json === 'number' ? json : Number(json);
}

/**
 * Degrees of a node per type and direction (only non-zero cells), and its total degree.
 * `relTypes` must already be allowlisted (they are spliced, quoted).
 */
export async function degreeCells(
  tx: AnyTransaction,
  elementId: string,
  relTypes: readonly string[],
): Promise<{ cells: DegreeCell[]; degree: number }> {
  const counts = relTypes
    .flatMap((relType) => {
      const type = quoteName(relType);
      return [`COUNT { (n)-[:${type}]->() }`, `COUNT { (n)<-[:${type}]-() }`];
    })
    .join(', ');
  const result = await tx.run(fillTemplate('graph/degree-by-type', { counts: trustedFragment(counts) }), {
    elementId,
  });
  const record = result.records[0];
  if (!record) return { cells: [], degree: 0 };
  const values = (record.get('counts') as unknown[]).map(asNumber);
  const cells: DegreeCell[] = [];
  relTypes.forEach((relType, i) => {
    const out = values[2 * i] ?? 0;
    const inbound = values[2 * i + 1] ?? 0;
    if (out > 0) cells.push({ relType, direction: 'out', count: out });
    if (inbound > 0) cells.push({ relType, direction: 'in', count: inbound });
  });
  return { cells, degree: asNumber(record.get('degree')) };
}

const summarySchema = z.object({
  v: z.literal(1),
  cells: z.array(
    z.object({
      t: z.string(),
      d: z.enum(['out', 'in']),
      n: z.string(),
      c: z.number().int().nonnegative(),
    }),
  ),
});
type StoredSummary = z.infer<typeof summarySchema>;

function parseStoredSummary(node: Node): StoredSummary | undefined {
  const raw = (node.properties as Record<string, unknown>).summaryJson;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = summarySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The neighbour type on the far side of a cell when the model allows exactly one. */
export function modelNeighbourType(model: CaseModel, cell: Pick<DegreeCell, 'relType' | 'direction'>) {
  const spec = model.relationshipTypes[cell.relType];
  if (!spec) return undefined;
  const far = cell.direction === 'out' ? spec.to : spec.from;
  return far.length === 1 ? far[0] : undefined;
}

/** Splits counts in proportion to a sample, keeping the total exact. */
function scale(sample: Map<string, number>, total: number): Map<string, number> {
  const sampled = [...sample.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (sampled === 0) return out;
  let assigned = 0;
  const entries = [...sample.entries()].sort((a, b) => b[1] - a[1]);
  entries.forEach(([type, count], i) => {
    const share = i === entries.length - 1 ? total - assigned : Math.round((count / sampled) * total);
    assigned += share;
    out.set(type, share);
  });
  return out;
}

/**
 * The summary rows of one node: counts by relationship type × direction × neighbour type.
 * The work is bounded by (number of cells) × SPLIT_EXPAND_LIMIT, whatever the node's degree.
 */
export async function neighbourhoodSummary(
  tx: AnyTransaction,
  mapper: GraphMapper,
  node: Node,
  cells: readonly DegreeCell[],
): Promise<NeighbourhoodSummaryRow[]> {
  const rows: NeighbourhoodSummaryRow[] = [];
  const stored = parseStoredSummary(node);
  for (const cell of cells) {
    const single = modelNeighbourType(mapper.model, cell);
    if (single) {
      rows.push({ ...cell, neighbourType: single });
      continue;
    }
    const fromStore = stored?.cells.filter((c) => c.t === cell.relType && c.d === cell.direction) ?? [];
    const storedTotal = fromStore.reduce((sum, c) => sum + c.c, 0);
    if (cell.count > SPLIT_EXPAND_LIMIT && fromStore.length > 0) {
      const split = new Map(fromStore.map((c) => [c.n, c.c]));
      const exact = storedTotal === cell.count;
      for (const [neighbourType, count] of exact ? split : scale(split, cell.count)) {
        rows.push({ ...cell, neighbourType, count, ...(exact ? {} : { approximate: true }) });
      }
      continue;
    }
    const result = await tx.run(
      fillTemplate('graph/neighbour-labels', {
        relationship: relationshipPattern(cell.direction, cell.relType),
        ...caseDataSlots('m'),
        ...caseFactSlots('r'),
      }),
      { elementId: node.elementId, limit: neo4j.int(SPLIT_EXPAND_LIMIT) },
    );
    const sample = new Map<string, number>();
    for (const record of result.records) {
      const type = mapper.nodeType(record.get('labels') as string[]);
      sample.set(type, (sample.get(type) ?? 0) + asNumber(record.get('count')));
    }
    const exact = cell.count <= SPLIT_EXPAND_LIMIT;
    for (const [neighbourType, count] of exact ? sample : scale(sample, cell.count)) {
      rows.push({ ...cell, neighbourType, count, ...(exact ? {} : { approximate: true }) });
    }
  }
  return rows.sort(
    (a, b) =>
      b.count - a.count ||
      a.relType.localeCompare(b.relType) ||
      a.direction.localeCompare(b.direction) ||
      a.neighbourType.localeCompare(b.neighbourType),
  );
}

/**
 * Recomputes the stored neighbourhood summaries of the given entities (by `id`), in the caller's
 * write transaction. Call it after an import for every entity it touched, both ends of every
 * fact included. Entities with more than SPLIT_EXPAND_LIMIT links get a `summaryJson` property
 * (with `summaryUpdatedAt`); the others lose theirs, because their summary is cheap to compute
 * live. This walks all relationships of the dense nodes: import-time work, so reads stay O(1).
 */
export async function refreshNeighbourhoodSummaries(
  tx: AnyTransaction,
  ids: readonly string[],
  options: { model?: CaseModel; threshold?: number } = {},
): Promise<{ written: number; cleared: number }> {
  const mapper = new GraphMapper(options.model ?? loadModel());
  const threshold = options.threshold ?? SPLIT_EXPAND_LIMIT;
  const unique = [...new Set(ids)];
  const result = await tx.run(caseStatement('graph/summary-cells', ['m'], ['r']), { ids: unique, threshold });
  const updatedAt = new Date().toISOString();
  const rows: { id: string; summaryJson: string; updatedAt: string }[] = [];
  const clear: string[] = [];
  for (const record of result.records) {
    const id = record.get('id') as string;
    if (asNumber(record.get('degree')) <= threshold) {
      clear.push(id);
      continue;
    }
    const merged = new Map<string, StoredSummary['cells'][number]>();
    for (const [relType, direction, labels, count] of record.get('cells') as [
      string,
      Direction,
      string[],
      unknown,
    ][]) {
      const n = mapper.nodeType(labels);
      const key = `${relType}\u0000${direction}\u0000${n}`;
      const existing = merged.get(key);
      if (existing) existing.c += asNumber(count);
      else merged.set(key, { t: relType, d: direction, n, c: asNumber(count) });
    }
    // In a fixed order, so the same neighbourhood is the same text (an unchanged one is not rewritten).
    const cells = [...merged.values()].sort((a, b) =>
      `${a.t}\u0000${a.d}\u0000${a.n}`.localeCompare(`${b.t}\u0000${b.d}\u0000${b.n}`),
    );
    const summary: StoredSummary = { v: 1, cells };
    rows.push({ id, summaryJson: JSON.stringify(summary), updatedAt });
  }
  if (rows.length > 0) await tx.run(cypher('graph/summary-write'), { rows });
  if (clear.length > 0) await tx.run(cypher('graph/summary-clear'), { ids: clear });
  return { written: rows.length, cleared: clear.length };
}
