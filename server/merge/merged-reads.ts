/**
 * The explorer's reads in the merged view (issue 20): each asks the ordinary service, then
 * rewrites the answer with `merged-view.ts`. An id of any member stands for its cluster:
 *
 * - search: hits of one cluster collapse into the canonical's hit (best score), with `mergedFrom`;
 * - entity detail: the merged node, the sources of all members, summaries and degree summed;
 * - neighbours: the members are paged one after another under one cursor, so the cluster's page
 *   holds every member's links (a member's own "same" judgements left out);
 * - subgraph: members or canonical ids in, the merged nodes and their links out;
 * - paths: from and to may be any member; the search may cross a "same" judgement (the hop then
 *   collapses, so a path through a merged entity counts it once);
 * - saved-query results: the graph part merged.
 * `view=apart` skips all of this. A graph without judgements reads exactly as before.
 */
import type {
  EntityDetail,
  GraphNode,
  GraphPayload,
  NeighboursPage,
  PathsResponse,
  SearchHit,
  SearchResponse,
} from '../contract.js';
import { readTransaction } from '../db/graph-target.js';
import { BadRequestError } from '../errors.js';
import type { ExplorerContext } from '../graph/context.js';
import { entityDetail, resolveNode, resolveSources, subgraph } from '../graph/entity-service.js';
import { neighboursPage, type NeighboursRequest } from '../graph/neighbours-service.js';
import { findPaths, type PathsRequest } from '../graph/paths-service.js';
import type { IdentityState } from './identity-clusters.js';
import { JUDGEMENT_TYPES } from './judgement-types.js';
import { clustersTouched, mergedNode, mergePayload } from './merged-view.js';

/** Reads every member of the given clusters (missing ones are left out). */
export async function readMembers(
  context: ExplorerContext,
  state: IdentityState,
  canonicals: readonly string[],
): Promise<Map<string, GraphNode>> {
  const members = new Map<string, GraphNode>();
  if (canonicals.length === 0) return members;
  await readTransaction(context, async (tx) => {
    for (const canonical of canonicals) {
      for (const id of state.members.get(canonical) ?? [canonical]) {
        const resolved = await resolveNode(tx, id);
        if (resolved) members.set(id, context.mapper.node(resolved.node, resolved.degree));
      }
    }
  });
  return members;
}

const aliasKeyOf = (context: ExplorerContext) => (type: string) =>
  context.model.nodeTypes[type as keyof typeof context.model.nodeTypes]?.aliases ?? undefined;

/** Any payload in the merged view. */
export async function mergedPayload<T extends GraphPayload>(
  context: ExplorerContext,
  payload: T,
): Promise<T> {
  const state = await context.identity.state();
  if (state.canonical.size === 0) return payload;
  const members = await readMembers(context, state, clustersTouched(payload, state));
  return mergePayload(payload, state, members, aliasKeyOf(context));
}

/** Search hits in the merged view: one hit per cluster, the canonical's, at its best score. */
export async function mergedSearch(
  context: ExplorerContext,
  answer: SearchResponse,
): Promise<SearchResponse> {
  const state = await context.identity.state();
  if (state.canonical.size === 0) return answer;
  const touched = [...new Set(answer.hits.flatMap((h) => state.canonical.get(h.id) ?? []))];
  const members = await readMembers(context, state, touched);
  const hits: SearchHit[] = [];
  const byCluster = new Map<string, SearchHit>();
  for (const hit of answer.hits) {
    const canonical = state.canonical.get(hit.id);
    if (canonical === undefined) {
      hits.push(hit);
      continue;
    }
    const known = byCluster.get(canonical);
    if (known) {
      known.score = Math.max(known.score, hit.score);
      continue;
    }
    const node = mergedNode(canonical, state.members.get(canonical) ?? [canonical], members, 'aliases');
    const head = members.get(canonical);
    const merged: SearchHit = {
      id: canonical,
      type: head?.type ?? hit.type,
      label: head?.label ?? hit.label,
      score: hit.score,
      aliases: [...new Set([...(head ? aliasesOf(context, head) : []), ...otherNames(node)])],
      ...(node?.mergedFrom && { mergedFrom: node.mergedFrom }),
    };
    byCluster.set(canonical, merged);
    hits.push(merged);
  }
  return { ...answer, hits: hits.sort((a, b) => b.score - a.score) };
}

