/**
 * fcose on a headless Cytoscape copy of the graph, returning positions only.
 * Runs inside the layout worker, or on the main thread when workers fail.
 * Pinned nodes are passed as fixed-position constraints.
 *
 * Owns the size-aware parameters (`fcoseOptions`), and the overlap check and
 * overlap removal that run after fcose: fcose's repulsion keeps nodes apart on
 * average, not every pair, so a cheap push-apart pass makes "no two node boxes
 * overlap at rest" a guarantee rather than a hope.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutRequest } from './layout-protocol.js';

cytoscape.use(fcose);

/** A node's box (centre and full width/height, model units); fixed boxes never move. */
export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fixed?: boolean;
}

/** The fcose parameters that depend on the size of the graph. */
export interface FcoseParams {
  quality: 'draft' | 'default';
  numIter: number;
  nodeRepulsion: number;
  idealEdgeLength: number;
  edgeElasticity: number;
  gravity: number;
  gravityRange: number;
  nodeSeparation: number;
  sampleSize: number;
}

/** Room kept between two boxes by the overlap removal (model units). */
export const BOX_GAP = 6;

/**
 * fcose parameters for a graph of `nodeCount` nodes whose boxes measure
 * `meanBox` on average (the mean of width and height, model units).
 *
 * Why these numbers: fcose's defaults (gravity 0.25, repulsion 4,500, edges of
 * 50) were tuned for a few dozen small nodes; with hundreds of labelled nodes
 * gravity wins and the graph collapses into one blob. Repulsion and edge length
 * grow with the box size so labels get room; gravity falls as the graph grows
 * so it can spread. The spring phase costs O(iterations × nodes), so the
 * iteration budget falls with the node count (fcose stops earlier when it
 * converges; the spectral start is already a fair placement, and the overlap
 * pass below cleans up what fewer iterations leave). Past 2,000 nodes only the
 * spectral phase runs: its placement plus the overlap pass stays under a
 * couple of seconds where the spring phase takes many.
 */
export function fcoseOptions(nodeCount: number, meanBox = 40): FcoseParams {
  const n = Math.max(1, Math.floor(nodeCount));
  const box = Math.min(Math.max(meanBox, 20), 160);
  // Above ~100 nodes each extra node adds less: log keeps 1,000 from exploding.
  const crowd = n <= 100 ? 1 : 1 + Math.log10(n / 100);
  return {
    quality: n > 2000 ? 'draft' : 'default',
    numIter: n <= 200 ? 2500 : n <= 500 ? 1500 : n <= 1000 ? 700 : 400,
    nodeRepulsion: Math.round(4500 * (box / 40) ** 2 * crowd),
    idealEdgeLength: Math.round(Math.max(60, box * 1.6) * Math.sqrt(crowd)),
    edgeElasticity: 0.45,
    gravity: n <= 100 ? 0.25 : n <= 500 ? 0.12 : 0.06,
    gravityRange: n <= 100 ? 3.8 : 6,
    nodeSeparation: Math.round(Math.max(75, box * 1.5)),
    sampleSize: n <= 1000 ? 25 : 15,
  };
}

function overlaps(a: Box, b: Box, gap = 0): boolean {
  return (
    Math.abs(a.x - b.x) * 2 < a.width + b.width + 2 * gap &&
    Math.abs(a.y - b.y) * 2 < a.height + b.height + 2 * gap
  );
}

/**
 * Visits every pair of boxes that may overlap (those in the same or adjacent
 * grid cells; a cell is as large as the largest box plus the gap, so boxes
 * further apart cannot touch). O(n) for spread-out layouts instead of O(n²).
 */
