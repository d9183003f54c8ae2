/**
 * What the "expand" menu offers, computed from the neighbourhood summary of
 * `GET /api/entities/:id` before anything loads: one entry per relationship
 * type and direction with its count, the neighbour types behind it, and how
 * many of those links are already on the canvas. Pure.
 */
import type { Direction, NeighbourhoodSummaryRow } from '../../server/contract.js';

/** How many neighbours one expansion loads at most; the rest come with "load N more". */
export const EXPAND_CAP = 25;

export interface ExpandOption {
  relType: string;
  direction: Direction;
  /** Links of this type and direction in the database. */
  count: number;
  /** Of those, how many are already drawn. */
  onCanvas: number;
  neighbourTypes: { type: string; count: number }[];
}

/**
 * Groups summary rows by relationship type and direction, largest first.
 * `drawn` maps `relType|direction` to the number of such links on the canvas.
 */
export function expandOptions(
  summary: NeighbourhoodSummaryRow[],
  drawn: ReadonlyMap<string, number> = new Map(),
): ExpandOption[] {
  const byKey = new Map<string, ExpandOption>();
  for (const row of summary) {
    const key = `${row.relType}|${row.direction}`;
    let opt = byKey.get(key);
    if (!opt) {
      opt = {
        relType: row.relType,
        direction: row.direction,
        count: 0,
        onCanvas: Math.max(0, drawn.get(key) ?? 0),
        neighbourTypes: [],
      };
      byKey.set(key, opt);
    }
    opt.count += row.count;
    opt.neighbourTypes.push({ type: row.neighbourType, count: row.count });
  }
  const options = [...byKey.values()];
  for (const o of options) {
    o.onCanvas = Math.min(o.onCanvas, o.count);
    o.neighbourTypes.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  }
  return options.sort(
    (a, b) =>
      b.count - a.count || a.relType.localeCompare(b.relType) || a.direction.localeCompare(b.direction),
  );
}

/** Total links in a summary. */
export function summaryTotal(summary: NeighbourhoodSummaryRow[]): number {
  return summary.reduce((sum, r) => sum + r.count, 0);
}

/** "→ SUPPLIED · 12 (Organisation 8, Person 4)", for menus and screen readers. */
export function describeOption(o: ExpandOption): string {
  const arrow = o.direction === 'out' ? '→' : '←';
  const types = o.neighbourTypes.map((t) => `${t.type} ${t.count}`).join(', ');
  return `${arrow} ${o.relType} · ${o.count}${types ? ` (${types})` : ''}`;
}

/** How many to ask for next: the cap, or fewer when fewer remain. */
export function nextPageSize(remaining: number, cap = EXPAND_CAP): number {
  return Math.max(0, Math.min(cap, remaining));
}
