/**
 * The last step of every layout: nudges nodes apart until no two boxes
 * overlap, moving each as little as it can (along the axis of least
 * overlap). Force-directed layouts leave a few overlaps on dense parts, and
 * the others place by rule without knowing the real sizes; this pass makes
 * "no node on another at rest" hold whatever the layout did. Pinned nodes
 * do not move; the other node of a pair takes the whole step. Pure.
 */
import { overlappingPairs, type Box } from './label-placement.js';

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

/**
 * Local pushes cannot undo a pile: when the boxes need more room than the
 * area their centres span, first spread the free nodes out from the centre
 * (keeping the shape) so that pushing has somewhere to go.
 */
function spreadIfCrowded(nodes: readonly SizedNode[], gap: number): { x: number; y: number }[] {
  const pos = nodes.map((n) => ({ x: n.x, y: n.y }));
  const free = nodes.map((n, i) => (n.fixed ? -1 : i)).filter((i) => i >= 0);
  if (free.length < 2) return pos;
  const boxes = nodes.map((n) => ({
    x1: n.x - n.w / 2,
    y1: n.y - n.h / 2,
    x2: n.x + n.w / 2,
    y2: n.y + n.h / 2,
  }));
  if (!overlappingPairs(boxes).length) return pos;
  let need = 0;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const i of free) {
    const n = nodes[i]!;
    need += (n.w + gap) * (n.h + gap);
    x1 = Math.min(x1, n.x - n.w / 2);
    y1 = Math.min(y1, n.y - n.h / 2);
    x2 = Math.max(x2, n.x + n.w / 2);
    y2 = Math.max(y2, n.y + n.h / 2);
  }
  const have = Math.max(1, (x2 - x1) * (y2 - y1));
  // Boxes fill at most about half of the area a layout spans; below that it is a pile.
  const factor = Math.sqrt((2 * need) / have);
  if (factor <= 1) return pos;
  spreadFrom(nodes, pos, factor);
  return pos;
}

/** Scales the free nodes' positions about the centre of their box. */
function spreadFrom(nodes: readonly SizedNode[], pos: { x: number; y: number }[], factor: number): void {
  const free = nodes.map((n, i) => (n.fixed ? -1 : i)).filter((i) => i >= 0);
  if (!free.length) return;
  const xs = free.map((i) => pos[i]!.x);
  const ys = free.map((i) => pos[i]!.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  for (const i of free) pos[i] = { x: cx + (pos[i]!.x - cx) * factor, y: cy + (pos[i]!.y - cy) * factor };
}

/**
 * Positions with no two boxes (grown by `gap`) overlapping, or as few as
 * `maxRounds` rounds of pushing could reach (only when fixed nodes sit on
 * each other does anything remain).
 */
export function separateNodes(nodes: readonly SizedNode[], gap = 10, maxRounds = 200): Positions {
  const pos = spreadIfCrowded(nodes, gap);
  const boxOf = (i: number): Box => {
    const n = nodes[i]!;
    const p = pos[i]!;
    return {
      x1: p.x - n.w / 2 - gap / 2,
      y1: p.y - n.h / 2 - gap / 2,
      x2: p.x + n.w / 2 + gap / 2,
      y2: p.y + n.h / 2 + gap / 2,
    };
  };
  for (let round = 0; round < maxRounds; round++) {
    const boxes = nodes.map((_, i) => boxOf(i));
    const pairs = overlappingPairs(boxes);
    if (!pairs.length) break;
    // Every 50 rounds without success, a dense spot is still jammed: give everything a little more room.
    if (round > 0 && round % 50 === 0) spreadFrom(nodes, pos, 1.2);
    for (const [i, j] of pairs) {
      const a = boxOf(i);
      const b = boxOf(j);
      const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (dx <= 0 || dy <= 0) continue; // resolved by an earlier push this round
      const fixedI = Boolean(nodes[i]!.fixed);
      const fixedJ = Boolean(nodes[j]!.fixed);
      if (fixedI && fixedJ) continue;
      const shareI = fixedI ? 0 : fixedJ ? 1 : 0.5;
      const shareJ = 1 - shareI;
      // Push along the axis that needs the shorter move; same centres get a direction from their order.
      const pi = pos[i]!;
      const pj = pos[j]!;
      if (dx < dy) {
        const sign = pj.x > pi.x || (pj.x === pi.x && j > i) ? 1 : -1;
        const step = dx + 0.5;
        pi.x -= sign * step * shareI;
        pj.x += sign * step * shareJ;
      } else {
        const sign = pj.y > pi.y || (pj.y === pi.y && j > i) ? 1 : -1;
        const step = dy + 0.5;
        pi.y -= sign * step * shareI;
        pj.y += sign * step * shareJ;
      }
    }
  }
  const out: Positions = {};
  nodes.forEach((n, i) => {
    out[n.id] = { x: Math.round(pos[i]!.x * 10) / 10, y: Math.round(pos[i]!.y * 10) / 10 };
  });
  return out;
}
