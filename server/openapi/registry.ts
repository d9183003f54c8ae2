/**
 * What the OpenAPI document says about each route of the policy table: a summary, a tag, the
 * zod schemas its handler validates with (path, query, body) and the schemas of its answers.
 * Static on purpose: the document is built from this list and the policy table, never from a
 * running app's dependencies. A unit test checks that the list and `server/auth/policy.ts` name
 * exactly the same routes, and that the app serves each one.
 */
import { z } from 'zod';
import { auditExportQuery, auditPageSchema, auditQuery } from '../audit/audit-schemas.js';
import {
  apiTokenListSchema,
  createdApiTokenSchema,
  createUserBody,
  loginBody,
  meSchema,
  tokenBody,
  tokenIdParams,
  updateUserBody,
  userListSchema,
  userSummarySchema,
  usernameParams,
} from '../auth/auth-schemas.js';
import type { PolicyMethod } from '../auth/policy.js';
import { consoleRequestSchema } from '../cypher-console/cypher-console-schemas.js';
import {
  entityDetailSchema,
  factDetailSchema,
  graphPayloadSchema,
  keyParams,
  modelResponseSchema,
  neighboursPageSchema,
  pathsQuery,
  pathsResponseSchema,
  subgraphBody,
  neighboursQuery,
} from '../graph/graph-schemas.js';
import { ftmExportBody } from '../export/ftm-routes.js';
import {
  candidatesQuery,
  judgementBody,
  judgementListSchema,
  judgementResultSchema,
  judgementsQuery,
  mergeCandidatesSchema,
  splitBody,
  splitResultSchema,
  viewQuery,
} from '../merge/merge-schemas.js';
import { dossierExportBody } from '../dossier/dossier-routes.js';
import { healthSchema, notReadySchema, readySchema } from '../health/health-schemas.js';
import {
  importIdParams,
  importPreviewSchema,
  importSummarySchema,
  importUndoSchema,
} from '../import/import-schemas.js';
import {
  idParams,
  queryRunResultSchema,
  runBody,
  savedQueryBody,
  savedQueryListSchema,
  savedQuerySchema,
} from '../queries/queries-schemas.js';
import { searchIndexStatusSchema, searchQuery, searchResponseSchema } from '../search/search-schemas.js';
import {
  noteIdParams,
  noteInputSchema,
  noteListSchema,
  noteSchema,
  notesQuery,
  notesSearchQuery,
  noteUpdateSchema,
} from '../notes/notes-schemas.js';
import { workspaceInputSchema, workspaceUpdateSchema } from '../workspaces/workspace-store.js';
import { workspaceIdParams, workspaceListSchema, workspaceSchema } from '../workspaces/workspaces-schemas.js';

export const TAGS = {
  health: 'Probes: liveness and readiness',
  auth: 'Signing in and out, API tokens',
  explore: 'The case graph: model, search, entities, neighbours, facts, paths',
  queries: 'Saved queries and the read-only Cypher console',
  workspaces: 'Saved canvases, shared with everyone or with named people',
  notes: 'Notes on entities and links, kept with a workspace or with the case',
  admin: 'Import, users and the audit log (admins)',
  meta: 'This document',
} as const;
export type Tag = keyof typeof TAGS;

export interface AnswerDoc {
  description: string;
  /** The JSON answer; absent for an empty one (204) or one that is not JSON (`media`). */
  schema?: z.ZodType;
  /** A non-JSON answer (a download): JSON Schema per media type, already written out. */
  media?: Record<string, Record<string, unknown>>;
}

export interface HeaderDoc {
  name: string;
  description: string;
  required?: boolean;
  schema: z.ZodType;
}

export interface RouteDoc {
  method: PolicyMethod;
  /** As in the policy table: `/api/entities/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** The `:name` path segments. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: readonly HeaderDoc[];
  /** A JSON body validated by this schema. */
  body?: z.ZodType;
  /** A body read some other way, described per media type (JSON Schema, already written out). */
  rawBody?: { description: string; content: Record<string, Record<string, unknown>> };
  /** Success answers by status. */
  answers: Record<number, AnswerDoc>;
  /** Error statuses of this route beyond the ones every route of its kind has (see document.ts). */
  errors?: Record<number, string>;
}

