/**
 * The explorer's graph routes: the model, entities with their neighbourhood summary, paged
 * neighbours, facts with their sources, paths, and the subgraph of a saved canvas.
 * Every input is validated here; the services get typed, bounded requests.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { FactStatus, ModelResponse } from '../contract.js';
import { keySchema } from '../mapping/keys.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import type { ExplorerContext } from './context.js';
import { entityDetail, factDetail, MAX_SUBGRAPH_KEYS, subgraph } from './entity-service.js';
import { DEFAULT_NEIGHBOUR_LIMIT, MAX_NEIGHBOUR_LIMIT, neighboursPage } from './neighbours-service.js';
import {
  DEFAULT_MAX_HOPS,
  DEFAULT_PATHS_TIMEOUT_MS,
  findPaths,
  MAX_HOPS,
  MAX_K,
  MAX_PATHS_TIMEOUT_MS,
} from './paths-service.js';
import { nameList, parseBody, parseRequestParams, queryInteger, queryString } from '../http/validation.js';

const keyParams = z.object({ id: keySchema });

const neighboursQuery = z.object({
  types: nameList(),
  neighbourTypes: nameList(),
  direction: queryString().pipe(z.enum(['out', 'in', 'both']).default('both')),
  limit: queryInteger(1, MAX_NEIGHBOUR_LIMIT, DEFAULT_NEIGHBOUR_LIMIT),
  cursor: queryString().pipe(z.string().max(100_000, 'the cursor is too long').optional()),
});

const pathsQuery = z.object({
  from: queryString().pipe(keySchema),
  to: queryString().pipe(keySchema),
  maxHops: queryInteger(1, MAX_HOPS, DEFAULT_MAX_HOPS),
  types: nameList(),
  mode: queryString().pipe(z.enum(['shortest', 'all-shortest', 'k-paths']).default('shortest')),
  k: queryInteger(1, MAX_K, 3),
  timeoutMs: queryInteger(100, MAX_PATHS_TIMEOUT_MS, DEFAULT_PATHS_TIMEOUT_MS),
});

const subgraphBody = z.strictObject({
  ids: z.array(keySchema).max(MAX_SUBGRAPH_KEYS, `at most ${MAX_SUBGRAPH_KEYS} ids`),
});

/** What the client needs from the model to style and filter (no property specs). */
export function modelResponse(context: ExplorerContext): ModelResponse {
  const { model } = context;
  return {
    nodeTypes: Object.fromEntries(
      Object.entries(model.nodeTypes).map(([name, spec]) => [
        name,
        { description: spec.description, display: spec.display, style: { ...spec.style } },
      ]),
    ),
    relationshipTypes: Object.fromEntries(
      Object.entries(model.relationshipTypes).map(([name, spec]) => [
        name,
        { from: [...spec.from], to: [...spec.to], meaning: spec.meaning, event: spec.event },
      ]),
    ),
    statuses: [...model.statuses] as FactStatus[],
  };
}

/**
 * Mounts the graph routes under the app's `/api`.
 * The GET reads answer through the read cache (the subgraph POST names up to thousands of keys
 * that rarely repeat, so it is always computed).
 */
export function graphRoutes(context: ExplorerContext, readCache: ReadCache): Router {
  const router = Router();
  const model = modelResponse(context);

  router.get('/model', (_req, res) => {
    res.json(model);
  });

  router.get('/entities/:id', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    await sendCachedJson(readCache, req, res, () => entityDetail(context, id));
  });

  router.get('/entities/:id/neighbours', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    const query = parseRequestParams(neighboursQuery, req.query);
    await sendCachedJson(readCache, req, res, () => neighboursPage(context, { key: id, ...query }));
  });

  router.get('/facts/:id', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    await sendCachedJson(readCache, req, res, () => factDetail(context, id));
  });

  router.get('/paths', async (req, res) => {
    const query = parseRequestParams(pathsQuery, req.query);
    // A search cut short by its timeout says more about the load then than about the graph.
    await sendCachedJson(
      readCache,
      req,
      res,
      () => findPaths(context, query),
      (answer) => answer.outcome !== 'timed_out',
    );
  });

  router.post('/graph/subgraph', async (req, res) => {
    const body = parseBody(subgraphBody, req.body);
    res.json(await subgraph(context, body.ids));
  });

  return router;
}
