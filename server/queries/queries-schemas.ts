/**
 * Saved queries: the schemas the routes validate with (ids, the saved-query body, a run's body)
 * and the answers in zod form (the OpenAPI document is generated from both).
 */
import { z } from 'zod';
import { DEFAULT_LIMITS, MAX_ROW_LIMIT, MAX_TIMEOUT_MS } from '../user-cypher/limits.js';
import { graphPayloadSchema, queryOutcomeSchema, tablePayloadSchema } from '../graph/graph-schemas.js';
import { keySchema } from '../mapping/keys.js';
import { parameterSpecSchema, parameterSpecsSchema } from './parameters.js';

// Requests.

export const idParams = z.object({ id: keySchema });

export const savedQueryBody = z.strictObject({
  title: z.string().trim().min(1, 'give the query a title').max(200),
  description: z.string().trim().max(2_000).default(''),
  cypher: z.string().trim().min(1, 'write a query'),
  parameters: parameterSpecsSchema.default([]),
  visibility: z.enum(['private', 'shared']).default('private'),
});

export const runBody = z.strictObject({
  params: z.record(z.string().max(100), z.json()).default({}),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(DEFAULT_LIMITS.timeoutMs),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT).default(DEFAULT_LIMITS.rowLimit),
});

/** POST /api/queries and PUT /api/queries/:id (derived from the schema; the owner is the caller). */
export type SavedQueryInput = z.input<typeof savedQueryBody>;

/** POST /api/queries/:id/run. Limits are optional: 15 s (max 60 s) and 1000 rows (max 5000). */
export type RunQueryRequest = z.input<typeof runBody>;

// Answers.

export const savedQuerySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  cypher: z.string(),
  parameters: z.array(parameterSpecSchema),
  origin: z.enum(['library', 'user']),
  plannerOptions: z.record(z.string(), z.string()).optional(),
  owner: z.string().optional(),
  visibility: z.enum(['private', 'shared']).optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export const savedQueryListSchema = z.object({ queries: z.array(savedQuerySchema) });

/** POST /api/queries/:id/run and POST /api/cypher. */
export const queryRunResultSchema = z.object({
  graph: graphPayloadSchema,
  table: tablePayloadSchema,
  outcome: queryOutcomeSchema,
  rowCount: z.number(),
  elapsedMs: z.number(),
});
