/**
 * `GET /api/paths`: how two entities are connected. Paths are undirected (a link in either
 * direction connects), capped in hops (default 6, at most 10) and in number, and run under a
 * transaction timeout; a timeout is an answer (`outcome: 'timed_out'`), not an error.
 * Every path carries its evidence (weakest link, sources: `path-evidence.ts`); `order=strength`
 * sorts the paths found strongest first (the selector still picks them by length). `without`
 * ablates sources: the search avoids every fact all of whose sources are among them, so it finds
 * the alternatives that survive, not just fewer of the same paths.
 */
import neo4j, { type Integer, type Path } from 'neo4j-driver';
import type { GraphEdge, GraphNode, PathMode, PathOrder, PathsResponse, QueryOutcome } from '../contract.js';
import { fillTemplate, integerLiteral, trustedFragment } from '../cypher-files.js';
import { BadRequestError } from '../errors.js';
import { isTimeout } from '../user-cypher/read-runner.js';
import { readTransaction } from '../db/graph-target.js';
import { caseDataSlots, caseFactSlots } from '../model/model.js';
import type { ExplorerContext } from './context.js';
import { requireNode, resolveSources } from './entity-service.js';
import { byStrength, pathEvidence } from './path-evidence.js';

export const DEFAULT_MAX_HOPS = 6;
export const MAX_HOPS = 10;
export const MAX_K = 20;
export const DEFAULT_PATHS_TIMEOUT_MS = 10_000;
export const MAX_PATHS_TIMEOUT_MS = 30_000;
/** Most paths one answer carries; `all-shortest` between hubs can have thousands. */
export const MAX_PATHS = 100;
/** Most sources one request may ablate: enough for "what if these few were wrong?". */
export const MAX_ABLATED_SOURCES = 10;

export interface PathsRequest {
  from: string;
  to: string;
  maxHops: number;
  types: string[];
  mode: PathMode;
  k: number;
  timeoutMs: number;
  order?: PathOrder;
  /** Source ids to ablate. */
  without?: string[];
}

function selector(mode: PathMode, k: number) {
  switch (mode) {
    case 'shortest':
      return trustedFragment('SHORTEST 1');
    case 'all-shortest':
      return trustedFragment('ALL SHORTEST');
    case 'k-paths':
      return trustedFragment(`SHORTEST ${integerLiteral(k, 1, MAX_K)}`);
  }
}

/** Runs one path search; unknown ends are 404s, a timeout is `outcome: 'timed_out'`. */
export async function findPaths(context: ExplorerContext, request: PathsRequest): Promise<PathsResponse> {
  if (request.from === request.to) throw new BadRequestError('from and to must be different entities');
  const quoted = await context.names.relationshipTypes(request.types, 'types');
  const statement = fillTemplate('graph/paths', {
    selector: selector(request.mode, request.k),
    relTypes: trustedFragment(quoted.length > 0 ? `:${quoted.join('|')}` : ''),
    maxHops: integerLiteral(request.maxHops, 1, MAX_HOPS),
    ...caseDataSlots('x'),
    ...caseFactSlots('r'),
  });
  const limit = request.mode === 'shortest' ? 1 : request.mode === 'k-paths' ? request.k : MAX_PATHS;

  const started = performance.now();
  // The ends are looked up first, with the explorer's own timeout, so an unknown key is a 404
  // even when the path search itself would time out.
  const ends = await readTransaction(context, async (tx) => ({
    from: await requireNode(tx, request.from),
    to: await requireNode(tx, request.to),
  }));
  let paths: { path: Path; degrees: number[] }[] = [];
  let outcome: QueryOutcome = 'complete';
  try {
    paths = await readTransaction(
      context,
      async (tx) => {
        const result = await tx.run(statement, {
          fromElementId: ends.from.elementId,
          toElementId: ends.to.elementId,
          limit: neo4j.int(limit + 1),
          without: request.without ?? [],
        });
        return result.records.map((record) => ({
          path: record.get('p') as Path,
          degrees: (record.get('degrees') as (number | Integer)[]).map((d) => neo4j.integer.toNumber(d)),
        }));
      },
      request.timeoutMs,
    );
  } catch (error) {
    if (!isTimeout(error)) throw error;
    outcome = 'timed_out';
  }
  if (paths.length > limit) {
    paths = paths.slice(0, limit);
    outcome = 'truncated';
  }

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const answer: PathsResponse['paths'] = [];
  for (const { path, degrees } of paths) {
    const pathNodes = [path.start, ...path.segments.map((segment) => segment.end)];
    const keys = pathNodes.map((node, i) => {
      const mapped = context.mapper.node(node, degrees[i]);
      if (!nodes.has(mapped.id)) nodes.set(mapped.id, mapped);
      return mapped.id;
    });
    const keyOf = new Map(pathNodes.map((node, i) => [node.elementId, keys[i]!]));
    const edgeKeys = path.segments.map((segment) => {
      const relationship = segment.relationship;
      const edge = context.mapper.edge(
        relationship,
        keyOf.get(relationship.startNodeElementId)!,
        keyOf.get(relationship.endNodeElementId)!,
      );
      if (!edges.has(edge.id)) edges.set(edge.id, edge);
      return edge.id;
    });
    answer.push({
      nodes: keys,
      edges: edgeKeys,
      length: path.length,
      evidence: pathEvidence(edgeKeys, (id) => edges.get(id)),
    });
  }
  const cited = [...new Set(answer.flatMap((p) => p.evidence.sources))];
  const sources = cited.length ? await readTransaction(context, (tx) => resolveSources(tx, cited)) : [];
  return {
    sources,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    paths: request.order === 'strength' ? byStrength(answer) : answer,
    outcome,
    elapsedMs: Math.round(performance.now() - started),
  };
}
