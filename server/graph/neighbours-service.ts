/**
 * `GET /api/entities/:id/neighbours`: paged expansion that never drowns.
 *
 * The page is shared fairly between the node's (relationship type × direction) cells, so a
 * handful of LEADS links is not hidden behind twenty thousand CUSTOMER_OF ones. Each cell is
 * paged by key (keyset paging), not by offset: in fact-id order first, then, for links without
 * a string id, in elementId order; the cursor carries each cell's last key and how many links it
 * gave. A link added or deleted between two pages therefore moves no other link across the page
 * boundary (SKIP repeated or skipped one), and a deep page costs what page 1 costs: where the
 * type's `id` index is online, Neo4j seeks it from the last key and stops after the page's links
 * (see cypher/graph/neighbours-page.cypher and `seeksIndex`). Counts come from the degree store.
 */
import { createHash } from 'node:crypto';
import neo4j, {
  type ManagedTransaction,
  type Node,
  type Record as Neo4jRecord,
  type Relationship,
} from 'neo4j-driver';
import { z } from 'zod';
import type { Direction, GraphEdge, GraphNode, NeighboursPage } from '../contract.js';
import { fillTemplate, quoteName, trustedFragment, type CypherFragment } from '../cypher-files.js';
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

/**
 * Where one cell stands. `p`: the order it is being read in (`id`: by fact id; `eid`: the links
 * without a string id, by elementId; `done`). `a`: the last key given in that order ('' before
 * the first). `n`: how many links it has given, only for the `remaining` figures.
 */
const cellStateSchema = z.strictObject({
  p: z.enum(['id', 'eid', 'done']),
  a: z.string().max(1_000),
  n: z.number().int().min(0).max(1e12),
});
type CellState = z.infer<typeof cellStateSchema>;

const cursorSchema = z.strictObject({
  v: z.literal(2),
  f: z.string().max(64),
  c: z.record(z.string().max(300), cellStateSchema),
});
type CursorState = z.infer<typeof cursorSchema>;

const START: CellState = { p: 'id', a: '', n: 0 };

/** Binds a cursor to the request it continues: other filters make its keys meaningless. */
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

