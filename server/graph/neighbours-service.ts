/**
 * `GET /api/entities/:id/neighbours`: paged expansion that never drowns.
 *
 * The page is shared fairly between the node's (relationship type × direction) cells, so a
 * handful of LEADS links is not hidden behind twenty thousand CUSTOMER_OF ones. Each cell is read
 * with its own `SKIP offset LIMIT n` scan along the node's relationship chain (no ORDER BY, so
 * nothing is collected or sorted); the cursor carries the offset per cell. Counts come from the
 * degree store. A page therefore costs O(limit + offset) cheap record reads and the first page of
 * a node with a million links costs about what a node with ten does.
 */
import { createHash } from 'node:crypto';
import neo4j, { type Node, type Relationship } from 'neo4j-driver';
import { z } from 'zod';
import type { Direction, GraphEdge, GraphNode, NeighboursPage } from '../contract.js';
import { fillTemplate, trustedFragment, type CypherFragment } from '../cypher-files.js';
import { BadRequestError } from '../errors.js';
import { toJson } from '../mapping/values.js';
import { readTransaction } from '../db/graph-target.js';
import { caseDataSlots, caseFactSlots } from '../model/model.js';
import type { ExplorerContext } from './context.js';
import { requireNode } from './entity-service.js';
import { degreeCells, neighbourhoodSummary, relationshipPattern, type DegreeCell } from './neighbourhood.js';

export const DEFAULT_NEIGHBOUR_LIMIT = 50;
export const MAX_NEIGHBOUR_LIMIT = 500;
/** Fill rounds: later rounds hand capacity left by exhausted (filtered) cells to the others. */
const MAX_FILL_ROUNDS = 3;

export interface NeighboursRequest {
  key: string;
  types: string[];
  direction: Direction | 'both';
  neighbourTypes: string[];
  limit: number;
  cursor?: string | undefined;
}

interface Cell extends DegreeCell {
  approximate: boolean;
}

const cellKey = (cell: Pick<DegreeCell, 'relType' | 'direction'>) => `${cell.direction}:${cell.relType}`;

const cursorSchema = z.strictObject({
  v: z.literal(1),
  f: z.string().max(64),
  o: z.record(z.string().max(300), z.number().int().min(0).max(1e12)),
  x: z.array(z.string().max(300)).max(10_000),
});
type CursorState = z.infer<typeof cursorSchema>;

/** Binds a cursor to the request it continues: other filters make its offsets meaningless. */
function fingerprint(request: NeighboursRequest): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        request.key,
        [...request.types].sort(),
        request.direction,
        [...request.neighbourTypes].sort(),
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
}

/** The opaque cursor handed to clients (base64url JSON; only offsets, never names that reach Cypher). */
export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** Reads a cursor back; anything not made by `encodeCursor` for the same request is a 400. */
export function decodeCursor(cursor: string, expectedFingerprint: string): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('The cursor is not one this API gave out');
  }
  const state = cursorSchema.safeParse(parsed);
  if (!state.success) throw new BadRequestError('The cursor is not one this API gave out');
  if (state.data.f !== expectedFingerprint) {
    throw new BadRequestError(
      'The cursor belongs to another entity or other filters; start again without it',
    );
  }
  return state.data;
}

/**
 * Shares `capacity` between cells as evenly as their remaining links allow (water-filling), in
 * cell order, so the result is deterministic.
 */
export function allocate(capacity: number, remaining: readonly number[]): number[] {
  const given = remaining.map(() => 0);
  let left = capacity;
  let active = remaining.map((_, i) => i).filter((i) => remaining[i]! > 0);
  while (left > 0 && active.length > 0) {
    const share = Math.max(1, Math.floor(left / active.length));
    for (const i of active) {
      const give = Math.min(share, remaining[i]! - given[i]!, left);
      given[i]! += give;
      left -= give;
      if (left === 0) break;
    }
    active = active.filter((i) => given[i]! < remaining[i]!);
  }
  return given;
}

function asNumber(value: unknown): number {
  const json = toJson(value);
  return typeof json === 'number' ? json : Number(json);
}

