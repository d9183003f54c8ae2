/**
 * `GET /api/search`: the query-string schema the route validates with, and its answer in zod form
 * (the OpenAPI document is generated from both).
 */
import { z } from 'zod';
import { nameList, queryInteger, queryString } from '../http/validation.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search-service.js';
import { entityRefSchema, viewSchema } from '../graph/graph-schemas.js';

export const searchQuery = z.object({
  q: queryString().pipe(
    z
      .string({ error: 'q is required: the text to search for' })
      .refine((q) => q.trim().length > 0, 'q must not be empty: give the text to search for'),
  ),
  types: nameList(),
  limit: queryInteger(1, MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT),
  view: viewSchema,
});

export const searchHitSchema = z.object({
  id: z.string(),
  type: z.string(),
  label: z.string(),
  score: z.number(),
  aliases: z.array(z.string()),
  mergedFrom: z.array(entityRefSchema).optional(),
});

export const searchResponseSchema = z.object({
  query: z.string(),
  hits: z.array(searchHitSchema),
  scanned: z.array(z.string()).optional(),
  incomplete: z.boolean().optional(),
  notice: z.string().optional(),
});

export const searchIndexStatusSchema = z.object({
  current: z
    .object({ labels: z.array(z.string()), properties: z.array(z.string()), state: z.string() })
    .nullable(),
  labels: z.array(z.string()),
  properties: z.array(z.string()),
  added: z.object({ labels: z.array(z.string()), properties: z.array(z.string()) }),
  statement: z.string(),
  graphAccess: z.enum(['read', 'write']),
  changed: z.boolean(),
});
