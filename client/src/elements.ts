/**
 * Pure conversion of API payloads into Cytoscape element definitions, the
 * "what is new" merge against what the canvas already holds, and the
 * placement of new nodes around their parent so that nothing already on the
 * canvas moves. No DOM, no Cytoscape instance: unit-tested headless.
 */
import type cytoscape from 'cytoscape';
import type { GraphEdge, GraphNode, GraphPayload, ModelResponse } from '../../server/contract.js';
import { displayLabel } from './label-placement.js';

export interface NodeData {
  id: string;
  label: string;
  /** The label as drawn at rest: two lines at most, ellipsis when cut (full text on hover). */
  display: string;
  type: string;
  /** True when the model knows the type (else it is drawn with the default style). */
  known: boolean;
  degree?: number;
  /** Diameter in model units, grown by degree. */
  size: number;
  labels: string[];
  properties: GraphNode['properties'];
  /** Merged view: the records this node stands for (canonical first), and how many. */
  mergedFrom?: GraphNode['mergedFrom'];
  merged?: number;
}

export interface EdgeData extends Omit<GraphEdge, 'properties'> {
  /** The text drawn on the edge. */
  label: string;
  properties: GraphEdge['properties'];
}

export interface Point {
  x: number;
  y: number;
}

/** Node diameter from degree: 30 for a leaf, growing with log(degree), capped at 78. */
export function nodeSize(degree: number | undefined): number {
  if (!degree || degree < 1) return 30;
  return Math.min(78, Math.round(30 + 8 * Math.log2(1 + degree)));
}

/** A node's element, styled by `data(type)` through the stylesheet. */
export function nodeElement(node: GraphNode, model?: ModelResponse | null): cytoscape.ElementDefinition {
  const data: NodeData = {
    id: node.id,
    label: node.label || node.id,
    display: displayLabel(node.label || node.id),
    type: node.type,
    known: Boolean(model?.nodeTypes[node.type]),
    size: nodeSize(node.degree),
    labels: node.labels,
    properties: node.properties,
  };
  if (node.degree !== undefined) data.degree = node.degree;
  if (node.mergedFrom && node.mergedFrom.length > 1) {
    data.mergedFrom = node.mergedFrom;
    data.merged = node.mergedFrom.length;
    // The count is part of the label, so the merge reads without colour or shape.
    data.display = displayLabel(`${data.label} ×${node.mergedFrom.length}`);
  }
  return { group: 'nodes', data: data as unknown as cytoscape.NodeDataDefinition };
}

/** An edge's element; status, confidence and dates become data the filters and styles read. */
export function edgeElement(edge: GraphEdge): cytoscape.ElementDefinition {
  const data: EdgeData = { ...edge, label: edge.type.replace(/_/g, ' ').toLowerCase() };
  const classes = edge.confidence !== undefined && edge.confidence < 0.5 ? 'low-confidence' : '';
  return { group: 'edges', data: data as unknown as cytoscape.EdgeDataDefinition, classes };
}

/** Every element of a payload (edges whose ends are missing are dropped: Cytoscape rejects them). */
export function payloadElements(
  payload: GraphPayload,
  model?: ModelResponse | null,
): cytoscape.ElementDefinition[] {
  const ids = new Set(payload.nodes.map((n) => n.id));
  return [
    ...dedupe(payload.nodes).map((n) => nodeElement(n, model)),
    ...dedupe(payload.edges)
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map(edgeElement),
  ];
}

function dedupe<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

export interface MergePlan {
  /** Nodes not yet on the canvas. */
  nodes: GraphNode[];
  /** Edges not yet on the canvas whose two ends will be on it. */
  edges: GraphEdge[];
  /** Nodes of the payload already on the canvas (kept where they are). */
  existing: string[];
}

/**
 * What adding `payload` to a canvas holding `onCanvas` ids changes. Edges to
 * nodes that are neither on the canvas nor in the payload are left out.
 */
export function planMerge(onCanvas: ReadonlySet<string>, payload: GraphPayload): MergePlan {
  const nodes = dedupe(payload.nodes).filter((n) => !onCanvas.has(n.id));
  const willHave = new Set([...onCanvas, ...nodes.map((n) => n.id)]);
  const edges = dedupe(payload.edges).filter(
    (e) => !onCanvas.has(e.id) && willHave.has(e.source) && willHave.has(e.target),
  );
  const existing = dedupe(payload.nodes)
    .filter((n) => onCanvas.has(n.id))
    .map((n) => n.id);
  return { nodes, edges, existing };
}

/**
 * Free spots for `count` new nodes around `center`: rings of growing radius,
 * skipping any spot closer than `minGap` to an occupied point or to a spot
 * already chosen. Deterministic, so the same expansion lands the same way.
 */
export function placeAround(center: Point, count: number, occupied: readonly Point[], minGap = 70): Point[] {
  const chosen: Point[] = [];
  const clash = (p: Point) =>
    occupied.some((o) => Math.hypot(o.x - p.x, o.y - p.y) < minGap) ||
    chosen.some((o) => Math.hypot(o.x - p.x, o.y - p.y) < minGap);
  let radius = Math.max(110, minGap * 1.6);
  let guard = 0;
  while (chosen.length < count && guard < 60) {
    guard++;
    const slots = Math.max(6, Math.floor((2 * Math.PI * radius) / minGap));
    // Offset each ring by half a slot so rings do not line up in spokes.
    const offset = (guard % 2) * (Math.PI / slots);
    for (let i = 0; i < slots && chosen.length < count; i++) {
      const angle = offset + (2 * Math.PI * i) / slots - Math.PI / 2;
      const p = {
        x: Math.round(center.x + radius * Math.cos(angle)),
        y: Math.round(center.y + radius * Math.sin(angle)),
      };
      if (!clash(p)) chosen.push(p);
    }
    radius += minGap;
  }
  // Pathological crowding: stack the rest on an outer ring rather than fail.
  while (chosen.length < count) {
    const i = chosen.length;
    chosen.push({
      x: Math.round(center.x + radius * Math.cos(i)),
      y: Math.round(center.y + radius * Math.sin(i)),
    });
  }
  return chosen;
}

/** Positions for nodes with no parent (search results, query results): a compact grid right of `origin`. */
export function gridPositions(origin: Point, count: number, gap = 110): Point[] {
  const cols = Math.max(1, Math.ceil(Math.sqrt(count)));
  return Array.from({ length: count }, (_, i) => ({
    x: origin.x + (i % cols) * gap,
    y: origin.y + Math.floor(i / cols) * gap,
  }));
}