/** One page of a node's neighbours; `request` is validated and its names are checked here. */
export async function neighboursPage(
  context: ExplorerContext,
  request: NeighboursRequest,
): Promise<NeighboursPage> {
  let relTypes: string[];
  if (request.types.length > 0) {
    await context.names.relationshipTypes(request.types, 'types');
    relTypes = [...request.types].sort();
  } else {
    relTypes = await context.names.relationshipTypesInUse();
  }
  const labelFragments = await context.names.labels(request.neighbourTypes, 'neighbourTypes');
  const neighbourFilter: CypherFragment =
    labelFragments.length > 0
      ? trustedFragment(`AND (${labelFragments.map((label) => `m:${label}`).join(' OR ')})`)
      : trustedFragment('');
  const print = fingerprint(request);
  const state: CursorState = request.cursor
    ? decodeCursor(request.cursor, print)
    : { v: 1, f: print, o: {}, x: [] };

  return readTransaction(context, async (tx) => {
    const center = await requireNode(tx, request.key);
    const { cells: allCells } = await degreeCells(tx, center.elementId, relTypes);
    let cells: Cell[] = allCells
      .filter((cell) => request.direction === 'both' || cell.direction === request.direction)
      .map((cell) => ({ ...cell, approximate: false }));

    if (request.neighbourTypes.length > 0) {
      // Counts per neighbour type: exact from the model or a small cell, else an estimate.
      const rows = await neighbourhoodSummary(tx, context.mapper, center.node, cells);
      const wanted = new Set(request.neighbourTypes);
      cells = cells
        .map((cell) => {
          const matching = rows.filter(
            (row) =>
              row.relType === cell.relType &&
              row.direction === cell.direction &&
              wanted.has(row.neighbourType),
          );
          return {
            ...cell,
            count: matching.reduce((sum, row) => sum + row.count, 0),
            approximate: matching.some((row) => row.approximate === true),
          };
        })
        .filter((cell) => cell.count > 0);
    }

    const exhausted = new Set(state.x);
    const offsets = new Map<string, number>(Object.entries(state.o));
    const remainingOf = (cell: Cell) =>
      exhausted.has(cellKey(cell)) ? 0 : Math.max(0, cell.count - (offsets.get(cellKey(cell)) ?? 0));

    const centerNode = context.mapper.node(center.node, center.degree);
    const nodes = new Map<string, GraphNode>([[centerNode.id, centerNode]]);
    const nodeKeys = new Map<string, string>([[center.elementId, centerNode.id]]);
    const edges: GraphEdge[] = [];
    const edgeIds = new Set<string>();

    for (let round = 0; round < MAX_FILL_ROUNDS && edges.length < request.limit; round++) {
      const shares = allocate(request.limit - edges.length, cells.map(remainingOf));
      if (shares.every((share) => share === 0)) break;
      for (const [i, cell] of cells.entries()) {
        const share = shares[i]!;
        if (share === 0) continue;
        const key = cellKey(cell);
        const skip = offsets.get(key) ?? 0;
        const result = await tx.run(
          fillTemplate('graph/neighbours-page', {
            relationship: relationshipPattern(cell.direction, cell.relType),
            neighbourFilter,
            ...caseDataSlots('m'),
            ...caseFactSlots('r'),
          }),
          { elementId: center.elementId, skip: neo4j.int(skip), limit: neo4j.int(share) },
        );
        offsets.set(key, skip + result.records.length);
        // Fewer than asked: the cell is done (its count was an estimate, or links went away).
        if (result.records.length < share) exhausted.add(key);
        for (const record of result.records) {
          const neighbour = record.get('m') as Node;
          const relationship = record.get('r') as Relationship;
          const mapped = context.mapper.node(neighbour, asNumber(record.get('degree')));
          if (!nodes.has(mapped.id)) nodes.set(mapped.id, mapped);
          nodeKeys.set(neighbour.elementId, mapped.id);
          const edge = context.mapper.edge(
            relationship,
            nodeKeys.get(relationship.startNodeElementId) ?? mapped.id,
            nodeKeys.get(relationship.endNodeElementId) ?? mapped.id,
          );
          if (edgeIds.has(edge.id)) continue;
          edgeIds.add(edge.id);
          edges.push(edge);
        }
      }
    }

    const remaining = cells.map((cell) => {
      const entry: NeighboursPage['remaining'][number] = {
        relType: cell.relType,
        direction: cell.direction,
        count: remainingOf(cell),
      };
      if (cell.approximate) entry.approximate = true;
      return entry;
    });
    const truncated = remaining.some((entry) => entry.count > 0);
    const next: CursorState = { v: 1, f: print, o: Object.fromEntries(offsets), x: [...exhausted] };
    return {
      center: centerNode.id,
      nodes: [...nodes.values()],
      edges,
      truncated,
      nextCursor: truncated ? encodeCursor(next) : null,
      remaining,
      total: cells.reduce((sum, cell) => sum + cell.count, 0),
    };
  });
}
