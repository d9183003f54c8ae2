/** Request and answer schemas of the merge routes (validation and the OpenAPI document). */
import { z } from 'zod';
import { queryInteger } from '../http/validation.js';
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
