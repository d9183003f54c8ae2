import { describe, expect, it } from 'vitest';
import type { GraphPayload, ModelResponse } from '../../server/contract.js';
import {
  edgeElement,
  gridPositions,
  nodeElement,
  nodeSize,
  payloadElements,
  placeAround,
  planMerge,
} from '../../client/src/elements.js';

const model: ModelResponse = {
  nodeTypes: {
    Person: {
      description: '',
      display: 'name',
      style: { color: '#D62728', icon: 'person', shape: 'ellipse' },
    },
  },
  relationshipTypes: {},
  statuses: ['alleged', 'reported', 'confirmed'],
  graphAccess: 'write',
};

const payload: GraphPayload = {
  nodes: [
    { id: 'p1', labels: ['Person'], type: 'Person', label: 'Ada', properties: { name: 'Ada' }, degree: 3 },
    { id: 'x1', labels: ['Thing'], type: 'Thing', label: '', properties: {} },
  ],
  edges: [
    {
      id: 'f1',
      type: 'KNOWS_OF',
      source: 'p1',
      target: 'x1',
      properties: {},
      status: 'alleged',
      confidence: 0.3,
    },
    { id: 'f2', type: 'KNOWS_OF', source: 'p1', target: 'missing', properties: {} },
  ],
};

describe('client elements: API payload → Cytoscape elements', () => {
  it('when a node has a known type, then its data carries type, label, degree and a size grown by degree', () => {
    const el = nodeElement(payload.nodes[0]!, model);
    expect(el.group).toBe('nodes');
    expect(el.data).toMatchObject({ id: 'p1', type: 'Person', label: 'Ada', known: true, degree: 3 });
    expect(el.data.size).toBeGreaterThan(nodeSize(0));
  });

  it('when a node has an unknown type and no label, then it is marked unknown and labelled by its id', () => {
    expect(nodeElement(payload.nodes[1]!, model).data).toMatchObject({ known: false, label: 'x1' });
  });

  it('when an edge has low confidence, then it gets the low-confidence class and a readable label', () => {
    const el = edgeElement(payload.edges[0]!);
    expect(el.classes).toBe('low-confidence');
    expect(el.data).toMatchObject({ source: 'p1', target: 'x1', status: 'alleged', label: 'knows of' });
  });

  it('when a payload has an edge to a node it does not hold, then that edge is dropped', () => {
    const ids = payloadElements(payload, model).map((e) => e.data.id);
    expect(ids).toEqual(['p1', 'x1', 'f1']);
  });

  it('when node sizes are computed, then they grow with degree and stay within 30..78', () => {
    expect(nodeSize(undefined)).toBe(30);
    expect(nodeSize(1)).toBeLessThan(nodeSize(10));
    expect(nodeSize(1_000_000)).toBe(78);
  });
});

describe('client elements: merging into the canvas', () => {
  it('when part of a payload is on the canvas, then only new nodes and new edges with both ends present are planned', () => {
    const plan = planMerge(new Set(['p1']), payload);
    expect(plan.nodes.map((n) => n.id)).toEqual(['x1']);
    expect(plan.edges.map((e) => e.id)).toEqual(['f1']);
    expect(plan.existing).toEqual(['p1']);
  });

  it('when everything is already drawn, then the plan is empty', () => {
    const plan = planMerge(new Set(['p1', 'x1', 'f1']), payload);
    expect(plan.nodes).toEqual([]);
    expect(plan.edges).toEqual([]);
  });

  it('when a payload repeats a node, then it is planned once', () => {
    const plan = planMerge(new Set(), { nodes: [payload.nodes[0]!, payload.nodes[0]!], edges: [] });
    expect(plan.nodes).toHaveLength(1);
  });
});

describe('client elements: placement of new nodes', () => {
  it('when nodes are placed around a parent, then none lands on an occupied spot or on each other', () => {
    const occupied = [
      { x: 0, y: 0 },
      { x: 0, y: -112 },
      { x: 120, y: 0 },
    ];
    const placed = placeAround({ x: 0, y: 0 }, 30, occupied, 70);
    expect(placed).toHaveLength(30);
    for (const p of placed) {
      for (const o of occupied) expect(Math.hypot(p.x - o.x, p.y - o.y)).toBeGreaterThanOrEqual(70);
    }
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        expect(Math.hypot(placed[i]!.x - placed[j]!.x, placed[i]!.y - placed[j]!.y)).toBeGreaterThanOrEqual(
          70,
        );
      }
    }
  });

  it('when the same expansion is placed twice, then it lands the same way (deterministic)', () => {
    expect(placeAround({ x: 10, y: 10 }, 8, [])).toEqual(placeAround({ x: 10, y: 10 }, 8, []));
  });

  it('when nodes have no parent, then they go on a square-ish grid from the origin', () => {
    const g = gridPositions({ x: 100, y: 0 }, 5, 10);
    expect(g).toEqual([
      { x: 100, y: 0 },
      { x: 110, y: 0 },
      { x: 120, y: 0 },
      { x: 100, y: 10 },
      { x: 110, y: 10 },
    ]);
  });
});
