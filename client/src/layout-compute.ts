/**
 * fcose on a headless Cytoscape copy of the graph, returning positions only.
 * Runs inside the layout worker, or on the main thread when workers fail.
 * Pinned nodes are passed as fixed-position constraints.
 *
 * Owns the size-aware parameters (`fcoseOptions`), the split into connected
 * components and their packing, a cheap force pass for large parts (`refine`),
 * and the overlap check and removal that run last: fcose's repulsion keeps
 * nodes apart on average, not every pair, so a push-apart pass makes "no two
 * node boxes overlap at rest" a guarantee rather than a hope. Node boxes are
 * the label boxes the canvas sends (`width`/`height`), else the node discs.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutRequest } from './layout-protocol.js';
import { BOX_GAP, removeOverlaps, unstack, type Box } from './node-separation.js';

// The overlap check and removal live in node-separation.ts (the canvas uses them after every
// layout); re-exported for the tests and the bench, which know them from here.
export { BOX_GAP, overlappingPairs, removeOverlaps, type Box } from './node-separation.js';

cytoscape.use(fcose);

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
  /** Rounds of `refine` after fcose (0 when fcose's own spring phase runs). */
  refineRounds: number;
}

/** Above this many nodes fcose stops after its spectral phase and `refine` does the rest. */
export const SPRING_LIMIT = 400;

/**
 * fcose parameters for a graph of `nodeCount` nodes whose boxes measure
 * `meanBox` on average (the mean of width and height, model units).
 *
 * Why these numbers: fcose's defaults (gravity 0.25, repulsion 4,500, edges of
 * 50) were tuned for a few dozen small nodes; with hundreds of labelled nodes
 * gravity wins and the graph collapses into one blob. Repulsion and edge length
 * grow with the box size so labels get room; gravity falls as the graph grows
 * so it can spread. `numIter` is only a floor: cose-base runs up to 5 × nodes
 * iterations whatever it says, and at 1,000 nodes its spring phase took 1–2 s,
 * mostly in its geometry objects. So past SPRING_LIMIT nodes fcose stops after
 * its spectral phase and `refine` does the spring work on plain arrays.
 */
export function fcoseOptions(nodeCount: number, meanBox = 40): FcoseParams {
  const n = Math.max(1, Math.floor(nodeCount));
  const box = Math.min(Math.max(meanBox, 20), 160);
  // Above ~100 nodes each extra node adds less: log keeps 1,000 from exploding.
  const crowd = n <= 100 ? 1 : 1 + Math.log10(n / 100);
  return {
    quality: n > SPRING_LIMIT ? 'draft' : 'default',
    numIter: n <= 200 ? 2500 : n <= 500 ? 1500 : n <= 1000 ? 700 : 400,
    nodeRepulsion: Math.round(4500 * (box / 40) ** 2 * crowd),
    idealEdgeLength: Math.round(Math.max(60, box * 1.6) * Math.sqrt(crowd)),
    edgeElasticity: 0.45,
    gravity: n <= 100 ? 0.25 : n <= 500 ? 0.12 : 0.06,
    gravityRange: n <= 100 ? 3.8 : 6,
    nodeSeparation: Math.round(Math.max(75, box * 1.5)),
    sampleSize: n <= 1000 ? 25 : 15,
    refineRounds: n <= SPRING_LIMIT ? 0 : n <= 2000 ? 120 : 60,
  };
}

/**
 * A few rounds of force-directed placement (Fruchterman and Reingold, repulsion only between
 * nodes in neighbouring grid cells) on plain arrays, moving the boxes in place. fcose's own spring
 * phase spends most of a 1,000-node layout on geometry objects; this does the same job in a few
 * milliseconds per round, starting from fcose's spectral placement. `links` are index pairs.
 */
