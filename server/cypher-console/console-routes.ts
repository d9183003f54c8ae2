/**
 * `POST /api/cypher`: the analysts' read-only console. The body is `{cypher, params, timeoutMs?,
 * rowLimit?}`; the answer a QueryRunResult (graph and table views, outcome, timing). All the
 * safety lives in `server/user-cypher/`; this module only validates the request.
 */
import { Router } from 'express';
import { setRunDetails } from '../audit/audit-trail.js';
import { requestUser } from '../http/request-user.js';
import { parseBody } from '../http/validation.js';
import { checkCypherLength } from '../user-cypher/limits.js';
import type { UserCypherContext } from '../user-cypher/run-slots.js';
import { consoleRequestSchema } from './cypher-console-schemas.js';

/** Mounts `POST /api/cypher`. */
export function consoleRoutes(context: UserCypherContext): Router {
  const router = Router();

  router.post('/cypher', async (req, res) => {
    checkCypherLength(req.body);
    const body = parseBody(consoleRequestSchema, req.body);
    // The slot is held until the answer is written: serialising it is part of the run's cost.
    await context.slots.run(requestUser(req), async () => {
      const answer = await context.runner.run({
        cypher: body.cypher,
        params: body.params,
        limits: { timeoutMs: body.timeoutMs, rowLimit: body.rowLimit },
      });
      setRunDetails(res, answer, body.params);
      res.type('json').send(answer.json);
    });
  });

  return router;
}
