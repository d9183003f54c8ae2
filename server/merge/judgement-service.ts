/**
 * Judgements written and retracted: "these two records are the same entity", "they are not",
 * "cannot tell". Each is a claim in the case graph (see `judgement-types.ts` for how it is
 * stored), made by a signed-in investigator with a reason, the evidence they saw and the sources
 * they cite; the two records are never written.
 *
 * A judgement is checked against all the others before it is written, in the same transaction,
 * which first takes the graph-state lock so two judgements never pass the check side by side: a
 * "same" that a "not same" blocks, or a "not same" inside a cluster, is refused with the reason
 * (409) and writes nothing. A split deletes "same" judgements; the audit log keeps what they
 * said, so a merge and its split leave the graph as it was.
 */
import type { ManagedTransaction, Node, Relationship } from 'neo4j-driver';
import type {
  ClusterState,
  EntityRef,
  JudgementList,
  JudgementRequest,
  JudgementResult,
  JudgementView,
  MergeReason,
  SplitResult,
  Verdict,
} from '../contract.js';
import { cypher, fillTemplate, quoteName } from '../cypher-files.js';
import { readTransaction, writeTransaction } from '../db/graph-target.js';
import { AppError, ValidationError } from '../errors.js';
import type { ExplorerContext } from '../graph/context.js';
import { requireNode, sourceIds } from '../graph/entity-service.js';
import { markGraphChanged, type GraphChanges } from '../graph-state/graph-state.js';
import { toJson } from '../mapping/values.js';
import { resolveJudgements } from './clusters.js';
import { identityState, readJudgements, type IdentityState } from './identity-clusters.js';
import { JUDGEMENT_TYPES, judgementId, verdictOfType } from './judgement-types.js';

/** 409: the judgement contradicts judgements already made; `details.blockedBy` names the one. */
export class JudgementBlockedError extends AppError {
  constructor(message: string, blockedBy?: string) {
    super(409, 'JUDGEMENT_BLOCKED', message, blockedBy ? { blockedBy } : undefined);
  }
}

/** 409: the pair is judged already, with another verdict; the request must say it replaces it. */
export class JudgementExistsError extends AppError {
  constructor(message: string, existing: string) {
    super(409, 'JUDGEMENT_EXISTS', message, { existing });
  }
}

/** 409: a split of an entity that no "same" judgement joins to another. */
export class NotMergedError extends AppError {
  constructor(id: string) {
    super(409, 'NOT_MERGED', `${id} is not merged with any other entity: there is nothing to split`);
  }
}

export const DEFAULT_JUDGEMENT_CONFIDENCE = 0.8;

interface Judge {
  username: string;
}

const CLAIMS: Record<Verdict, (a: string, b: string) => string> = {
  same: (a, b) => `${a} and ${b} are the same entity.`,
  'not-same': (a, b) => `${a} and ${b} are different entities.`,
  unsure: (a, b) => `${a} and ${b} may be the same entity; the judge could not tell.`,
};

function named(ref: EntityRef): string {
  return `${ref.label} (${ref.id})`;
}

function entityRef(context: ExplorerContext, node: Node): EntityRef {
  const mapped = context.mapper.node(node);
  return { id: mapped.id, type: mapped.type, label: mapped.label };
}

function parseEvidence(value: unknown): MergeReason[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? (parsed as MergeReason[]) : [];
  } catch {
    return [];
  }
}

/** A stored judgement as the API serves it. */
export function judgementView(context: ExplorerContext, a: Node, r: Relationship, b: Node): JudgementView {
  const props = r.properties as Record<string, unknown>;
  const text = (key: string) => {
    const value = toJson(props[key]);
    return typeof value === 'string' ? value : '';
  };
  const confidence = toJson(props.confidence);
  return {
    id: text('id'),
    a: entityRef(context, a),
    b: entityRef(context, b),
    verdict: verdictOfType(r.type) ?? 'unsure',
    reason: text('reason'),
    confidence: typeof confidence === 'number' ? confidence : 0,
    claim: text('claim'),
    judgedBy: text('judgedBy'),
    judgedAt: text('judgedAt'),
    evidence: parseEvidence(props.evidence),
    sources: sourceIds(props),
  };
}