function aliasesOf(context: ExplorerContext, node: GraphNode): string[] {
  const key = aliasKeyOf(context)(node.type) ?? 'aliases';
  const raw = node.properties[key];
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
}

function otherNames(node: GraphNode | undefined): string[] {
  return (node?.mergedFrom ?? []).slice(1).map((m) => m.label);
}

/** `GET /api/entities/:id` in the merged view. */
export async function mergedEntityDetail(context: ExplorerContext, key: string): Promise<EntityDetail> {
  const state = await context.identity.state();
  const canonical = state.canonical.get(key);
  if (canonical === undefined) return entityDetail(context, key);
  const memberIds = state.members.get(canonical) ?? [canonical];
  const details = await Promise.all(memberIds.map((id) => entityDetail(context, id)));
  const members = new Map(details.map((d, i) => [memberIds[i]!, d.node]));
  const node = mergedNode(canonical, memberIds, members, aliasKeyOf(context)(members.get(canonical)!.type));
  // Summaries summed by link type, direction and neighbour type; the "same" judgements inside the
  // cluster are the merge, not links.
  const rows = new Map<string, EntityDetail['summary'][number]>();
  for (const detail of details) {
    for (const row of detail.summary) {
      const key = `${row.relType}\u0000${row.direction}\u0000${row.neighbourType}`;
      const known = rows.get(key);
      if (known) {
        known.count += row.count;
        if (row.approximate) known.approximate = true;
      } else rows.set(key, { ...row });
    }
  }
  const internal = memberIds.length - 1;
  const summary = [...rows.values()]
    .map((row) => (row.relType === JUDGEMENT_TYPES.same ? { ...row, count: row.count - internal } : row))
    .filter((row) => row.count > 0);
  const sourceIds = [...new Set(details.flatMap((d) => d.sources.map((s) => s.id)))];
  const sources = await readTransaction(context, (tx) => resolveSources(tx, sourceIds));
  const degree = details.reduce((sum, d) => sum + d.degree, 0) - 2 * internal;
  return { node: node!, sources, degree, summary };
}

/** The cursor of a cluster's neighbour pages: which member, and that member's own cursor. */
interface ClusterCursor {
  m: number;
  c: string | null;
}

const CLUSTER_CURSOR = 'cluster.';

function encodeClusterCursor(cursor: ClusterCursor): string {
  return CLUSTER_CURSOR + Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeClusterCursor(cursor: string, members: number): ClusterCursor {
  if (!cursor.startsWith(CLUSTER_CURSOR))
    throw new BadRequestError('The cursor belongs to another entity or view; start again without it');
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor.slice(CLUSTER_CURSOR.length), 'base64url').toString('utf8'),
    ) as {
      m?: unknown;
      c?: unknown;
    };
    if (
      typeof parsed.m === 'number' &&
      Number.isInteger(parsed.m) &&
      parsed.m >= 0 &&
      parsed.m < members &&
      (parsed.c === null || typeof parsed.c === 'string')
    )
      return { m: parsed.m, c: parsed.c };
  } catch {
    // Falls through to the refusal.
  }
  throw new BadRequestError('The cursor is not one this API gave out');
}

