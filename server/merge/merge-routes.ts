/**
 * The merge routes: likely duplicates of an entity, with the reasons each one scored. Read-only
 * (judgements, which write, come with their own routes).
 */
import { Router } from 'express';
import type { ExplorerContext } from '../graph/context.js';
import { keyParams } from '../graph/graph-schemas.js';
import { parseRequestParams } from '../http/validation.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { entityCandidates } from './candidate-service.js';
import { candidatesQuery } from './merge-schemas.js';

export function mergeRoutes(context: ExplorerContext, readCache: ReadCache): Router {
  const router = Router();
  router.get('/entities/:id/merge-candidates', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    const { limit } = parseRequestParams(candidatesQuery, req.query);
    await sendCachedJson(readCache, req, res, () => entityCandidates(context, id, limit));
  });
  return router;
}
