/**
 * "N more" bundles: after a node has been expanded, what it still has beyond the canvas, one
 * bundle per (relationship type, direction, neighbour type) with its count, computed from the
 * neighbourhood summary minus the links drawn. Pure; the bundle layer draws them, the explorer
 * loads a bundle's next page.
 */
import type { Direction, NeighbourhoodSummaryRow } from '../../server/contract.js';

/** More groups than this beside one node stop being readable; the node menu still lists them all. */
export const MAX_BUNDLES = 8;

export interface Bundle {
  /** Stable per hub and group, for the DOM and the tests. */
  id: string;
  hub: string;
  relType: string;
  direction: Direction;
  neighbourType: string;
  /** Neighbours of this group not yet on the canvas. */
  count: number;
  /** The split by neighbour type is an estimate (dense nodes): the label says "~". */
  approximate: boolean;
  label: string;
}

/** The key of a group in `drawn`: `relType|direction|neighbourType`. */
export const groupKey = (relType: string, direction: Direction, neighbourType: string): string =>
  `${relType}|${direction}|${neighbourType}`;

/** "38 more · SUPPLIED → Person" (out) or "38 more · MEMBER_OF ← Person" (in). */
export function bundleLabel(
  b: Pick<Bundle, 'count' | 'relType' | 'direction' | 'neighbourType' | 'approximate'>,
): string {
  const arrow = b.direction === 'out' ? '→' : '←';
  return `${b.approximate ? '~' : ''}${b.count} more · ${b.relType} ${arrow} ${b.neighbourType}`;
}

/**
 * The bundles of `hub`, largest first, at most `max`: each summary row minus the links of that
 * group already drawn (`drawn`, keyed by `groupKey`); groups with nothing left give none.
 */
export function bundlesFor(
  hub: string,
  summary: NeighbourhoodSummaryRow[],
  drawn: ReadonlyMap<string, number>,
  max = MAX_BUNDLES,
): Bundle[] {
  const out: Bundle[] = [];
  for (const row of summary) {
    const key = groupKey(row.relType, row.direction, row.neighbourType);
    const count = Math.max(0, row.count - (drawn.get(key) ?? 0));
    if (!count) continue;
    const b = {
      id: `bundle:${hub}|${key}`,
      hub,
      relType: row.relType,
      direction: row.direction,
      neighbourType: row.neighbourType,
      count,
      approximate: Boolean(row.approximate),
    };
    out.push({ ...b, label: bundleLabel(b) });
  }
  return out
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.relType.localeCompare(b.relType) ||
        a.direction.localeCompare(b.direction) ||
        a.neighbourType.localeCompare(b.neighbourType),
    )
    .slice(0, max);
}

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const overlaps = (a: Rect, b: Rect) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * Where a hub's bundle chips go, in screen pixels (each chip's top-left): one column as close to
 * the hub as it can be without covering a node or a label (`obstacles`, the hub's own box among
 * them), tried right, left, below and above at growing distances, inside `bounds` (the view) and
 * off `blocked` (toasts over the canvas); where nowhere is free, the place covering fewest nodes. A chip over a node would take the
 * clicks meant for that node.
 */
export function placeBundles(
  hub: Rect,
  chips: { w: number; h: number }[],
  obstacles: Rect[],
  opts: { clear?: number; step?: number; steps?: number; gap?: number; bounds?: Rect; blocked?: Rect[] } = {},
): { x: number; y: number }[] {
  const { clear = 28, step = 20, steps = 30, gap = 4 } = opts;
  if (!chips.length) return [];
  const width = Math.max(...chips.map((c) => c.w));
  const height = chips.reduce((sum, c) => sum + c.h, 0) + gap * (chips.length - 1);
  const cx = (hub.x1 + hub.x2) / 2;
  const cy = (hub.y1 + hub.y2) / 2;
  const column = (d: number, side: 'right' | 'left' | 'below' | 'above'): Rect => {
    if (side === 'right')
      return { x1: hub.x2 + d, y1: cy - height / 2, x2: hub.x2 + d + width, y2: cy + height / 2 };
    if (side === 'left')
      return { x1: hub.x1 - d - width, y1: cy - height / 2, x2: hub.x1 - d, y2: cy + height / 2 };
    if (side === 'below')
      return { x1: cx - width / 2, y1: hub.y2 + d, x2: cx + width / 2, y2: hub.y2 + d + height };
    return { x1: cx - width / 2, y1: hub.y1 - d - height, x2: cx + width / 2, y2: hub.y1 - d };
  };
  const inside = (b: Rect) =>
    (!opts.bounds ||
      (b.x1 >= opts.bounds.x1 &&
        b.y1 >= opts.bounds.y1 &&
        b.x2 <= opts.bounds.x2 &&
        b.y2 <= opts.bounds.y2)) &&
    !opts.blocked?.some((o) => overlaps(b, o));
  // The first free place wins; with none, the place inside the view that covers fewest nodes.
  let chosen = column(clear, 'right');
  let side: 'right' | 'left' | 'below' | 'above' = 'right';
  let best = Infinity;
  search: for (let k = 0; k <= steps; k++) {
    for (const s of ['right', 'left', 'below', 'above'] as const) {
      const box = column(clear + k * step, s);
      if (!inside(box)) continue;
      const covered = obstacles.filter((o) => overlaps(box, o)).length;
      if (covered < best) {
        best = covered;
        chosen = box;
        side = s;
      }
      if (!covered) break search;
    }
  }
  let y = chosen.y1;
  return chips.map((c) => {
    // Left of the hub the chips line up on their right edge, so each stays next to its line.
    const x = side === 'left' ? chosen.x2 - c.w : side === 'right' ? chosen.x1 : cx - c.w / 2;
    const at = { x, y };
    y += c.h + gap;
    return at;
  });
}
