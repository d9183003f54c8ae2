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

/**
 * Where a hub's bundles sit, in screen pixels from the hub's centre: a column to its right,
 * centred on it, `gap` apart, starting `clear` px right of the centre.
 */
export function bundleOffsets(n: number, clear: number, gap = 30): { x: number; y: number }[] {
  return Array.from({ length: n }, (_, i) => ({ x: clear, y: (i - (n - 1) / 2) * gap }));
}
