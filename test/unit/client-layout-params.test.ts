import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOX_GAP,
  components,
  computeFcose,
  fcoseOptions,
  overlappingPairs,
  refine,
  removeOverlaps,
  SPRING_LIMIT,
  type Box,
} from '../../client/src/layout-compute.js';
import type { LayoutRequest } from '../../client/src/layout-protocol.js';
import { buildStylesheet } from '../../client/src/model-style.js';
import { expansionGraph } from '../support/expansion-graph.js';

/** Every pair, the slow way, for checking the grid. */
function bruteForcePairs(boxes: Box[]): number {
  let count = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height)
        count++;
    }
  }
  return count;
}

const box = fc.record({
  x: fc.integer({ min: -300, max: 300 }),
  y: fc.integer({ min: -300, max: 300 }),
  width: fc.integer({ min: 1, max: 140 }),
  height: fc.integer({ min: 1, max: 80 }),
  fixed: fc.integer({ min: 0, max: 9 }).map((v) => v === 0),
});
const boxes = fc
  .array(box, { minLength: 0, maxLength: 60 })
  .map((list) => list.map((b, i) => ({ ...b, id: `n${i}` }) as Box));

/** Laid-out boxes of a request, with the boxes the request gave. */
function laidOut(req: LayoutRequest, positions: Record<string, { x: number; y: number }>): Box[] {
  return req.nodes.map((n) => ({
    id: n.id,
    ...positions[n.id]!,
    width: Math.max(n.width ?? 0, n.size),
    height: Math.max(n.height ?? 0, n.size),
  }));
}

describe('fcoseOptions', () => {
  it('when the graph grows, then gravity never rises and repulsion and edge length never fall', () => {
    let previous = fcoseOptions(1);
    for (const n of [10, 50, 100, 116, 200, 337, 500, 1000, 2000, 5000, 20000]) {
      const p = fcoseOptions(n);
      expect(p.gravity).toBeLessThanOrEqual(previous.gravity);
      expect(p.nodeRepulsion).toBeGreaterThanOrEqual(previous.nodeRepulsion);
      expect(p.idealEdgeLength).toBeGreaterThanOrEqual(previous.idealEdgeLength);
      previous = p;
    }
  });

  it('when boxes are wider (longer labels), then nodes repel more and edges are longer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 20, max: 150 }), (n, b) => {
        const small = fcoseOptions(n, b);
        const large = fcoseOptions(n, b + 10);
        expect(large.nodeRepulsion).toBeGreaterThanOrEqual(small.nodeRepulsion);
        expect(large.idealEdgeLength).toBeGreaterThanOrEqual(small.idealEdgeLength);
        expect(large.nodeSeparation).toBeGreaterThanOrEqual(small.nodeSeparation);
      }),
    );
  });

  it('when given any size, then every parameter is a finite number, and all but refineRounds positive', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (n, b) => {
          const { quality, refineRounds, ...rest } = fcoseOptions(n, b);
          expect(['draft', 'default']).toContain(quality);
          expect(Number.isInteger(refineRounds) && refineRounds >= 0).toBe(true);
          for (const value of Object.values(rest)) {
            expect(Number.isFinite(value)).toBe(true);
            expect(value).toBeGreaterThan(0);
          }
        },
      ),
    );
  });

  it('when the graph is past SPRING_LIMIT nodes, then fcose stops after its spectral phase and refine runs', () => {
    expect(fcoseOptions(SPRING_LIMIT)).toMatchObject({ quality: 'default', refineRounds: 0 });
    expect(fcoseOptions(SPRING_LIMIT + 1).quality).toBe('draft');
    expect(fcoseOptions(SPRING_LIMIT + 1).refineRounds).toBeGreaterThan(0);
    expect(fcoseOptions(5000).refineRounds).toBeGreaterThan(0);
  });
});

