/**
 * The process's stage, shared by start-up, shutdown and the app: readiness answers 503 while the
 * app is starting or stopping, and the start-up gate keeps every other API route from reading a
 * store or a graph that is not prepared yet (see `server/start-up.ts`).
 */
import type { RequestHandler } from 'express';

export interface Lifecycle {
  /** Flipped by the shutdown sequence so readiness turns 503 first. */
  shuttingDown: boolean;
  /** While start-up is under way: what it waits for. Absent or null once the app serves. */
  starting?: string | null;
}

/**
 * While start-up is under way, every API route but liveness and readiness answers 503 STARTING
 * (with Retry-After): nothing may read an app store not yet migrated or a graph not yet prepared.
 */
export function startupGate(lifecycle: Lifecycle): RequestHandler {
  return (req, res, next) => {
    if (!lifecycle.starting || req.path === '/health' || req.path === '/ready') {
      next();
      return;
    }
    res
      .set('Retry-After', '5')
      .status(503)
      .json({ error: { code: 'STARTING', message: `casegraph is starting: ${lifecycle.starting}` } });
  };
}
