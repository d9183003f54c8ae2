/**
 * The JSON contract between the API and its clients (the explorer imports it
 * with `import type`). Only plain JSON crosses: no driver types, no internal
 * ids, no `{low, high}` integers. Entities and facts are addressed by stable
 * keys (the model's `id` property; `eid:<elementId>` on graphs without it).
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export type FactStatus = 'alleged' | 'reported' | 'confirmed';

/** A node as the canvas draws it. */
export interface GraphNode {
  /** Stable key: survives a re-seed. */
  id: string;
  labels: string[];
  /** The model type (first known label), or the first label, or 'Node'. */
  type: string;
  /** Display text from the model's display property, or a sensible fallback. */
  label: string;
  properties: Record<string, JsonValue>;
  /** Total number of relationships, when the query computed it. */
  degree?: number;
}

/** A relationship (a fact, when it carries provenance). */
export interface GraphEdge {
  id: string;
  type: string;
  /** Stable key of the start node. */
  source: string;
  /** Stable key of the end node. */
  target: string;
  properties: Record<string, JsonValue>;
  /** Provenance, lifted out of properties when present. */
  status?: FactStatus;
  confidence?: number;
  claim?: string;
  sources?: string[];
  validFrom?: string;
  validTo?: string;
  date?: string;
}

export interface GraphPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface TablePayload {
  columns: string[];
  rows: JsonValue[][];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** GET /api/model: what the client needs to style and filter. */
export interface ModelResponse {
  nodeTypes: Record<
    string,
    {
      description: string;
      display: string;
      style: { color: string; icon: string; shape: string };
    }
  >;
  relationshipTypes: Record<string, { from: string[]; to: string[]; meaning: string; event: boolean }>;
  statuses: FactStatus[];
}

/** GET /api/search?q=&types=&limit= */
export interface SearchHit {
  id: string;
  type: string;
  label: string;
  score: number;
  aliases: string[];
}
export interface SearchResponse {
  query: string;
  hits: SearchHit[];
}

export interface SourceRef {
  id: string;
  title: string;
  publisher?: string;
  date?: string;
  reference?: string;
  kind?: string;
  notes?: string;
}

export type Direction = 'out' | 'in';

/** One row of a neighbourhood summary: "12 outgoing SUPPLIED links to Organisation". */
export interface NeighbourhoodSummaryRow {
  relType: string;
  direction: Direction;
  neighbourType: string;
  count: number;
}

/** GET /api/entities/:id */
export interface EntityDetail {
  node: GraphNode;
  sources: SourceRef[];
  degree: number;
  summary: NeighbourhoodSummaryRow[];
}

/** GET /api/entities/:id/neighbours?types=&direction=&neighbourTypes=&limit=&cursor= */
export interface NeighboursPage extends GraphPayload {
  center: string;
  truncated: boolean;
  /** Pass back as `cursor` for the next page; null when nothing remains. */
  nextCursor: string | null;
  /** Links not yet returned, per relationship type and direction. */
  remaining: { relType: string; direction: Direction; count: number }[];
  total: number;
}

/** GET /api/facts/:id: "why is this link here?" */
export interface FactDetail {
  edge: GraphEdge;
  from: GraphNode;
  to: GraphNode;
  sources: SourceRef[];
  attribution?: string;
}

export type PathMode = 'shortest' | 'all-shortest' | 'k-paths';

/** GET /api/paths?from=&to=&maxHops=&types=&mode=&k= */
export interface PathsResponse extends GraphPayload {
  paths: { nodes: string[]; edges: string[]; length: number }[];
  outcome: QueryOutcome;
  elapsedMs: number;
}

export type QueryOutcome = 'complete' | 'truncated' | 'timed_out';

export type QueryParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'entity' | 'string[]';

export interface QueryParameterSpec {
  name: string;
  type: QueryParameterType;
  label: string;
  description?: string;
  required: boolean;
  default?: JsonValue;
  /** For `entity` parameters: which types the search offers. */
  entityTypes?: string[];
  /** For `string` parameters with a fixed set of values. */
  options?: string[];
  min?: number;
  max?: number;
}

/** A saved query: from the library (`cypher/queries/*.cypher`) or a user's own. */
export interface SavedQuery {
  id: string;
  title: string;
  description: string;
  cypher: string;
  parameters: QueryParameterSpec[];
  origin: 'library' | 'user';
  owner?: string;
  visibility?: 'private' | 'shared';
  createdAt?: string;
  updatedAt?: string;
}

/** POST /api/queries/:id/run and POST /api/cypher */
export interface QueryRunResult {
  graph: GraphPayload;
  table: TablePayload;
  outcome: QueryOutcome;
  rowCount: number;
  elapsedMs: number;
}

/** POST /api/admin/import */
export interface ImportSummary {
  entities: { created: number; updated: number; unchanged: number };
  facts: { created: number; updated: number; unchanged: number };
  sources: { created: number; updated: number; unchanged: number };
  elapsedMs: number;
}

/** A validation problem, reported all at once: nothing is written while any exists. */
export interface ImportProblem {
  /** JSON pointer (`/facts/12/from`) or `line 14` / `row 13`. */
  path: string;
  field?: string;
  message: string;
}
