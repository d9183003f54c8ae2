/**
 * `GET /api/entities/:id/merge-candidates`: the entities that may be the same as this one, best
 * first, each with the reasons it scored (`candidates.ts`).
 *
 * The full-text index proposes the pairs: each of the entity's names (its display name and
 * aliases) is searched, so a candidate must share at least a name-like word with it, typos and
 * word order allowed. Identifiers (email, domain, phone, ISO code) then count towards the score of
 * what the names found; they do not find candidates on their own, because an unindexed equality
 * look-up over every label would be a scan of the whole graph.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphNode, Verdict } from '../contract.js';
import { readTransaction } from '../db/graph-target.js';
import type { ExplorerContext } from '../graph/context.js';
import { requireNode, resolveNode } from '../graph/entity-service.js';
import { caseDataStatement } from '../model/model.js';
import { search } from '../search/search-service.js';
import { scoreCandidate, type CandidateEntity, type CandidateReason } from './candidates.js';

/** Names searched per entity at most (display name first, then aliases). */
const MAX_NAMES_SEARCHED = 5;
/** Hits read per name: the candidates scored are at most this many times the names. */
const HITS_PER_NAME = 20;
export const DEFAULT_CANDIDATES = 10;
export const MAX_CANDIDATES = 50;

export interface MergeCandidate {
  entity: Pick<GraphNode, 'id' | 'type' | 'label'>;
  score: number;
  reasons: CandidateReason[];
  /** The pair's judgement, when it has one. */
  judgement?: Verdict;
}

export interface MergeCandidatesResponse {
  entity: Pick<GraphNode, 'id' | 'type' | 'label'>;
  candidates: MergeCandidate[];
}

function aliasesOf(node: GraphNode, aliasKey: string | undefined): string[] {
  const raw = aliasKey ? node.properties[aliasKey] : undefined;
  return Array.isArray(raw) ? raw.filter((a): a is string => typeof a === 'string' && a.trim() !== '') : [];
}

async function describe(
  context: ExplorerContext,
  tx: ManagedTransaction,
  elementId: string,
  node: GraphNode,
): Promise<CandidateEntity> {
  const result = await tx.run(caseDataStatement('merge/entity-countries', 'c'), { elementId });
  const countries = (result.records[0]?.get('countries') as string[] | undefined) ?? [];
  return {
    id: node.id,
    type: node.type,
    name: node.label,
    aliases: aliasesOf(node, context.model.nodeTypes[node.type]?.aliases),
    properties: node.properties,
    countries,
  };
}

/** Likely duplicates of one entity (404 when it does not exist), best first. */
export async function entityCandidates(
  context: ExplorerContext,
  key: string,
  limit = DEFAULT_CANDIDATES,
): Promise<MergeCandidatesResponse> {
  const subject = await readTransaction(context, async (tx) => {
    const resolved = await requireNode(tx, key);
    const node = context.mapper.node(resolved.node);
    return describe(context, tx, resolved.elementId, node);
  });

  const names = [subject.name, ...subject.aliases].slice(0, MAX_NAMES_SEARCHED);
  const found = new Set<string>();
  for (const name of names) {
    const { hits } = await search(context, { q: name, types: [], limit: HITS_PER_NAME });
    for (const hit of hits) if (hit.id !== subject.id) found.add(hit.id);
  }

  const scored = await readTransaction(context, async (tx) => {
    const out: MergeCandidate[] = [];
    for (const candidateKey of found) {
      const resolved = await resolveNode(tx, candidateKey);
      if (!resolved) continue;
      const node = context.mapper.node(resolved.node);
      const { score, reasons } = scoreCandidate(
        subject,
        await describe(context, tx, resolved.elementId, node),
      );
      if (score > 0)
        out.push({ entity: { id: node.id, type: node.type, label: node.label }, score, reasons });
    }
    return out;
  });
  scored.sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id));
  // Each pair's verdict, if judged, so nobody judges it again without seeing the first.
  const { judgements } = await context.identity.state();
  for (const candidate of scored) {
    const judged = judgements.find(
      (j) =>
        (j.a === subject.id && j.b === candidate.entity.id) ||
        (j.b === subject.id && j.a === candidate.entity.id),
    );
    if (judged) candidate.judgement = judged.verdict;
  }
  return {
    entity: { id: subject.id, type: subject.type, label: subject.name },
    candidates: scored.slice(0, Math.min(limit, MAX_CANDIDATES)),
  };
}
