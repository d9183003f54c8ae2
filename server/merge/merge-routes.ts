/**
 * The merge routes (issue 20):
 *   GET  /api/entities/:id/merge-candidates?limit=   likely duplicates, with the reasons each scored
 *   POST /api/judgements {a, b, verdict, reason, confidence?, sources?, evidence?}   201; 409 when blocked
 *   GET  /api/judgements?entity=                     the judgements of the entity's cluster
 *   POST /api/entities/:id/split {scope?}            retracts "same" judgements; 409 when not merged
 * Writes are refused with 409 on a graph casegraph may only read. The audit trail records each
 * judgement and, for a split, what the retracted judgements said (the graph no longer holds it).
 */
import { Router } from 'express';
import type { GraphAccess } from '../contract.js';
import { GraphReadOnlyError } from '../errors.js';
import type { ExplorerContext } from '../graph/context.js';
import { keyParams } from '../graph/graph-schemas.js';
import type { GraphChanges } from '../graph-state/graph-state.js';
import { requireIdentity } from '../auth/identity.js';
import { setAuditDetails } from '../audit/audit-trail.js';
import { parseBody, parseRequestParams } from '../http/validation.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { entityCandidates } from './candidate-service.js';
import { judge, listJudgements, split } from './judgement-service.js';
import { candidatesQuery, judgementBody, judgementsQuery, splitBody } from './merge-schemas.js';

export function mergeRoutes(
  context: ExplorerContext,
  readCache: ReadCache,
  options: { graphAccess: GraphAccess; changes?: GraphChanges },
): Router {
  const router = Router();
  const refuseWhenReadOnly = () => {
    if (options.graphAccess === 'read') throw new GraphReadOnlyError('judging entities');
  };

  router.get('/entities/:id/merge-candidates', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    const { limit } = parseRequestParams(candidatesQuery, req.query);
    await sendCachedJson(readCache, req, res, () => entityCandidates(context, id, limit));
  });

  router.post('/judgements', async (req, res) => {
    refuseWhenReadOnly();
    const body = parseBody(judgementBody, req.body);
    const { username } = requireIdentity(req);
    const result = await judge(context, options.changes, { username }, body);
    setAuditDetails(res, {
      judgement: result.judgement.id,
      pair: [result.judgement.a.id, result.judgement.b.id],
      verdict: result.judgement.verdict,
      reason: result.judgement.reason,
      confidence: result.judgement.confidence,
      cluster: result.cluster.members.map((m) => m.id),
    });
    res.status(201).json(result);
  });

  router.get('/judgements', async (req, res) => {
    const { entity } = parseRequestParams(judgementsQuery, req.query);
    res.json(await listJudgements(context, entity));
  });

  router.post('/entities/:id/split', async (req, res) => {
    refuseWhenReadOnly();
    const { id } = parseRequestParams(keyParams, req.params);
    const { scope } = parseBody(splitBody, req.body ?? {});
    const { said, ...result } = await split(context, options.changes, id, scope);
    // The graph no longer holds what the retracted judgements said: the audit log keeps it.
    setAuditDetails(res, {
      scope,
      retracted: said,
      clusters: result.clusters.map((c) => c.members.map((m) => m.id)),
    });
    res.json(result);
  });
  return router;
}
