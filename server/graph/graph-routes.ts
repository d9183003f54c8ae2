/**
 * The explorer's graph routes: the model, entities with their neighbourhood summary, paged
 * neighbours, facts with their sources, paths, and the subgraph of a saved canvas.
 * Every input is validated here; the services get typed, bounded requests.
 */
import {
  mergedEntityDetail,
  mergedFindPaths,
  mergedNeighbours,
  mergedSubgraph,
} from '../merge/merged-reads.js';
import { viewQuery } from '../merge/merge-schemas.js';
import { Router } from 'express';
import type { FactStatus, GraphAccess, ModelResponse } from '../contract.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import type { ExplorerContext } from './context.js';
import { entityDetail, factDetail, subgraph } from './entity-service.js';
import { keyParams, neighboursQuery, pathsQuery, subgraphBody } from './graph-schemas.js';
import { neighboursPage } from './neighbours-service.js';
import { findPaths } from './paths-service.js';
import { parseBody, parseRequestParams } from '../http/validation.js';

/**
 * What the client needs from the model to style and filter (no property specs), and whether it
 * may offer changes to the graph.
 */
export function modelResponse(context: ExplorerContext, graphAccess: GraphAccess): ModelResponse {
  const { model } = context;
  return {
    nodeTypes: Object.fromEntries(
      Object.entries(model.nodeTypes).map(([name, spec]) => [
        name,
        {
          description: spec.description,
          display: spec.display,
          style: { ...spec.style },
          ...(spec.key === null && { fromGraph: true as const }),
        },
      ]),
    ),
    relationshipTypes: Object.fromEntries(
      Object.entries(model.relationshipTypes).map(([name, spec]) => [
        name,
        {
          from: [...spec.from],
          to: [...spec.to],
          meaning: spec.meaning,
          event: spec.event,
          ...(spec.key === null && { fromGraph: true as const }),
        },
      ]),
    ),
    statuses: [...model.statuses] as FactStatus[],
    graphAccess,
  };
}

/**
 * Mounts the graph routes under the app's `/api`.
 * The GET reads answer through the read cache (the subgraph POST names up to thousands of keys
 * that rarely repeat, so it is always computed).
 */
export function graphRoutes(
  context: ExplorerContext,
  readCache: ReadCache,
  graphAccess: GraphAccess,
): Router {
  const router = Router();
  const model = modelResponse(context, graphAccess);

  router.get('/model', (_req, res) => {
    res.json(model);
  });

  router.get('/entities/:id', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    const { view } = parseRequestParams(viewQuery, req.query);
    await sendCachedJson(readCache, req, res, () =>
      view === 'merged' ? mergedEntityDetail(context, id) : entityDetail(context, id),
    );
  });

  router.get('/entities/:id/neighbours', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    const { view, ...query } = parseRequestParams(neighboursQuery, req.query);
    await sendCachedJson(readCache, req, res, async () => {
      const request = { key: id, ...query };
      const page =
        view === 'merged' ? await mergedNeighbours(context, request) : await neighboursPage(context, request);
      await context.sourceDates.stamp(page.edges);
      return page;
    });
  });

  router.get('/facts/:id', async (req, res) => {
    const { id } = parseRequestParams(keyParams, req.params);
    await sendCachedJson(readCache, req, res, async () => {
      const detail = await factDetail(context, id);
      await context.sourceDates.stamp([detail.edge]);
      return detail;
    });
  });

  router.get('/paths', async (req, res) => {
    const { view, ...query } = parseRequestParams(pathsQuery, req.query);
    // A search cut short by its timeout says more about the load then than about the graph.
    await sendCachedJson(
      readCache,
      req,
      res,
      async () => {
        const answer =
          view === 'merged' ? await mergedFindPaths(context, query) : await findPaths(context, query);
        await context.sourceDates.stamp(answer.edges);
        return answer;
      },
      (answer) => answer.outcome !== 'timed_out',
    );
  });

  router.post('/graph/subgraph', async (req, res) => {
    const body = parseBody(subgraphBody, req.body);
    const { view } = parseRequestParams(viewQuery, req.query);
    const answer =
      view === 'merged' ? await mergedSubgraph(context, body.ids) : await subgraph(context, body.ids);
    await context.sourceDates.stamp(answer.edges);
    res.json(answer);
  });

  return router;
}
