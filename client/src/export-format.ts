/**
 * Pure serialisers for the export panel: CSV of a result table (spreadsheet
 * safe), JSON of the graph on the canvas, and an SVG drawing of the view built
 * from a snapshot of positions and resolved styles (our own writer: it knows
 * every shape the model uses and adds no licence obligations).
 */
import type { GraphPayload, JsonValue, Note, TablePayload } from '../../server/contract.js';
import { csvLine } from '../../server/export/csv-cell.js';
import { placeLabels, type LabelCandidate, type Obstacle } from './label-placement.js';

/**
 * A table cell as text. Graph values (`{kind: 'node', label, type}`, relationships, paths) read as
 * their label, not as JSON; other objects and lists stay JSON.
 */
export function cellText(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value.every((v) => typeof v !== 'object' || isGraphValue(v))
      ? value.map(cellText).join(', ')
      : JSON.stringify(value);
  if (typeof value === 'object') {
    if (isGraphValue(value)) {
      const v = value as Record<string, JsonValue>;
      if (v.kind === 'node') return `${String(v.label ?? v.id)}${v.type ? ` (${String(v.type)})` : ''}`;
      if (v.kind === 'path') return `path of ${Array.isArray(v.edges) ? v.edges.length : '?'} hops`;
      return String(v.type ?? v.id);
    }
    return JSON.stringify(value);
  }
  return String(value);
}

function isGraphValue(v: JsonValue): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && 'id' in v;
}

/**
 * RFC 4180 CSV. Cells starting with = + - @ (or a tab/CR) are prefixed with a
 * quote so that a spreadsheet shows them instead of running them as formulas
 * (the rule lives in server/export/csv-cell.ts: the case CSV export uses it too).
 */
export function toCsv(table: TablePayload): string {
  const lines = [csvLine(table.columns)];
  for (const row of table.rows) lines.push(csvLine(table.columns.map((_, i) => cellText(row[i]))));
  return lines.join('');
}

/** The graph as the contract's GraphPayload, pretty-printed. */
export function toGraphJson(payload: GraphPayload, meta: Record<string, JsonValue> = {}): string {
  return JSON.stringify({ ...meta, nodes: payload.nodes, edges: payload.edges }, null, 2);
}

/**
 * The notes an export carries: those on an entity or link of the exported graph, oldest first,
 * as plain JSON (id, author, target, scope, workspace, text, times).
 */
export function notesOnGraph(notes: readonly Note[], payload: GraphPayload): JsonValue[] {
  const ids = new Set([...payload.nodes.map((n) => n.id), ...payload.edges.map((e) => e.id)]);
  return notes
    .filter((note) => ids.has(note.target))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((note) => ({ ...note }));
}

export interface SvgNode {
  x: number;
  y: number;
  width: number;
  height: number;
  shape: string;
  fill: string;
  stroke: string;
  strokeWidth: number;
  label: string;
  opacity?: number;
  /** Label priority (as on the canvas): where two labels would overlap, the higher one is written. */
  priority?: number;
}

export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  width: number;
  dashed: boolean;
  label: string;
  opacity?: number;
}

export interface SvgSnapshot {
  nodes: SvgNode[];
  edges: SvgEdge[];
  background?: string;
  title?: string;
}

const escXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Unit polygons (−1…1) of Cytoscape's polygon shapes; rounded variants share the outline. */
const POLYGONS: Record<string, [number, number][]> = {
  diamond: [
    [0, -1],
    [1, 0],
    [0, 1],
    [-1, 0],
  ],
  triangle: [
    [0, -1],
    [1, 1],
    [-1, 1],
  ],
  pentagon: [0, 1, 2, 3, 4].map((i) => polar(i, 5)),
  hexagon: [
    [-1, 0],
    [-0.5, -1],
    [0.5, -1],
    [1, 0],
    [0.5, 1],
    [-0.5, 1],
  ],
  'concave-hexagon': [
    [-1, -0.95],
    [-0.75, 0],
    [-1, 0.95],
    [1, 0.95],
    [0.75, 0],
    [1, -0.95],
  ],
  heptagon: [0, 1, 2, 3, 4, 5, 6].map((i) => polar(i, 7)),
  octagon: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => polar(i + 0.5, 8)),
  'cut-rectangle': [
    [-0.7, -1],
    [0.7, -1],
    [1, -0.7],
    [1, 0.7],
    [0.7, 1],
    [-0.7, 1],
    [-1, 0.7],
    [-1, -0.7],
  ],
  barrel: [
    [-0.9, -1],
    [0.9, -1],
    [1, -0.6],
    [1, 0.6],
    [0.9, 1],
    [-0.9, 1],
    [-1, 0.6],
    [-1, -0.6],
  ],
  tag: [
    [-1, -1],
    [0.5, -1],
    [1, 0],
    [0.5, 1],
    [-1, 1],
  ],
  rhomboid: [
    [-1, -1],
    [0.33, -1],
    [1, 1],
    [-0.33, 1],
  ],
  star: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => {
    const [x, y] = polar(i / 2, 5);
    return i % 2 ? ([x * 0.45, y * 0.45] as [number, number]) : ([x, y] as [number, number]);
  }),
};
function polar(i: number, n: number): [number, number] {
  const a = (2 * Math.PI * i) / n - Math.PI / 2;
  return [Math.round(Math.cos(a) * 1000) / 1000, Math.round(Math.sin(a) * 1000) / 1000];
}

/** The SVG element of one node shape, centred on (x, y). */
export function shapeMarkup(n: SvgNode): string {
  const paint = `fill="${escXml(n.fill)}" stroke="${escXml(n.stroke)}" stroke-width="${n.strokeWidth}"`;
  const base = n.shape.replace(/^round-/, '');
  const w = n.width / 2;
  const h = n.height / 2;
  if (base === 'ellipse') return `<ellipse cx="${n.x}" cy="${n.y}" rx="${w}" ry="${h}" ${paint}/>`;
  if (base === 'rectangle' || base === 'bottom-round-rectangle') {
    const r = n.shape.startsWith('round') ? Math.min(w, h) * 0.3 : 0;
    return `<rect x="${n.x - w}" y="${n.y - h}" width="${n.width}" height="${n.height}" rx="${r}" ${paint}/>`;
  }
  const poly = POLYGONS[base] ?? POLYGONS['octagon']!;
  const points = poly.map(([px, py]) => `${round(n.x + px * w)},${round(n.y + py * h)}`).join(' ');
  return `<polygon points="${points}" ${paint} stroke-linejoin="round"/>`;
}
const round = (v: number) => Math.round(v * 10) / 10;

const NODE_FONT = 11;
const EDGE_FONT = 9;

/**
 * A generous width of a label in px: no fonts are measured in a pure function, and system-ui
 * averages a little over half an em per character, so 0.6 em keeps the widest names inside.
 */
function labelWidth(label: string, fontSize: number): number {
  return label.length * fontSize * 0.6;
}

/**
 * Which labels the SVG writes: the canvas's rule (no two labels overlap, a
 * label never covers a more important node) applied to the boxes the writer
 * draws, so an exported picture is as readable as the canvas at rest.
 * Keys: `n<index>` and `e<index>`.
 */
function writtenLabels(snapshot: SvgSnapshot): Set<string> {
  const obstacles: Obstacle[] = snapshot.nodes.map((n, i) => ({
    id: `n${i}`,
    box: { x1: n.x - n.width / 2, y1: n.y - n.height / 2, x2: n.x + n.width / 2, y2: n.y + n.height / 2 },
    priority: n.priority ?? 0,
  }));
  const labels: LabelCandidate[] = [];
  snapshot.nodes.forEach((n, i) => {
    if (!n.label) return;
    const half = labelWidth(n.label, NODE_FONT) / 2;
    const top = n.y + n.height / 2 + 2;
    labels.push({
      id: `n${i}`,
      owner: `n${i}`,
      priority: n.priority ?? 0,
      box: { x1: n.x - half, y1: top, x2: n.x + half, y2: top + NODE_FONT + 4 },
    });
  });
  snapshot.edges.forEach((e, i) => {
    if (!e.label) return;
    // The text is turned along its line: its box is that of the turned rectangle.
    const angle = Math.atan2(e.y2 - e.y1, e.x2 - e.x1);
    const w = labelWidth(e.label, EDGE_FONT);
    const h = EDGE_FONT + 4;
    const halfW = (Math.abs(w * Math.cos(angle)) + Math.abs(h * Math.sin(angle))) / 2;
    const halfH = (Math.abs(w * Math.sin(angle)) + Math.abs(h * Math.cos(angle))) / 2;
    const mx = (e.x1 + e.x2) / 2;
    const my = (e.y1 + e.y2) / 2;
    labels.push({
      id: `e${i}`,
      owner: `e${i}`,
      priority: -1,
      box: { x1: mx - halfW, y1: my - halfH, x2: mx + halfW, y2: my + halfH },
    });
  });
  return placeLabels(labels, obstacles);
}

