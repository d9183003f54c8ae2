import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../server/contract.js';
import { byStrength, pathEvidence } from '../../server/graph/path-evidence.js';

type Link = Pick<GraphEdge, 'id' | 'status' | 'confidence' | 'sources'>;
const links: Record<string, Link> = {
  conf9: { id: 'conf9', status: 'confirmed', confidence: 0.9, sources: ['src:a'] },
  conf5: { id: 'conf5', status: 'confirmed', confidence: 0.5, sources: ['src:a'] },
  rep8: { id: 'rep8', status: 'reported', confidence: 0.8, sources: ['src:b', 'src:a'] },
  rep6: { id: 'rep6', status: 'reported', confidence: 0.6, sources: ['src:b'] },
  all6: { id: 'all6', status: 'alleged', confidence: 0.6, sources: ['src:a'] },
  all4: { id: 'all4', status: 'alleged', confidence: 0.4, sources: ['src:c'] },
  bare: { id: 'bare' },
  nostatus: { id: 'nostatus', confidence: 0.99, sources: ['src:a'] },
};
const edge = (id: string) => links[id];

describe('pathEvidence', () => {
  it('when links differ in status, then the lowest status is the weakest link whatever the confidence', () => {
    expect(pathEvidence(['conf5', 'rep8'], edge).weakest).toEqual({
      edge: 'rep8',
      status: 'reported',
      confidence: 0.8,
    });
  });

  it('when links share a status, then the lower confidence is the weakest and gives the strength', () => {
    const evidence = pathEvidence(['conf9', 'conf5'], edge);
    expect(evidence.weakest?.edge).toBe('conf5');
    expect(evidence.strength).toBe(0.5);
  });

  it('when a link has no provenance, then it is the weakest, reads unsourced and the strength is 0', () => {
    const evidence = pathEvidence(['conf9', 'bare', 'all4'], edge);
    expect(evidence.weakest).toEqual({ edge: 'bare', status: 'unsourced', confidence: null });
    expect(evidence.strength).toBe(0);
    expect(evidence.allAlleged).toBe(false);
  });

  it('when a link is unknown to the look-up, then it counts as unsourced', () => {
    expect(pathEvidence(['conf9', 'gone'], edge).weakest?.status).toBe('unsourced');
  });

  it('when a fact has sources but no status, then it ranks below alleged facts', () => {
    expect(pathEvidence(['all4', 'nostatus'], edge).weakest?.edge).toBe('nostatus');
  });

  it('when links cite sources, then the path lists each source once in order of first citation', () => {
    expect(pathEvidence(['rep8', 'conf9', 'all4'], edge).sources).toEqual(['src:b', 'src:a', 'src:c']);
  });

  it('when every link is alleged, then the path says it rests only on alleged facts', () => {
    expect(pathEvidence(['all6', 'all4'], edge).allAlleged).toBe(true);
    expect(pathEvidence(['all6', 'rep8'], edge).allAlleged).toBe(false);
  });

  it('when a path has no links, then it has no weakest link and is not all alleged', () => {
    expect(pathEvidence([], edge)).toEqual({ weakest: null, sources: [], allAlleged: false, strength: 0 });
  });
});

describe('byStrength', () => {
  const path = (name: string, edges: string[]) => ({
    name,
    length: edges.length,
    evidence: pathEvidence(edges, edge),
  });

  it('when paths are ordered by strength, then higher strength, then higher weakest status, then fewer hops come first', () => {
    const paths = [
      path('weak', ['all4']),
      path('long-strong', ['conf9', 'conf9', 'conf9']),
      path('short-strong', ['conf9']),
      path('reported-08', ['rep8']),
      path('alleged-06', ['conf9', 'all6']),
      path('reported-06', ['rep6']),
      path('unsourced', ['bare']),
    ];
    expect(byStrength(paths).map((p) => p.name)).toEqual([
      'short-strong',
      'long-strong',
      'reported-08',
      'reported-06',
      'alleged-06',
      'weak',
      'unsourced',
    ]);
  });

  it('when paths tie on everything, then they keep the order they came in', () => {
    const paths = [path('first', ['conf9']), path('second', ['conf9'])];
    expect(byStrength(paths).map((p) => p.name)).toEqual(['first', 'second']);
  });
});
