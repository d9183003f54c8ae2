/**
 * Liveness and readiness. `/api/health` answers while the process lives;
 * `/api/ready` only when start-up is complete, Neo4j and the app store answer and we are not
 * shutting down, so a load balancer sends no work before the app can do it and stops before a
 * database or the process goes.
 */
import { Router } from 'express';
import { checkReadiness } from '../db/driver.js';
import type { GraphTarget } from '../db/graph-target.js';
import { checkAppStore, type AppStore } from '../app-store/app-store.js';
import type { Lifecycle } from './lifecycle.js';

/** `lifecycle` is flipped by start-up and shutdown (`./lifecycle.ts`). */
export function healthRoutes(target: GraphTarget, store: AppStore, lifecycle: Lifecycle): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/ready', async (_req, res) => {
    if (lifecycle.shuttingDown) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    if (lifecycle.starting) {
      res
        .set('Retry-After', '5')
        .status(503)
        .json({ status: 'unavailable', reason: `starting: ${lifecycle.starting}` });
      return;
    }
    const [graph, appStore] = await Promise.all([
      checkReadiness(target.driver, target.database),
      checkAppStore(store),
    ]);
    const readiness = graph.ready ? appStore : graph;
    if (readiness.ready) {
      res.json({ status: 'ready' });
    } else {
      res.set('Retry-After', '5').status(503).json({ status: 'unavailable', reason: readiness.reason });
    }
  });

  return router;
}