/** The upload of `POST /api/admin/import` and its preview: the same body, the same header. */
const MAPPING_HEADER: HeaderDoc = {
  name: 'X-Casegraph-Mapping',
  description: 'With `text/csv`: the CSV mapping as JSON (see server/import/csv-mapping.ts)',
  schema: z.string(),
};
const IMPORT_BODY: RouteDoc['rawBody'] = {
  description:
    'A case document (the shape of `cypher/cases/*.json`), CSV with its mapping, or a FollowTheMoney entity stream (one FtM entity per line)',
  content: {
    'application/json': { schema: { type: 'object' } },
    'text/csv': { schema: { type: 'string' } },
    'application/x-ndjson': { schema: { type: 'string' } },
  },
};

/** `Idempotency-Key` on creating POSTs (server/http/idempotency.ts). */
const IDEMPOTENCY_KEY_HEADER: HeaderDoc = {
  name: 'Idempotency-Key',
  description: 'Makes a retried request answer what the first one did, creating nothing more',
  schema: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
};
const IDEMPOTENCY_ERRORS = {
  400: 'A malformed Idempotency-Key',
  409: 'IDEMPOTENT_REQUEST_IN_PROGRESS: the first request with this key still runs',
  422: 'IDEMPOTENCY_KEY_REUSED: the key came with another request',
};
const TOO_MANY = { 429: 'Too many failed sign-ins from this address or for this name' };