async function clusterState(
  context: ExplorerContext,
  tx: ManagedTransaction,
  state: IdentityState,
  id: string,
): Promise<ClusterState> {
  const canonical = state.canonical.get(id) ?? id;
  const ids = state.members.get(canonical) ?? [id];
  const members: EntityRef[] = [];
  for (const member of ids) members.push(entityRef(context, (await requireNode(tx, member)).node));
  return { canonical, members };
}

/** Records a judgement; see the module comment. */
export async function judge(
  context: ExplorerContext,
  changes: GraphChanges | undefined,
  judgeOf: Judge,
  request: JudgementRequest,
): Promise<JudgementResult> {
  if (request.a === request.b) throw new ValidationError('A judgement needs two different entities');
  const result = await writeTransaction(context, async (tx) => {
    // The graph-state lock first: judgements are checked against each other one at a time.
    await tx.run(cypher('graph-state/bump'));
    const a = await requireNode(tx, request.a);
    const b = await requireNode(tx, request.b);
    const refA = entityRef(context, a.node);
    const refB = entityRef(context, b.node);
    for (const ref of [refA, refB]) {
      if (ref.type === 'Source')
        throw new ValidationError(`${ref.id} is a source document: judgements are about entities`);
    }
    // Keys as the graph reads them (a request may name an entity by element id).
    const [fromRef, toRef] = refA.id < refB.id ? [refA, refB] : [refB, refA];
    const [fromNode, toNode] = refA.id < refB.id ? [a, b] : [b, a];

    const cited = request.sources ?? [
      ...new Set([...sourceIds(a.node.properties), ...sourceIds(b.node.properties)]),
    ];
    if (request.sources) {
      const found = await tx.run(cypher('merge/sources-existing'), { ids: request.sources });
      const known = new Set((found.records[0]?.get('ids') as string[] | undefined) ?? []);
      const unknown = request.sources.filter((s) => !known.has(s));
      if (unknown.length > 0)
        throw new ValidationError(`Unknown sources: ${unknown.join(', ')}`, { unknownSources: unknown });
    }
    if (cited.length === 0)
      throw new ValidationError('Neither entity cites a source: name the sources the judgement rests on');

    const id = judgementId(fromRef.id, toRef.id);
    const judgedAt = new Date().toISOString();
    const existing = await readJudgements(tx);
    // Another verdict on the pair replaces it only when the judge has seen it and says so, so
    // nobody's "not same" is overturned by someone who never saw it.
    const previous = existing.find((j) => j.id === id);
    if (previous && previous.verdict !== request.verdict && !request.replace) {
      const said = await tx.run(cypher('merge/judgements-of'), { elementIds: [fromNode.elementId] });
      const view = said.records
        .map((r) =>
          judgementView(context, r.get('a') as Node, r.get('r') as Relationship, r.get('b') as Node),
        )
        .find((j) => j.id === id);
      throw new JudgementExistsError(
        `${named(fromRef)} and ${named(toRef)} were judged "${previous.verdict}" by ${view?.judgedBy ?? 'someone'}` +
          `${view?.judgedAt ? ` on ${view.judgedAt.slice(0, 10)}` : ''}${view?.reason ? ` ("${view.reason}")` : ''}; ` +
          'to change the verdict, confirm that it replaces that judgement',
        id,
      );
    }
    const proposed = { id, a: fromRef.id, b: toRef.id, verdict: request.verdict, at: judgedAt };
    // Another verdict on the pair is replaced, so it takes no part in the check.
    const others = existing.filter((j) => j.id !== id);
    const refusal = resolveJudgements([...others, proposed]).refused.find((r) => r.judgement.id === id);
    if (refusal) throw new JudgementBlockedError(refusal.reason, refusal.blockedBy?.id);

    const properties = {
      id,
      claim: CLAIMS[request.verdict](named(fromRef), named(toRef)),
      status: 'reported',
      confidence: request.confidence ?? DEFAULT_JUDGEMENT_CONFIDENCE,
      attribution: `Judged by ${judgeOf.username}`,
      sources: cited,
      reason: request.reason,
      evidence: JSON.stringify(request.evidence ?? []),
      judgedBy: judgeOf.username,
      judgedAt,
    };
    const written = await tx.run(
      fillTemplate('merge/judgement-replace', { relType: quoteName(JUDGEMENT_TYPES[request.verdict]) }),
      { fromElementId: fromNode.elementId, toElementId: toNode.elementId, properties },
    );
    const relationship = written.records[0]!.get('r') as Relationship;
    const state = identityState([...others, proposed]);
    return {
      judgement: judgementView(context, fromNode.node, relationship, toNode.node),
      cluster: await clusterState(context, tx, state, refA.id),
    };
  });
  await markGraphChanged(context.driver, context.database, changes);
  return result;
}

