/**
 * `POST /api/cypher`: the body schema the console route validates with; its answer is a
 * QueryRunResult (`server/queries/queries-schemas.ts`).
 */
import { z } from 'zod';
import {
  DEFAULT_LIMITS,
  MAX_PARAMETER_STRING,
  MAX_ROW_LIMIT,
  MAX_TIMEOUT_MS,
} from '../user-cypher/limits.js';

/** True when some string in the value (at any depth) is longer than MAX_PARAMETER_STRING. */
function holdsLongString(value: unknown): boolean {
  if (typeof value === 'string') return value.length > MAX_PARAMETER_STRING;
  if (Array.isArray(value)) return value.some(holdsLongString);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsLongString);
  return false;
}

export const consoleRequestSchema = z.strictObject({
  cypher: z.string().trim().min(1, 'write a query'),
  params: z
    .record(z.string().max(100), z.json())
    .refine((params) => !holdsLongString(params), {
      message: `a string parameter may hold at most ${MAX_PARAMETER_STRING} characters`,
    })
    .default({}),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(DEFAULT_LIMITS.timeoutMs),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT).default(DEFAULT_LIMITS.rowLimit),
});

/** POST /api/cypher: read-only, same limits as a saved query (derived from the schema). */
export type CypherRequest = z.input<typeof consoleRequestSchema>;