/**
 * The opaque cursor handed to clients: base64url JSON of each cell's last key. The keys only
 * ever reach Cypher as parameters; cell names are matched against the node's own cells.
 */
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
  if ((parsed as { v?: unknown } | null)?.v === 1) {
    // Offsets of the SKIP pages before keyset paging: they cannot be turned into keys.
    throw new BadRequestError('The cursor is from an older version of this API; start again without it');
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

/** Cells of at most this many links are read by expanding the node (every page reads them all). */
export const SEEK_MIN_LINKS = 1_000;

/**
 * Whether a cell's id page should seek the type's `id` index rather than expand the node.
 * Expanding reads the whole cell on every page (Neo4j must rank all its links by id). Seeking
 * reads index entries of the whole type in id order until `share` belong to this node: about
 * share × typeTotal / cellCount of them when the node's ids are spread like the type's. Seek when
 * that is cheaper; a small cell is always expanded (cheap, and immune to a skewed id spread).
 */
export function seeksIndex(cellCount: number, share: number, typeTotal: number, indexed: boolean): boolean {
  if (!indexed || cellCount <= SEEK_MIN_LINKS) return false;
  return (share * typeTotal) / cellCount < cellCount;
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
  const states = new Map<string, CellState>(
    Object.entries(request.cursor ? decodeCursor(request.cursor, print).c : {}),
  );
  const indexed = await context.factIdIndexes.types();

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

    const stateOf = (cell: Cell) => states.get(cellKey(cell)) ?? START;
    // A cell ends when a read comes up short, not when its count says so: counts move when links
    // are added or deleted, and a link deleted after it was given would end the walk one early.
    const remainingOf = (cell: Cell) => {
      const state = stateOf(cell);
      return state.p === 'done' ? 0 : Math.max(1, cell.count - state.n);
    };
    // Only big cells of indexed types may seek, so only they need their type's total.
    const totals = await typeTotals(
      tx,
      cells.filter((cell) => cell.count > SEEK_MIN_LINKS && indexed.has(cell.relType)).map((c) => c.relType),
    );

    const centerNode = context.mapper.node(center.node, center.degree);
    const nodes = new Map<string, GraphNode>([[centerNode.id, centerNode]]);
    const nodeKeys = new Map<string, string>([[center.elementId, centerNode.id]]);
    const edges: GraphEdge[] = [];
    const edgeIds = new Set<string>();

    /**
     * Up to `want` links of `cell` after `state`, and the state after them. Each read asks for
     * one more than it keeps, so it knows whether the cell goes on without another query.
     */
    const readCell = async (cell: Cell, start: CellState, want: number) => {
      let state = start;
      const kept: Neo4jRecord[] = [];
      const run = async (seek: boolean, limit: number) => {
        const result = await tx.run(
          fillTemplate(seek ? 'graph/neighbours-page' : 'graph/neighbours-page-scan', {
            relationship: relationshipPattern(cell.direction, cell.relType),
            ...(seek && { indexHint: trustedFragment(`USING INDEX r:${quoteName(cell.relType)}(id)`) }),
            neighbourFilter,
            ...caseDataSlots('m'),
            ...caseFactSlots('r'),
          }),
          { elementId: center.elementId, afterPhase: state.p, after: state.a, limit: neo4j.int(limit + 1) },
        );
        const rows = result.records;
        kept.push(...rows.slice(0, limit));
        const last = rows[Math.min(limit, rows.length) - 1];
        if (last) {
          const relationship = last.get('r') as Relationship;
          state =
            last.get('hasId') === true
              ? { ...state, p: 'id', a: String(relationship.properties.id) }
              : { ...state, p: 'eid', a: relationship.elementId };
        }
        return rows.length > limit;
      };
      const seek =
        state.p === 'id' &&
        seeksIndex(cell.count, want, totals.get(cell.relType) ?? 0, indexed.has(cell.relType));
      let more = await run(seek, want);
      if (seek && !more) {
        // The ids are done; the links without one come next (a whole-cell read, once per walk).
        state = { ...state, p: 'eid', a: '' };
        more = await run(false, want - kept.length);
      }
      if (!more) state = { ...state, p: 'done' };
      return { records: kept, state: { ...state, n: state.n + kept.length } };
    };

    for (let round = 0; round < MAX_FILL_ROUNDS && edges.length < request.limit; round++) {
      const shares = allocate(request.limit - edges.length, cells.map(remainingOf));
      if (shares.every((share) => share === 0)) break;
      for (const [i, cell] of cells.entries()) {
        const share = shares[i]!;
        if (share === 0) continue;
        const { records, state } = await readCell(cell, stateOf(cell), share);
        states.set(cellKey(cell), state);
        for (const record of records) {
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
    const next: CursorState = {
      v: 2,
      f: print,
      c: Object.fromEntries(cells.map((cell) => [cellKey(cell), stateOf(cell)])),
    };
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

/** Each type's relationship count in the whole graph (count store); `relTypes` are allowlisted. */
async function typeTotals(tx: ManagedTransaction, relTypes: readonly string[]): Promise<Map<string, number>> {
  const types = [...new Set(relTypes)];
  if (types.length === 0) return new Map();
  const counts = types.map((relType) => `COUNT { ()-[:${quoteName(relType)}]->() }`).join(', ');
  const result = await tx.run(
    fillTemplate('graph/relationship-type-totals', { counts: trustedFragment(counts) }),
  );
  const values = ((result.records[0]?.get('totals') as unknown[] | undefined) ?? []).map(asNumber);
  return new Map(types.map((relType, i) => [relType, values[i] ?? 0]));
}
