/**
 * `GET /api/search?q=&types=&limit=`. Any text in `q` gives hits or an empty list; only a missing
 * or blank `q` is refused (400), because there is nothing to search for.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ExplorerContext } from '../graph/context.js';
import { nameList, parseRequestParams, queryInteger, queryString } from '../http/validation.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, search } from './search-service.js';

const searchQuery = z.object({
  q: queryString().pipe(
    z
      .string({ error: 'q is required: the text to search for' })
      .refine((q) => q.trim().length > 0, 'q must not be empty: give the text to search for'),
  ),
  types: nameList(),
  limit: queryInteger(1, MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT),
});

/** Mounts `GET /api/search`. */
export function searchRoutes(context: ExplorerContext, readCache: ReadCache): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const query = parseRequestParams(searchQuery, req.query);
    await sendCachedJson(readCache, req, res, () => search(context, query));
  });

  return router;
}