/** Every route of the policy table, in its order. */
export const ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/health',
    tag: 'health',
    summary: 'Liveness: answers while the process lives',
    answers: { 200: { description: 'The process is up', schema: healthSchema } },
  },
  {
    method: 'GET',
    path: '/api/ready',
    tag: 'health',
    summary: 'Readiness: Neo4j answers and the server is not shutting down',
    answers: {
      200: { description: 'Ready for work', schema: readySchema },
      503: { description: 'Not ready (shutting down, or Neo4j unreachable)', schema: notReadySchema },
    },
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: 'This OpenAPI 3.1 document',
    answers: {
      200: {
        description: 'The document',
        schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
      },
    },
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    tag: 'auth',
    summary: 'Sign in: starts a session (cookie) and answers who you are, with the CSRF token',
    body: loginBody,
    answers: { 200: { description: 'Signed in; the session cookie is set', schema: meSchema } },
    errors: { 401: 'Wrong name or password, or a disabled user', ...TOO_MANY },
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'auth',
    summary: 'Sign out: ends the session and clears its cookie',
    answers: { 204: { description: 'Signed out' } },
  },
  {
    method: 'GET',
    path: '/api/auth/me',
    tag: 'auth',
    summary: 'Who is signed in, and the CSRF token of the session',
    answers: { 200: { description: 'The caller', schema: meSchema } },
  },
  {
    method: 'GET',
    path: '/api/model',
    tag: 'explore',
    summary:
      'The model: node and relationship types with their styles, the fact statuses, and whether casegraph may change the graph',
    answers: { 200: { description: 'The model', schema: modelResponseSchema } },
  },
  {
    method: 'GET',
    path: '/api/search',
    tag: 'explore',
    summary: 'Full-text search of entities by name and alias',
    query: searchQuery,
    answers: { 200: { description: 'Hits, best first', schema: searchResponseSchema } },
  },
  {
    method: 'GET',
    path: '/api/entities/:id',
    tag: 'explore',
    summary: 'An entity with its sources and a summary of its neighbourhood',
    params: keyParams,
    query: viewQuery,
    answers: { 200: { description: 'The entity', schema: entityDetailSchema } },
  },
  {
    method: 'GET',
    path: '/api/entities/:id/merge-candidates',
    tag: 'explore',
    summary: 'Entities that may be the same as this one, best first, each with the reasons it scored',
    params: keyParams,
    query: candidatesQuery,
    answers: { 200: { description: 'Candidates with scores and reasons', schema: mergeCandidatesSchema } },
  },
  {
    method: 'POST',
    path: '/api/judgements',
    tag: 'explore',
    summary:
      'Judges two entities the same, not the same, or cannot tell: a claim stored in the case graph with its judge, reason, evidence and sources (neither entity is written)',
    body: judgementBody,
    answers: {
      201: { description: 'The judgement and the cluster it leaves', schema: judgementResultSchema },
    },
    errors: {
      404: 'No such entity',
      409: 'JUDGEMENT_BLOCKED: a "not same" keeps the two apart, or they are one cluster already (details.blockedBy); JUDGEMENT_EXISTS: the pair has another verdict and `replace` was not set (details.existing); GRAPH_READ_ONLY',
    },
  },
  {
    method: 'GET',
    path: '/api/judgements',
    tag: 'explore',
    summary: "The judgements of an entity's cluster, oldest first, and the cluster",
    query: judgementsQuery,
    answers: { 200: { description: 'Judgements and cluster', schema: judgementListSchema } },
    errors: { 404: 'No such entity' },
  },
  {
    method: 'POST',
    path: '/api/entities/:id/split',
    tag: 'explore',
    summary:
      'Retracts the "same" judgements of the entity\'s cluster (scope cluster) or only its own (scope entity); the audit log keeps what they said',
    params: keyParams,
    body: splitBody,
    answers: {
      200: { description: 'What was retracted and the clusters left', schema: splitResultSchema },
    },
    errors: {
      404: 'No such entity',
      409: 'NOT_MERGED: no "same" judgement joins it to another entity; GRAPH_READ_ONLY',
    },
  },
  {
    method: 'GET',
    path: '/api/entities/:id/neighbours',
    tag: 'explore',
    summary: 'One page of an entity’s neighbours and the facts linking them',
    params: keyParams,
    query: neighboursQuery,
    answers: {
      200: { description: 'A page; `nextCursor` gives the next one', schema: neighboursPageSchema },
    },
  },
  {
    method: 'GET',
    path: '/api/facts/:id',
    tag: 'explore',
    summary: 'A fact (a link) with both ends and its sources: why is this link here?',
    params: keyParams,
    answers: { 200: { description: 'The fact', schema: factDetailSchema } },
  },
  {
    method: 'GET',
    path: '/api/paths',
    tag: 'explore',
    summary: 'Paths between two entities (shortest, all shortest or k paths)',
    query: pathsQuery,
    answers: { 200: { description: 'The paths and the graph they span', schema: pathsResponseSchema } },
  },
  {
    method: 'POST',
    path: '/api/graph/subgraph',
    tag: 'explore',
    summary: 'The given entities and every fact among them (to reopen a canvas)',
    query: viewQuery,
    body: subgraphBody,
    answers: { 200: { description: 'The subgraph', schema: graphPayloadSchema } },
  },
  {
    method: 'POST',
    path: '/api/export/ftm',
    tag: 'explore',
    summary:
      'The given entities, the facts among them and the sources they cite, as FollowTheMoney entity lines',
    body: ftmExportBody,
    answers: {
      200: {
        description: 'A download: one FtM entity per line (server/ftm/)',
        media: { 'application/x-ndjson': { schema: { type: 'string' } } },
      },
    },
  },
  {
    method: 'GET',
    path: '/api/workspaces/:id/export/ftm',
    tag: 'explore',
    summary:
      'A workspace the caller may open: its entities, the facts among them and their sources, as FollowTheMoney entity lines',
    params: workspaceIdParams,
    answers: {
      200: {
        description: 'A download: one FtM entity per line (server/ftm/)',
        media: { 'application/x-ndjson': { schema: { type: 'string' } } },
      },
    },
    errors: {
      403: 'WORKSPACE_NOT_SHARED: someone else’s workspace, not shared with the caller',
      404: 'No such workspace',
    },
  },
  {
    method: 'POST',
    path: '/api/export/dossier',
    tag: 'explore',
    summary:
      'The given entities, the facts among them, their sources and the case notes on them, as one self-contained HTML dossier (printable to PDF)',
    body: dossierExportBody,
    answers: {
      200: {
        description: 'A download: one HTML file that fetches nothing (server/dossier/)',
        media: { 'text/html': { schema: { type: 'string' } } },
      },
    },
  },
  {
    method: 'GET',
    path: '/api/workspaces/:id/export/dossier',
    tag: 'explore',
    summary:
      'A workspace the caller may open as a self-contained HTML dossier: its picture, entities, facts, sources and notes',
    params: workspaceIdParams,
    answers: {
      200: {
        description: 'A download: one HTML file that fetches nothing (server/dossier/)',
        media: { 'text/html': { schema: { type: 'string' } } },
      },
    },
    errors: {
      403: 'WORKSPACE_NOT_SHARED: someone else’s workspace, not shared with the caller',
      404: 'No such workspace',
    },
  },
  {
    method: 'GET',
    path: '/api/queries',
    tag: 'queries',
    summary: 'The query library, the caller’s own queries and everyone’s shared ones',
    answers: { 200: { description: 'The queries', schema: savedQueryListSchema } },
  },
  {
    method: 'GET',
    path: '/api/queries/:id',
    tag: 'queries',
    summary: 'One saved query',
    params: idParams,
    answers: { 200: { description: 'The query', schema: savedQuerySchema } },
  },
  {
    method: 'POST',
    path: '/api/queries/:id/run',
    tag: 'queries',
    summary: 'Run a saved query with its parameters (read-only, bounded in time and rows)',
    params: idParams,
    query: viewQuery,
    body: runBody,
    answers: { 200: { description: 'The result as graph and table', schema: queryRunResultSchema } },
    errors: {
      408: 'The query ran out of time (Neo4j, reading and mapping the answer)',
      413: 'RESULT_TOO_LARGE: the first row alone is over the answer size cap',
      429: 'TOO_MANY_RUNS: too many runs in flight for this user or in all; see Retry-After',
      503: 'DATABASE_BUSY: no free connection for user Cypher; see Retry-After',
    },
  },
  {
    method: 'GET',
    path: '/api/workspaces',
    tag: 'workspaces',
    summary: 'The workspaces the caller may open: their own, everyone’s shared ones, those shared with them',
    answers: { 200: { description: 'The workspaces (without their state)', schema: workspaceListSchema } },
  },
  {
    method: 'POST',
    path: '/api/workspaces',
    tag: 'workspaces',
    summary: 'Save a canvas as a new workspace',
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'Makes a retried create answer the workspace made the first time',
        schema: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
      },
    ],
    body: workspaceInputSchema,
    answers: { 201: { description: 'Created (`Location` names it)', schema: workspaceSchema } },
    errors: { 400: 'A malformed Idempotency-Key' },
  },
  {
    method: 'GET',
    path: '/api/workspaces/:id',
    tag: 'workspaces',
    summary: 'One workspace with its canvas state and share list',
    params: workspaceIdParams,
    answers: { 200: { description: 'The workspace', schema: workspaceSchema } },
    errors: {
      403: 'WORKSPACE_NOT_SHARED: it exists but is not shared with the caller; `details.owner` names whom to ask',
    },
  },
  {
    method: 'PUT',
    path: '/api/workspaces/:id',
    tag: 'workspaces',
    summary: 'Change a workspace: name and state (owner, editors), visibility and shares (owner, admins)',
    description:
      'Fields left out are kept; `shares` replaces the whole list. Unknown user names are a 422 naming them.',
    params: workspaceIdParams,
    body: workspaceUpdateSchema,
    answers: { 200: { description: 'The workspace as saved', schema: workspaceSchema } },
    errors: {
      403: 'WORKSPACE_READ_ONLY (a viewer saving) or WORKSPACE_SHARING_OWNER_ONLY (an editor changing sharing)',
    },
  },
  {
    method: 'DELETE',
    path: '/api/workspaces/:id',
    tag: 'workspaces',
    summary: 'Delete a workspace (its owner only), with its shares and notes',
    params: workspaceIdParams,
    answers: { 204: { description: 'Deleted' } },
    errors: { 403: 'WORKSPACE_OWNER_ONLY: someone it is shared with cannot delete it' },
  },
  {
    method: 'GET',
    path: '/api/users/names',
    tag: 'workspaces',
    summary: 'The names of the enabled users, to share a workspace with',
    answers: {
      200: { description: 'The names, sorted', schema: z.object({ usernames: z.array(z.string()) }) },
    },
  },
  {
    method: 'GET',
    path: '/api/notes',
    tag: 'notes',
    summary: 'The notes on an entity or link (the case’s, and the workspace’s when given), oldest first',
    query: notesQuery,
    answers: { 200: { description: 'The notes', schema: noteListSchema } },
  },
  {
    method: 'GET',
    path: '/api/notes/search',
    tag: 'notes',
    summary: 'Notes the caller may read whose text contains q (case-insensitive), newest first',
    query: notesSearchQuery,
    answers: { 200: { description: 'The notes found', schema: noteListSchema } },
  },
  {
    method: 'POST',
    path: '/api/notes',
    tag: 'notes',
    summary: 'Add a note to an entity or link, with a workspace (its owner and editors) or with the case',
    headers: [IDEMPOTENCY_KEY_HEADER],
    body: noteInputSchema,
    answers: { 201: { description: 'Added (`Location` names it)', schema: noteSchema } },
    errors: {
      403: 'WORKSPACE_READ_ONLY: the workspace is shared with the caller to view only',
      ...IDEMPOTENCY_ERRORS,
    },
  },
  {
    method: 'PUT',
    path: '/api/notes/:id',
    tag: 'notes',
    summary: 'Change a note’s text (its author or an admin)',
    params: noteIdParams,
    body: noteUpdateSchema,
    answers: { 200: { description: 'The note as changed', schema: noteSchema } },
    errors: { 403: 'NOTE_AUTHOR_ONLY: someone else wrote it' },
  },
  {
    method: 'DELETE',
    path: '/api/notes/:id',
    tag: 'notes',
    summary: 'Delete a note (its author or an admin)',
    params: noteIdParams,
    answers: { 204: { description: 'Deleted' } },
    errors: { 403: 'NOTE_AUTHOR_ONLY: someone else wrote it' },
  },
  {
    method: 'POST',
    path: '/api/queries',
    tag: 'queries',
    summary: 'Save a new query (checked by the read-only gate and Neo4j’s EXPLAIN)',
    headers: [IDEMPOTENCY_KEY_HEADER],
    body: savedQueryBody,
    answers: { 201: { description: 'Saved', schema: savedQuerySchema } },
    errors: { 413: 'The query text is too long', ...IDEMPOTENCY_ERRORS },
  },
  {
    method: 'PUT',
    path: '/api/queries/:id',
    tag: 'queries',
    summary: 'Replace one of the caller’s own queries (library queries are read-only)',
    params: idParams,
    body: savedQueryBody,
    answers: { 200: { description: 'Saved', schema: savedQuerySchema } },
    errors: { 413: 'The query text is too long' },
  },
  {
    method: 'DELETE',
    path: '/api/queries/:id',
    tag: 'queries',
    summary: 'Delete one of the caller’s own queries',
    params: idParams,
    answers: { 204: { description: 'Deleted' } },
  },
  {
    method: 'POST',
    path: '/api/cypher',
    tag: 'queries',
    summary: 'The read-only Cypher console',
    body: consoleRequestSchema,
    answers: { 200: { description: 'The result as graph and table', schema: queryRunResultSchema } },
    errors: {
      408: 'The query ran out of time (Neo4j, reading and mapping the answer)',
      413: 'The query text is too long, or RESULT_TOO_LARGE: the first row alone is over the answer size cap',
      429: 'TOO_MANY_RUNS: too many runs in flight for this user or in all; see Retry-After',
      503: 'DATABASE_BUSY: no free connection for user Cypher; see Retry-After',
    },
  },
  {
    method: 'GET',
    path: '/api/auth/tokens',
    tag: 'auth',
    summary: 'The caller’s API tokens (never the tokens themselves)',
    answers: { 200: { description: 'The tokens', schema: apiTokenListSchema } },
  },
  {
    method: 'POST',
    path: '/api/auth/tokens',
    tag: 'auth',
    summary: 'Make an API token for a script; it is shown this once',
    headers: [IDEMPOTENCY_KEY_HEADER],
    body: tokenBody,
    answers: { 201: { description: 'The new token', schema: createdApiTokenSchema } },
    errors: IDEMPOTENCY_ERRORS,
  },
  {
    method: 'DELETE',
    path: '/api/auth/tokens/:id',
    tag: 'auth',
    summary: 'Delete one of the caller’s API tokens',
    params: tokenIdParams,
    answers: { 204: { description: 'Deleted' } },
  },
  {
    method: 'POST',
    path: '/api/admin/import',
    tag: 'admin',
    summary: 'Import a case document (JSON) or a CSV with its mapping; all or nothing',
    headers: [MAPPING_HEADER],
    rawBody: IMPORT_BODY,
    answers: {
      200: { description: 'What was created, updated and left alone', schema: importSummarySchema },
    },
    errors: {
      400: 'An empty body, or a CSV without its mapping',
      409: 'GRAPH_READ_ONLY: casegraph may only read this graph (NEO4J_ACCESS=read), or the database is read-only',
      413: 'The body is over the import size limit',
      415: 'Not application/json, text/csv or application/x-ndjson (FtM), or not UTF-8',
    },
  },
  {
    method: 'POST',
    path: '/api/admin/import/preview',
    tag: 'admin',
    summary: 'Validate an import and show its first rows as entities and facts; writes nothing',
    headers: [MAPPING_HEADER],
    rawBody: IMPORT_BODY,
    answers: { 200: { description: 'Counts and the first rows of each kind', schema: importPreviewSchema } },
    errors: {
      400: 'An empty body, or a CSV without its mapping',
      409: 'GRAPH_READ_ONLY: casegraph may only read this graph (NEO4J_ACCESS=read)',
      413: 'The body is over the import size limit',
      415: 'Not application/json, text/csv or application/x-ndjson (FtM), or not UTF-8',
    },
  },
  {
    method: 'POST',
    path: '/api/admin/import/:id/undo',
    tag: 'admin',
    summary: 'Undo the latest import: delete what it created, restore what it changed',
    params: importIdParams,
    answers: { 200: { description: 'Undone', schema: importUndoSchema } },
    errors: {
      409: 'IMPORT_NOT_UNDOABLE: not the latest import, or undone already; or the graph is read-only',
    },
  },
  {
    method: 'GET',
    path: '/api/admin/search-index',
    tag: 'admin',
    summary: 'What the search index covers, what extending it would add, and the statement that does it',
    answers: { 200: { description: 'The index and the plan', schema: searchIndexStatusSchema } },
  },
  {
    method: 'POST',
    path: '/api/admin/search-index',
    tag: 'admin',
    summary: 'Extend the search index over every label with a name-like property (npm run index)',
    answers: {
      200: { description: 'The plan, and whether the index was rebuilt', schema: searchIndexStatusSchema },
    },
    errors: {
      409: 'GRAPH_READ_ONLY: casegraph may only read this graph; a DBA runs the statement of the GET',
    },
  },
  {
    method: 'GET',
    path: '/api/admin/users',
    tag: 'admin',
    summary: 'Every user (never a password hash)',
    answers: { 200: { description: 'The users', schema: userListSchema } },
  },
  {
    method: 'POST',
    path: '/api/admin/users',
    tag: 'admin',
    summary: 'Create a user',
    headers: [IDEMPOTENCY_KEY_HEADER],
    body: createUserBody,
    answers: { 201: { description: 'Created', schema: userSummarySchema } },
    errors: {
      ...IDEMPOTENCY_ERRORS,
      409: 'The name is taken; or IDEMPOTENT_REQUEST_IN_PROGRESS: the first request with this key still runs',
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/users/:username',
    tag: 'admin',
    summary: 'Change a user’s role, disable or enable them, or set a new password',
    params: usernameParams,
    body: updateUserBody,
    answers: { 200: { description: 'The user as changed', schema: userSummarySchema } },
    errors: { 409: 'The last enabled admin cannot be disabled or demoted' },
  },
  {
    method: 'GET',
    path: '/api/admin/audit',
    tag: 'admin',
    summary: 'The audit log, newest first',
    query: auditQuery,
    answers: { 200: { description: 'One page; `nextCursor` gives older events', schema: auditPageSchema } },
  },
  {
    method: 'GET',
    path: '/api/admin/audit/export',
    tag: 'admin',
    summary: 'Every audit event the filters select, oldest first, as JSON lines or CSV',
    description:
      'At most 100,000 events; `X-Casegraph-Matching` says how many matched and `X-Casegraph-Truncated` whether some were left out. CSV cells starting with = + - @ get a leading apostrophe.',
    query: auditExportQuery,
    answers: {
      200: {
        description: 'A download: one event per line (jsonl), or CSV with a header row',
        media: {
          'application/x-ndjson': { schema: { type: 'string' } },
          'text/csv': { schema: { type: 'string' } },
        },
      },
    },
  },
];
