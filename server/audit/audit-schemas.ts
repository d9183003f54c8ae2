/**
 * `GET /api/admin/audit`: the query-string schema the route validates with, and its answer in zod
 * form (the OpenAPI document is generated from both).
 */
import { z } from 'zod';

/** A time bound: a date (`2026-12-04`) or a full ISO timestamp; kept as the ISO text events use. */
function timeBound(endOfDay: boolean) {
  return z
    .string()
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
      'must be a date (YYYY-MM-DD) or an ISO time',
    )
    .transform((text, ctx) => {
      const dateOnly = text.length === 10;
      const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
      // Date() rolls 30 February over to March: a day that does not exist is refused instead.
      const realDay = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && m >= 1 && m <= 12;
      const time = new Date(dateOnly ? `${text}T00:00:00Z` : text.replace(' ', 'T'));
      if (!realDay || Number.isNaN(time.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'is not a real date' });
        return z.NEVER;
      }
      // `to=2026-12-04` means the whole of that day (UTC): up to, not including, the next one.
      if (dateOnly && endOfDay) time.setUTCDate(time.getUTCDate() + 1);
      return time.toISOString();
    });
}

/** The filters the page and the export share. */
const auditFilters = {
  username: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  /** Part of the target, any case (`ws:` finds every workspace event). */
  target: z.string().trim().min(1).max(300).optional(),
  /** From this time on (inclusive). */
  from: timeBound(false).optional(),
  /** Before this time (a date: to the end of that day). */
  to: timeBound(true).optional(),
};

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'is not a cursor from this log')
    .optional(),
  ...auditFilters,
});

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export const auditExportQuery = z.strictObject({
  format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl'),
  ...auditFilters,
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
