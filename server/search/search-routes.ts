/**
 * `GET /api/search?q=&types=&limit=`. Any text in `q` gives hits or an empty list; only a missing
 * or blank `q` is refused (400), because there is nothing to search for.
 */
import { Router } from 'express';
import type { ExplorerContext } from '../graph/context.js';
import { parseRequestParams } from '../http/validation.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { searchQuery } from './search-schemas.js';
import { search } from './search-service.js';

/** Mounts `GET /api/search`. */
export function searchRoutes(context: ExplorerContext, readCache: ReadCache): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const query = parseRequestParams(searchQuery, req.query);
    await sendCachedJson(readCache, req, res, () => search(context, query));
  });

  return router;
}
