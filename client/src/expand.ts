/**
 * What the "expand" menu offers, computed from the neighbourhood summary of
 * `GET /api/entities/:id` before anything loads: one entry per relationship
 * type and direction with its count, the neighbour types behind it, and how
 * many of those links are already on the canvas. Pure.
 */
import type {
  Direction,
  GraphEdge,
  GraphNode,
  NeighbourhoodSummaryRow,
  NeighboursPage,
} from '../../server/contract.js';

/** How many neighbours one expansion loads by default; the rest come with "load N more". */
export const EXPAND_CAP = 25;

/** The page sizes a person may choose for Expand and "load more". */
export const PAGE_SIZES = [25, 50, 100, 250] as const;

/** The server's largest `limit` for a neighbours page (MAX_NEIGHBOUR_LIMIT in server/graph). */
export const MAX_FETCH = 500;

/** "Load all" draws in chunks of this many, so progress shows on the canvas and Cancel keeps them. */
export const LOAD_ALL_CHUNK = 100;

/** The default cap of "load all" (README: configuration). */
export const LOAD_ALL_CAP = 500;

/** At most this many requests for one click: the scan past drawn neighbours must end. */
export const MAX_ROUNDS = 40;

export interface ExpandOption {
  relType: string;
  direction: Direction;
  /** Links of this type and direction in the database. */
  count: number;
  /** Of those, how many are already drawn. */
  onCanvas: number;
  neighbourTypes: { type: string; count: number }[];
}

/**
 * Groups summary rows by relationship type and direction, largest first.
 * `drawn` maps `relType|direction` to the number of such links on the canvas.
 */
export function expandOptions(
  summary: NeighbourhoodSummaryRow[],
  drawn: ReadonlyMap<string, number> = new Map(),
): ExpandOption[] {
  const byKey = new Map<string, ExpandOption>();
  for (const row of summary) {
    const key = `${row.relType}|${row.direction}`;
    let opt = byKey.get(key);
    if (!opt) {
      opt = {
        relType: row.relType,
        direction: row.direction,
        count: 0,
        onCanvas: Math.max(0, drawn.get(key) ?? 0),
        neighbourTypes: [],
      };
      byKey.set(key, opt);
    }
    opt.count += row.count;
    opt.neighbourTypes.push({ type: row.neighbourType, count: row.count });
  }
  const options = [...byKey.values()];
  for (const o of options) {
    o.onCanvas = Math.min(o.onCanvas, o.count);
    o.neighbourTypes.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  }
  return options.sort(
    (a, b) =>
      b.count - a.count || a.relType.localeCompare(b.relType) || a.direction.localeCompare(b.direction),
  );
}

/** Total links in a summary. */
export function summaryTotal(summary: NeighbourhoodSummaryRow[]): number {
  return summary.reduce((sum, r) => sum + r.count, 0);
}

/** "→ SUPPLIED · 12 (Organisation 8, Person 4)", for menus and screen readers. */
export function describeOption(o: ExpandOption): string {
  const arrow = o.direction === 'out' ? '→' : '←';
  const types = o.neighbourTypes.map((t) => `${t.type} ${t.count}`).join(', ');
  return `${arrow} ${o.relType} · ${o.count}${types ? ` (${types})` : ''}`;
}

/** How many to ask for next: the cap, or fewer when fewer remain. */
export function nextPageSize(remaining: number, cap = EXPAND_CAP): number {
  return Math.max(0, Math.min(cap, remaining));
}

/**
 * Where an expansion of one (node, types, direction) stands: the server's cursor (undefined before
 * the first page, null once the server has nothing more) and what was fetched but not yet shown.
 */
export interface FillCursor {
  next: string | null | undefined;
  buffer: { edges: GraphEdge[]; nodes: GraphNode[] };
  /** Links of the group in the database, from the last page. */
  total: number;
}