export function refine(boxes: Box[], links: readonly [number, number][], rounds: number): void {
  const n = boxes.length;
  if (n < 2 || rounds <= 0) return;
  unstack(boxes.filter((b) => !b.fixed));
  // The ideal distance between neighbours: a box and a half, so labels have room.
  const k = (boxes.reduce((s, b) => s + (b.width + b.height) / 2, 0) / n) * 1.5 + BOX_GAP;
  const x = Float64Array.from(boxes, (b) => b.x);
  const y = Float64Array.from(boxes, (b) => b.y);
  const free = boxes.map((b) => !b.fixed);
  // Start at the right scale: spectral distances are in its own units.
  let length = 0;
  for (const [a, b] of links) length += Math.hypot(x[a]! - x[b]!, y[a]! - y[b]!);
  length /= Math.max(1, links.length);
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += x[i]!;
    cy += y[i]!;
  }
  cx /= n;
  cy /= n;
  if (length > 0 && !boxes.some((b) => b.fixed)) {
    const f = (k * 1.2) / length;
    for (let i = 0; i < n; i++) {
      x[i] = cx + (x[i]! - cx) * f;
      y[i] = cy + (y[i]! - cy) * f;
    }
  }
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const cell = 2 * k;
  const gravity = 0.3 / Math.sqrt(n);
  for (let round = 0; round < rounds; round++) {
    const temperature = k * 2 * (1 - round / rounds) + k * 0.05;
    dx.fill(0);
    dy.fill(0);
    const grid = new Map<number, number[]>();
    const key = (gx: number, gy: number) => gx * 100_003 + gy;
    for (let i = 0; i < n; i++) {
      const kk = key(Math.floor(x[i]! / cell), Math.floor(y[i]! / cell));
      const list = grid.get(kk);
      if (list) list.push(i);
      else grid.set(kk, [i]);
    }
    for (let i = 0; i < n; i++) {
      const gx = Math.floor(x[i]! / cell);
      const gy = Math.floor(y[i]! / cell);
      for (let ox = -1; ox <= 1; ox++) {
        for (let oy = -1; oy <= 1; oy++) {
          const list = grid.get(key(gx + ox, gy + oy));
          if (!list) continue;
          for (const j of list) {
            if (j <= i) continue;
            let ex = x[i]! - x[j]!;
            let ey = y[i]! - y[j]!;
            let d2 = ex * ex + ey * ey;
            if (d2 > cell * cell) continue;
            if (d2 < 1e-6) {
              ex = ((i * 7919) % 13) - 6 || 1;
              ey = ((j * 104_729) % 13) - 6 || 1;
              d2 = ex * ex + ey * ey;
            }
            const f = (k * k) / d2;
            dx[i]! += ex * f;
            dy[i]! += ey * f;
            dx[j]! -= ex * f;
            dy[j]! -= ey * f;
          }
        }
      }
    }
    for (const [a, b] of links) {
      const ex = x[a]! - x[b]!;
      const ey = y[a]! - y[b]!;
      const d = Math.hypot(ex, ey);
      const f = d / k;
      dx[a]! -= ex * f;
      dy[a]! -= ey * f;
      dx[b]! += ex * f;
      dy[b]! += ey * f;
    }
    for (let i = 0; i < n; i++) {
      if (!free[i]) continue;
      dx[i]! -= (x[i]! - cx) * gravity;
      dy[i]! -= (y[i]! - cy) * gravity;
      const d = Math.hypot(dx[i]!, dy[i]!);
      if (d === 0) continue;
      const step = Math.min(d, temperature) / d;
      x[i]! += dx[i]! * step;
      y[i]! += dy[i]! * step;
    }
  }
  boxes.forEach((b, i) => {
    b.x = x[i]!;
    b.y = y[i]!;
  });
}

/** The box a node occupies: its label box when the canvas sent one, its disc otherwise. */
function boxOf(n: LayoutRequest['nodes'][number]): { width: number; height: number } {
  return { width: Math.max(n.width ?? 0, n.size), height: Math.max(n.height ?? 0, n.size) };
}

/** Components of at most this many nodes are placed as a ring around their best-linked node. */
export const SMALL_PART = 12;

/**
 * The layout of the request: each connected component on its own (fcose and refine, or a ring
 * when small), then the components packed in rows, largest first. fcose can pack components
 * itself, but it links them with a pass that costs components × nodes: 3 s of a 5,000-node
 * graph of 1,000 person–device pairs. With pinned nodes the whole graph goes through fcose at
 * once, so the pins keep their meaning. The same computation runs on the main thread when
 * workers are unavailable.
 */
export function computeFcose(req: LayoutRequest): Record<string, { x: number; y: number }> {
  const parts = req.nodes.some((n) => n.fixed) ? [req] : components(req);
  const laid = parts.map((part) => {
    const boxes = part.nodes.length <= SMALL_PART && parts.length > 1 ? ringPart(part) : layoutPart(part);
    removeOverlaps(boxes);
    return boxes;
  });
  if (laid.length > 1) pack(laid);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const boxes of laid)
    for (const b of boxes) positions[b.id] = { x: Math.round(b.x), y: Math.round(b.y) };
  return positions;
}

