/**
 * The merged view of a graph payload (issue 20): entities judged the same read as ONE node.
 * Pure: the reads (`merged-reads.ts`) fetch the payload and the members, this module rewrites it.
 *
 * - Every member node is replaced by its cluster's node: the canonical entity (the cluster's
 *   smallest id) with the other members' names added to its aliases, the sources of all, and
 *   `mergedFrom` listing every member, canonical first.
 * - Every edge keeps its id; an end that moved to its cluster's node is remapped, and `via` keeps
 *   the ends as stored, so each link still says which record it came from.
 * - "Same" judgements inside a cluster are the merge itself, not links: they are left out.
 *   "Not same" and "unsure" judgements stay, as any fact.
 * With no clusters the payload comes back as it was, so a graph without judgements reads the same.
 */
import type { EntityRef, GraphEdge, GraphNode, GraphPayload, JsonValue } from '../contract.js';
import type { IdentityState } from './identity-clusters.js';
import { JUDGEMENT_TYPES } from './judgement-types.js';

/** What the view needs of each member: its node as the mapper gives it. */
export type MemberNodes = ReadonlyMap<string, GraphNode>;

/** The canonical ids of the clusters that the payload's nodes and edge ends belong to. */
export function clustersTouched(payload: GraphPayload, state: IdentityState): string[] {
  const touched = new Set<string>();
  const note = (id: string) => {
    const canonical = state.canonical.get(id);
    if (canonical !== undefined) touched.add(canonical);
  };
  for (const node of payload.nodes) note(node.id);
  for (const edge of payload.edges) {
    note(edge.source);
    note(edge.target);
  }
  return [...touched];
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The node a cluster reads as. `aliasKey` is the model's alias property of the canonical's type
 * (absent: `aliases`). Members missing from `members` are named by id.
 */
export function mergedNode(
  canonical: string,
  memberIds: readonly string[],
  members: MemberNodes,
  aliasKey = 'aliases',
): GraphNode | undefined {
  const head = members.get(canonical);
  if (!head) return undefined;
  const refs: EntityRef[] = memberIds.map((id) => {
    const node = members.get(id);
    return { id, type: node?.type ?? head.type, label: node?.label ?? id };
  });
  const names = new Set<string>();
  const sources = new Set<string>();
  let degree = 0;
  let degreeKnown = true;
  for (const id of memberIds) {
    const node = members.get(id);
    if (!node) continue;
    if (id !== canonical) names.add(node.label);
    for (const alias of strings(node.properties[aliasKey])) names.add(alias);
    for (const source of strings(node.properties.sources)) sources.add(source);
    if (node.degree === undefined) degreeKnown = false;
    else degree += node.degree;
  }
  names.delete(head.label);
  const properties: Record<string, JsonValue> = { ...head.properties };
  if (names.size > 0) properties[aliasKey] = [...names];
  if (sources.size > 0) properties.sources = [...sources];
  const merged: GraphNode = { ...head, properties, mergedFrom: refs };
  // The "same" judgements inside the cluster are counted in each member's degree, twice in all.
  if (degreeKnown && head.degree !== undefined) merged.degree = degree - 2 * (memberIds.length - 1);
  else delete merged.degree;
  return merged;
}

/** The payload in the merged view; see the module comment. `T`'s other fields are kept. */
export function mergePayload<T extends GraphPayload>(
  payload: T,
  state: IdentityState,
  members: MemberNodes,
  aliasKeyOf: (type: string) => string | undefined = () => undefined,
): T {
  if (state.canonical.size === 0) return payload;
  const canonicalOf = (id: string) => state.canonical.get(id) ?? id;
  const nodes: GraphNode[] = [];
  const placed = new Set<string>();
  for (const node of payload.nodes) {
    const canonical = canonicalOf(node.id);
    if (placed.has(canonical)) continue;
    placed.add(canonical);
    if (canonical === node.id && !state.members.has(canonical)) {
      nodes.push(node);
      continue;
    }
    const memberIds = state.members.get(canonical) ?? [canonical];
    const head = members.get(canonical);
    nodes.push(
      mergedNode(canonical, memberIds, members, aliasKeyOf(head?.type ?? node.type) ?? undefined) ?? node,
    );
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const edge of payload.edges) {
    if (seen.has(edge.id)) continue;
    seen.add(edge.id);
    const source = canonicalOf(edge.source);
    const target = canonicalOf(edge.target);
    if (edge.type === JUDGEMENT_TYPES.same && source === target && state.canonical.has(edge.source)) continue;
    if (source === edge.source && target === edge.target) {
      edges.push(edge);
      continue;
    }
    edges.push({ ...edge, source, target, via: { source: edge.source, target: edge.target } });
  }
  return { ...payload, nodes, edges };
}
