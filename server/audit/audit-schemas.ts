/**
 * `GET /api/admin/audit`: the query-string schema the route validates with, and its answer in zod
 * form (the OpenAPI document is generated from both).
 */
import { z } from 'zod';

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'is not a cursor from this log')
    .optional(),
  username: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
});

export const auditEventSchema = z.object({
  seq: z.number().int().min(1).meta({ description: 'The place in the hash chain: 1, 2, 3… without gaps' }),
  id: z.string(),
  at: z.string(),
  username: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  status: z.number().int(),
  ip: z.string().nullable(),
  details: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: 'Result sizes and run parameters (at most 8 KB), or null' }),
  prevHash: z.string().meta({ description: 'The hash of the event before (64 zeros for the first)' }),
  hash: z.string().meta({ description: 'sha256 of prevHash and this event in canonical form' }),
});

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});