describe('refine', () => {
  it('when nodes start on one spot, then linked nodes end nearer each other than unlinked ones, and pinned ones stay', () => {
    const boxes: Box[] = Array.from({ length: 40 }, (_, i) => ({
      id: `n${i}`,
      x: i === 0 ? 500 : 0,
      y: 0,
      width: 60,
      height: 46,
      fixed: i === 0,
    }));
    // Two stars: 1..19 around 1, 21..39 around 21.
    const links: [number, number][] = [];
    for (let i = 2; i < 20; i++) links.push([1, i]);
    for (let i = 22; i < 40; i++) links.push([21, i]);
    refine(boxes, links, 120);
    expect(boxes[0]).toMatchObject({ x: 500, y: 0 });
    const dist = (a: number, b: number) => Math.hypot(boxes[a]!.x - boxes[b]!.x, boxes[a]!.y - boxes[b]!.y);
    const within = dist(1, 5) + dist(21, 25);
    const across = dist(1, 25) + dist(21, 5);
    expect(within).toBeLessThan(across);
    for (const b of boxes) expect(Number.isFinite(b.x) && Number.isFinite(b.y)).toBe(true);
  });
});

describe('overlappingPairs', () => {
  const at = (id: string, x: number, y: number, width = 20, height = 10): Box => ({
    id,
    x,
    y,
    width,
    height,
  });

  it('when boxes overlap, then the pair is listed; when they only touch or are apart, then not', () => {
    expect(overlappingPairs([at('a', 0, 0), at('b', 19, 9)])).toEqual([['a', 'b']]);
    expect(overlappingPairs([at('a', 0, 0), at('b', 20, 0)])).toEqual([]);
    expect(overlappingPairs([at('a', 0, 0), at('b', 0, 10)])).toEqual([]);
    expect(overlappingPairs([at('a', 0, 0), at('b', 500, 500)])).toEqual([]);
    expect(overlappingPairs([at('a', 0, 0), at('b', 0, 0), at('c', 0, 0)])).toHaveLength(3);
  });

  it('when boxes of any size lie anywhere, then it finds the same pairs as comparing every pair', () => {
    fc.assert(
      fc.property(boxes, (list) => {
        expect(overlappingPairs(list)).toHaveLength(bruteForcePairs(list));
      }),
    );
  });
});