/** The connected components of the request (edges to nodes it does not hold are dropped). */
export function components(req: LayoutRequest): LayoutRequest[] {
  const index = new Map(req.nodes.map((n, i) => [n.id, i]));
  const parent = req.nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const e of req.edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a !== undefined && b !== undefined) parent[find(a)] = find(b);
  }
  const byRoot = new Map<number, LayoutRequest>();
  req.nodes.forEach((n, i) => {
    const root = find(i);
    let part = byRoot.get(root);
    if (!part) byRoot.set(root, (part = { requestId: req.requestId, nodes: [], edges: [] }));
    part.nodes.push(n);
  });
  for (const e of req.edges) {
    const a = index.get(e.source);
    if (a !== undefined && index.has(e.target)) byRoot.get(find(a))!.edges.push(e);
  }
  return [...byRoot.values()];
}

/** A small component: its best-linked node in the middle, the others on a ring around it. */
function ringPart(part: LayoutRequest): Box[] {
  const degree = new Map<string, number>();
  for (const e of part.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const boxes: Box[] = part.nodes.map((n) => ({ id: n.id, x: 0, y: 0, ...boxOf(n) }));
  if (boxes.length === 1) return boxes;
  boxes.sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1));
  const [centre, ...ring] = boxes as [Box, ...Box[]];
  const widest = Math.max(...ring.map((b) => Math.max(b.width, b.height)));
  // Far enough to clear the centre, and a circumference that holds every box side by side.
  const radius = Math.max(
    Math.max(centre.width, centre.height) / 2 + widest / 2 + BOX_GAP * 4,
    ring.reduce((s, b) => s + b.width + BOX_GAP, 0) / (2 * Math.PI),
  );
  ring.forEach((b, i) => {
    const t = (2 * Math.PI * i) / ring.length - Math.PI / 2;
    b.x = radius * Math.cos(t);
    b.y = radius * Math.sin(t);
  });
  return boxes;
}

/**
 * Moves each component (its boxes) into rows, largest first, left to right, in a block about as
 * wide as a 16:9 screen; components keep their own shape and never share space.
 */
function pack(parts: Box[][]): void {
  const gap = BOX_GAP * 6;
  const frames = parts.map((boxes) => {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const b of boxes) {
      x1 = Math.min(x1, b.x - b.width / 2);
      y1 = Math.min(y1, b.y - b.height / 2);
      x2 = Math.max(x2, b.x + b.width / 2);
      y2 = Math.max(y2, b.y + b.height / 2);
    }
    return { boxes, x1, y1, w: x2 - x1, h: y2 - y1 };
  });
  frames.sort((a, b) => b.w * b.h - a.w * a.h);
  const area = frames.reduce((s, f) => s + (f.w + gap) * (f.h + gap), 0);
  const rowWidth = Math.max(frames[0]!.w, Math.sqrt((area * 16) / 9));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const f of frames) {
    if (x > 0 && x + f.w > rowWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    const dx = x - f.x1;
    const dy = y - f.y1;
    for (const b of f.boxes) {
      b.x += dx;
      b.y += dy;
    }
    x += f.w + gap;
    rowHeight = Math.max(rowHeight, f.h);
  }
}

/** fcose (and refine, on large parts) for one part; the boxes where it put them. */
function layoutPart(req: LayoutRequest): Box[] {
  const dims = new Map(req.nodes.map((n) => [n.id, boxOf(n)]));
  const meanBox =
    req.nodes.reduce((sum, n) => {
      const d = dims.get(n.id)!;
      return sum + (d.width + d.height) / 2;
    }, 0) / Math.max(1, req.nodes.length);
  const params = fcoseOptions(req.nodes.length, meanBox);
  // fcose's spring phase repels node boxes: giving it the label box keeps labels apart, not only
  // the discs. Its spectral phase ignores sizes, and styles cost a third of a draft layout.
  const spring = params.quality !== 'draft';
  const cy = cytoscape({
    headless: true,
    styleEnabled: spring,
    ...(spring
      ? { style: [{ selector: 'node', style: { shape: 'rectangle', width: 'data(w)', height: 'data(h)' } }] }
      : {}),
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
  if (params.refineRounds > 0) {
    const index = new Map(boxes.map((b, i) => [b.id, i]));
    const links = req.edges.flatMap((e) => {
      const a = index.get(e.source);
      const b = index.get(e.target);
      return a === undefined || b === undefined || a === b ? [] : [[a, b] as [number, number]];
    });
    refine(boxes, links, params.refineRounds);
  }
  return boxes;
}
