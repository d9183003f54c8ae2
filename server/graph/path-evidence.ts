/**
 * What a path rests on: its weakest link, its sources, whether it is all allegation, and a
 * strength to order paths by. Pure (no driver, no DOM): the server attaches it to every path it
 * answers and the client imports it as a value (like `server/export/csv-cell.ts`) to judge paths
 * it already holds, so the two can never rank the same path differently.
 *
 * The rule, in one place:
 * - a link's rank is its status (alleged < reported < confirmed), then its confidence; a link
 *   with no sources is `unsourced` and ranks below every fact (nothing vouches for it); a fact
 *   with sources but no status ranks just above that, a missing confidence counts as 0;
 * - the path's weakest link is its lowest-ranked link (the first of equals);
 * - its strength is the weakest link's confidence (0 when unsourced);
 * - strongest first: higher strength, then the weakest link's higher status, then fewer hops,
 *   then the order the server found them in.
 */
import { FACT_STATUSES, type GraphEdge, type PathEvidence } from '../contract.js';

type Link = Pick<GraphEdge, 'id' | 'status' | 'confidence' | 'sources'>;

/** -1 for an unsourced link, 0 for a sourced fact without a status, then 1 + the status index. */
function statusRank(edge: Link | undefined): number {
  if (!edge?.sources?.length) return -1;
  return edge.status === undefined ? 0 : 1 + FACT_STATUSES.indexOf(edge.status);
}

function weakestStatusRank(evidence: PathEvidence): number {
  const status = evidence.weakest?.status;
  if (status === undefined || status === 'unsourced') return -1;
  return 1 + FACT_STATUSES.indexOf(status);
}

/**
 * The evidence of one path, given its link ids in order and a look-up for the links. A link the
 * look-up cannot find counts as unsourced: a path is never stronger than what can be shown for it.
 */
export function pathEvidence(
  edgeIds: readonly string[],
  edge: (id: string) => Link | undefined,
): PathEvidence {
  let weakest: { id: string; rank: number; confidence: number } | null = null;
  const sources: string[] = [];
  let allAlleged = edgeIds.length > 0;
  for (const id of edgeIds) {
    const link = edge(id);
    const rank = statusRank(link);
    const confidence = rank < 0 ? 0 : (link?.confidence ?? 0);
    if (!weakest || rank < weakest.rank || (rank === weakest.rank && confidence < weakest.confidence)) {
      weakest = { id, rank, confidence };
    }
    for (const source of link?.sources ?? []) if (!sources.includes(source)) sources.push(source);
    if (link?.status !== 'alleged' || rank < 0) allAlleged = false;
  }
  if (!weakest) return { weakest: null, sources, allAlleged: false, strength: 0 };
  const link = edge(weakest.id);
  const unsourced = weakest.rank < 0;
  return {
    weakest: {
      edge: weakest.id,
      status: unsourced ? 'unsourced' : (link?.status ?? 'unsourced'),
      confidence: unsourced ? null : (link?.confidence ?? null),
    },
    sources,
    allAlleged,
    strength: weakest.confidence,
  };
}

/** Negative when path `a` is stronger than `b` (sorts strongest first); 0 when they tie. */
export function compareStrength(
  a: { evidence: PathEvidence; length: number },
  b: { evidence: PathEvidence; length: number },
): number {
  return (
    b.evidence.strength - a.evidence.strength ||
    weakestStatusRank(b.evidence) - weakestStatusRank(a.evidence) ||
    a.length - b.length
  );
}

/** The paths strongest first; equals keep their order (Array.prototype.sort is stable). */
export function byStrength<P extends { evidence: PathEvidence; length: number }>(paths: readonly P[]): P[] {
  return [...paths].sort(compareStrength);
}
