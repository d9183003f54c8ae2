/**
 * Which labels to draw so that none overlaps another (the canvas's collision
 * pass), and the short form a long label takes at rest. Pure: the canvas
 * measures the boxes, this decides; the readability test uses the same box
 * arithmetic to check the result from the outside.
 *
 * The pass is greedy by priority (selected, on a path, pinned, then degree),
 * the way map renderers place place-names: a label is drawn when its box
 * touches no label already drawn and no disc of a node at least as important. What is left out
 * comes back on hover or when zooming in makes room (the canvas keeps label
 * sizes constant on screen, so zooming in spreads nodes apart under them).
 */

/** An axis-aligned box in model coordinates. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface LabelCandidate {
  id: string;
  box: Box;
  /** Higher first. Ties go to the shorter id then the id, so the same graph always gives the same picture. */
  priority: number;
  /** The element that owns the label: its own body may sit under it. */
  owner: string;
}

export interface Obstacle {
  id: string;
  box: Box;
  /**
   * The owner's label priority: a label may cover the disc of a node of lower
   * priority, which then stays unlabelled (the canvas draws labelled nodes
   * above the others); never one of equal or higher priority. Absent: the
   * disc blocks every label.
   */
  priority?: number;
}

/** Strict overlap: boxes that only touch along an edge do not overlap. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/**
 * The ids of the labels to draw. Obstacles (node discs) are never covered by
 * another element's label; drawn labels never overlap each other.
 */
export function placeLabels(
  labels: readonly LabelCandidate[],
  obstacles: readonly Obstacle[] = [],
): Set<string> {
  const grid = new SpatialGrid<{ box: Box; disc: boolean; owner: string; priority: number }>(
    cellSizeFor(labels.map((l) => l.box)),
  );
  for (const o of obstacles)
    grid.insert(o.box, { box: o.box, disc: true, owner: o.id, priority: o.priority ?? Infinity });
  const ordered = [...labels].sort(
    (a, b) =>
      b.priority - a.priority || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const shown = new Set<string>();
  // Nodes whose disc a drawn label covers: they stay unlabelled, so that they are drawn below it.
  const covered = new Set<string>();
  for (const label of ordered) {
    if (covered.has(label.owner)) continue;
    let free = true;
    const covers: string[] = [];
    for (const other of grid.near(label.box)) {
      // A node's own disc may sit under its label (an edge's label never owns a disc).
      if (other.disc && other.owner === label.owner) continue;
      if (!boxesOverlap(label.box, other.box)) continue;
      // So may the disc of a less important node, which then goes without its label.
      if (other.disc && other.priority < label.priority) {
        covers.push(other.owner);
        continue;
      }
      free = false;
      break;
    }
    if (!free) continue;
    for (const owner of covers) covered.add(owner);
    shown.add(label.id);
    grid.insert(label.box, { box: label.box, disc: false, owner: label.owner, priority: label.priority });
  }
  return shown;
}

/**
 * A label as drawn at rest: at most `lines` lines of about `width`
 * characters, broken at spaces where possible, with an ellipsis when cut.
 * The full text shows on hover.
 */
export function displayLabel(text: string, width = 22, lines = 2): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  let cut = false;
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line) {
      out.push(line);
      line = '';
      if (out.length === lines) {
        cut = true;
        break;
      }
    }
    // A single word longer than a line is split hard.
    while (word.length > width) {
      out.push(word.slice(0, width));
      word = word.slice(width);
      if (out.length === lines) {
        cut = true;
        break;
      }
    }
    if (cut) break;
    line = word;
  }
  if (!cut && line) {
    if (out.length < lines) out.push(line);
    else cut = true;
  }
  if (cut) {
    const last = out[lines - 1] ?? '';
    out[lines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  }
  return out.join('\n');
}

/** A cell a little larger than the typical box, so most boxes touch four cells or fewer. */
function cellSizeFor(boxes: readonly Box[]): number {
  if (!boxes.length) return 64;
  const sizes = boxes.map((b) => Math.max(b.x2 - b.x1, b.y2 - b.y1)).sort((a, b) => a - b);
  return Math.max(8, sizes[Math.floor(sizes.length / 2)]! * 1.5);
}

/** A uniform grid of boxes: `near` yields every entry whose box shares a cell with the query. */
class SpatialGrid<T> {
  private cells = new Map<string, T[]>();
  constructor(private readonly cell: number) {}

  private keys(box: Box): string[] {
    const keys: string[] = [];
    const x1 = Math.floor(box.x1 / this.cell);
    const x2 = Math.floor(box.x2 / this.cell);
    const y1 = Math.floor(box.y1 / this.cell);
    const y2 = Math.floor(box.y2 / this.cell);
    // A huge box (a very long label far zoomed out) is capped: it is checked against a wide area anyway.
    for (let x = x1; x <= Math.min(x2, x1 + 64); x++)
      for (let y = y1; y <= Math.min(y2, y1 + 64); y++) keys.push(`${x},${y}`);
    return keys;
  }

  insert(box: Box, value: T): void {
    for (const key of this.keys(box)) {
      let list = this.cells.get(key);
      if (!list) this.cells.set(key, (list = []));
      list.push(value);
    }
  }

  *near(box: Box): Generator<T> {
    const seen = new Set<T>();
    for (const key of this.keys(box)) {
      for (const value of this.cells.get(key) ?? []) {
        if (seen.has(value)) continue;
        seen.add(value);
        yield value;
      }
    }
  }
}
