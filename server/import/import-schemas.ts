/**
 * `POST /api/admin/import`: its answer in zod form, for the OpenAPI document. The body is read
 * raw and checked against the model by `read-document.ts` (every problem at once, as a 422), so
 * it has no zod schema of its own here.
 */
import { z } from 'zod';

const counts = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });

export const importSummarySchema = z.object({
  entities: counts,
  facts: counts,
  sources: counts,
  elapsedMs: z.number(),
});

export const importProblemSchema = z.object({
  path: z.string(),
  field: z.string().optional(),
  message: z.string(),
});
