/**
 * The merged view's rewrite of a payload (server/merge/merged-view.ts): nothing changes without
 * clusters; members become their cluster's node with every name and source; edges keep their ids
 * with `via` naming the stored ends; "same" judgements inside a cluster vanish; and (property)
 * every edge of the input is in the output once, unless it is a judgement inside a cluster.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, GraphPayload } from '../../server/contract.js';
import { identityState, NO_CLUSTERS } from '../../server/merge/identity-clusters.js';
import { mergePayload } from '../../server/merge/merged-view.js';

const node = (id: string, label: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  labels: ['Country'],
  type: 'Country',
  label,
  properties: { name: label, sources: [`src:${id}`] },
  degree: 2,
  ...extra,
});
const edge = (id: string, source: string, target: string, type = 'BASED_IN'): GraphEdge => ({
  id,
  type,
  source,
  target,
  properties: {},
});

const A = node('c:a', 'Panama', { properties: { name: 'Panama', aliases: ['PA'], sources: ['src:one'] } });
const B = node('c:b', 'Republic of Panama', {
  properties: { name: 'Republic of Panama', sources: ['src:two'] },
});
const X = node('o:x', 'Registry');
const state = identityState([{ id: 'j:1', a: 'c:a', b: 'c:b', verdict: 'same', at: '2026-01-01' }]);
const members = new Map([
  ['c:a', A],
  ['c:b', B],
]);

describe('mergePayload', () => {
  it('changes nothing when nothing is judged the same', () => {
    const payload: GraphPayload = { nodes: [A, B, X], edges: [edge('f:1', 'o:x', 'c:b')] };
    expect(mergePayload(payload, NO_CLUSTERS, members)).toBe(payload);
  });

  it("reads two records as one node with both names and sources, and keeps each link's stored ends", () => {
    const payload: GraphPayload = {
      nodes: [X, B, A],
      edges: [edge('f:1', 'o:x', 'c:b'), edge('j:1', 'c:a', 'c:b', 'SAME_AS'), edge('f:2', 'o:x', 'c:a')],
    };
    const merged = mergePayload(payload, state, members);
    expect(merged.nodes.map((n) => n.id)).toEqual(['o:x', 'c:a']);
    const panama = merged.nodes[1]!;
    expect(panama.mergedFrom).toEqual([
      { id: 'c:a', type: 'Country', label: 'Panama' },
      { id: 'c:b', type: 'Country', label: 'Republic of Panama' },
    ]);
    expect(panama.properties.aliases).toEqual(['PA', 'Republic of Panama']);
    expect(panama.properties.sources).toEqual(['src:one', 'src:two']);
    // Each member's degree counts the judgement between them: 2 + 2 - 2.
    expect(panama.degree).toBe(2);
    expect(merged.edges).toEqual([
      { ...edge('f:1', 'o:x', 'c:a'), via: { source: 'o:x', target: 'c:b' } },
      edge('f:2', 'o:x', 'c:a'),
    ]);
  });

  it('keeps every edge once but the judgements inside a cluster (property)', () => {
    const ids = ['c:a', 'c:b', 'o:x', 'o:y'];
    const arbitraryEdge = fc.record({
      source: fc.constantFrom(...ids),
      target: fc.constantFrom(...ids),
      type: fc.constantFrom('BASED_IN', 'SAME_AS', 'NOT_SAME_AS'),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEdge, { maxLength: 12 }), (raw) => {
        const edges = raw.map((e, i) => edge(`f:${i}`, e.source, e.target, e.type));
        const nodes = ids.map((id) => members.get(id) ?? node(id, id));
        const merged = mergePayload({ nodes, edges }, state, members);
        const inside = (e: GraphEdge) =>
          e.type === 'SAME_AS' && [e.source, e.target].every((id) => id === 'c:a' || id === 'c:b');
        expect(merged.edges.map((e) => e.id)).toEqual(edges.filter((e) => !inside(e)).map((e) => e.id));
        expect(merged.nodes.map((n) => n.id)).toEqual(['c:a', 'o:x', 'o:y']);
        for (const e of merged.edges) expect(['c:b']).not.toContain(e.source);
      }),
    );
  });
});