/** `GET /api/entities/:id/neighbours` in the merged view. */
export async function mergedNeighbours(
  context: ExplorerContext,
  request: NeighboursRequest,
): Promise<NeighboursPage> {
  const state = await context.identity.state();
  const canonical = state.canonical.get(request.key);
  if (canonical === undefined) {
    if (request.cursor?.startsWith(CLUSTER_CURSOR))
      throw new BadRequestError(
        'The cursor belongs to a merged entity that has since been split; start again',
      );
    return mergedPayload(context, await neighboursPage(context, request));
  }
  const memberIds = state.members.get(canonical) ?? [canonical];
  const fellow = new Set(memberIds);
  let at = request.cursor ? decodeClusterCursor(request.cursor, memberIds.length) : { m: 0, c: null };
  const nodes: GraphNode[] = [];
  const edges: NeighboursPage['edges'] = [];
  let capacity = request.limit;
  let total = 0;
  let truncated = false;
  let next: ClusterCursor | null = null;
  const remaining = new Map<string, NeighboursPage['remaining'][number]>();
  for (let m = 0; m < memberIds.length; m += 1) {
    const key = memberIds[m]!;
    if (m < at.m) {
      // Members already paged through still count in the total.
      total += (await neighboursPage(context, { ...request, key, cursor: undefined, limit: 1 })).total;
      continue;
    }
    const page =
      capacity > 0
        ? await neighboursPage(context, {
            ...request,
            key,
            cursor: m === at.m ? (at.c ?? undefined) : undefined,
            limit: capacity,
          })
        : await neighboursPage(context, { ...request, key, cursor: undefined, limit: 1 });
    total += page.total;
    if (capacity > 0) {
      for (const edge of page.edges) {
        const other = edge.source === key ? edge.target : edge.source;
        if (edge.type === JUDGEMENT_TYPES.same && fellow.has(other)) continue;
        edges.push(edge);
      }
      nodes.push(...page.nodes.filter((n) => !fellow.has(n.id) || n.id === key));
      capacity -= page.edges.length;
      if (page.nextCursor) {
        next ??= { m, c: page.nextCursor };
        truncated = true;
        capacity = 0;
      }
      for (const row of page.remaining) addRemaining(remaining, row);
    } else {
      next ??= { m, c: null };
      truncated = true;
      for (const row of page.remaining) addRemaining(remaining, row);
      for (const edge of page.edges)
        addRemaining(remaining, {
          relType: edge.type,
          direction: edge.source === key ? 'out' : 'in',
          count: 1,
        });
    }
    at = { m: m + 1, c: null };
  }
  // Each member's "same" judgements with its fellows are counted in its total.
  total -= 2 * (memberIds.length - 1);
  const page: NeighboursPage = {
    center: canonical,
    nodes,
    edges,
    truncated,
    nextCursor: next ? encodeClusterCursor(next) : null,
    remaining: [...remaining.values()].filter((r) => r.count > 0 && r.relType !== JUDGEMENT_TYPES.same),
    total: Math.max(total, 0),
  };
  return mergedPayload(context, page);
}

function addRemaining(
  into: Map<string, NeighboursPage['remaining'][number]>,
  row: NeighboursPage['remaining'][number],
): void {
  const key = `${row.relType}\u0000${row.direction}`;
  const known = into.get(key);
  if (known) {
    known.count += row.count;
    if (row.approximate) known.approximate = true;
  } else into.set(key, { ...row });
}

/** `POST /api/graph/subgraph` in the merged view: members stand for their clusters. */
export async function mergedSubgraph(
  context: ExplorerContext,
  keys: readonly string[],
): Promise<GraphPayload> {
  const state = await context.identity.state();
  const expanded = new Set<string>();
  for (const key of keys) {
    const canonical = state.canonical.get(key);
    for (const id of canonical === undefined ? [key] : (state.members.get(canonical) ?? [key]))
      expanded.add(id);
  }
  return mergedPayload(context, await subgraph(context, [...expanded]));
}

/**
 * `GET /api/paths` in the merged view: from and to stand for their clusters (searched from their
 * canonical entities), and the search may cross "same" judgements, which then collapse. Each such
 * crossing takes one of the hops allowed.
 */
export async function mergedFindPaths(
  context: ExplorerContext,
  request: PathsRequest,
): Promise<PathsResponse> {
  const state = await context.identity.state();
  if (state.canonical.size === 0) return findPaths(context, request);
  const canonicalOf = (id: string) => state.canonical.get(id) ?? id;
  const types =
    request.types.length > 0 && !request.types.includes(JUDGEMENT_TYPES.same)
      ? [...request.types, JUDGEMENT_TYPES.same]
      : request.types;
  const answer = await findPaths(context, {
    ...request,
    from: canonicalOf(request.from),
    to: canonicalOf(request.to),
    types,
  });
  return mergedPaths(context, answer);
}

/** A paths answer in the merged view: ends collapse, a hop across a "same" judgement vanishes. */
export async function mergedPaths(context: ExplorerContext, answer: PathsResponse): Promise<PathsResponse> {
  const state = await context.identity.state();
  if (state.canonical.size === 0) return answer;
  const merged = await mergedPayload(context, answer);
  const canonicalOf = (id: string) => state.canonical.get(id) ?? id;
  const sameInside = new Set(
    answer.edges
      .filter((e) => e.type === JUDGEMENT_TYPES.same && canonicalOf(e.source) === canonicalOf(e.target))
      .map((e) => e.id),
  );
  const paths = answer.paths.map((path) => {
    const nodes = path.nodes.map(canonicalOf).filter((id, i, all) => i === 0 || id !== all[i - 1]);
    const edges = path.edges.filter((id) => !sameInside.has(id));
    return { ...path, nodes, edges, length: edges.length };
  });
  return { ...merged, paths };
}