function forNearPairs(boxes: Box[], gap: number, visit: (a: Box, b: Box) => void): void {
  let cell = 1;
  for (const b of boxes) cell = Math.max(cell, b.width + gap, b.height + gap);
  const grid = new Map<string, Box[]>();
  for (const b of boxes) {
    const key = `${Math.floor(b.x / cell)},${Math.floor(b.y / cell)}`;
    const list = grid.get(key);
    if (list) list.push(b);
    else grid.set(key, [b]);
  }
  // Each pair once: the same cell (i < j) and four of the eight neighbours.
  const forward = [
    [1, 0],
    [-1, 1],
    [0, 1],
    [1, 1],
  ] as const;
  for (const [key, list] of grid) {
    const [cx, cy] = key.split(',').map(Number) as [number, number];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) visit(list[i]!, list[j]!);
    }
    for (const [dx, dy] of forward) {
      const other = grid.get(`${cx + dx},${cy + dy}`);
      if (!other) continue;
      for (const a of list) for (const b of other) visit(a, b);
    }
  }
}

/** The pairs of ids whose boxes overlap (touching edges do not count). */
export function overlappingPairs(boxes: readonly Box[]): [string, string][] {
  const out: [string, string][] = [];
  forNearPairs([...boxes], 0, (a, b) => {
    if (overlaps(a, b)) out.push([a.id, b.id]);
  });
  return out;
}

/**
 * Pushes overlapping boxes apart until none overlap (with `gap` between them)
 * or `maxRounds` rounds have passed; moves the boxes in place and returns the
 * number of rounds taken. Each overlapping pair moves apart along the axis
 * that needs the shorter move (so rows and columns stay rows and columns),
 * shared between the two unless one is fixed. Pinned nodes never move.
 */
export function removeOverlaps(boxes: Box[], gap = BOX_GAP, maxRounds = 200): number {
  spreadToFit(boxes, gap);
  for (let round = 1; round <= maxRounds; round++) {
    let moved = false;
    forNearPairs(boxes, gap, (a, b) => {
      if ((a.fixed && b.fixed) || !overlaps(a, b, gap)) return;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const needX = (a.width + b.width) / 2 + gap - Math.abs(dx);
      const needY = (a.height + b.height) / 2 + gap - Math.abs(dy);
      // Two boxes on the same spot: split them by their ids, the same way every time.
      const sign = (d: number) => (d !== 0 ? Math.sign(d) : a.id < b.id ? 1 : -1);
      const shareA = a.fixed ? 0 : b.fixed ? 1 : 0.5;
      const shareB = 1 - shareA;
      // A hair more than needed, so rounding to whole units cannot bring them back.
      if (needX <= needY) {
        const s = sign(dx) * (needX + 0.5);
        a.x -= s * shareA;
        b.x += s * shareB;
      } else {
        const s = sign(dy) * (needY + 0.5);
        a.y -= s * shareA;
        b.y += s * shareB;
      }
      moved = true;
    });
    if (!moved) return round;
  }
  return maxRounds;
}

/**
 * Scales the free boxes' positions about their centre when the layout is too
 * tight for its boxes: first until the boxes' total area fits the layout's
 * extent with room to spare, then by the factor that separates three quarters of
 * the overlapping pairs. Pushing apart alone moves a crowded cluster one
 * layer per round; scaling makes room for all of it at once and keeps the
 * layout's shape. Positions only: the boxes keep their sizes.
 */
function spreadToFit(boxes: Box[], gap: number): void {
  const free = boxes.filter((b) => !b.fixed);
  if (free.length < 2 || overlappingPairs(boxes).length === 0) return;
  const scale = (factor: number) => {
    const cx = free.reduce((s, b) => s + b.x, 0) / free.length;
    const cy = free.reduce((s, b) => s + b.y, 0) / free.length;
    for (const b of free) {
      b.x = cx + (b.x - cx) * factor;
      b.y = cy + (b.y - cy) * factor;
    }
  };
  unstack(free);
  let area = 0;
  let x1 = Infinity;
  let x2 = -Infinity;
  let y1 = Infinity;
  let y2 = -Infinity;
  for (const b of free) {
    area += (b.width + gap) * (b.height + gap);
    x1 = Math.min(x1, b.x - b.width / 2);
    x2 = Math.max(x2, b.x + b.width / 2);
    y1 = Math.min(y1, b.y - b.height / 2);
    y2 = Math.max(y2, b.y + b.height / 2);
  }
  // The extent the boxes cover, centres spread by the scale, sizes not: solve for the factor.
  const spanX = x2 - x1;
  const spanY = y2 - y1;
  const meanArea = area / free.length;
  if (area * 2 > spanX * spanY && spanX > 0 && spanY > 0) {
    const target = Math.sqrt((area * 2) / (spanX * spanY));
    scale(Math.min(target * (1 + Math.sqrt(meanArea) / Math.min(spanX, spanY)), 50));
  }
  const factors: number[] = [];
  forNearPairs(free, gap, (a, b) => {
    if (!overlaps(a, b, gap)) return;
    const fx = ((a.width + b.width) / 2 + gap) / Math.max(Math.abs(a.x - b.x), 1e-6);
    const fy = ((a.height + b.height) / 2 + gap) / Math.max(Math.abs(a.y - b.y), 1e-6);
    factors.push(Math.min(fx, fy));
  });
  if (factors.length === 0) return;
  factors.sort((p, q) => p - q);
  const f = factors[Math.floor(factors.length * 0.75)]!;
  if (f > 1) scale(Math.min(f, 3));
}