/** A standalone SVG document of the snapshot, cropped to its content with a margin. */
export function toSvg(snapshot: SvgSnapshot, margin = 40): string {
  // Labels are centred under their node and often wider than it: the box must hold them too,
  // or the leftmost and rightmost names are cut at the edge of the drawing.
  const xs = snapshot.nodes.flatMap((n) => {
    const half = Math.max(n.width, labelWidth(n.label, NODE_FONT)) / 2;
    return [n.x - half, n.x + half];
  });
  for (const e of snapshot.edges) {
    if (!e.label) continue;
    const mid = (e.x1 + e.x2) / 2;
    const half = labelWidth(e.label, EDGE_FONT) / 2;
    xs.push(mid - half, mid + half);
  }
  const ys = snapshot.nodes.flatMap((n) => [n.y - n.height / 2, n.y + n.height / 2 + 18]);
  const minX = (xs.length ? Math.min(...xs) : 0) - margin;
  const minY = (ys.length ? Math.min(...ys) : 0) - margin;
  const width = (xs.length ? Math.max(...xs) : 0) - minX + margin;
  const height = (ys.length ? Math.max(...ys) : 0) - minY + margin;
  const written = writtenLabels(snapshot);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${round(minX)} ${round(minY)} ${round(width)} ${round(height)}" ` +
      `width="${Math.round(width)}" height="${Math.round(height)}" font-family="system-ui, sans-serif">`,
  ];
  if (snapshot.title) out.push(`<title>${escXml(snapshot.title)}</title>`);
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ' +
      'orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>',
  );
  if (snapshot.background)
    out.push(
      `<rect x="${round(minX)}" y="${round(minY)}" width="${round(width)}" height="${round(height)}" fill="${escXml(snapshot.background)}"/>`,
    );
  out.push('<g class="edges">');
  for (const [i, e] of snapshot.edges.entries()) {
    const dash = e.dashed ? ' stroke-dasharray="6 4"' : '';
    const op = e.opacity !== undefined && e.opacity < 1 ? ` opacity="${e.opacity}"` : '';
    out.push(
      `<line x1="${round(e.x1)}" y1="${round(e.y1)}" x2="${round(e.x2)}" y2="${round(e.y2)}" stroke="${escXml(e.color)}" ` +
        `stroke-width="${e.width}"${dash}${op} marker-end="url(#arrow)"/>`,
    );
    if (e.label && written.has(`e${i}`)) {
      const mx = round((e.x1 + e.x2) / 2);
      const my = round((e.y1 + e.y2) / 2);
      let angle = (Math.atan2(e.y2 - e.y1, e.x2 - e.x1) * 180) / Math.PI;
      if (angle > 90 || angle < -90) angle += 180;
      out.push(
        `<text x="${mx}" y="${my}" dy="-3" font-size="${EDGE_FONT}" fill="#374151" text-anchor="middle" ` +
          `transform="rotate(${round(angle)} ${mx} ${my})"${op}>${escXml(e.label)}</text>`,
      );
    }
  }
  out.push('</g><g class="nodes">');
  for (const [i, n] of snapshot.nodes.entries()) {
    const op = n.opacity !== undefined && n.opacity < 1 ? ` opacity="${n.opacity}"` : '';
    out.push(`<g${op}>${shapeMarkup(n)}`);
    if (n.label && written.has(`n${i}`))
      out.push(
        `<text x="${round(n.x)}" y="${round(n.y + n.height / 2 + 13)}" font-size="${NODE_FONT}" fill="#1d2330" text-anchor="middle">${escXml(n.label)}</text>`,
      );
    out.push('</g>');
  }
  out.push('</g></svg>');
  return out.join('\n');
}

/** A file name for an export: `casegraph-2024-05-01T10-11-12.png`. */
export function exportFileName(ext: string, now = new Date()): string {
  return `casegraph-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.${ext}`;
}
