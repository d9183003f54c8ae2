import { describe, expect, it } from 'vitest';
import { ablationEffect, brokenPaths, factBreaks } from '../../client/src/ablation.js';

const REPORT = 'src:report';
const FILING = 'src:filing';
const edges = [
  { id: 'onlyReport', source: 'a', target: 'b', sources: [REPORT] },
  { id: 'both', source: 'b', target: 'c', sources: [REPORT, FILING] },
  { id: 'onlyFiling', source: 'c', target: 'd', sources: [FILING] },
  { id: 'bare', source: 'd', target: 'e' },
  { id: 'reportToF', source: 'a', target: 'f', sources: [REPORT] },
];
const nodes = ['a', 'b', 'c', 'd', 'e', 'f', 'lonely'].map((id) => ({ id }));
const edge = (id: string) => edges.find((e) => e.id === id);

describe('source ablation', () => {
  it('when a source is ablated, then only the facts resting on it alone break', () => {
    const ablated = new Set([REPORT]);
    expect(edges.filter((e) => factBreaks(e, ablated)).map((e) => e.id)).toEqual(['onlyReport', 'reportToF']);
  });

  it('when every cited source is ablated, then a fact citing several breaks; a fact without sources never does', () => {
    const ablated = new Set([REPORT, FILING]);
    expect(factBreaks(edge('both')!, ablated)).toBe(true);
    expect(factBreaks(edge('bare')!, ablated)).toBe(false);
  });

  it('when facts break, then the entities whose every drawn fact breaks fade, and only those', () => {
    const effect = ablationEffect(nodes, edges, new Set([REPORT]));
    expect(effect.facts).toEqual(new Set(['onlyReport', 'reportToF']));
    // a: both its facts break; f: its one fact breaks; b keeps "both"; lonely has no facts drawn.
    expect(effect.nodes).toEqual(new Set(['a', 'f']));
  });

  it('when nothing is ablated, then nothing breaks', () => {
    expect(ablationEffect(nodes, edges, new Set())).toEqual({ facts: new Set(), nodes: new Set() });
  });

  it('when paths are judged, then a path breaks when any link breaks; unknown links are kept', () => {
    const paths = [{ edges: ['onlyReport', 'both'] }, { edges: ['both', 'onlyFiling'] }, { edges: ['gone'] }];
    expect(brokenPaths(paths, edge, new Set([REPORT]))).toEqual([true, false, false]);
  });
});