/**
 * Spreads boxes that share a spot on a small sunflower spiral around it. The
 * spectral phase gives nodes of the same shape (the leaves of one hub) the very
 * same position; scaling cannot separate them and pushing apart peels them off
 * one pair per round.
 */
function unstack(boxes: Box[]): void {
  const spots = new Map<string, Box[]>();
  for (const b of boxes) {
    const key = `${Math.round(b.x)},${Math.round(b.y)}`;
    const list = spots.get(key);
    if (list) list.push(b);
    else spots.set(key, [b]);
  }
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (const list of spots.values()) {
    if (list.length < 2) continue;
    const step = list.reduce((s, b) => s + (b.width + b.height) / 2, 0) / list.length / 2;
    list.forEach((b, i) => {
      const r = step * Math.sqrt(i);
      b.x += r * Math.cos(i * golden);
      b.y += r * Math.sin(i * golden);
    });
  }
}

/** The box a node occupies: its label box when the canvas sent one, its disc otherwise. */
function boxOf(n: LayoutRequest['nodes'][number]): { width: number; height: number } {
  return { width: Math.max(n.width ?? 0, n.size), height: Math.max(n.height ?? 0, n.size) };
}

/** The same computation, callable on the main thread when workers are unavailable. */
export function computeFcose(req: LayoutRequest): Record<string, { x: number; y: number }> {
  const dims = new Map(req.nodes.map((n) => [n.id, boxOf(n)]));
  const meanBox =
    req.nodes.reduce((sum, n) => {
      const d = dims.get(n.id)!;
      return sum + (d.width + d.height) / 2;
    }, 0) / Math.max(1, req.nodes.length);
  const params = fcoseOptions(req.nodes.length, meanBox);
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    // fcose repels node boxes: giving it the label box keeps labels apart, not only the discs.
    style: [{ selector: 'node', style: { shape: 'rectangle', width: 'data(w)', height: 'data(h)' } }],
    elements: [
      ...req.nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, w: dims.get(n.id)!.width, h: dims.get(n.id)!.height },
        position: { x: n.x, y: n.y },
      })),
      ...req.edges.map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target },
      })),
    ],
  });
  const fixed = req.nodes.filter((n) => n.fixed).map((n) => ({ nodeId: n.id, position: { x: n.x, y: n.y } }));
  cy.layout({
    name: 'fcose',
    ...params,
    randomize: fixed.length === 0,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    packComponents: true,
    ...(fixed.length ? { fixedNodeConstraint: fixed } : {}),
  } as cytoscape.LayoutOptions).run();
  const pinned = new Set(fixed.map((f) => f.nodeId));
  const boxes: Box[] = cy.nodes().map((n) => {
    const p = n.position();
    const d = dims.get(n.id())!;
    return { id: n.id(), x: p.x, y: p.y, ...d, fixed: pinned.has(n.id()) };
  });
  cy.destroy();
  removeOverlaps(boxes);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const b of boxes) positions[b.id] = { x: Math.round(b.x), y: Math.round(b.y) };
  return positions;
}
