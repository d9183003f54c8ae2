/**
 * Any query result as the two views the explorer shows: a graph (`{nodes, edges}`, every node and
 * relationship found anywhere in the rows, including inside lists, maps and paths) and a table
 * (`{columns, rows}`, where graph elements appear as small references by stable key).
 *
 * A relationship can come back without its end nodes (`RETURN r`); the edge then needs their keys.
 * `missingEndpoints` names the element ids to fetch, and `mapResult` takes the fetched nodes, so
 * every edge in the graph has both ends in `nodes`.
 */
import neo4j, { type Node, type Path, type Relationship } from 'neo4j-driver';
import type { GraphEdge, GraphNode, GraphPayload, JsonValue, TablePayload } from '../contract.js';
import type { GraphMapper } from './graph-mapper.js';
import { toJson, type ElementRenderer } from './values.js';

export interface MappedResult {
  graph: GraphPayload;
  table: TablePayload;
}

/** The graph elements found in some rows, by element id (internal to the server). */
export interface FoundElements {
  nodes: Map<string, Node>;
  relationships: Map<string, Relationship>;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Every node and relationship inside the values, however deeply nested. */
export function findElements(values: Iterable<unknown>): FoundElements {
  const found: FoundElements = { nodes: new Map(), relationships: new Map() };
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (neo4j.isNode(value)) {
      found.nodes.set(value.elementId, value);
    } else if (neo4j.isRelationship(value)) {
      found.relationships.set(value.elementId, value);
    } else if (neo4j.isPath(value)) {
      found.nodes.set(value.start.elementId, value.start);
      for (const segment of value.segments) {
        found.relationships.set(segment.relationship.elementId, segment.relationship);
        found.nodes.set(segment.end.elementId, segment.end);
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isPlainObject(value)) {
      Object.values(value).forEach(visit);
    }
  };
  for (const value of values) visit(value);
  return found;
}

/** Element ids of relationship ends that the rows do not contain themselves. */
export function missingEndpoints(found: FoundElements): string[] {
  const missing = new Set<string>();
  for (const relationship of found.relationships.values()) {
    for (const end of [relationship.startNodeElementId, relationship.endNodeElementId]) {
      if (!found.nodes.has(end)) missing.add(end);
    }
  }
  return [...missing];
}

/**
 * Builds the graph and table views of a result. `extraNodes` are relationship ends fetched
 * separately; they join the graph but not the table. Edges whose ends are still unknown (deleted
 * meanwhile) stay in the table and are left out of the graph, so the graph is always consistent.
 */
export function mapResult(
  mapper: GraphMapper,
  columns: string[],
  rows: unknown[][],
  extraNodes: Iterable<Node> = [],
): MappedResult {
  const found = findElements(rows.flat());
  for (const node of extraNodes) if (!found.nodes.has(node.elementId)) found.nodes.set(node.elementId, node);

  const nodeKeys = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const seenNodeKeys = new Set<string>();
  for (const node of found.nodes.values()) {
    const mapped = mapper.node(node);
    nodeKeys.set(node.elementId, mapped.id);
    if (seenNodeKeys.has(mapped.id)) continue;
    seenNodeKeys.add(mapped.id);
    nodes.push(mapped);
  }

  const edges: GraphEdge[] = [];
  const seenEdgeKeys = new Set<string>();
  for (const relationship of found.relationships.values()) {
    const source = nodeKeys.get(relationship.startNodeElementId);
    const target = nodeKeys.get(relationship.endNodeElementId);
    if (source === undefined || target === undefined) continue;
    const edge = mapper.edge(relationship, source, target);
    if (seenEdgeKeys.has(edge.id)) continue;
    seenEdgeKeys.add(edge.id);
    edges.push(edge);
  }

  const renderer = tableRenderer(mapper, nodeKeys);
  return {
    graph: { nodes, edges },
    table: { columns: [...columns], rows: rows.map((row) => row.map((value) => toJson(value, renderer))) },
  };
}

/** Graph elements in table cells: references by stable key, enough to find them on the canvas. */
export function tableRenderer(mapper: GraphMapper, nodeKeys: ReadonlyMap<string, string>): ElementRenderer {
  const keyOf = (elementId: string): JsonValue => nodeKeys.get(elementId) ?? null;
  return {
    node: (node: Node) => ({
      kind: 'node',
      id: mapper.nodeKey(node),
      type: mapper.nodeType(node.labels),
      label: mapper.displayLabel(node),
    }),
    relationship: (relationship: Relationship) => ({
      kind: 'relationship',
      id: mapper.edgeKey(relationship),
      type: relationship.type,
      source: keyOf(relationship.startNodeElementId),
      target: keyOf(relationship.endNodeElementId),
    }),
    path: (path: Path) => ({
      kind: 'path',
      nodes: [mapper.nodeKey(path.start), ...path.segments.map((segment) => mapper.nodeKey(segment.end))],
      edges: path.segments.map((segment) => mapper.edgeKey(segment.relationship)),
      length: path.length,
    }),
  };
}
