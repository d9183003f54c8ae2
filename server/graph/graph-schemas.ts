/**
 * The graph routes' request schemas (path ids, neighbour and path queries, the subgraph body) and
 * the zod form of their answers. The routes validate with the first; the OpenAPI document
 * (`server/openapi/`) is generated from both, so the two cannot tell different stories.
 */
import { z } from 'zod';
import { FACT_STATUSES } from '../contract.js';
import { keySchema } from '../mapping/keys.js';
import { MAX_SUBGRAPH_KEYS } from './entity-service.js';
import { DEFAULT_NEIGHBOUR_LIMIT, MAX_NEIGHBOUR_LIMIT } from './neighbours-service.js';
import {
  DEFAULT_MAX_HOPS,
  DEFAULT_PATHS_TIMEOUT_MS,
  MAX_HOPS,
  MAX_ABLATED_SOURCES,
  MAX_K,
  MAX_PATHS_TIMEOUT_MS,
} from './paths-service.js';
import { nameList, queryInteger, queryString } from '../http/validation.js';

// Requests.

export const keyParams = z.object({ id: keySchema });

/** `view=merged` (default) or `apart`: see server/merge/merged-reads.ts. */
export const viewSchema = queryString().pipe(z.enum(['merged', 'apart']).default('merged'));

export const neighboursQuery = z.object({
  types: nameList(),
  neighbourTypes: nameList(),
  direction: queryString().pipe(z.enum(['out', 'in', 'both']).default('both')),
  limit: queryInteger(1, MAX_NEIGHBOUR_LIMIT, DEFAULT_NEIGHBOUR_LIMIT),
  cursor: queryString().pipe(z.string().max(100_000, 'the cursor is too long').optional()),
  view: viewSchema,
});

export const pathsQuery = z.object({
  from: queryString().pipe(keySchema),
  to: queryString().pipe(keySchema),
  maxHops: queryInteger(1, MAX_HOPS, DEFAULT_MAX_HOPS),
  types: nameList(),
  mode: queryString().pipe(z.enum(['shortest', 'all-shortest', 'k-paths']).default('shortest')),
  k: queryInteger(1, MAX_K, 3),
  timeoutMs: queryInteger(100, MAX_PATHS_TIMEOUT_MS, DEFAULT_PATHS_TIMEOUT_MS),
  order: queryString().pipe(z.enum(['length', 'strength']).default('length')),
  // "What if these sources were wrong?": source ids, repeated or comma-separated.
  without: nameList(MAX_ABLATED_SOURCES),
  view: viewSchema,
});

export const subgraphBody = z.strictObject({
  ids: z.array(keySchema).max(MAX_SUBGRAPH_KEYS, `at most ${MAX_SUBGRAPH_KEYS} ids`),
});

/** POST /api/graph/subgraph {ids} (the contract's request type, derived from its schema). */
export type SubgraphRequest = z.input<typeof subgraphBody>;

// Answers (server/contract.ts holds the same shapes as interfaces; a unit test keeps them equal).

export const factStatusSchema = z.enum(FACT_STATUSES);
export const directionSchema = z.enum(['out', 'in']);
export const queryOutcomeSchema = z.enum(['complete', 'truncated', 'timed_out']);
const properties = z.record(z.string(), z.json());

export const entityRefSchema = z.object({ id: z.string(), type: z.string(), label: z.string() });

export const graphNodeSchema = z.object({
  id: z.string(),
  labels: z.array(z.string()),
  type: z.string(),
  label: z.string(),
  properties,
  degree: z.number().optional(),
  /** Merged view: every entity this node stands for, canonical first. */
  mergedFrom: z.array(entityRefSchema).optional(),
});

export const graphEdgeSchema = z.object({
  id: z.string(),
  type: z.string(),
  source: z.string(),
  target: z.string(),
  properties,
  status: factStatusSchema.optional(),
  confidence: z.number().optional(),
  claim: z.string().optional(),
  sources: z.array(z.string()).optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  date: z.string().optional(),
  /** When the case learnt the fact: its own `recorded`, else its earliest source's date. */
  recorded: z.string().optional(),
  /** Merged view: the ends as stored, when either moved to its cluster's node. */
  via: z.object({ source: z.string(), target: z.string() }).optional(),
});

export const graphPayloadSchema = z.object({
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
});

export const tablePayloadSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.json())),
});

export const modelResponseSchema = z.object({
  nodeTypes: z.record(
    z.string(),
    z.object({
      description: z.string(),
      display: z.string(),
      style: z.object({ color: z.string(), icon: z.string(), shape: z.string() }),
      fromGraph: z.literal(true).optional(),
    }),
  ),
  relationshipTypes: z.record(
    z.string(),
    z.object({
      from: z.array(z.string()),
      to: z.array(z.string()),
      meaning: z.string(),
      event: z.boolean(),
      fromGraph: z.literal(true).optional(),
    }),
  ),
  statuses: z.array(factStatusSchema),
  graphAccess: z.enum(['read', 'write']),
});

export const sourceRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  reference: z.string().optional(),
  kind: z.string().optional(),
  notes: z.string().optional(),
});

export const neighbourhoodSummaryRowSchema = z.object({
  relType: z.string(),
  direction: directionSchema,
  neighbourType: z.string(),
  count: z.number(),
  approximate: z.boolean().optional(),
});

export const entityDetailSchema = z.object({
  node: graphNodeSchema,
  sources: z.array(sourceRefSchema),
  degree: z.number(),
  summary: z.array(neighbourhoodSummaryRowSchema),
});

export const neighboursPageSchema = graphPayloadSchema.extend({
  center: z.string(),
  truncated: z.boolean(),
  nextCursor: z.string().nullable(),
  remaining: z.array(
    z.object({
      relType: z.string(),
      direction: directionSchema,
      count: z.number(),
      approximate: z.boolean().optional(),
    }),
  ),
  total: z.number(),
});

export const factDetailSchema = z.object({
  edge: graphEdgeSchema,
  from: graphNodeSchema,
  to: graphNodeSchema,
  sources: z.array(sourceRefSchema),
  attribution: z.string().optional(),
});

export const pathEvidenceSchema = z.object({
  weakest: z
    .object({
      edge: z.string(),
      status: z.enum([...FACT_STATUSES, 'unsourced']),
      confidence: z.number().nullable(),
    })
    .nullable(),
  sources: z.array(z.string()),
  allAlleged: z.boolean(),
  strength: z.number(),
});

export const pathsResponseSchema = graphPayloadSchema.extend({
  paths: z.array(
    z.object({
      nodes: z.array(z.string()),
      edges: z.array(z.string()),
      length: z.number(),
      evidence: pathEvidenceSchema,
    }),
  ),
  sources: z.array(sourceRefSchema),
  outcome: queryOutcomeSchema,
  elapsedMs: z.number(),
});