describe('removeOverlaps', () => {
  it('when boxes overlap anywhere, then afterwards none overlap and pinned boxes have not moved', () => {
    fc.assert(
      fc.property(boxes, (list) => {
        // Two pinned boxes that overlap each other cannot be helped: keep at most one pinned.
        let pinned = 0;
        const input = list.map((b) => ({ ...b, fixed: b.fixed === true && pinned++ === 0 }));
        const moved = input.map((b) => ({ ...b }));
        removeOverlaps(moved);
        expect(overlappingPairs(moved)).toEqual([]);
        moved.forEach((b, i) => {
          if (b.fixed) expect({ x: b.x, y: b.y }).toEqual({ x: input[i]!.x, y: input[i]!.y });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('when forty boxes sit on one spot, then they end apart by at least the gap', () => {
    const pile: Box[] = Array.from({ length: 40 }, (_, i) => ({
      id: `n${i}`,
      x: 5,
      y: 5,
      width: 90,
      height: 46,
    }));
    removeOverlaps(pile);
    const grown = pile.map((b) => ({ ...b, width: b.width + BOX_GAP - 1, height: b.height + BOX_GAP - 1 }));
    expect(overlappingPairs(grown)).toEqual([]);
  });

  it('when nothing overlaps, then nothing moves', () => {
    const apart: Box[] = [
      { id: 'a', x: 0, y: 0, width: 30, height: 30 },
      { id: 'b', x: 100, y: 0, width: 30, height: 30 },
    ];
    const copy = apart.map((b) => ({ ...b }));
    removeOverlaps(copy);
    expect(copy).toEqual(apart);
  });
});

describe('computeFcose on a generated expansion (hubs, spokes, random links)', () => {
  it.each([300, 1000])(
    'when %i nodes with label boxes are laid out, then no two node boxes overlap',
    (n) => {
      const req = expansionGraph(n);
      const boxesAfter = laidOut(req, computeFcose(req));
      expect(overlappingPairs(boxesAfter)).toEqual([]);
      // Spread, not scattered: the boxes fill a fair part of the area the layout takes.
      const xs = boxesAfter.map((b) => b.x);
      const ys = boxesAfter.map((b) => b.y);
      const extent = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
      const area = boxesAfter.reduce((s, b) => s + b.width * b.height, 0);
      expect(area / extent).toBeGreaterThan(0.05);
    },
    60_000,
  );

  it('when a node is pinned, then it stays where it was and the others avoid it', () => {
    const req = expansionGraph(120);
    req.nodes[5] = { ...req.nodes[5]!, x: 40, y: -30, fixed: true };
    const positions = computeFcose(req);
    expect(positions[req.nodes[5]!.id]).toEqual({ x: 40, y: -30 });
    expect(overlappingPairs(laidOut(req, positions))).toEqual([]);
  }, 30_000);

  it('when the request has no boxes, then the node discs are kept apart', () => {
    const req = expansionGraph(200);
    for (const node of req.nodes) {
      delete node.width;
      delete node.height;
    }
    expect(overlappingPairs(laidOut(req, computeFcose(req)))).toEqual([]);
  }, 30_000);
});

describe('computeFcose on many small components (people and their devices)', () => {
  /** `stars` stars of 1 + (i % 7) leaves, plus a few lone nodes, all starting on one spot. */
  function starsGraph(stars: number): LayoutRequest {
    const req: LayoutRequest = { requestId: 1, nodes: [], edges: [] };
    for (let s = 0; s < stars; s++) {
      req.nodes.push({ id: `h${s}`, x: 0, y: 0, size: 40, width: 110, height: 56 });
      for (let l = 0; l <= s % 7; l++) {
        req.nodes.push({
          id: `l${s}-${l}`,
          x: 0,
          y: 0,
          size: 30,
          width: 30 + ((s * 31 + l * 17) % 110),
          height: 46,
        });
        req.edges.push({ id: `e${s}-${l}`, source: `h${s}`, target: `l${s}-${l}` });
      }
    }
    for (let i = 0; i < 5; i++) req.nodes.push({ id: `lone${i}`, x: 0, y: 0, size: 30 });
    return req;
  }

  it('when split, then every node is in exactly one component with its links', () => {
    const req = starsGraph(30);
    req.edges.push({ id: 'dangling', source: 'h0', target: 'not-drawn' });
    const parts = components(req);
    expect(parts).toHaveLength(35);
    expect(parts.flatMap((p) => p.nodes.map((n) => n.id)).sort()).toEqual(req.nodes.map((n) => n.id).sort());
    expect(parts.reduce((s, p) => s + p.edges.length, 0)).toBe(req.edges.length - 1);
  });

  it('when 6,000 nodes fall into 1,255 components, then no two boxes overlap and each component keeps to itself', () => {
    const req = starsGraph(1250);
    const positions = computeFcose(req);
    expect(overlappingPairs(laidOut(req, positions))).toEqual([]);
    // A leaf sits nearer its own hub than any other star's hub sits to that hub.
    const at = (id: string) => positions[id]!;
    const d = (a: string, b: string) => Math.hypot(at(a).x - at(b).x, at(a).y - at(b).y);
    expect(d('h10', 'l10-3')).toBeLessThan(d('h10', 'h11'));
  }, 30_000);
});

describe('buildStylesheet for large views', () => {
  const edgeBlocks = (sheet: unknown) =>
    (sheet as { selector: string; style: Record<string, unknown> }[]).filter((b) => b.selector === 'edge');

  it('when the view is very large, then edges are straight haystacks (no control points or arrows to compute)', () => {
    const large = edgeBlocks(buildStylesheet(null, { edgeLabels: false, largeView: true }));
    expect(large.at(-1)!.style['curve-style']).toBe('haystack');
    const small = edgeBlocks(buildStylesheet(null));
    expect(small.map((b) => b.style['curve-style'])).not.toContain('haystack');
    // A large view without the very large flag keeps its arrows.
    expect(edgeBlocks(buildStylesheet(null, { edgeLabels: false })).at(-1)!.style['curve-style']).not.toBe(
      'haystack',
    );
  });
});
