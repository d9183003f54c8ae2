/**
 * `GET /api/search?q=&types=&limit=`. Any text in `q` gives hits or an empty list; only a missing
 * or blank `q` is refused (400), because there is nothing to search for.
 */
import { mergedSearch } from '../merge/merged-reads.js';
import { Router } from 'express';
import type { GraphAccess } from '../config.js';
import type { ExplorerContext } from '../graph/context.js';
import type { GraphChanges } from '../graph-state/graph-state.js';
import { GraphReadOnlyError } from '../errors.js';
import { applySearchIndexPlan, planSearchIndex, type SearchIndexPlan } from './search-index.js';
import type { SearchIndexStatus } from '../contract.js';
import { parseRequestParams } from '../http/validation.js';
import { sendCachedJson } from '../read-cache/cached-json.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { searchQuery } from './search-schemas.js';
import { search } from './search-service.js';

/**
 * Mounts `GET /api/search`, and for admins `GET /api/admin/search-index` (what the index covers
 * and what `npm run index` would add) and `POST /api/admin/search-index` (extend it now).
 */
export function searchRoutes(
  context: ExplorerContext,
  readCache: ReadCache,
  options: { graphAccess: GraphAccess; changes?: GraphChanges | undefined },
): Router {
  const router = Router();
  // One rebuild at a time per server: two at once would drop the index the other is creating
  // (and the second finds nothing left to add once the first is done). Across processes the
  // rebuild still races; admins extend the index from one place.
  let rebuilding: Promise<unknown> = Promise.resolve();

  router.get('/admin/search-index', async (_req, res) => {
    res.json(indexStatus(await planSearchIndex(context, context.model), options.graphAccess, false));
  });

  router.post('/admin/search-index', async (_req, res) => {
    // A DBA extends the index of a graph casegraph may only read: the GET gives the statement.
    if (options.graphAccess === 'read') throw new GraphReadOnlyError('changing the search index');
    const rebuild = rebuilding.then(async () => {
      const plan = await planSearchIndex(context, context.model);
      const changed = await applySearchIndexPlan(context, plan, options.changes);
      context.searchCoverage.forget();
      // The index as it now stands (nothing left to add unless the graph changed meanwhile).
      return { after: changed ? await planSearchIndex(context, context.model) : plan, changed };
    });
    // The next rebuild waits for this one, whether it worked or not.
    rebuilding = rebuild.catch(() => undefined);
    const { after, changed } = await rebuild;
    res.json(indexStatus(after, options.graphAccess, changed));
  });

  router.get('/search', async (req, res) => {
    const { view, ...query } = parseRequestParams(searchQuery, req.query);
    await sendCachedJson(readCache, req, res, async () => {
      const answer = await search(context, query);
      return view === 'merged' ? mergedSearch(context, answer) : answer;
    });
  });

  return router;
}

function indexStatus(plan: SearchIndexPlan, graphAccess: GraphAccess, changed: boolean): SearchIndexStatus {
  return {
    current: plan.current,
    labels: plan.labels,
    properties: plan.properties,
    added: plan.added,
    statement: plan.statement,
    graphAccess,
    changed,
  };
}
