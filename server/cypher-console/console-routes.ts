/**
 * `POST /api/cypher`: the analysts' read-only console. The body is `{cypher, params, timeoutMs?,
 * rowLimit?}`; the answer a QueryRunResult (graph and table views, outcome, timing). All the
 * safety lives in `server/user-cypher/`; this module only validates the request.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ExplorerContext } from '../graph/context.js';
import { parseBody } from '../http/validation.js';
import { checkCypherLength, DEFAULT_LIMITS, MAX_ROW_LIMIT, MAX_TIMEOUT_MS } from '../user-cypher/limits.js';
import { runUserCypher, toCypherParameters } from '../user-cypher/read-runner.js';

export const consoleRequestSchema = z.strictObject({
  cypher: z.string().trim().min(1, 'write a query'),
  params: z.record(z.string().max(100), z.json()).default({}),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(DEFAULT_LIMITS.timeoutMs),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT).default(DEFAULT_LIMITS.rowLimit),
});

/** Mounts `POST /api/cypher`. */
export function consoleRoutes(context: ExplorerContext): Router {
  const router = Router();

  router.post('/cypher', async (req, res) => {
    checkCypherLength(req.body);
    const body = parseBody(consoleRequestSchema, req.body);
    const result = await runUserCypher(context, body.cypher, toCypherParameters(body.params), {
      timeoutMs: body.timeoutMs,
      rowLimit: body.rowLimit,
    });
    res.json(result);
  });

  return router;
}
