/**
 * Where each entity sits in the dossier's picture when nobody placed it (the whole case from the
 * command line): a deterministic layout, so two dossiers of one graph draw the same picture.
 *
 * Entities start on one circle grouped by type (a reader sees the kinds of thing as arcs), then a
 * plain force layout pulls linked entities together for a fixed number of rounds. There is no
 * randomness at all, so no seed to keep: the start is fixed and the steps are pure arithmetic.
 * The force rounds are O(n²); above `MAX_FORCE_NODES` the grouped circle is the picture.
 */

export interface Point {
  x: number;
  y: number;
}

/** Width of the picture in SVG units (dossier-picture.ts fits every drawing to it). */
export const PICTURE_WIDTH = 1000;

/** Beyond this many entities the picture stays the grouped circle (force rounds cost n² each). */
export const MAX_FORCE_NODES = 600;
const ROUNDS = 300;
/** Repulsion reaches this many ideal distances; the pull to the centre is this strong. */
const REACH = 4;
const GRAVITY = 0.06;

/**
 * Positions for `nodes` (id and type), given the links between them. Ids are sorted within a type
 * and types by name, so the order the graph answered in does not change the picture.
 */
export function layoutDossier(
  nodes: readonly { id: string; type: string; name?: string }[],
  links: readonly { from: string; to: string }[],
): Map<string, Point> {
  const sorted = [...nodes].sort((a, b) => compare(a.type, b.type) || compare(a.id, b.id));
  const n = sorted.length;
  const positions = new Map<string, Point>();
  if (n === 0) return positions;
  // Room for each node on the circle's rim: about 60 units of arc per entity.
  const radius = Math.max(120, (n * 60) / (2 * Math.PI));
  sorted.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / n - Math.PI / 2;
    positions.set(node.id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
  });
  if (n < 3 || n > MAX_FORCE_NODES) return positions;

  const index = new Map(sorted.map((node, i) => [node.id, i]));
  const xs = sorted.map((node) => positions.get(node.id)!.x);
  const ys = sorted.map((node) => positions.get(node.id)!.y);
  const edges = links
    .map((link) => [index.get(link.from), index.get(link.to)] as const)
    .filter((pair): pair is readonly [number, number] => pair[0] !== undefined && pair[1] !== undefined)
    // Sums of floats depend on their order: sorted links keep the picture independent of it.
    .sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  // Fruchterman–Reingold with a cooling step: k is the ideal distance between neighbours, wide
  // enough for two names side by side. Repulsion stops at REACH·k and a linear pull to the centre
  // holds the rest: without both, a small unlinked group is pushed off to a far corner and the
  // picture's scale shrinks the main network to a blot.
  const k = 150;
  let step = radius / 4;
  for (let round = 0; round < ROUNDS; round++) {
    const dx = new Float64Array(n);
    const dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = xs[i]! - xs[j]!;
        let ey = ys[i]! - ys[j]!;
        let d2 = ex * ex + ey * ey;
        if (d2 < 0.01) {
          // Two nodes on one spot: part them along a fixed direction (no random jitter).
          ex = 0.1 * ((i % 7) - 3 || 1);
          ey = 0.1;
          d2 = ex * ex + ey * ey;
        }
        if (d2 > REACH * REACH * k * k) continue;
        const push = (k * k) / d2;
        dx[i]! += ex * push;
        dy[i]! += ey * push;
        dx[j]! -= ex * push;
        dy[j]! -= ey * push;
      }
    }
    for (const [a, b] of edges) {
      if (a === b) continue;
      const ex = xs[a]! - xs[b]!;
      const ey = ys[a]! - ys[b]!;
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      const pull = d / k;
      dx[a]! -= ex * pull;
      dy[a]! -= ey * pull;
      dx[b]! += ex * pull;
      dy[b]! += ey * pull;
    }
    for (let i = 0; i < n; i++) {
      // A weak pull to the centre keeps unlinked entities from drifting off the page.
      dx[i]! -= xs[i]! * GRAVITY;
      dy[i]! -= ys[i]! * GRAVITY;
      const d = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
      if (d > 0) {
        const move = Math.min(d, step);
        xs[i]! += (dx[i]! / d) * move;
        ys[i]! += (dy[i]! / d) * move;
      }
    }
    step = Math.max(1, step * 0.985);
  }
  // Into the picture's own units (as renderPicture fits it) before names are spaced: names keep
  // their size whatever the scale, so they must be spaced where they will be drawn.
  const fit = Math.min(
    1,
    PICTURE_WIDTH / Math.max(Math.max(...xs) - Math.min(...xs), (Math.max(...ys) - Math.min(...ys)) * 1.4, 1),
  );
  for (let i = 0; i < n; i++) {
    xs[i]! *= fit;
    ys[i]! *= fit;
  }
  separateLabels(sorted, xs, ys);
  sorted.forEach((node, i) => positions.set(node.id, { x: round2(xs[i]!), y: round2(ys[i]!) }));
  return positions;
}

/**
 * The force layout spaces circles, not the names under them: a few rounds push apart any two
 * entities whose name boxes (about 6 units a character, as the picture draws them) overlap,
 * along the axis where they overlap least.
 */
function separateLabels(nodes: readonly { name?: string }[], xs: number[], ys: number[]): void {
  const half = nodes.map((node) => (Math.min(28, node.name?.length ?? 12) * 6.2 + 12) / 2);
  const tall = 36;
  for (let round = 0; round < 80; round++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const dx = xs[j]! - xs[i]!;
        const dy = ys[j]! - ys[i]!;
        const overlapX = half[i]! + half[j]! - Math.abs(dx);
        const overlapY = tall - Math.abs(dy);
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        // Half the overlap each way; a tie (same point) parts downwards for the later one.
        if (overlapY < overlapX) {
          const shift = (overlapY / 2 + 0.5) * (dy < 0 ? -1 : 1);
          ys[i]! -= shift;
          ys[j]! += shift;
        } else {
          const shift = (overlapX / 2 + 0.5) * (dx < 0 ? -1 : 1);
          xs[i]! -= shift;
          xs[j]! += shift;
        }
      }
    }
    if (!moved) return;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