export const freshCursor = (): FillCursor => ({
  next: undefined,
  buffer: { edges: [], nodes: [] },
  total: 0,
});

/** True when neither the server nor the buffer has anything left. */
export const exhausted = (c: FillCursor): boolean => c.next === null && c.buffer.edges.length === 0;

export interface FillOptions {
  /** How many neighbours not yet on the canvas to find. */
  want: number;
  /** Whether a node is already drawn. */
  isDrawn(id: string): boolean;
  /** Links of this group already drawn: the first request asks for that many more, to get past them. */
  drawnInGroup?: number;
  /** Checked between requests; true stops with what was found so far. */
  cancelled?(): boolean;
  onProgress?(found: number): void;
  maxRounds?: number;
}

export interface FillResult {
  /** What to add: every fetched link up to the last new neighbour taken, with both ends. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The neighbours that were not on the canvas, in page order. */
  newIds: string[];
  cursor: FillCursor;
  rounds: number;
}

/**
 * Fetches pages until `want` neighbours that are NOT on the canvas are found, or the links run out.
 * A page fetched from the start after a workspace was reopened holds mostly drawn neighbours;
 * taking it as "the next page" added nothing (issue 16). Links beyond the last neighbour taken stay
 * in the cursor's buffer for the next call, so none is skipped. Pure apart from `fetch`.
 */
export async function fillNew(
  center: string,
  start: FillCursor,
  fetch: (cursor: string | undefined, limit: number) => Promise<NeighboursPage>,
  opts: FillOptions,
): Promise<FillResult> {
  const want = Math.max(0, opts.want);
  const maxRounds = opts.maxRounds ?? MAX_ROUNDS;
  const taken = new Set<string>();
  const newIds: string[] = [];
  const edges: GraphEdge[] = [];
  const nodes = new Map<string, GraphNode>();
  let cursor: FillCursor = { ...start, buffer: { edges: [], nodes: [] } };
  let drawnLeft = Math.max(0, opts.drawnInGroup ?? 0);

  /** Takes links in order until `want` new neighbours are in; returns what is left over. */
  const consume = (list: GraphEdge[], byId: Map<string, GraphNode>): GraphEdge[] => {
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      const other = e.source === center ? e.target : e.source;
      const fresh = other !== center && !opts.isDrawn(other) && !taken.has(other);
      if (fresh) {
        if (taken.size >= want) return list.slice(i);
        taken.add(other);
        newIds.push(other);
      } else if (opts.isDrawn(other)) {
        drawnLeft = Math.max(0, drawnLeft - 1);
      }
      edges.push(e);
      for (const id of [e.source, e.target]) {
        const n = byId.get(id);
        if (n && !nodes.has(id)) nodes.set(id, n);
      }
    }
    return [];
  };
  const leftover = (rest: GraphEdge[], byId: Map<string, GraphNode>) => {
    const ids = new Set(rest.flatMap((e) => [e.source, e.target]));
    return { edges: rest, nodes: [...ids].map((id) => byId.get(id)).filter((n): n is GraphNode => !!n) };
  };

  const buffered = new Map(start.buffer.nodes.map((n) => [n.id, n]));
  cursor.buffer = leftover(consume(start.buffer.edges, buffered), buffered);

  let rounds = 0;
  while (
    taken.size < want &&
    cursor.buffer.edges.length === 0 &&
    cursor.next !== null &&
    rounds < maxRounds &&
    !opts.cancelled?.()
  ) {
    const limit = Math.max(1, Math.min(MAX_FETCH, want - taken.size + drawnLeft));
    const page = await fetch(cursor.next, limit);
    rounds++;
    const byId = new Map(page.nodes.map((n) => [n.id, n]));
    const rest = consume(page.edges, byId);
    cursor = { next: page.nextCursor, buffer: leftover(rest, byId), total: page.total };
    opts.onProgress?.(taken.size);
  }
  return { nodes: [...nodes.values()], edges, newIds, cursor, rounds };
}