/** Every judgement touching the entity's cluster (or the entity alone), oldest first. */
export async function listJudgements(context: ExplorerContext, key: string): Promise<JudgementList> {
  const state = await context.identity.state();
  return readTransaction(context, async (tx) => {
    const subject = await requireNode(tx, key);
    const id = entityRef(context, subject.node).id;
    const cluster = await clusterState(context, tx, state, id);
    const elementIds: string[] = [];
    for (const member of cluster.members) elementIds.push((await requireNode(tx, member.id)).elementId);
    const result = await tx.run(cypher('merge/judgements-of'), { elementIds });
    const judgements = result.records.map((record) =>
      judgementView(
        context,
        record.get('a') as Node,
        record.get('r') as Relationship,
        record.get('b') as Node,
      ),
    );
    return { judgements, cluster };
  });
}

/**
 * Retracts "same" judgements: every one inside the entity's cluster (`cluster`), or only those
 * touching the entity (`entity`, taking it out). Returns what was retracted, in full, for the
 * audit log, and the clusters left.
 */
export async function split(
  context: ExplorerContext,
  changes: GraphChanges | undefined,
  key: string,
  scope: 'cluster' | 'entity',
): Promise<SplitResult & { said: Record<string, unknown>[] }> {
  const result = await writeTransaction(context, async (tx) => {
    await tx.run(cypher('graph-state/bump'));
    const subject = await requireNode(tx, key);
    const id = entityRef(context, subject.node).id;
    const judgements = await readJudgements(tx);
    const state = identityState(judgements);
    const canonical = state.canonical.get(id);
    if (canonical === undefined) throw new NotMergedError(id);
    const members = new Set(state.members.get(canonical) ?? []);
    const retract = judgements.filter(
      (j) =>
        j.verdict === 'same' &&
        (scope === 'entity' ? j.a === id || j.b === id : members.has(j.a) && members.has(j.b)),
    );
    const deleted = await tx.run(cypher('merge/judgements-retract'), { ids: retract.map((j) => j.id) });
    const said = deleted.records.map((record) => ({
      from: record.get('from') as string,
      to: record.get('to') as string,
      ...(toJson(record.get('said')) as Record<string, unknown>),
    }));
    const left = identityState(judgements.filter((j) => !retract.includes(j)));
    const clusters: ClusterState[] = [];
    const seen = new Set<string>();
    for (const member of [...members].sort()) {
      const head = left.canonical.get(member) ?? member;
      if (seen.has(head)) continue;
      seen.add(head);
      clusters.push(await clusterState(context, tx, left, member));
    }
    return { retracted: retract.map((j) => j.id), clusters, said };
  });
  await markGraphChanged(context.driver, context.database, changes);
  return result;
}
