/** Request and answer schemas of the merge routes (validation and the OpenAPI document). */
import { z } from 'zod';
import { queryInteger, queryString } from '../http/validation.js';
import { keySchema } from '../mapping/keys.js';
import { viewSchema } from '../graph/graph-schemas.js';
import { DEFAULT_CANDIDATES, MAX_CANDIDATES } from './candidate-service.js';

export const candidatesQuery = z.object({
  limit: queryInteger(1, MAX_CANDIDATES, DEFAULT_CANDIDATES),
});

const entityRef = z.object({ id: z.string(), type: z.string(), label: z.string() });

export const mergeCandidatesSchema = z.object({
  entity: entityRef,
  candidates: z.array(
    z.object({
      entity: entityRef,
      score: z.number().min(0).max(1),
      judgement: z.enum(['same', 'not-same', 'unsure']).optional(),
      reasons: z.array(
        z.object({
          kind: z.enum(['same-name', 'similar-name', 'shared-identifier', 'same-country', 'different-type']),
          detail: z.string(),
          weight: z.number(),
        }),
      ),
    }),
  ),
});

const verdictSchema = z.enum(['same', 'not-same', 'unsure']);
const reasonSchema = z.object({
  kind: z.enum(['same-name', 'similar-name', 'shared-identifier', 'same-country', 'different-type']),
  detail: z.string().max(500),
  weight: z.number().min(-1).max(1),
});

/** POST /api/judgements */
export const judgementBody = z.strictObject({
  a: keySchema,
  b: keySchema,
  verdict: verdictSchema,
  reason: z.string().trim().min(1, 'say why').max(2000, 'at most 2,000 characters'),
  confidence: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
  sources: z.array(keySchema).min(1, 'name at least one source, or leave it out').max(50).optional(),
  evidence: z.array(reasonSchema).max(20).optional(),
  /** Replace the pair's judgement when it has another verdict (else that is a 409). */
  replace: z.boolean().optional(),
});

/** GET /api/judgements?entity= */
export const judgementsQuery = z.object({ entity: queryString().pipe(keySchema) });

/** POST /api/entities/:id/split */
export const splitBody = z.strictObject({
  scope: z.enum(['cluster', 'entity']).default('cluster'),
});

const clusterSchema = z.object({ canonical: z.string(), members: z.array(entityRef) });
const judgementSchema = z.object({
  id: z.string(),
  a: entityRef,
  b: entityRef,
  verdict: verdictSchema,
  reason: z.string(),
  confidence: z.number(),
  claim: z.string(),
  judgedBy: z.string(),
  judgedAt: z.string(),
  evidence: z.array(reasonSchema),
  sources: z.array(z.string()),
});

export const judgementResultSchema = z.object({ judgement: judgementSchema, cluster: clusterSchema });
export const judgementListSchema = z.object({ judgements: z.array(judgementSchema), cluster: clusterSchema });
export const splitResultSchema = z.object({
  retracted: z.array(z.string()),
  clusters: z.array(clusterSchema),
});

/** `view=merged` (default): entities judged the same read as one node; `view=apart`: as stored. */
export const viewQuery = z.object({ view: viewSchema });
