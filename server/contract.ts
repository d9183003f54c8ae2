/**
 * The JSON contract between the API and its clients (the explorer imports it
 * with `import type`). Only plain JSON crosses: no driver types, no internal
 * ids, no `{low, high}` integers. Entities and facts are addressed by stable
 * keys (the model's `id` property; `eid:<elementId>` on graphs without it).
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/**
 * The fact statuses of `cypher/model.json` (`statuses`), in its order: the one definition code
 * types are derived from. A unit test (test/unit/model.test.ts) fails when the two differ. The
 * client may import this constant as a value: this module imports nothing.
 */
export const FACT_STATUSES = ['alleged', 'reported', 'confirmed'] as const;
export type FactStatus = (typeof FACT_STATUSES)[number];

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
  /**
   * Merged view only (issue 20): this node stands for every entity judged the same as it, listed
   * here canonical first (the node's own `id`); absent on a node that stands for itself alone.
   */
  mergedFrom?: EntityRef[];
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
  /**
   * Merged view only: the ends as stored, when the view moved either to its cluster's node
   * (`source`/`target` then name the merged nodes). Absent when both ends stand for themselves.
   */
  via?: { source: string; target: string };
  /**
   * When the case learnt the fact (kept apart from when it was true): its own `recorded`
   * property, else the earliest date of the sources it cites. Absent: not known.
   */
  recorded?: string;
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
      /** A type read from the graph (key null in the model): shown and searched, never imported into. */
      fromGraph?: true;
    }
  >;
  relationshipTypes: Record<
    string,
    { from: string[]; to: string[]; meaning: string; event: boolean; fromGraph?: true }
  >;
  statuses: FactStatus[];
  /** `read` when casegraph may not change the graph (NEO4J_ACCESS=read): no import. */
  graphAccess: GraphAccess;
}

/** What casegraph may do to the case graph (NEO4J_ACCESS). */
export type GraphAccess = 'read' | 'write';

/** GET /api/search?q=&types=&limit= */
export interface SearchHit {
  id: string;
  type: string;
  label: string;
  score: number;
  aliases: string[];
  /** Merged view only: the entities this hit stands for, canonical first (see GraphNode). */
  mergedFrom?: EntityRef[];
}
export interface SearchResponse {
  query: string;
  hits: SearchHit[];
  /** Labels the search index does not cover, which a bounded scan read instead (absent: none). */
  scanned?: string[];
  /** True when a scanned label holds more nodes than the scan reads: a hit may be missing. */
  incomplete?: boolean;
  /** What was cut and how to fix it, for the person searching. */
  notice?: string;
}

