import { describe, expect, it } from 'vitest';
import type { GraphEdge } from '../../server/contract.js';
import { pathText } from '../../client/src/path-text.js';

const edges: Record<string, Pick<GraphEdge, 'type' | 'source' | 'target'>> = {
  e1: { type: 'OWNS', source: 'a', target: 'b' },
  e2: { type: 'EMPLOYS', source: 'c', target: 'b' },
  e3: { type: 'DIRECTS', source: 'a', target: 'b' },
};
const label = (id: string) => id.toUpperCase();
const edge = (id: string) => edges[id];

describe('pathText', () => {
  it('when a path is read, then each hop shows its relationship type and direction', () => {
    expect(pathText({ nodes: ['a', 'b', 'c'], edges: ['e1', 'e2'], length: 2 }, label, edge)).toBe(
      'A —OWNS→ B ←EMPLOYS— C',
    );
  });

  it('when two paths pass the same entities by different links, then their texts differ', () => {
    const one = pathText({ nodes: ['a', 'b'], edges: ['e1'], length: 1 }, label, edge);
    const two = pathText({ nodes: ['a', 'b'], edges: ['e3'], length: 1 }, label, edge);
    expect(one).not.toBe(two);
  });

  it('when a link is unknown, then the hop still reads as a hop', () => {
    expect(pathText({ nodes: ['a', 'b'], edges: ['zz'], length: 1 }, label, edge)).toBe('A —?→ B');
  });
});
