/**
 * `GET /api/admin/audit`: the query-string schema the route validates with, and its answer in zod
 * form (the OpenAPI document is generated from both).
 */
import { z } from 'zod';

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[0-9a-z]{13}[0-9a-f]{8}$/, 'is not a cursor from this log')
    .optional(),
  username: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
});

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  username: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  status: z.number().int(),
  ip: z.string().nullable(),
});

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});