/** GET/POST /api/admin/search-index: what the full-text index covers and what extending it adds. */
export interface SearchIndexStatus {
  /** The index as it stands (null: none). */
  current: { labels: string[]; properties: string[]; state: string } | null;
  /** What it covers once extended. */
  labels: string[];
  properties: string[];
  added: { labels: string[]; properties: string[] };
  /** The statement that makes it: for a DBA when casegraph may only read the graph. */
  statement: string;
  graphAccess: GraphAccess;
  /** POST only: whether the index was rebuilt (false: it already covered everything). */
  changed: boolean;
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
  /**
   * The split by neighbour type is an estimate (scaled from a sample or a stale precomputed
   * summary of a dense node); the total per type and direction is always exact.
   */
  approximate?: boolean;
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
  remaining: {
    relType: string;
    direction: Direction;
    count: number;
    /** With `neighbourTypes` on a relationship type that reaches several types: an estimate. */
    approximate?: boolean;
  }[];
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

/** How `GET /api/paths` orders its paths: fewest hops first (the default) or strongest first. */
export type PathOrder = 'length' | 'strength';

/**
 * What a path rests on (computed by `server/graph/path-evidence.ts`). A path is as strong as its
 * weakest link: the link with the lowest status, then the lowest confidence; a link without
 * provenance (no sources) is weaker than any fact and reads `unsourced`.
 */
export interface PathEvidence {
  /** The weakest link; null only for a path without links. */
  weakest: { edge: string; status: FactStatus | 'unsourced'; confidence: number | null } | null;
  /** Every source any link of the path cites, each once, in order of first citation. */
  sources: string[];
  /** Every link is a fact whose status is `alleged`. */
  allAlleged: boolean;
  /** The weakest link's confidence (0 when it has none or is unsourced): what `order=strength` sorts by. */
  strength: number;
}

/** GET /api/paths?from=&to=&maxHops=&types=&mode=&k=&order=&without= */
export interface PathsResponse extends GraphPayload {
  paths: { nodes: string[]; edges: string[]; length: number; evidence: PathEvidence }[];
  /** The source documents the paths' evidence cites, so the client can name them. */
  sources: SourceRef[];
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
  /**
   * Library only: Neo4j planner options the query runs with (`// @planner key=value`), e.g.
   * `statefulShortestPlanningMode: 'all_if_possible'`. User queries cannot set any.
   */
  plannerOptions?: Record<string, string>;
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

/** GET /api/queries: the library, the caller's own queries and everyone's shared ones. */
export interface SavedQueryList {
  queries: SavedQuery[];
}

/*
 * Request bodies are not written here: each is derived from the zod schema its route validates
 * with, beside that schema (`z.input<typeof ...>`), so the two cannot drift:
 *   SavedQueryInput, RunQueryRequest   server/queries/queries-schemas.ts
 *   CypherRequest                      server/cypher-console/cypher-console-schemas.ts
 *   SubgraphRequest                    server/graph/graph-schemas.ts
 *   WorkspaceInput                     server/workspaces/workspaces-schemas.ts
 * (This file imports nothing, so that no import cycle runs through it.)
 */

/*
 * Graph elements inside QueryRunResult.table cells are references by stable key (the graph view
 * holds the elements themselves). Other cell values are plain JSON: integers as numbers (or
 * strings when beyond 2^53), temporals as ISO strings, points as {kind: 'point', srid, x, y, z?},
 * bytes as {kind: 'bytes', base64}.
 */
export interface TableNodeRef {
  kind: 'node';
  id: string;
  type: string;
  label: string;
}
export interface TableRelationshipRef {
  kind: 'relationship';
  id: string;
  type: string;
  /** Keys of the ends, null when the end is not in the graph view. */
  source: string | null;
  target: string | null;
}
export interface TablePathRef {
  kind: 'path';
  nodes: string[];
  edges: string[];
  length: number;
}

/** POST /api/admin/import */
export interface ImportSummary {
  entities: { created: number; updated: number; unchanged: number };
  facts: { created: number; updated: number; unchanged: number };
  sources: { created: number; updated: number; unchanged: number };
  elapsedMs: number;
  /** The import's id: `POST /api/admin/import/:id/undo` takes it back while `undoable`. */
  importId: string;
  /** True until the next import: only the latest import kept for undo can be undone. */
  undoable: boolean;
}

/** A validation problem, reported all at once: nothing is written while any exists. */
export interface ImportProblem {
  /** JSON pointer (`/facts/12/from`) or `line 14` / `row 13`. */
  path: string;
  field?: string;
  message: string;
}

/*
 * Workspaces (added by the explorer, issue 5; the server side is still to be
 * written): a saved canvas, kept by stable keys so it survives a re-seed.
 * GET/POST /api/workspaces, GET/PUT/DELETE /api/workspaces/:id.
 */

/** What the filters panel hides or shows; everything empty/null shows all. */
export interface WorkspaceFilters {
  /** Node types the legend has switched off. */
  hiddenNodeTypes: string[];
  /** Relationship types the legend has switched off. */
  hiddenRelTypes: string[];
  /** Statuses shown; an empty list shows all. */
  statuses: FactStatus[];
  /** Facts below this confidence are hidden (0 shows all, including facts without one). */
  minConfidence: number;
  /** Only facts citing one of these source ids; empty shows all. */
  sources: string[];
  /** ISO date: show the network as of that day; null shows every date. */
  asOf: string | null;
  /**
   * The brushed time range (ISO dates, inclusive): a fact shows when its validity or its event
   * date overlaps it. Absent or null: every date. (Optional: workspaces saved before it exist.)
   */
  period?: { from: string; to: string } | null;
  /** Whether facts with no date at all show (absent: 'show'). */
  undated?: 'show' | 'hide';
  /**
   * ISO date: the network as known on that day (facts recorded after it hide; facts with no
   * recorded date stay). Absent or null: everything known.
   */
  knownOn?: string | null;
  /**
   * Only facts that rest on exactly one source ("rests on one source"). Optional so that
   * workspaces and share links saved before it existed still load (absent reads as false).
   */
  singleSource?: boolean;
}

export interface WorkspaceNodeState {
  id: string;
  x: number;
  y: number;
  pinned?: boolean;
  hidden?: boolean;
}

export interface WorkspaceState {
  nodes: WorkspaceNodeState[];
  /** Ids of the facts on the canvas; absent = every fact among the nodes. */
  edges?: string[];
  filters: WorkspaceFilters;
  /** Name of the last layout: fcose, concentric, breadthfirst, grid, preset. */
  layout: string;
}

/** `private`: the owner and the named people; `shared`: everyone signed in may open it. */
export type WorkspaceVisibility = 'private' | 'shared';
/** What the caller may do with a workspace: everything, open and save, or open only. */
export type WorkspaceAccess = 'owner' | 'editor' | 'viewer';

/** One named person a workspace is shared with (issue 15). */
export interface WorkspaceShare {
  username: string;
  permission: 'viewer' | 'editor';
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  owner: string;
  updatedAt: string;
  visibility: WorkspaceVisibility;
  access: WorkspaceAccess;
}

export interface Workspace extends WorkspaceSummary {
  state: WorkspaceState;
  shares: WorkspaceShare[];
  /** Whether the caller may change visibility and shares (the owner, or an admin). */
  canShare: boolean;
}

/** GET /api/workspaces */
export interface WorkspaceList {
  workspaces: WorkspaceSummary[];
}

/*
 * Notes (issue 15): text on an entity or a fact, kept with a workspace (seen by whoever may open
 * it) or with the case (seen by everyone signed in).
 * GET /api/notes?target=&workspace=, GET /api/notes/search?q=, POST /api/notes,
 * PUT/DELETE /api/notes/:id.
 */
export interface Note {
  id: string;
  author: string;
  /** The entity's or fact's stable key. */
  target: string;
  workspaceId: string | null;
  scope: 'workspace' | 'case';
  text: string;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/notes and GET /api/notes/search */
export interface NoteList {
  notes: Note[];
  /** True when there were more than the answer holds. */
  truncated: boolean;
}

/** GET /api/users/names: the enabled users, to share a workspace with. */
export interface UserNames {
  usernames: string[];
}

/** An entity named in an answer, with what to show for it. */
export interface EntityRef {
  id: string;
  type: string;
  label: string;
}

/**
 * Issue 20: same entity, two nodes. Judgements are case data: one relationship per pair of
 * entities in the case graph, typed by its verdict (`SAME_AS`, `NOT_SAME_AS`, `MAYBE_SAME_AS`, see
 * `server/merge/judgement-types.ts`), from the smaller id to the larger, carrying the fact fields
 * (claim, status, confidence, attribution, sources) and reason, evidence, judgedBy, judgedAt.
 * Neither entity is ever rewritten. Read routes take `view=merged` (default) or `view=apart`.
 */
export type Verdict = 'same' | 'not-same' | 'unsure';

/** How the reads present entities judged the same: as one node (default) or apart. */
export type IdentityView = 'merged' | 'apart';

export type MergeReasonKind =
  'same-name' | 'similar-name' | 'shared-identifier' | 'same-country' | 'different-type';

/** One reason two entities may be the same, with what it adds to the score (negative: against). */
export interface MergeReason {
  kind: MergeReasonKind;
  detail: string;
  weight: number;
}

/** GET /api/entities/:id/merge-candidates?limit= */
export interface MergeCandidatesResponse {
  entity: EntityRef;
  candidates: { entity: EntityRef; score: number; reasons: MergeReason[]; judgement?: Verdict }[];
}

/** GET /api/merge-candidates?limit=&minScore= : likely duplicate pairs across the whole case, best first. */
export interface CaseMergeCandidates {
  pairs: { a: EntityRef; b: EntityRef; score: number; reasons: MergeReason[] }[];
  /** True when the scan stopped at its bound (entities read), so a pair may be missing. */
  incomplete: boolean;
}

/** A judgement as the API serves it. */
export interface JudgementView {
  /** `judgement:<hash of the pair>`: one per pair, so a new verdict on a pair replaces the old. */
  id: string;
  a: EntityRef;
  b: EntityRef;
  verdict: Verdict;
  /** Why, in the judge's words. */
  reason: string;
  confidence: number;
  /** The generated claim ("A and B are the same entity"), as any fact has. */
  claim: string;
  /** Username of the judge. */
  judgedBy: string;
  /** ISO date-time. */
  judgedAt: string;
  /** The candidate reasons the judge saw (may be empty). */
  evidence: MergeReason[];
  /** Sources cited: by default the sources of both entities. */
  sources: string[];
}

/** POST /api/judgements */
export interface JudgementRequest {
  a: string;
  b: string;
  verdict: Verdict;
  reason: string;
  confidence?: number;
  sources?: string[];
  evidence?: MergeReason[];
  /** The pair has a judgement with another verdict: replace it (else 409 JUDGEMENT_EXISTS). */
  replace?: boolean;
}

/** What a cluster is after a change: the entities the view shows as one node, canonical first. */
export interface ClusterState {
  canonical: string;
  members: EntityRef[];
}

/** The answer to POST /api/judgements. */
export interface JudgementResult {
  judgement: JudgementView;
  /** The cluster of `a` after the judgement (a lone member when it merged nothing). */
  cluster: ClusterState;
}

/** GET /api/judgements?entity= : every judgement touching the entity's cluster. */
export interface JudgementList {
  judgements: JudgementView[];
  cluster: ClusterState;
}

/** POST /api/entities/:id/split : the same-judgements retracted and the clusters left. */
export interface SplitResult {
  retracted: string[];
  clusters: ClusterState[];
}
