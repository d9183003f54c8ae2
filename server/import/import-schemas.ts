/**
 * `POST /api/admin/import`: its answer in zod form, for the OpenAPI document. The body is read
 * raw and checked against the model by `read-document.ts` (every problem at once, as a 422), so
 * it has no zod schema of its own here.
 */
import { z } from 'zod';

const counts = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });

/** With a FollowTheMoney upload: what was mapped, approximated or left out (server/ftm/ftm-to-case.ts). */
export const ftmReportSchema = z.object({
  lines: z.number(),
  casegraphLines: z.number(),
  sources: z.number(),
  entities: z.number(),
  facts: z.number(),
  leftOut: z.array(z.object({ schema: z.string(), reason: z.string(), count: z.number() })),
  approximations: z.array(
    z.object({ schema: z.string(), as: z.string(), note: z.string(), count: z.number() }),
  ),
  unmappedProperties: z.array(z.object({ property: z.string(), count: z.number() })),
  provenance: z.object({
    proof: z.number(),
    sourceUrl: z.number(),
    publisher: z.number(),
    dataset: z.number(),
    file: z.number(),
  }),
  fileSource: z.string().optional(),
});

export const importSummarySchema = z.object({
  entities: counts,
  facts: counts,
  sources: counts,
  elapsedMs: z.number(),
  importId: z.string(),
  undoable: z.boolean(),
  ftm: ftmReportSchema.optional(),
});

export const importProblemSchema = z.object({
  path: z.string(),
  field: z.string().optional(),
  message: z.string(),
});

export const importPreviewSchema = z.object({
  counts: z.object({ entities: z.number(), facts: z.number(), sources: z.number() }),
  entities: z.array(
    z.object({ id: z.string(), type: z.string(), name: z.string(), aliases: z.array(z.string()) }),
  ),
  facts: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      from: z.string(),
      to: z.string(),
      claim: z.string(),
      status: z.string(),
      confidence: z.number(),
    }),
  ),
  sources: z.array(z.object({ id: z.string(), title: z.string() })),
  ftm: ftmReportSchema.optional(),
});

export const importIdParams = z.strictObject({
  id: z.string().meta({ description: 'The `importId` of an import summary' }),
});

export const importUndoSchema = z.object({ elapsedMs: z.number() });
