/**
 * Answers a GET from the read cache when it can, else computes, serialises once, stores and sends.
 * The `X-Casegraph-Cache` header says which (hit, miss or bypass), so a person or a benchmark can
 * tell a stored answer from a fresh one.
 */
import type { Request, Response } from 'express';
import type { ReadCache } from './read-cache.js';

export const CACHE_HEADER = 'X-Casegraph-Cache';

/** True when the request asks for a fresh answer (`Cache-Control: no-cache`, or `Pragma: no-cache`). */
function wantsFresh(req: Request): boolean {
  const control = req.get('cache-control') ?? '';
  return /(^|,)\s*(no-cache|no-store|max-age=0)\s*(,|$)/i.test(control) || req.get('pragma') === 'no-cache';
}

/**
 * Sends `compute()`'s answer as JSON, through `cache` keyed by the request's URL (one cache per
 * app, so per database). Only answers are stored that `keep` accepts (default: all); errors
 * thrown by `compute` are never stored and travel on to the error handler.
 */
export async function sendCachedJson<T>(
  cache: ReadCache,
  req: Request,
  res: Response,
  compute: () => Promise<T>,
  keep: (answer: T) => boolean = () => true,
): Promise<void> {
  const found = await cache.lookup(req.originalUrl, { refresh: wantsFresh(req) });
  if (found.kind === 'hit') {
    res.set(CACHE_HEADER, 'hit').type('application/json').send(found.body);
    return;
  }
  const answer = await compute();
  const body = Buffer.from(JSON.stringify(answer));
  if (found.kind === 'miss' && keep(answer)) found.store(body);
  res.set(CACHE_HEADER, found.kind).type('application/json').send(body);
}
