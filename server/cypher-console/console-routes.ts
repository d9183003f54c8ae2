/**
 * `POST /api/cypher`: the analysts' read-only console. The body is `{cypher, params, timeoutMs?,
 * rowLimit?}`; the answer a QueryRunResult (graph and table views, outcome, timing). All the
 * safety lives in `read-runner.ts`; this module only validates the request.
 */
import { Router } from 'express';
import type { AppDeps } from '../app.js';
import { PayloadTooLargeError } from '../errors.js';
import { explorerContext } from '../graph/context.js';
import { parseBody } from '../graph/validation.js';
import { consoleRequestSchema } from './cypher-console-schemas.js';
import { runUserCypher, toCypherParameters } from './read-runner.js';

/** Longest query text accepted; real analyst queries are a few hundred characters. */
export const MAX_CYPHER_LENGTH = 20_000;

/** Mounts `POST /api/cypher`. */
export function consoleRoutes(deps: AppDeps): Router {
  const context = explorerContext(deps);
  const router = Router();

  router.post('/cypher', async (req, res) => {
    const raw = req.body as { cypher?: unknown } | undefined;
    if (typeof raw?.cypher === 'string' && raw.cypher.length > MAX_CYPHER_LENGTH) {
      throw new PayloadTooLargeError(`The query is longer than ${MAX_CYPHER_LENGTH} characters`);
    }
    const body = parseBody(consoleRequestSchema, req.body);
    const result = await runUserCypher(context, body.cypher, toCypherParameters(body.params), {
      timeoutMs: body.timeoutMs,
      rowLimit: body.rowLimit,
    });
    res.json(result);
  });

  return router;
}
