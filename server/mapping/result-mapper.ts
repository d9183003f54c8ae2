/**
 * Any query result as the two views the explorer shows: a graph (`{nodes, edges}`, every node and
 * relationship found anywhere in the rows, including inside lists, maps and paths) and a table
 * (`{columns, rows}`, where graph elements appear as small references by stable key).
 *
 * A relationship can come back without its end nodes (`RETURN r`); the edge then needs their keys.
 * `missingEndpoints` names the element ids to fetch, and `mapResult` takes the fetched nodes, so
 * every edge in the graph has both ends in `nodes`.
 *
 * Only case data comes back (`server/model/case-data.ts`): a row holding a node that is not case
 * data, a relationship with such an end or a path through one, anywhere in its values, is left
 * out whole, as if the query had not matched it. The answer does not say that rows were left out:
 * a flag would tell whoever asks `MATCH (u:_User {username: 'x'}) RETURN u` whether that user
 * exists, which is what withholding is for. (Scalars, such as `RETURN u.passwordHash`, carry no
 * labels and cannot be told apart; only moving app data out of the graph stops them.)
 */
import neo4j, { type Node, type Path, type Relationship } from 'neo4j-driver';
import type { GraphEdge, GraphNode, GraphPayload, JsonValue, TablePayload } from '../contract.js';
import { isCaseDataFact, isCaseDataLabels } from '../model/case-data.js';
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
 * Element ids of the nodes among `nodes` that are not case data, and a test for whether a row
 * touches one of them (holds it, a relationship with it as an end, or a path through it) or holds
 * a relationship that is not case data.
 * `unknownEnds: 'withhold'` also counts a relationship whose end is not among `nodes` (when the
 * ends could not be fetched, as after a time-out, an end may be app data).
 */
export function internalElements(
  nodes: Iterable<Node>,
  unknownEnds: 'keep' | 'withhold' = 'keep',
): {
  nodeIds: ReadonlySet<string>;
  touches(row: readonly unknown[]): boolean;
} {
  const nodeIds = new Set<string>();
  const known = new Set<string>();
  for (const node of nodes) {
    known.add(node.elementId);
    if (!isCaseDataLabels(node.labels)) nodeIds.add(node.elementId);
  }
  const touches = (row: readonly unknown[]): boolean => {
    const found = findElements(row);
    for (const id of found.nodes.keys()) if (nodeIds.has(id)) return true;
    for (const relationship of found.relationships.values()) {
      // A fact of an import still being written is not case data yet.
      if (!isCaseDataFact(relationship.properties)) return true;
      for (const end of [relationship.startNodeElementId, relationship.endNodeElementId]) {
        if (nodeIds.has(end) || (unknownEnds === 'withhold' && !known.has(end))) return true;
      }
    }
    return false;
  };
  return { nodeIds, touches };
}

/**
 * Builds the graph and table views of a result, from the rows that keep to case data.
 * `extraNodes` are relationship ends fetched separately; they join the graph but not the table.
 * Edges whose ends are still unknown (deleted meanwhile) stay in the table and are left out of
 * the graph, so the graph is always consistent; with `unknownEnds: 'withhold'` (the ends were not
 * fetched) their rows are left out instead.
 */
export function mapResult(
  mapper: GraphMapper,
  columns: string[],
  rows: unknown[][],
  extraNodes: Iterable<Node> = [],
  unknownEnds: 'keep' | 'withhold' = 'keep',
): MappedResult {
  const extra = [...extraNodes];
  const internal = internalElements([...findElements(rows.flat()).nodes.values(), ...extra], unknownEnds);
  const kept = rows.filter((row) => !internal.touches(row));
  const found = findElements(kept.flat());
  const ends = new Set(missingEndpoints(found));
  for (const node of extra) if (ends.has(node.elementId)) found.nodes.set(node.elementId, node);

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
    table: { columns: [...columns], rows: kept.map((row) => row.map((value) => toJson(value, renderer))) },
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
