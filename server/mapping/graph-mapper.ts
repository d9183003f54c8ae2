/**
 * Nodes and relationships as the canvas draws them (GraphNode, GraphEdge), for any Neo4j graph.
 *
 * Our case graph follows conventions (an `Entity` label, a unique string `id`, model types and
 * display properties, provenance on facts); a graph the explorer has never seen follows none, so
 * every rule here has a fallback: the type is the first model label, else the first label, else
 * `Node`; the display text is the model's display property, else `name`, `title`, `id`, the best
 * name-like string property, the first string property, else the type; the key is `id`, else `eid:<elementId>`.
 */
import type { Node, Relationship } from 'neo4j-driver';
import type { FactStatus, GraphEdge, GraphNode, JsonValue } from '../contract.js';
import type { CaseModel } from '../model/model.js';
import { displayKeyRank } from '../model/name-keys.js';
import { elementKey } from './keys.js';
import { propertiesToJson, toJson } from './values.js';

/** The label every case node carries besides its type; it is never a node's type. */
export const ENTITY_LABEL = 'Entity';

/**
 * Properties the import writes for the server's own use; they are not facts about the entity.
 * `aliasText` duplicates `aliases` for the full-text index; `summaryJson` is the precomputed
 * neighbourhood summary of dense nodes.
 */
export const INTERNAL_NODE_PROPERTIES: ReadonlySet<string> = new Set([
  'aliasText',
  'summaryJson',
  'summaryUpdatedAt',
]);

/** Provenance fields lifted out of a fact's properties into GraphEdge fields. */
const LIFTED_EDGE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'status',
  'confidence',
  'claim',
  'sources',
  'validFrom',
  'validTo',
  'date',
  'recorded',
]);

const DISPLAY_FALLBACKS = ['name', 'title', 'id'] as const;
const MAX_LABEL_LENGTH = 200;

/** The mapping rules, bound to one model. Stateless and cheap; make one per app. */
export class GraphMapper {
  private readonly statuses: ReadonlySet<string>;

  constructor(readonly model: CaseModel) {
    this.statuses = new Set(model.statuses);
  }

  /** The type a node is drawn as: first model label, else first other label, else `Node`. */
  nodeType(labels: readonly string[]): string {
    return (
      labels.find((label) => Object.hasOwn(this.model.nodeTypes, label)) ??
      labels.find((label) => label !== ENTITY_LABEL) ??
      labels[0] ??
      'Node'
    );
  }

  /**
   * The stable key of a node: its `id` when it is one of our entities (the `Entity` label and a
   * string `id`, which a uniqueness constraint guards), else `eid:<elementId>`.
   */
  nodeKey(node: Node): string {
    const id = node.properties.id;
    if (node.labels.includes(ENTITY_LABEL) && typeof id === 'string' && id.length > 0) return id;
    return elementKey(node.elementId);
  }

  /**
   * The stable key of a relationship: its `id` when its type is a case type of the model (whose fact ids a
   * constraint guards and `GET /api/facts/:id` can find), else `eid:<elementId>`.
   */
  edgeKey(relationship: Relationship): string {
    const id = relationship.properties.id;
    if (
      this.model.relationshipTypes[relationship.type]?.key !== null &&
      Object.hasOwn(this.model.relationshipTypes, relationship.type) &&
      typeof id === 'string' &&
      id
    ) {
      return id;
    }
    return elementKey(relationship.elementId);
  }

  /** The text shown on a node. */
  displayLabel(node: Node, type = this.nodeType(node.labels)): string {
    const properties = node.properties as Record<string, unknown>;
    const modelDisplay = this.model.nodeTypes[type]?.display;
    for (const key of [modelDisplay, ...DISPLAY_FALLBACKS]) {
      if (key === undefined) continue;
      const text = displayText(properties[key]);
      if (text) return text;
    }
    // A graph of its own words: its best name-like key (`vessel_name`, `companyName`...), else
    // the first string property in key order.
    const keys = Object.keys(properties)
      .filter((key) => !INTERNAL_NODE_PROPERTIES.has(key))
      .sort((a, b) => displayKeyRank(a) - displayKeyRank(b) || a.localeCompare(b));
    for (const key of keys) {
      const value = properties[key];
      if (typeof value === 'string' && value.trim()) return clip(value.trim());
    }
    return type;
  }

  /** A node for the canvas. */
  node(node: Node, degree?: number): GraphNode {
    const type = this.nodeType(node.labels);
    const mapped: GraphNode = {
      id: this.nodeKey(node),
      labels: [...node.labels],
      type,
      label: this.displayLabel(node, type),
      properties: propertiesToJson(node.properties as Record<string, unknown>, INTERNAL_NODE_PROPERTIES),
    };
    if (degree !== undefined) mapped.degree = degree;
    return mapped;
  }

  /** An edge for the canvas, given the stable keys of its two ends. */
  edge(relationship: Relationship, source: string, target: string): GraphEdge {
    const properties = relationship.properties as Record<string, unknown>;
    const edge: GraphEdge = {
      id: this.edgeKey(relationship),
      type: relationship.type,
      source,
      target,
      properties: propertiesToJson(properties, LIFTED_EDGE_PROPERTIES),
    };
    // A foreign graph may use `id` for something else; keep it visible when it is not our key.
    if (edge.id.startsWith('eid:') && properties.id !== undefined) edge.properties.id = toJson(properties.id);
    const status = properties.status;
    if (typeof status === 'string' && this.statuses.has(status)) edge.status = status as FactStatus;
    else if (status !== undefined) edge.properties.status = toJson(status);
    const confidence = toJson(properties.confidence);
    if (typeof confidence === 'number') edge.confidence = confidence;
    else if (properties.confidence !== undefined) edge.properties.confidence = confidence;
    const claim = properties.claim;
    if (typeof claim === 'string') edge.claim = claim;
    else if (claim !== undefined) edge.properties.claim = toJson(claim);
    const sources = properties.sources;
    if (Array.isArray(sources) && sources.every((s) => typeof s === 'string')) edge.sources = [...sources];
    else if (sources !== undefined) edge.properties.sources = toJson(sources);
    for (const key of ['validFrom', 'validTo', 'date', 'recorded'] as const) {
      const value = properties[key];
      if (value === undefined || value === null) continue;
      const json = toJson(value);
      if (typeof json === 'string') edge[key] = json;
      else edge.properties[key] = json;
    }
    return edge;
  }

  /** The aliases of a node, when it has a string list of them. */
  aliases(node: Node): string[] {
    const aliases = (node.properties as Record<string, unknown>).aliases;
    return Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [];
  }
}

function displayText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? clip(value.trim()) : undefined;
  if (value === null || value === undefined) return undefined;
  const json: JsonValue = toJson(value);
  return typeof json === 'number' || typeof json === 'string' ? clip(String(json)) : undefined;
}

function clip(text: string): string {
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
}
