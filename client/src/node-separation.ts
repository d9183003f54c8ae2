/**
 * The last step of every layout: nudges nodes apart until no two boxes
 * overlap, moving each as little as it can (along the axis of least
 * overlap), after spreading a pile out from its centre. Force-directed
 * layouts leave overlaps on dense parts (fcose's repulsion keeps nodes apart
 * on average, not every pair), and the others place by rule without knowing
 * the real sizes; this pass makes "no node on another at rest" hold whatever
 * the layout did. Pinned nodes do not move; the other node of a pair takes
 * the whole step. Pure; used by the layout worker (label boxes) and by the
 * canvas (discs) alike.
 */

export interface SizedNode {
  id: string;
  x: number;
  y: number;
  /** Box width and height (a disc's diameter, or the node with its label). */
  w: number;
  h: number;
  fixed?: boolean;
}

export type Positions = Record<string, { x: number; y: number }>;

/** A node's box (centre and full width/height, model units); fixed boxes never move. */
export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fixed?: boolean;
}

/** Room kept between two boxes by the overlap removal (model units). */
export const BOX_GAP = 6;

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
export function unstack(boxes: Box[]): void {
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

/**
 * Positions with no two boxes (grown by `gap`) overlapping: `removeOverlaps`
 * on the nodes' boxes, for callers that hold nodes rather than boxes.
 */
export function separateNodes(nodes: readonly SizedNode[], gap = 10, maxRounds = 200): Positions {
  const boxes: Box[] = nodes.map((n) => ({
    id: n.id,
    x: n.x,
    y: n.y,
    width: n.w,
    height: n.h,
    fixed: n.fixed,
  }));
  removeOverlaps(boxes, gap, maxRounds);
  const out: Positions = {};
  for (const b of boxes) out[b.id] = { x: Math.round(b.x * 10) / 10, y: Math.round(b.y * 10) / 10 };
  return out;
}
