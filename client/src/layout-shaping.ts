/**
 * Shaping the built-in layouts so they stay readable when one node has
 * hundreds of neighbours. Cytoscape's hierarchical layout puts every node of
 * one depth on one row (a hub's 300 neighbours make a row 40,000 units wide,
 * so the view zooms out until no label is readable), and its concentric
 * layout puts every node of one degree on one ring. These pure functions
 * wrap long rows onto several lines and split full rings into more rings.
 */

export interface RowNode {
  id: string;
  x: number;
  y: number;
  /** Width of the node with its label. */
  w: number;
  /** Height of the node with its label. */
  h: number;
}

export type Positions = Record<string, { x: number; y: number }>;

/**
 * Re-spaces each row (nodes sharing a y) so that neighbours are at least
 * their half widths plus `gap` apart, keeping the row's order and centre;
 * a row longer than `maxWidth` wraps onto several lines, and the rows below
 * move down to make room. The default width keeps the drawing roughly as
 * wide as a square holding all the boxes, so fitting it to a screen leaves
 * labels at a readable size.
 */
export function spreadRows(
  nodes: readonly RowNode[],
  gap = 16,
  maxWidth = defaultRowWidth(nodes, gap),
): Positions {
  const rows = new Map<number, RowNode[]>();
  for (const n of nodes) {
    const key = Math.round(n.y);
    const row = rows.get(key) ?? [];
    row.push(n);
    rows.set(key, row);
  }
  const out: Positions = {};
  let shiftDown = 0;
  const ys = [...rows.keys()].sort((a, b) => a - b);
  for (const y of ys) {
    const row = rows.get(y)!.sort((a, b) => a.x - b.x || (a.id < b.id ? -1 : 1));
    const centre = (row[0]!.x + row[row.length - 1]!.x) / 2;
    const lines: RowNode[][] = [[]];
    let width = 0;
    for (const n of row) {
      const line = lines[lines.length - 1]!;
      if (line.length && width + n.w + gap > maxWidth) {
        lines.push([n]);
        width = n.w;
      } else {
        line.push(n);
        width += n.w + gap;
      }
    }
    const lineHeight = Math.max(...row.map((n) => n.h)) + gap;
    lines.forEach((line, i) => {
      const xs: number[] = [];
      line.forEach((n, j) => {
        const prev = line[j - 1];
        xs.push(prev ? xs[j - 1]! + (prev.w + n.w) / 2 + gap : 0);
      });
      const offset = centre - (xs[0]! + xs[xs.length - 1]!) / 2;
      // Wrapped lines are staggered by half a slot, so links from above do not run along a column.
      const stagger = i % 2 ? (line[0]!.w + gap) / 2 : 0;
      line.forEach((n, j) => {
        out[n.id] = { x: xs[j]! + offset + stagger, y: y + shiftDown + i * lineHeight };
      });
    });
    shiftDown += (lines.length - 1) * lineHeight;
  }
  return out;
}

function defaultRowWidth(nodes: readonly RowNode[], gap: number): number {
  const area = nodes.reduce((sum, n) => sum + (n.w + gap) * (n.h + gap), 0);
  return Math.max(1000, 1.6 * Math.sqrt(area));
}

/**
 * Ring numbers for a concentric layout: the nodes in order of importance
 * (highest degree first); the centre holds one node and ring k at most
 * `perRing * k` nodes, since a ring's length grows with its radius. Nodes of
 * equal degree stay together as far as the rings allow.
 */
export function concentricRings(idsByImportance: readonly string[], perRing = 8): Map<string, number> {
  const rings = new Map<string, number>();
  let ring = 0;
  let room = 1;
  for (const id of idsByImportance) {
    if (room === 0) {
      ring++;
      room = perRing * ring;
    }
    rings.set(id, ring);
    room--;
  }
  return rings;
}
